"""Fill stub papers from OpenAlex in place: ``explorer fetch openalex --resolve-stubs``.

A stub is a paper known only as the end of a citation (``stub: true``). Its
OpenAlex id is looked up with :func:`works_by_ids` (``filter=openalex:W1|W2|…``,
at most 50 ids a request, through the client's ``iter_works`` and so with its
retries, cache and credentials), most cited stubs
first; each batch's works are parsed by :mod:`loaders.openalex` and written by
:class:`loaders.writer.GraphWriter` at once, so the stub node itself becomes
the full paper (same id) and a failure later keeps every batch already
written. Ids OpenAlex does not return stay stubs and are counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from loaders.openalex import parse_objects
from loaders.openalex_api import ID_BATCH, OpenAlexClient, normalize_work_id, short_id
from loaders.writer import GraphWriter, WriteStats

MAX_STUBS = 1_000_000


@dataclass
class StubProgress:
    """How far a resolution run got (also what the progress callback receives)."""

    wanted: int = 0
    asked: int = 0
    resolved: int = 0
    requests: int = 0
    batches: int = 0
    batches_total: int = 0

    @property
    def not_found(self) -> int:
        return self.asked - self.resolved


def id_batches(ids: Iterable[str], size: int = ID_BATCH) -> list[list[str]]:
    """OpenAlex work ids (any usual form) as request batches of at most ``size`` ids.

    Ids are normalised and de-duplicated, kept in the order given across
    batches and sorted inside each batch (so a batch's URL, and its cache entry,
    do not depend on how the ids were listed). DOIs and other text are refused.

    >>> id_batches(["https://openalex.org/W3", "w1", "W2", "W1"], size=2)
    [['W1', 'W3'], ['W2']]
    """
    if not 1 <= size <= ID_BATCH:
        raise ValueError(f"batch size must be between 1 and {ID_BATCH}")
    wanted: list[str] = []
    for value in ids:
        key = normalize_work_id(value)
        if not key.startswith("W"):
            raise InputError(f"not an OpenAlex work id: {value!r}")
        wanted.append(key)
    unique = list(dict.fromkeys(wanted))
    return [sorted(unique[i:i + size], key=lambda w: (len(w), w))
            for i in range(0, len(unique), size)]


def works_by_ids(client: OpenAlexClient, ids: Iterable[str], *,
                 batch_size: int = ID_BATCH) -> Iterator[tuple[list[str], list[dict]]]:
    """Look works up by OpenAlex id, ``batch_size`` (at most 50) ids a request.

    Yields ``(batch, works)`` per request, lazily: ``batch`` is the ids asked
    for (see :func:`id_batches`) and ``works`` what OpenAlex returned (ids it
    does not know are simply absent; a merged work may come back under its new id).
    """
    for batch in id_batches(ids, batch_size):
        yield batch, list(client.iter_works(filter=f"openalex:{'|'.join(batch)}"))


def stub_ids(graph: Graph, limit: int | None = None) -> list[str]:
    """OpenAlex ids of stub papers, most cited first (``read/stub_ids``)."""
    rows = graph.read("read/stub_ids", limit=MAX_STUBS if limit is None else limit)
    return [r["id"] for r in rows]


def resolve_stubs(graph: Graph, client: OpenAlexClient, *, limit: int | None = None,
                  on_progress: Callable[[StubProgress], None] | None = None,
                  on_reject=None) -> tuple[StubProgress, WriteStats]:
    """Look up to ``limit`` stubs up in batches and write what comes back.

    Raises :class:`loaders.openalex_api.OpenAlexError` when a request fails for
    good; the batches before it are already in the graph.
    """
    ids = stub_ids(graph, limit)
    progress = StubProgress(wanted=len(ids), batches_total=-(-len(ids) // ID_BATCH))
    writer = GraphWriter(graph)
    before = client.requests_made
    for batch, works in works_by_ids(client, ids):
        asked = set(batch)
        found = [w for w in works if short_id(w) in asked]
        records = parse_objects(((n, w) for n, w in enumerate(found, 1)),
                                file="openalex-api")
        writer.write(records, on_reject=on_reject)
        progress.asked += len(batch)
        progress.resolved += len({short_id(w) for w in found})
        progress.batches += 1
        progress.requests = client.requests_made - before
        if on_progress is not None:
            on_progress(progress)
    return progress, writer.stats

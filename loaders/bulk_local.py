"""The bulk path into the local graph server: a first load into an empty local graph
written straight into a new database with ArcadeDB's batch graph API, then put in
the empty database's place.

Into an *empty* graph nothing needs merging (through Cypher each relationship costs
the server about 150 µs), so the records are built into the graph a load in batches
would leave (:class:`loaders.bulk.BulkGraph`, as for the ``neo4j-admin`` files), then
:func:`write_database` writes it into a new database with the server stopped.

:func:`import_first_load` does the whole step, holding the server's start lock (a
client that would start the server meanwhile waits):

1. stop the local server (it is started again on the same ports at the end, also
   when anything fails);
2. in a forked child (the Java runtime, its memory and its log stay out of the
   loader; the log goes to ``server.log``), check that the stopped database still
   holds no node of the graph's labels (:class:`NotEmpty` otherwise: the caller
   loads in batches);
3. write the new database beside it (``<name>.import``) with, when asked, the
   related-work links the caller scores meanwhile, then swap the two directories
   and delete the empty one (the links come shaped by the scoring processes:
   :mod:`loaders.bulk_local_links`). Interrupted before its graph is written, the
   import leaves the empty database as it was (the next import deletes the partial
   ``.import``); after, it keeps the graph with the links sent so far.

Constraints and indexes (full-text ones too) are made through Cypher afterwards
(:func:`cypher.access.schema.ensure_schema`).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from loaders import bulk_local_links as link_writer
from loaders.bulk import RELATIONSHIP_ENDS, BulkGraph

#: the graph's node labels (``Meta`` holds the version token)
LABELS = ("Paper", "Person", "Institution", "Topic")
#: vertices or relationships per call into the Java batch API
CHUNK = 200_000
_SHIFT = 32


class NotEmpty(RuntimeError):
    """The local graph holds nodes already: an import would replace them."""


def database_dir(home: Path, database: str) -> Path:
    """Where the local server keeps ``database`` under ``EXPLORER_HOME``."""
    return Path(home) / "arcadedb" / "databases" / database


def _rows(items: Iterable[tuple[str, dict]]) -> Iterator[dict]:
    """Node rows as the graph holds them: ``id`` and every property but nulls (a
    Cypher ``SET`` of null leaves no property)."""
    for node_id, props in items:
        row = {k: v for k, v in props.items() if v is not None}
        row["id"] = node_id
        yield row


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


class _Writer:
    """The batch API of one open database: vertices from JSON, edges by record id."""

    def __init__(self, batch) -> None:
        import jpype

        self.batch = batch
        self.java = batch._java_graph_batch
        # The wheel's own bridge classes take a chunk as one JSON string; its Python
        # wrapper sends only flat values that way and lists (``sources``,
        # ``affiliations``) value by value, ten times slower. JSON arrays arrive as
        # the lists Cypher stores (the import test compares the graphs).
        self.vertices = jpype.JClass("com.arcadedb.python.VertexBatcher")
        self.edges = jpype.JClass("com.arcadedb.python.EdgeBatcher")

    def create(self, label: str, rows: Iterable[dict]) -> list[str]:
        rids: list[str] = []
        for chunk in _chunks(rows):
            joined = str(self.vertices.createVerticesJson(
                self.java, label, json.dumps(chunk, allow_nan=False)))
            rids.extend(joined.split(";") if joined else [])
        return rids

    def link(self, kind: str, starts: list[str], ends: list[str]) -> None:
        for at in range(0, len(starts), CHUNK):
            self.edges.newEdgesJoined(self.java, ";".join(starts[at:at + CHUNK]), kind,
                                      ";".join(ends[at:at + CHUNK]))

    def link_with(self, kind: str, rows: list[dict]) -> None:
        for chunk in _chunks(rows):
            self.edges.newEdgesJson(self.java, kind, json.dumps(chunk, allow_nan=False))


def write_database(graph: BulkGraph, path: Path, *, heap: str = "2g", version: str | None = None,
                   on_step: Callable[[str, int], None] | None = None,
                   links: Iterable[link_writer.Shaped] | None = None,
                   on_papers: Callable[[np.ndarray], None] | None = None) -> dict[str, int]:
    """Create the database at ``path`` (which must not exist) holding ``graph`` (finished)
    and a ``Meta`` node with the version token; return the counts by label and type.
    ``on_step(what, count)`` is called after each label and type, and with ``("graph",
    0)`` once the graph is written. ``links``: related-work links
    (:func:`loaders.bulk_local_links.shaper` chunks) written after it; ``on_papers``
    is given the papers' record ids by number as soon as they are made."""
    import arcadedb_embedded as arcade

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path}: already exists")
    step = on_step or (lambda what, count: None)
    counts: dict[str, int] = {}
    db = arcade.create_database(str(path), jvm_kwargs={"heap_size": heap})
    try:
        schema = db.schema
        for label in (*LABELS, "Meta"):
            schema.get_or_create_vertex_type(label)
        for kind in RELATIONSHIP_ENDS:
            schema.get_or_create_edge_type(kind)
        _, types = graph.counts()
        with db.graph_batch(bidirectional=True, use_wal=False,
                            expected_edge_count=max(1, sum(types.values()))) as batch:
            out = _Writer(batch)
            papers = np.array(out.create("Paper", _rows(graph.papers())), dtype=object)
            if on_papers is not None:  # the links can be shaped from now on
                on_papers(papers)
            rids: dict[str, dict[str, str]] = {}
            for label, table in graph.others().items():
                rids[label] = dict(zip(table, out.create(label, _rows(table.items())),
                                       strict=True))
            for label, count in (("Paper", len(papers)),
                                 *((label, len(table)) for label, table in rids.items())):
                if count:
                    counts[label] = count
                step(label, count)
            out.create("Meta", [{"id": "graph", "version": version or uuid.uuid4().hex}])

            def end(label: str, node_id: str) -> str:
                return papers[graph.number(node_id)] if label == "Paper" else rids[label][node_id]

            for kind, (start, finish) in RELATIONSHIP_ENDS.items():
                if kind in ("CITES", "RELATED_TO"):
                    codes = graph.codes(kind)
                    for at in range(0, len(codes), CHUNK):
                        part = codes[at:at + CHUNK]
                        out.link(kind, papers[part >> _SHIFT].tolist(),
                                 papers[part & 0xFFFFFFFF].tolist())
                    total = len(codes)
                else:
                    rows = [{"_src": end(start, a), "_dst": end(finish, b),
                             **{k: v for k, v in props.items() if v is not None}}
                            for (a, b), props in graph.edges(kind)]
                    bare = [row for row in rows if len(row) == 2]  # no property: joined ids
                    out.link(kind, [row["_src"] for row in bare], [row["_dst"] for row in bare])
                    out.link_with(kind, [row for row in rows if len(row) > 2])
                    total = len(rows)
                if total:
                    counts[kind] = total
                step(kind, total)
        step("graph", 0)
        if links is not None:
            written = link_writer.write_links(db, links)
            if written:
                counts["RELATED"] = written
        return counts
    finally:
        db.close()


class LinksFailed(RuntimeError):
    """The graph was imported, but its related-work links were not all made (the
    message says why); ``counts`` are the import's."""

    def __init__(self, message: str, counts: dict[str, int]) -> None:
        super().__init__(message)
        self.counts = counts


class GraphKept(KeyboardInterrupt):
    """Interrupted once the graph was written: it is in place, with the links sent."""


def import_first_load(settings, graph: BulkGraph, *, database: str = "neo4j",
                      on_step: Callable[[str, int], None] | None = None,
                      links: Callable[..., Iterable[list[tuple] | link_writer.Shaped]]
                      | None = None
                      ) -> dict[str, int]:
    """Put ``graph`` (finished) into the local server's empty ``database``: stop the server,
    check the database is empty (:class:`NotEmpty` if not, leaving it untouched), write
    the new database, swap it in and start the server again; return the counts.

    The database work runs in a forked child (:func:`_child`; its Java runtime and log
    stay out of this process), which sees the graph without a copy; a thread of this
    process reports its steps (``on_step``).

    ``links(shape_from=…)``: the related-work links of the graph (lists of link tuples,
    or chunks already shaped by ``shape_from()``, the format of
    :func:`loaders.bulk_local_links.shaper`, which waits until the child has made the
    papers), made in this process while the child writes the graph, sent to it as they
    come and written after the graph. When making them fails the graph is still
    swapped in, with the links sent so far, and :class:`LinksFailed` is raised;
    interrupted then, :class:`GraphKept`."""
    import multiprocessing
    import threading

    from cypher.access.localserver import manager

    target = database_dir(settings.home, database)
    step = on_step or (lambda what, count: None)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    chunks_in, chunks_out = context.Pipe(duplex=False) if links else (None, None)
    answer: list[tuple | None] = [None]
    papers: list[np.ndarray] = []
    checked, written, numbered = threading.Event(), threading.Event(), threading.Event()
    shapes: list[Callable] = []

    def shape_from() -> Callable[[list[tuple]], link_writer.Shaped]:
        """The links' format, once the child has made the papers (and said their ids)."""
        if not shapes:
            numbered.wait()
            if not papers:
                raise RuntimeError("the import ended before its papers were made")
            shapes.append(link_writer.shaper(dict(zip(graph.paper_ids(), papers[0].tolist(),
                                                      strict=True))))
        return shapes[0]

    def report() -> None:  # the child's steps, as they come, then its answer
        try:
            while True:
                message = receive.recv()
                if message[0] == "papers":
                    papers.append(message[1])
                    numbered.set()
                elif message[0] != "step":
                    answer[0] = message
                    return
                elif message[1] in ("checked", "graph"):
                    (checked if message[1] == "checked" else written).set()
                else:
                    step(message[1], message[2])
        except (EOFError, OSError):
            return
        finally:
            checked.set()  # no wait for a child that has ended
            numbered.set()

    failed: Exception | None = None
    try:
        with manager.offline(settings):
            child = context.Process(target=_child, args=(
                send, graph, target, settings.heap, Path(settings.home),
                (chunks_in, chunks_out) if links else None, links is not None),
                daemon=True)
            child.start()
            send.close()
            reader = threading.Thread(target=report, daemon=True)
            reader.start()
            try:
                if links is not None:
                    chunks_in.close()
                    checked.wait()  # the database is empty: worth making the links
                    if answer[0] is None and reader.is_alive():  # not refused, not failed
                        failed = link_writer.send_links(links, shape_from, chunks_out)
                reader.join()
            except BaseException:
                if written.is_set():  # the child keeps the graph and the links sent so far
                    if chunks_out is not None:
                        chunks_out.close()  # not the end marker: a send may be cut short
                    child.join()
                    reader.join(timeout=10)
                else:
                    child.kill()  # it writes only the new directory; the empty one stays
                raise
            finally:
                link_writer.close(chunks_out)
                child.join()
                receive.close()
    except KeyboardInterrupt:
        if answer[0] is not None and answer[0][0] == "done":  # the graph is in place
            raise GraphKept() from None
        raise

    kind, said = answer[0] or ("error", "")
    if kind == "done":
        if failed is not None:
            raise LinksFailed(f"{type(failed).__name__}: {failed}", said) from failed
        return said
    if kind == "not empty":
        raise NotEmpty(said)
    raise RuntimeError(f"the import stopped ({said or f'exit code {child.exitcode}'}); "
                       f"the local graph is as it was; see {Path(settings.home) / 'server.log'}")


def _into_home(home: Path) -> None:
    """A forked child's working directory and output: ``home`` and its ``server.log``
    (where the Java runtime's files and log lines belong)."""
    os.chdir(home)
    log = os.open(home / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)


def _child(send, graph: BulkGraph, target: Path, heap: str, home: Path, links,
           numbers: bool = False) -> None:
    """The forked import: output to ``server.log``, working directory ``home``; send
    ("step", what, count) messages, then ("done", counts), ("not empty", what it
    holds) or ("error", text). ``links``: the two ends of the pipe the related-work
    links come by (chunks, then None), or None. ``numbers``: send ("papers", their
    record ids by number) as soon as they are made (the links are shaped by them)."""
    _into_home(home)
    if links is not None:
        links[1].close()  # the parent's end: its death is the end of the links here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides: kill it or let it end
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import arcadedb_embedded as arcade

        fresh = target.with_name(target.name + ".import")
        if target.exists():
            db = arcade.open_database(str(target), jvm_kwargs={"heap_size": heap})
            try:
                held = {label: db.count_type(label) for label in LABELS
                        if db.schema.exists_type(label)}
            finally:
                db.close()
            if any(held.values()):
                send.send(("not empty", "the local graph holds " + ", ".join(
                    f"{n:,} {label}" for label, n in held.items() if n)))
                return
        send.send(("step", "checked", 0))
        if fresh.exists():  # an earlier import that did not finish
            shutil.rmtree(fresh)
        counts = write_database(graph, fresh, heap=heap,
                                on_step=lambda what, n: send.send(("step", what, n)),
                                links=link_writer.received(links[0]) if links is not None else None,
                                on_papers=(lambda rids: send.send(("papers", rids))) if numbers
                                else None)
        if target.exists():
            old = target.with_name(f"{target.name}.empty-{int(time.time())}")
            target.rename(old)
            fresh.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            fresh.rename(target)
        send.send(("done", counts))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        send.send(("error", " ".join(str(exc).split())[:300]))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

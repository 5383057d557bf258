"""The whole related-work index of a field in hand, written by a first load's own
writer rather than through Cypher.

A first load that builds its graph in memory (:class:`loaders.bulk.BulkGraph`) has
the field already: :class:`WholeIndex` scores it
(:func:`explorer.views.related_index.field_index`, the scoring of every build) and
hands the links, as they come, to the writer of that load: the local server's import
(:func:`loaders.bulk_local.import_first_load`, which writes them with the graph) or
the Neo4j bulk files (:func:`build_into_files`). The run record is the one
:func:`explorer.views.related_index.build` writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from cypher.access.graph import Graph
from explorer.algorithms import relatedness
from explorer.views.field_arrays import FieldArrays
from explorer.views.related_index import (
    DEFAULT_K,
    Clock,
    Progress,
    field_index,
    run_record,
    scoring_workers,
    write_run,
)


class WholeIndex:
    """The whole index of a field in hand (:func:`explorer.views.field_arrays.from_bulk`
    of a first load), scored into the load's own writer rather than through Cypher:
    :meth:`chunks` gives the links (lists of
    :func:`explorer.algorithms.relatedness.related_links` tuples, one a chunk of papers,
    in the order of the field's ids) and counts them; :meth:`run` is the run record."""

    def __init__(self, field: FieldArrays, *, k: int = DEFAULT_K,
                 progress: Progress | None = None) -> None:
        self.started = time.perf_counter()
        self.clock = Clock()
        self.field: FieldArrays | None = field
        self.k, self.progress = k, progress
        self.papers = self.links = 0

    def chunks(self, shape_from: Callable[[], Callable[[list[tuple]], Any]] | None = None
               ) -> Iterator[Any]:
        """Score the field (once) and give its links as they come; the time the caller
        takes with a chunk counts as ``write``. ``shape_from()``, called once the field
        is ready to score: a writer's format (``shape(links)`` gives the chunk as the
        writer takes it, with its ``links`` count and ``last`` paper:
        :class:`loaders.bulk_local_links.Shaped`), applied by the scoring processes;
        the chunks are then its answers."""
        if self.field is None:
            raise RuntimeError("the index of this field was scored already")
        since = time.perf_counter()
        field, self.field = self.field.by_id(), None
        papers = field.ids
        self.papers = len(papers)
        index = field_index(field)
        del field
        self.clock.add("score", since)
        order = {p: i for i, p in enumerate(papers)}
        shape = shape_from() if shape_from else None
        for chunk in self.clock.scored(relatedness.related_links(
                index, k=self.k, workers=scoring_workers(), shape=shape)):
            since = time.perf_counter()
            yield chunk
            count, last = (len(chunk), chunk[-1][0] if chunk else None) \
                if isinstance(chunk, list) else (chunk.links, chunk.last)
            self.links += count
            self.clock.add("write", since)
            if self.progress and last is not None:
                self.progress(order[last] + 1, self.papers)

    def run(self) -> dict:
        """The run record of the index made (``scope`` all)."""
        return run_record("all", self.papers, self.links, self.started, self.k, self.clock)

    def record(self, graph: Graph) -> dict:
        """Write the run record into ``graph`` (the field's graph, loaded); return it."""
        run = self.run()
        write_run(graph, run)
        return run


def build_into_files(field: FieldArrays, manifest: Any, *, k: int = DEFAULT_K,
                     progress: Progress | None = None) -> dict:
    """The whole index of ``field`` (:func:`explorer.views.field_arrays.from_bulk` of
    a bulk graph) scored into the Neo4j bulk files of ``manifest``
    (:func:`loaders.bulk_csv.write_bulk`): its ``RELATED`` links and ``IndexRun``
    record, as :func:`explorer.views.related_index.build` would write them through
    Cypher after the import; the run record is returned. Written as scored, in the
    order of ``field.ids``."""
    from loaders import bulk_csv

    whole = WholeIndex(field, k=k, progress=progress)
    bulk_csv.add_related(manifest, whole.chunks())
    run = whole.run()
    bulk_csv.add_index_run(manifest, run)
    return run

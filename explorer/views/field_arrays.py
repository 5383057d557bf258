"""Reading a whole field in bounded memory: every loaded paper and its references as
integer arrays, the one reading path of whole-graph work.

The related-work index build (:mod:`explorer.views.related_index`) and whole-graph
communities (:mod:`explorer.views.whole_graph`) both call :func:`read_field`: one
streamed read (``read/whole_graph_papers``: each paper with its references collected,
pulled from the server in the driver's batches, so neither side holds the result), each
id turned into an integer once as it arrives. The client then holds one ``int32`` pair a
citation and one string an id — about 8 bytes a citation instead of a Python tuple of two
strings — whatever the field's size. (Reading in pages by id ranges was measured on the
local server at several seconds a page, an ordered scan each: one stream is faster.)
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cypher.access.graph import Graph

if TYPE_CHECKING:
    from loaders.bulk import BulkGraph

#: a progress callback: (papers read so far, citations read so far)
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 50_000


@dataclass
class FieldArrays:
    """A field as arrays: positions ``0..len(ids)-1`` are the loaded papers in read order,
    ``len(ids)..`` the ids they cite that are not loaded (``stubs``), in order of first
    citation. ``citing[i]`` cites ``cited[i]``. With content, ``texts`` ((title,
    abstract)), ``concepts``, ``venues`` and ``authors`` are per loaded paper."""

    ids: list[str]
    stubs: list[str]
    citing: np.ndarray
    cited: np.ndarray
    texts: list[tuple[str | None, str | None]] | None = None
    concepts: list[list[tuple[str, float]]] | None = None
    venues: list[str | None] | None = None
    authors: list[list[str]] | None = None
    extra: dict = field(default_factory=dict)

    def name(self, position: int) -> str:
        """The id at ``position`` (a loaded paper or a stub)."""
        n = len(self.ids)
        return self.ids[position] if position < n else self.stubs[position - n]

    def by_id(self) -> FieldArrays:
        """The same field with the loaded papers in id order (stubs as they were): what
        is scored from it no longer depends on the order the papers were read in (the
        index breaks ties between equal scores by position, and a server returns its
        papers in an order of its own)."""
        n = len(self.ids)
        order = sorted(range(n), key=self.ids.__getitem__)
        if all(i == at for at, i in enumerate(order)):
            return self
        moved = np.empty(n, dtype=np.int64)
        moved[np.asarray(order, dtype=np.int64)] = np.arange(n, dtype=np.int64)
        cited = self.cited.astype(np.int64)
        loaded = cited < n
        cited[loaded] = moved[cited[loaded]]

        def pick(values: list | None) -> list | None:
            return None if values is None else [values[i] for i in order]

        return FieldArrays(ids=[self.ids[i] for i in order], stubs=self.stubs,
                           citing=moved[self.citing].astype(np.int32),
                           cited=cited.astype(np.int32), texts=pick(self.texts),
                           concepts=pick(self.concepts), venues=pick(self.venues),
                           authors=pick(self.authors), extra=self.extra)


def read_field(graph: Graph, *, content: bool = True, stubs: bool = False,
               progress: Progress | None = None) -> FieldArrays:
    """Every loaded paper with its references (and, with ``content``, what the index reads
    of it), as :class:`FieldArrays`; with ``stubs`` the papers known only by id are read
    as papers too (whole-graph communities partition every paper). One streamed read;
    memory: the arrays, the ids and, with ``content``, the texts."""
    code: dict[str, int] = {}
    names: list[str] = []
    papers = array("i")        # code of each loaded paper, in read order
    citing = array("i")        # index in `papers` of the citing paper
    cited = array("i")         # code of the cited id
    texts: list = []
    concepts: list = []
    venues: list = []
    authors: list = []
    for record in graph.stream("read/whole_graph_papers", content=content, stubs=stubs):
        pid, refs = record["id"], record["refs"] or ()
        own = code.get(pid)
        if own is None:
            own = code[pid] = len(names)
            names.append(pid)
        row = len(papers)
        papers.append(own)
        for ref in refs:
            c = code.get(ref)
            if c is None:
                c = code[ref] = len(names)
                names.append(ref)
            cited.append(c)
        citing.extend([row] * len(refs))
        if content:
            texts.append((record["title"], record["abstract"]))
            concepts.append([(t, float(s or 0)) for t, s in record["topics"] or ()])
            venues.append(record["venue"])
            authors.append(list(record["authors"] or ()))
        if progress and (row + 1) % PROGRESS_EVERY == 0:
            progress(row + 1, len(cited))
    del code
    n = len(papers)
    final = np.full(len(names), -1, dtype=np.int64)   # code -> position
    paper_codes = np.frombuffer(papers, dtype=np.int32).astype(np.int64)
    final[paper_codes] = np.arange(n, dtype=np.int64)
    others = np.flatnonzero(final < 0)
    final[others] = n + np.arange(len(others), dtype=np.int64)
    out = FieldArrays(
        ids=[names[c] for c in paper_codes.tolist()],
        stubs=[names[c] for c in others.tolist()],
        citing=np.frombuffer(citing, dtype=np.int32).astype(np.int32),
        cited=final[np.frombuffer(cited, dtype=np.int32)].astype(np.int32))
    if content:
        out.texts, out.concepts, out.venues, out.authors = texts, concepts, venues, authors
    if progress:
        progress(n, len(out.cited))
    return out


def from_bulk(bulk: BulkGraph) -> FieldArrays:
    """What :func:`read_field` (with content) would read of the graph an import of
    ``bulk`` (finished) writes, taken from the graph in memory instead: the loaded
    papers in the bulk graph's order, the stubs they cite in the order of their
    numbers. The index of a first import is scored from this, without reading back
    what was just written (the local import's related-work index; the Neo4j bulk
    files' ``RELATED`` links)."""
    all_ids: list[str] = []
    ids: list[str] = []
    numbers: list[int] = []
    texts: list[tuple[str | None, str | None]] = []
    venues: list[str | None] = []
    for no, (pid, props) in enumerate(bulk.papers()):
        all_ids.append(pid)
        if props.get("stub"):
            continue
        ids.append(pid)
        numbers.append(no)
        texts.append((props.get("title"), props.get("abstract")))
        venues.append(props.get("venue"))
    n = len(ids)
    position = np.full(len(all_ids), -1, dtype=np.int64)
    position[np.asarray(numbers, dtype=np.int64)] = np.arange(n, dtype=np.int64)
    codes = bulk.codes("CITES")
    start, end = codes >> 32, codes & 0xFFFFFFFF
    keep = position[start] >= 0  # a stub cites nothing; kept for safety
    start, end = start[keep], end[keep]
    stubs = np.unique(end[position[end] < 0])
    position[stubs] = n + np.arange(len(stubs), dtype=np.int64)
    row = {pid: i for i, pid in enumerate(ids)}
    concepts: list[list[tuple[str, float]]] = [[] for _ in range(n)]
    for (paper, topic), props in bulk.edges("ABOUT"):
        at = row.get(paper)
        if at is not None:
            score = props.get("score")
            concepts[at].append((topic, 1.0 if score is None else float(score or 0)))
    authors: list[list[str]] = [[] for _ in range(n)]
    for (person, paper), _ in bulk.edges("AUTHORED"):
        at = row.get(paper)
        if at is not None:
            authors[at].append(person)
    return FieldArrays(ids=ids, stubs=[all_ids[s] for s in stubs.tolist()],
                       citing=position[start].astype(np.int32),
                       cited=position[end].astype(np.int32),
                       texts=texts, concepts=concepts, venues=venues, authors=authors)

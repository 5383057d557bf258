"""The related-work index in the graph: each loaded paper's most related papers.

Every loaded paper gets up to ``k`` links ``(:Paper)-[:RELATED {score, cocited,
coupled, cites, text, shared}]->(:Paper)`` to the papers most related to it,
scored by :mod:`explorer.algorithms.relatedness` (co-citation, shared
references — stubs count —, direct citation, words, topics, venue), and the same
list in one ``(:RelatedList {id, links})`` node (:mod:`loaders.related_lists`). A map
is then one bounded read, whatever the size of the graph.

* :func:`build` reads the whole graph once (streamed) and writes every paper's
  links: ``explorer index``, and after a load that touched much of the graph;
* :func:`update` rewrites the links of the papers a load touched and of their
  little-cited citation neighbours, from a bounded region read around them: a small
  load never reads the whole graph.

Both keep the topics' and institutions' leading papers (:mod:`.entity_leads`), record
an ``(:IndexRun)`` and replace the graph's version token (cached maps are dropped).
Papers known only by id are evidence, never entries.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from cypher.access.graph import Graph
from explorer.algorithms import relatedness
from explorer.algorithms import relatedness_signals as signals
from explorer.views import entity_leads, paper_summaries
from explorer.views.field_arrays import FieldArrays, read_field
from loaders.related_lists import links_text

DEFAULT_K = 30
#: citers read per paper when an update reads the region around the touched papers
REGION_CITERS = 200
#: citers read of each reference of a touched paper (the papers coupled with it through
#: that reference: a sample of a much-cited reference's citers is enough)
REGION_FAR_CITERS = 50
#: an update rewrites the lists of the touched papers' neighbours cited fewer times
#: (at most REGION_FAR_CITERS)
RESCORE_CITERS = 20
#: an update's second order follows each rewritten paper's this many closest papers
UPDATE_NEAR: int | None = 10
#: at most this many papers are rewritten by one update; more touched papers -> full build
UPDATE_LIMIT = 20_000
#: papers a statement reads or summarises at a time
WRITE_BATCH = 2_000
#: sessions an update reads its region in at once (a quarter faster with two at 1M papers)
READ_THREADS = 2
#: links a transaction (an update's at 1M papers: 13-14 s by 10,000, 17.5 s by 2,000)
LINK_BATCH = 10_000

Progress = Callable[[int, int], None]


def scoring_workers() -> int:
    """Processes a build or update scores in: ``EXPLORER_INDEX_WORKERS`` if set, else
    the machine's cores (at most 4); the graph server works beside them, writing."""
    value = os.environ.get("EXPLORER_INDEX_WORKERS", "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"EXPLORER_INDEX_WORKERS must be a whole number from 1, "
                             f"got {value!r}")
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


class Clock:
    """Seconds spent in each phase of a run (``read``, ``score``, ``write``)."""

    def __init__(self) -> None:
        self.spent = {"read": 0.0, "score": 0.0, "write": 0.0}

    def add(self, phase: str, since: float) -> float:
        """Add the time since ``since`` to ``phase``; return the time now."""
        now = time.perf_counter()
        self.spent[phase] += now - since
        return now

    def scored(self, rows: Iterable[Any]) -> Iterator[Any]:
        """``rows``, with the time spent making each counted as ``score``."""
        it = iter(rows)
        while True:
            since = time.perf_counter()
            try:
                row = next(it)
            except StopIteration:
                self.add("score", since)
                return
            self.add("score", since)
            yield row


@dataclass
class FieldData:
    """What the index reads of each paper: text, references, topics, venue, authors,
    per paper in the order added (each paper once)."""

    papers: list[str] = field(default_factory=list)
    #: the papers' references, one paper after another (``ref_counts``: how many each)
    refs: list[str] = field(default_factory=list)
    ref_counts: list[int] = field(default_factory=list)
    texts: list[tuple[str | None, str | None]] = field(default_factory=list)
    concepts: list[list[tuple[str, float]]] = field(default_factory=list)
    venues: list[str | None] = field(default_factory=list)
    authors: list[list[str]] = field(default_factory=list)
    #: each paper's citing papers in the whole graph (``indegree``), not only the region's
    indegree: list[int] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, row: dict[str, Any]) -> None:
        """Add one row of ``read/index_region`` (a paper added before is left as it is)."""
        pid = row["id"]
        if pid in self.seen:
            return
        self.seen.add(pid)
        refs = row["refs"] or ()
        self.papers.append(pid)
        self.refs.extend(refs)
        self.ref_counts.append(len(refs))
        self.texts.append((row["title"], row["abstract"]))
        self.concepts.append([(t, float(s or 0)) for t, s in row["topics"] or ()])
        self.venues.append(row["venue"])
        self.authors.append(list(row["authors"] or ()))
        self.indegree.append(int(row.get("indegree") or 0))

    def index(self, field: int = 0) -> relatedness.RelatednessIndex:
        """The scoring index of these papers, with the hubs of a field of ``field``
        loaded papers (:func:`relatedness.hub_cut`; at least these papers) and each
        paper's citing papers in the graph: a region scores its pairs with the whole
        build's hubs, not with a region's own. The text matrix is made meanwhile in a
        forked process for a region large enough (:func:`signals.start_text_parts`)."""
        text_job = signals.start_text_parts(self.texts)
        citing, cited, stubs = signals.citation_positions(self.papers, self.refs,
                                                          self.ref_counts)
        return signals.build_index_arrays(
            self.papers, citing, cited, stubs, concepts=self.concepts, venues=self.venues,
            authors=self.authors,
            max_degree=relatedness.hub_cut(max(field, len(self.papers))),
            cited_counts=self.indegree, text_job=text_job)


def field_index(data: FieldArrays) -> relatedness.RelatednessIndex:
    """The scoring index of a whole field (its arrays and content), papers at their
    positions in ``data`` (:meth:`FieldArrays.by_id` first for an index that does not
    depend on the order they were read in)."""
    return relatedness.build_index_arrays(
        data.ids, data.citing, data.cited, len(data.stubs), texts=data.texts,
        concepts=data.concepts, venues=data.venues, authors=data.authors)


def link_row(src: str, dst: str, score: float, evidence: dict[str, Any]) -> dict[str, Any]:
    """One link row of ``write/add_related_index`` from a scored pair and its evidence.

    >>> link_row("a", "b", 1.5, {"cocited": 2, "coupled": 0, "cites": 1, "text": 0.25,
    ...                          "terms": ["knee", "cartilage"]})["shared"]
    'knee, cartilage'
    """
    return {"src": src, "dst": dst, "score": round(float(score), 6),
            "cocited": int(evidence.get("cocited") or 0),
            "coupled": int(evidence.get("coupled") or 0),
            "cites": int(evidence.get("cites") or 0),
            "text": round(float(evidence.get("text") or 0.0), 4),
            "shared": ", ".join(evidence.get("terms") or ())}


def build(graph: Graph, *, k: int = DEFAULT_K, progress: Progress | None = None) -> dict:
    """Rebuild the whole index: read every loaded paper (one stream, as integer arrays:
    :func:`explorer.views.field_arrays.read_field`), score, replace every link."""
    started = clock_at = time.perf_counter()
    clock = Clock()
    data = read_field(graph, content=True).by_id()
    clock_at = clock.add("read", clock_at)
    papers = data.ids
    index = field_index(data)
    del data  # the index holds what it needs
    clock.add("score", clock_at)
    links = relatedness.related_papers(None, (), index=index, k=k, workers=scoring_workers())
    rows = clock.scored(link_row(*link) for link in links)
    written = _write(graph, papers, rows, progress, clock=clock)
    paper_summaries.summarize_authors(graph)
    paper_summaries.summarize_refs(graph)
    entity_leads.build(graph, progress=getattr(progress, "lists", None))
    return _record(graph, "all", len(papers), written, started, k, clock)


def update(graph: Graph, touched: Iterable[str], *, k: int = DEFAULT_K,
           progress: Progress | None = None) -> dict:
    """Rewrite the lists of the ``touched`` papers and of their little-cited neighbours
    from a bounded region read around them.

    The papers rewritten are the touched papers and the loaded papers they cite or are
    cited by (their *neighbours*) cited fewer than :data:`RESCORE_CITERS` times: one more
    citing paper moves the list of a little-cited paper, while a list resting on dozens
    of citing papers barely moves and waits for the next ``explorer index``. The region
    read is those papers, their references and citers (at most :data:`REGION_CITERS` a
    paper), the first :data:`REGION_FAR_CITERS` citers of the touched papers'
    references (coupled with them) and the references of their citers (co-cited with
    them). Every rewritten list is scored from the region as a whole build scores it
    (first and second order), so an update costs about the papers it rewrites and their
    neighbourhoods, never the whole graph; ``bench/index_update_quality.py`` measures
    how close its lists come to a whole build's.
    """
    started = clock_at = time.perf_counter()
    clock = Clock()
    own = list(dict.fromkeys(touched))
    mine = set(own)
    region: dict[str, dict] = {}

    def read(ids: Iterable[str], cap: int) -> None:
        """Read the papers not read yet, each with at most ``cap`` of its citers, in
        :data:`READ_THREADS` sessions at once (the server answers each on its own core)."""
        fresh = [i for i in dict.fromkeys(ids) if i not in region]
        parts = [fresh[start:start + WRITE_BATCH] for start in range(0, len(fresh), WRITE_BATCH)]
        with ThreadPoolExecutor(max_workers=READ_THREADS,
                                thread_name_prefix="index-read") as pool:
            for rows in pool.map(lambda part: graph.read_table(
                    "read/index_region", ids=part, cap=cap) if cap else graph.read_table(
                    "read/index_region_refs", ids=part), parts):
                region.update((row["id"], row) for row in rows)

    field = field_size(graph)
    read(own, REGION_CITERS)
    near = [o for i in own if i in region for o in (*region[i]["refs"], *region[i]["citers"])]
    # of these, at most REGION_FAR_CITERS citers are used (and whether there are fewer
    # than RESCORE_CITERS); of the papers read last, none: the index takes references
    read(near, REGION_FAR_CITERS)
    loaded = [p for p in own if p in region and not region[p]["stub"]]
    neighbours = [p for p in dict.fromkeys(near) if p in region and p not in mine
                  and not region[p]["stub"] and len(region[p]["citers"]) < RESCORE_CITERS]
    focus = [*loaded, *neighbours]
    refs = {r for i in loaded for r in region[i]["refs"] if r in region}
    citers = {c for i in loaded for c in region[i]["citers"] if c in region}
    read([*(o for p in neighbours for o in (*region[p]["refs"], *region[p]["citers"])),
          *(y for r in refs for y in region[r]["citers"][:REGION_FAR_CITERS]),
          *(z for c in citers for z in region[c]["refs"])], 0)
    clock_at = clock.add("read", clock_at)
    data = FieldData()
    for row in region.values():
        if not row["stub"]:
            data.add(row)
    index = data.index(field)
    clock.add("score", clock_at)
    names = ("src", "dst", *relatedness.LINK_FIELDS)
    chunks = relatedness.related_links(index, papers=focus, k=k, near=UPDATE_NEAR,
                                       workers=scoring_workers())
    rows = clock.scored(dict(zip(names, link, strict=True))
                        for chunk in chunks for link in chunk)
    # a paper the region gives no related paper at all (its list rested on words shared
    # with papers outside its citation neighbourhood) keeps the list it has
    written = _write(graph, focus, rows, progress, clock=clock, keep_unlisted=True)
    entity_leads.refresh(graph, own, refs)  # and the papers cited more
    return _record(graph, "update", len(focus), written, started, k, clock,
                   field=field + len(loaded))


def _write(graph: Graph, papers: list[str], rows: Iterable[dict],
           progress: Progress | None, *, batch: int = LINK_BATCH,
           clock: Clock | None = None, keep_unlisted: bool = False) -> int:
    """Replace the links of ``papers`` with ``rows`` (grouped by paper, in the order of
    ``papers``). Each transaction takes a run of whole papers: their links to papers
    no longer listed are deleted, the links kept get their new evidence in place and
    the new ones are created (``write/trim_``, ``set_`` and ``add_related_index``), and
    its list node is written (``write/set_related_lists``), so a paper is never seen
    without its links, nor its list without them; a kept link costs about a third less
    than deleting and creating it again (measured on an update at 100k papers). One
    transaction is written in the background while the next batch is scored (at most
    one in flight, in order); the clock's ``write`` is the time scoring waited for
    the writes. With ``keep_unlisted`` a paper without rows keeps its links."""
    order = {p: i for i, p in enumerate(papers)}
    state = {"next": 0, "written": 0, "links": 0}
    entries: list[dict] = []  # {id, keep, links} of the papers of the next transaction
    flight: list[Future] = []
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-write")

    def wait() -> None:
        if flight:
            since = time.perf_counter()
            written, upto = flight.pop().result()
            if clock:
                clock.add("write", since)
            state["written"] += written
            if progress:
                progress(upto, len(papers))

    def send(steps: list, count: int, upto: int) -> tuple[int, int]:
        graph.write_many(steps)
        return count, upto

    def flush() -> None:
        sent = [e for e in entries if e["links"] or not keep_unlisted]
        if sent:
            # each statement is sent only what it reads (the parameters are encoded and
            # decoded once a statement: 4.0 against 5.4 s for the trims of an update at 1M)
            lists = [{"id": e["id"], "links": e["links"]} for e in sent]
            steps = [("write/trim_related_index", [{"id": e["id"], "keep": e["keep"]}
                                                   for e in sent]),
                     ("write/set_related_index", [{"id": e["id"], "by": {
                         link["dst"]: {k: v for k, v in link.items() if k != "dst"}
                         for link in e["links"]}} for e in sent]),
                     ("write/add_related_index", lists),
                     ("write/set_related_lists", [{"id": e["id"], "links": links_text(
                         [(link["dst"], link["score"], link["cocited"], link["coupled"],
                           link["cites"], link["shared"]) for link in e["links"]])}
                         for e in sent if e["links"]]),
                     ("write/delete_related_lists",
                      [{"id": e["id"]} for e in sent if not e["links"]])]
            wait()
            flight.append(executor.submit(send, steps, state["links"], state["next"]))
        entries.clear()
        state["links"] = 0

    def open_papers(upto: int) -> None:
        """Start the entries of the papers before position ``upto`` (a transaction
        ends between papers, never inside one's list)."""
        while state["next"] < upto:
            if state["links"] >= batch or len(entries) >= batch:
                flush()
            entries.append({"id": papers[state["next"]], "keep": [], "links": []})
            state["next"] += 1

    try:
        for row in rows:
            position = order[row.pop("src")]  # the link's paper: its entry's id
            open_papers(position + 1)
            entry = entries[-1]
            entry["keep"].append(row["dst"])
            entry["links"].append(row)
            state["links"] += 1
        open_papers(len(papers))
        flush()
        wait()
    finally:
        executor.shutdown(wait=True)
    return state["written"]


def run_record(scope: str, papers: int, links: int, started: float, k: int,
               clock: Clock, *, field: int | None = None) -> dict:
    """An ``(:IndexRun)`` record of a run that started at ``started``; ``field``: the
    loaded papers of the field after it (a whole build's ``papers``; after an update,
    the field before it plus the papers it loaded, a re-loaded paper counted again)."""
    return {"id": uuid.uuid4().hex, "scope": scope, "papers": papers, "links": links,
            "k": k, "field": papers if field is None else field,
            "seconds": round(time.perf_counter() - started, 2),
            "date": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            **{f"{phase}_seconds": round(spent, 3) for phase, spent in clock.spent.items()}}


def _record(graph: Graph, scope: str, papers: int, links: int, started: float, k: int,
            clock: Clock, *, field: int | None = None) -> dict:
    run = run_record(scope, papers, links, started, k, clock, field=field)
    write_run(graph, run)
    return run


def write_run(graph: Graph, run: dict) -> None:
    """Record ``run`` (:func:`run_record`) in ``graph`` and move its version token."""
    graph.write_many([("write/record_index_run", [run])])
    graph.mark_changed()


def after_load(graph: Graph, stats: Any, *, progress: Progress | None = None) -> dict | None:
    """Update the index after a load whose ``stats`` (:class:`loaders.writer.WriteStats`)
    name the papers it touched: the whole index when it was never built or the load
    touched more papers than :data:`UPDATE_LIMIT`, else :func:`update`; None when the
    load changed no paper."""
    if not (touched := list(getattr(stats, "touched", {}) or {})):
        return None
    if getattr(stats, "touched_more", False) or len(touched) > UPDATE_LIMIT \
            or latest_run(graph) is None:
        return build(graph, progress=progress)
    return update(graph, touched, progress=progress)


def field_size(graph: Graph) -> int:
    """The loaded papers of the field as the index runs recorded it (``read/index_field``:
    the latest whole build's, or the latest update's estimate); 0 when none says."""
    rows = graph.read("read/index_field")
    return int(rows[0]["field"] or 0) if rows else 0


def latest_run(graph: Graph) -> dict | None:
    """The latest index run (``date``, ``scope``, ``papers``, ``links``, ``k``), or None."""
    return next(iter(graph.read("read/index_runs")), None)

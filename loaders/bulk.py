"""The bulk path's graph: records -> the exact graph a transactional load of them
into an empty graph would leave, held in memory for :mod:`loaders.bulk_csv`.

:class:`BulkGraph` reads the same records (from :mod:`loaders.pipeline`), checks
them with :mod:`loaders.checks`, groups them into the same batches as
:class:`loaders.writer.GraphWriter` (rows and bytes) and has the same
:class:`loaders.rows.RowBuilder` build each batch's rows. It then applies each
``write/merge_*`` statement's rows the way the statement itself does, in the
order :meth:`loaders.rows.Batch.steps` gives: ``SET n += props`` (last value
wins, nulls never overwrite), ``sources`` collected in order, stubs created by
the citation and related statements with the citing group's source, a stub
completed by a later full record, ``AUTHORED.position`` replaced and
``affiliations`` kept when a later row has none, ``ABOUT.score`` replaced, edges
only between nodes that exist, each citation once and ``indegree`` the number of
distinct citing papers. Identity lookups (DOI, OpenAlex id, ORCID, corpus id)
answer from what earlier batches wrote, as the graph would.

Citations and related links are kept as pairs of 32-bit node numbers (8 bytes
each) and deduplicated at the end, so the memory is about the nodes' properties
plus 8 bytes a citation.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from loaders.checks import MAX_BATCH_BYTES, record_bytes, record_problem, unencodable
from loaders.records import Rejection
from loaders.rows import Batch, Record, RowBuilder
from loaders.writer import DEFAULT_BATCH_SIZE, _record_id

_SHIFT = 32
#: relationship types and the labels of their start and end nodes
RELATIONSHIP_ENDS = {"CITES": ("Paper", "Paper"), "RELATED_TO": ("Paper", "Paper"),
                     "AUTHORED": ("Person", "Paper"),
                     "AFFILIATED_WITH": ("Person", "Institution"),
                     "ABOUT": ("Paper", "Topic"), "PART_OF": ("Topic", "Topic")}


@dataclass
class BulkStats:
    """What a bulk build read, kept and rejected (as a load's summary counts them)."""

    read: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: int = 0


@dataclass
class _Labelled:
    """Nodes of one label: id -> properties (``sources`` included)."""

    nodes: dict[str, dict] = field(default_factory=dict)

    def merge(self, row: dict) -> bool:
        """``MERGE (n {id}) SET n += props`` and add the source; True when created."""
        node = self.nodes.get(row["id"])
        created = node is None
        if created:
            node = self.nodes[row["id"]] = {"sources": []}
        node.update(row["props"])
        if row["source"] not in node["sources"]:
            node["sources"].append(row["source"])
        return created


class BulkGraph:
    """The graph a load of the given records into an empty graph creates; see the
    module docstring. Feed it with :meth:`add` (records and rejections, in input
    order), then read :meth:`papers`, :meth:`others`, :meth:`relationships`."""

    def __init__(self, *, batch_size: int = DEFAULT_BATCH_SIZE,
                 batch_bytes: int = MAX_BATCH_BYTES, on_reject=None):
        self.batch_size = max(1, batch_size)
        self.batch_bytes = batch_bytes
        self.on_reject = on_reject
        self.stats = BulkStats()
        self.builder = RowBuilder(self._lookup)
        # papers: numbered; full papers' properties, stubs' one source
        self._paper_no: dict[str, int] = {}
        self._paper_ids: list[str] = []
        self._full: dict[int, dict] = {}
        self._stub: dict[int, str] = {}
        self._by_key: dict[str, dict[object, set[str]]] = {
            "doi": {}, "openalex": {}, "corpusid": {}, "s2": {}, "orcid": {}}
        self.people, self.institutions, self.topics = _Labelled(), _Labelled(), _Labelled()
        self._cites = array("q")
        self._related = array("q")
        self.authored: dict[tuple[str, str], dict] = {}
        self._authors_of: dict[str, list[str]] = {}  # paper -> its AUTHORED people
        self._topics_of: dict[str, list[str]] = {}  # paper -> its ABOUT topics
        self.about: dict[tuple[str, str], object] = {}
        self.affiliated: dict[tuple[str, str], None] = {}
        self.part_of: dict[tuple[str, str], None] = {}
        self._batch: list[Record] = []
        self._size = 0
        self._indegree: np.ndarray | None = None
        self._ref_starts = np.zeros(1, dtype=np.int64)

    # -- input ---------------------------------------------------------------
    def add(self, records: Iterable[Record | Rejection], on_progress=None) -> BulkStats:
        """Take every record (rejections are passed on); call ``on_progress(read)``
        after each batch. Call again with more records, then :meth:`finish`. The
        cyclic garbage collector pauses meanwhile: the graph held here is millions of
        small containers that it would walk again and again (rows and records are
        freed by reference counting)."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._add(records, on_progress)
        finally:
            if enabled:
                gc.enable()
        return self.stats

    def _add(self, records: Iterable[Record | Rejection], on_progress) -> None:
        for record in records:
            if isinstance(record, Rejection):
                self._reject(record)
                continue
            self.stats.read += 1
            size = record_bytes(record)
            problem = record_problem(record, size=size) or unencodable(record)
            if problem:
                self.stats.read -= 1
                self._reject(Rejection(
                    getattr(record, "file", None), getattr(record, "line", None), problem,
                    key=getattr(record, "key", None) or _record_id(record)))
                continue
            self._batch.append(record)
            self._size += size
            if len(self._batch) >= self.batch_size or self._size >= self.batch_bytes:
                self._flush()
                if on_progress:
                    on_progress(self.stats.read)

    def finish(self) -> BulkStats:
        """Apply the last batch and count each paper's citing papers."""
        self._flush()
        self._cites = _unique(self._cites)
        self._related = _unique(self._related)
        self._indegree = np.bincount(self._cites & 0xFFFFFFFF,
                                     minlength=len(self._paper_ids))
        # each paper's citations are a run of the sorted codes: where each run starts
        self._ref_starts = np.searchsorted(self._cites >> _SHIFT,
                                           np.arange(len(self._paper_ids) + 1))
        return self.stats

    def _reject(self, rejection: Rejection) -> None:
        self.stats.rejected += 1
        if self.on_reject:
            self.on_reject(rejection)

    def _flush(self) -> None:
        if not self._batch:
            return
        records, self._batch, self._size = self._batch, [], 0
        batch = self.builder.build(records)
        created = self._apply(batch)
        self.stats.loaded += len(records)
        self.stats.merged += max(0, batch.papers - created)

    def _lookup(self, statement: str, keys: list[str]) -> list[dict]:
        """Answer a ``read/*_ids_by_*`` identity lookup from what is applied so far."""
        prop = {"read/paper_ids_by_doi": "doi", "read/paper_ids_by_openalex": "openalex",
                "read/person_ids_by_orcid": "orcid",
                "read/paper_ids_by_corpusid": "corpusid", "read/paper_ids_by_s2": "s2"}[statement]
        index = self._by_key[prop]
        return [{"key": key, "id": node_id} for key in keys for node_id in index.get(key, ())]

    # -- the statements ------------------------------------------------------
    def _apply(self, batch: Batch) -> int:
        """Apply one batch's steps in order; return the papers merge_papers created."""
        created = 0
        for name, rows in batch.steps():
            if name == "write/merge_papers":
                created = sum(self._merge_paper(row) for row in rows)
            elif name == "write/merge_people":
                for row in rows:
                    old = self.people.nodes.get(row["id"], {}).get("orcid")
                    self.people.merge(row)
                    self._index("orcid", row["id"], old, self.people.nodes[row["id"]])
            elif name == "write/merge_institutions":
                for row in rows:
                    self.institutions.merge(row)
            elif name == "write/merge_topics":
                for row in rows:
                    self.topics.merge(row)
            elif name in ("write/merge_cites", "write/merge_related"):
                self._links(rows, self._cites if name.endswith("cites") else self._related,
                            create_src=name.endswith("cites"))
            elif name == "write/merge_authored":
                for r in rows:
                    if self._paper(r["paper"]) and r["person"] in self.people.nodes:
                        edge = self.authored.get((r["person"], r["paper"]))
                        if edge is None:
                            edge = self.authored[(r["person"], r["paper"])] = {}
                            self._authors_of.setdefault(r["paper"], []).append(r["person"])
                        edge["position"] = r["position"]
                        if r["affiliations"] is not None:
                            edge["affiliations"] = r["affiliations"]
            elif name == "write/summarize_authors":
                for r in rows:
                    if self._paper(r["id"]):
                        self._summarize_authors(r["id"])
            elif name == "write/merge_affiliated":
                for r in rows:
                    if (r["person"] in self.people.nodes
                            and r["institution"] in self.institutions.nodes):
                        self.affiliated[(r["person"], r["institution"])] = None
            elif name == "write/merge_about":
                for r in rows:
                    if self._paper(r["paper"]) and r["topic"] in self.topics.nodes:
                        if (r["paper"], r["topic"]) not in self.about:
                            self._topics_of.setdefault(r["paper"], []).append(r["topic"])
                        self.about[(r["paper"], r["topic"])] = r["score"]
            elif name == "write/summarize_topics":
                for pid in (r["id"] for r in rows if self._paper(r["id"])):
                    self._summarize_topics(pid)
            elif name == "write/merge_part_of":
                for r in rows:
                    if r["child"] in self.topics.nodes and r["parent"] in self.topics.nodes:
                        self.part_of[(r["child"], r["parent"])] = None
        return created

    def _summarize_authors(self, pid: str) -> None:
        """``author_count``, ``first_author`` and ``author_ids`` of a full paper, as
        ``write/summarize_authors`` sets them."""
        node = self._full[self._paper_no[pid]]
        named = [(_position(self.authored[(person, pid)].get("position")), name)
                 for person in self._authors_of.get(pid, [])
                 if (name := self.people.nodes[person].get("name")) is not None]
        node["author_count"] = len(named)
        if pid in self._authors_of:
            node["author_ids"] = sorted(self._authors_of[pid])
        if named:
            node["first_author"] = min(named)[1]
        else:
            node.pop("first_author", None)

    def _summarize_topics(self, pid: str) -> None:
        """``topic_names`` of a paper, as ``write/summarize_topics`` sets them."""
        named = sorted((-_score(self.about[(pid, tid)]), name)
                       for tid in self._topics_of.get(pid, ())
                       if (name := (t := self.topics.nodes[tid]).get("name")) is not None
                       and (t.get("level") is None or t["level"] >= 2))
        node = self._full[self._paper_no[pid]]
        node.pop("topic_names", None)
        if named:
            node["topic_names"] = [name for _, name in named[:5]]

    def _paper(self, pid: str) -> bool:
        return pid in self._paper_no

    def _number(self, pid: str, source: str | None, listed: bool = False) -> int:
        """The paper's number; a paper not yet there is created as a stub of ``source``
        (``listed``: as a paper without properties, as write/merge_cites makes it)."""
        no = self._paper_no.get(pid)
        if no is None:
            no = self._paper_no[pid] = len(self._paper_ids)
            self._paper_ids.append(pid)
            if listed:
                self._full[no] = {"stub": False, "sources": [source or ""], "author_count": 0}
            else:
                self._stub[no] = source or ""
        return no

    def _merge_paper(self, row: dict) -> bool:
        no = self._paper_no.get(row["id"])
        created = no is None
        if created:
            no = self._number(row["id"], None)
        node = self._full.get(no)
        if node is None:
            stub_source = self._stub.pop(no)
            node = self._full[no] = {"sources": [stub_source] if not created else []}
        before = {k: node.get(k) for k in ("doi", "openalex", "corpusid", "s2")}
        node.update(row["props"])
        node["stub"] = False
        node.setdefault("author_count", 0)
        if row["source"] not in node["sources"]:
            node["sources"].append(row["source"])
        for key, old in before.items():
            self._index(key, row["id"], old, node)
        return created

    def _index(self, key: str, node_id: str, old: object, node: dict) -> None:
        """Keep the identity lookup of property ``key`` in step with ``node``."""
        new = node.get(key)
        if new == old:
            return
        index = self._by_key[key]
        if old is not None:
            index.get(old, set()).discard(node_id)
        if new is not None:
            index.setdefault(new, set()).add(node_id)

    def _links(self, rows: list[dict], out: array, *, create_src: bool) -> None:
        """Citation (or related) groups ``{src, source, dsts}``: missing ends become
        stubs of the group's source; the pair is kept (deduplicated at the end)."""
        for r in rows:
            if not create_src and r["src"] not in self._paper_no:
                continue
            listed = bool(r.get("listed"))  # an edge list's ends: papers, not stubs
            src = self._number(r["src"], r["source"], listed) << _SHIFT
            for dst in r["dsts"]:
                out.append(src | self._number(dst, r["source"], listed))

    # -- output --------------------------------------------------------------
    def papers(self) -> Iterable[tuple[str, dict]]:
        """Every paper with its properties as the graph holds them (``indegree``
        only on cited papers and ``ref_ids`` only on citing ones, as the citation
        statement sets them)."""
        assert self._indegree is not None, "call finish() first"
        ids, starts = self._paper_ids, self._ref_starts.tolist()
        ends = self._cites & 0xFFFFFFFF
        for no, pid in enumerate(ids):
            node = self._full.get(no)
            props = dict(node) if node is not None else {
                "stub": True, "sources": [self._stub[no]]}
            if self._indegree[no]:
                props["indegree"] = int(self._indegree[no])
            if starts[no + 1] > starts[no]:
                props["ref_ids"] = [ids[end] for end in ends[starts[no]:starts[no + 1]].tolist()]
            yield pid, props

    def others(self) -> dict[str, dict[str, dict]]:
        """People, institutions and topics: label -> id -> properties."""
        return {"Person": self.people.nodes, "Institution": self.institutions.nodes,
                "Topic": self.topics.nodes}

    def pairs(self, kind: str) -> Iterable[tuple[str, str]]:
        """The distinct ``CITES`` or ``RELATED_TO`` pairs as (start id, end id)."""
        codes = self._cites if kind == "CITES" else self._related
        ids = self._paper_ids
        for code in np.asarray(codes).tolist():
            yield ids[code >> _SHIFT], ids[code & 0xFFFFFFFF]

    def paper_ids(self) -> list[str]:
        """The papers' ids, by :meth:`number`."""
        return self._paper_ids

    def number(self, pid: str) -> int:
        """The paper's position in :meth:`papers` (KeyError when it is not a paper)."""
        return self._paper_no[pid]

    def indegree(self) -> np.ndarray:
        """Each paper's distinct citing papers, by :meth:`number` (after :meth:`finish`)."""
        assert self._indegree is not None, "call finish() first"
        return self._indegree

    def years(self) -> np.ndarray:
        """Each paper's year by :meth:`number`, as a number (none, or not one: 0)."""
        out = np.zeros(len(self._paper_ids))
        for no, node in self._full.items():
            out[no] = _score(node.get("year"))
        return out

    def codes(self, kind: str) -> np.ndarray:
        """The distinct ``CITES`` or ``RELATED_TO`` pairs as ``start << 32 | end`` of
        the papers' :meth:`number`, sorted."""
        return np.asarray(self._cites if kind == "CITES" else self._related, dtype=np.int64)

    def edges(self, kind: str) -> Iterable[tuple[tuple[str, str], dict]]:
        """The relationships of ``kind`` but citations and related links: ((start id,
        end id), properties)."""
        if kind == "AUTHORED":
            return self.authored.items()
        if kind == "ABOUT":
            return ((pair, {"score": s}) for pair, s in self.about.items())
        if kind == "AFFILIATED_WITH":
            return ((pair, {}) for pair in self.affiliated)
        if kind == "PART_OF":
            return ((pair, {}) for pair in self.part_of)
        raise KeyError(kind)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes by label and relationships by type."""
        labels = {"Paper": len(self._paper_ids), "Person": len(self.people.nodes),
                  "Institution": len(self.institutions.nodes), "Topic": len(self.topics.nodes)}
        types = {"CITES": len(self._cites), "RELATED_TO": len(self._related),
                 "AUTHORED": len(self.authored), "AFFILIATED_WITH": len(self.affiliated),
                 "ABOUT": len(self.about), "PART_OF": len(self.part_of)}
        return ({k: v for k, v in labels.items() if v}, {k: v for k, v in types.items() if v})


def _score(value: object) -> float:
    """A topic link's score as ``write/summarize_topics`` orders it (none: 0)."""
    return float(value) if isinstance(value, (int, float)) else 0.0


def _position(value: object) -> int:
    """An author's position as ``write/summarize_authors`` orders it (none: last)."""
    return 1_000_000 if value is None else int(value)  # type: ignore[call-overload]


def _unique(codes) -> np.ndarray:
    return np.unique(np.frombuffer(codes, dtype=np.int64)) if len(codes) else np.zeros(
        0, dtype=np.int64)

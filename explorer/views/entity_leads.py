"""Each topic's and institution's leading papers, kept on it as ``lead``.

A topic's or an institution's map starts from its most cited papers. Finding them at
read time means reading every paper about the topic or of the institution's people:
a broad topic of a real field has tens of thousands (175-261 ms a map at 100k
papers, seconds at a million). The related-work index keeps them instead, on the node
(``lead``: :data:`LEAD` paper ids, most cited first, ties as ``read/related_start``
breaks them), so such a map is one bounded read:

* :func:`build` sets every topic's and institution's lead (a whole index build, and
  so ``explorer index`` for a graph loaded before leads were kept);
* :func:`refresh` refreshes those a load may have changed, from the papers it
  touched: a kept lead is merged with the candidates, a missing one computed;
* :func:`set_in_bulk` computes them in memory for a first load written by import
  or as Neo4j bulk files, the same leads the statements would set.

People are not given a lead: a person's papers are few and read with the person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from cypher.access.graph import Graph

#: papers kept in a lead (the seeds of a person's, topic's or institution's map)
LEAD = 30
#: topics or institutions given their lead by one statement, and the candidate papers
#: a refresh sends in one transaction at most
ENTITIES_A_CALL = 50
CANDIDATES_A_CALL = 20_000
#: papers whose candidates are read at a time by a refresh
IDS_A_READ = 2_000
#: at most this many topics and institutions each are given a lead by a whole build
ENTITY_CAP = 50_000_000

_FULL = {"Topic": "write/set_topic_leads", "Institution": "write/set_institution_leads"}
_MERGE = {"Topic": "write/merge_topic_leads", "Institution": "write/merge_institution_leads"}

Progress = Callable[[int, int], None]


def build(graph: Graph, *, progress: Progress | None = None) -> int:
    """Set the lead of every topic and institution (each reads all its papers once);
    return how many were set."""
    rows = graph.read_values("read/lead_entities", limit=ENTITY_CAP)
    by_label: dict[str, list[str]] = {"Topic": [], "Institution": []}
    for row in rows:
        by_label[row["label"]].append(row["id"])
    done, total = 0, len(rows)
    for label, ids in by_label.items():
        for start in range(0, len(ids), ENTITIES_A_CALL):
            part = ids[start:start + ENTITIES_A_CALL]
            graph.write_many([(_FULL[label], [{"id": i, "keep": LEAD} for i in part])])
            done += len(part)
            if progress:
                progress(done, total)
    return total


def refresh(graph: Graph, touched: Iterable[str]) -> int:
    """Refresh the leads a load may have changed: those of the topics and institutions
    of the ``touched`` papers (loaded, or given new citations). Return how many."""
    ids = list(dict.fromkeys(touched))
    found: dict[tuple[str, str], tuple[bool, dict[str, None]]] = {}
    for start in range(0, len(ids), IDS_A_READ):
        for row in graph.read_values("read/lead_candidates", ids=ids[start:start + IDS_A_READ]):
            key = (row["label"], row["id"])
            kept, papers = found.setdefault(key, (bool(row["kept"]), {}))
            papers.update(dict.fromkeys(row["papers"]))
    for label in ("Topic", "Institution"):
        whole = [{"id": i, "keep": LEAD} for (lab, i), (kept, _) in found.items()
                 if lab == label and not kept]
        for start in range(0, len(whole), ENTITIES_A_CALL):
            graph.write_many([(_FULL[label], whole[start:start + ENTITIES_A_CALL])])
        batch: list[dict[str, Any]] = []
        size = 0
        for (lab, i), (kept, papers) in found.items():
            if lab != label or not kept:
                continue
            batch.append({"id": i, "keep": LEAD, "papers": list(papers)})
            size += len(papers) + LEAD
            if size >= CANDIDATES_A_CALL or len(batch) >= ENTITIES_A_CALL:
                graph.write_many([(_MERGE[label], batch)])
                batch, size = [], 0
        if batch:
            graph.write_many([(_MERGE[label], batch)])
    return len(found)


def set_in_bulk(bulk: Any) -> None:
    """Give the topics and institutions of a first load held in memory
    (:class:`loaders.bulk.BulkGraph`, finished) the ``lead`` the statements would set:
    sorted with numpy over every topic link and every (institution, paper) pair of its
    people, no Python loop over the pairs' keys."""
    ids = bulk.paper_ids()
    indegree = bulk.indegree()
    # each paper's place among the ids in string order (the statements' last tie-break)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    number = bulk.number

    topics = list(bulk.topics.nodes)
    topic_no = {t: i for i, t in enumerate(topics)}
    about = bulk.about
    t_of = np.fromiter((topic_no[t] for _, t in about), dtype=np.int64, count=len(about))
    p_of = np.fromiter((number(p) for p, _ in about), dtype=np.int64, count=len(about))
    score = np.fromiter((_number(s) for s in about.values()), dtype=np.float64,
                        count=len(about))
    _store(bulk.topics.nodes, topics, t_of, p_of, (-score,), indegree, rank, ids)

    institutions = list(bulk.institutions.nodes)
    inst_no = {i: n for n, i in enumerate(institutions)}
    of_person: dict[str, list[int]] = {}
    for person, inst in bulk.affiliated:
        of_person.setdefault(person, []).append(inst_no[inst])
    pairs = np.fromiter((inst << 32 | number(paper)
                         for person, paper in bulk.authored
                         for inst in of_person.get(person, ())), dtype=np.int64)
    pairs = np.unique(pairs)
    i_of, q_of = pairs >> 32, pairs & 0xFFFFFFFF
    years = bulk.years()
    _store(bulk.institutions.nodes, institutions, i_of, q_of, (-years[q_of],), indegree,
           rank, ids)


def _store(nodes: dict[str, dict], names: list[str], owner: np.ndarray, paper: np.ndarray,
           ties: tuple[np.ndarray, ...], indegree: np.ndarray, rank: np.ndarray,
           ids: list[str]) -> None:
    """Sort the (owner, paper) pairs by owner, then most cited, then ``ties``, then id,
    and keep each owner's first :data:`LEAD` papers as its ``lead`` (none: no
    property)."""
    for node in nodes.values():
        node.pop("lead", None)
    if not len(owner):
        return
    order = np.lexsort((rank[paper], *reversed(ties), -indegree[paper], owner))
    owner, paper = owner[order], paper[order]
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    ends = np.r_[starts[1:], len(owner)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        nodes[names[int(owner[start])]]["lead"] = [
            ids[p] for p in paper[start:min(end, start + LEAD)].tolist()]


def _number(value: object) -> float:
    """A topic link's score as the statements order it (none: 0)."""
    return float(value) if isinstance(value, (int, float)) else 0.0

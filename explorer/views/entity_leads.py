"""Each topic's and institution's leading papers (``lead``) and each topic's most
active people (``lead_people``), kept on the node.

A topic's or an institution's map starts from its most cited papers. Finding them at
read time means reading every paper about the topic or of the institution's people:
a broad topic of a real field has tens of thousands (175-261 ms a map at 100k
papers, seconds at a million). The related-work index keeps them instead, on the node
(``lead``: :data:`LEAD` paper ids, most cited first, ties as ``read/related_start``
breaks them), so such a map, and the first page of its papers, is one bounded read;
a topic's page lists its people from ``lead_people`` (:data:`PEOPLE` ids, most papers
about it first, then by name and id) with ``lead_people_papers`` (how many papers about
it each has):

* :func:`build` sets every list (a whole index build, and so ``explorer index`` for a
  graph loaded before the lists were kept);
* :func:`refresh` refreshes those a load may have changed, from the papers it loaded
  and cited: a kept list is merged with the candidates, a missing one computed;
* :func:`set_in_bulk` computes them in memory for a first load written by import
  or as Neo4j bulk files, the same lists the statements would set.

A person keeps no list: a person's papers are few and read with the person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from cypher.access.graph import Graph

#: papers kept in a lead: the seeds of a topic's or institution's map (its first 30) and
#: the first page of its papers on its page (50, read with one more to know of more)
LEAD = 60
#: people kept on a topic (``lead_people``): the people its page lists
PEOPLE = 50
#: topics or institutions given their lead by one statement, and the candidate papers
#: a refresh sends in one transaction at most
ENTITIES_A_CALL = 50
CANDIDATES_A_CALL = 20_000
#: papers whose candidates are read at a time by a refresh
IDS_A_READ = 2_000
#: at most this many topics and institutions each are given a lead by a whole build
ENTITY_CAP = 50_000_000

#: the lists kept: (label, list) -> (the statement that sets it from all the entity's
#: papers, the one that merges a kept list with candidates, the candidates' column of
#: read/lead_candidates, which is also the merge's, and its "kept" column)
LISTS = {
    ("Topic", "lead"): ("write/set_topic_leads", "write/merge_topic_leads", "papers", "kept"),
    ("Institution", "lead"): ("write/set_institution_leads",
                              "write/merge_institution_leads", "papers", "kept"),
    ("Topic", "people"): ("write/set_topic_people", "write/merge_topic_people", "people",
                          "kept_people"),
}

Progress = Callable[[int, int], None]


def _keep(kind: tuple[str, str]) -> int:
    return PEOPLE if kind[1] == "people" else LEAD


def build(graph: Graph, *, progress: Progress | None = None) -> int:
    """Set every topic's and institution's lead and every topic's people (each reads all
    its papers once); return how many topics and institutions there are."""
    rows = graph.read_values("read/lead_entities", limit=ENTITY_CAP)
    steps = [(kind, row["id"]) for kind in LISTS for row in rows if row["label"] == kind[0]]
    for start in range(0, len(steps), ENTITIES_A_CALL):
        part = steps[start:start + ENTITIES_A_CALL]
        for kind in LISTS:
            if these := [{"id": i, "keep": _keep(kind)} for k, i in part if k == kind]:
                graph.write_many([(LISTS[kind][0], these)])
        if progress:
            progress(min(start + ENTITIES_A_CALL, len(steps)), len(steps))
    return len(rows)


def refresh(graph: Graph, loaded: Iterable[str], cited: Iterable[str] = ()) -> int:
    """Refresh the lists a load may have changed: those of the topics and institutions
    of the papers it ``loaded`` and of those it ``cited`` (cited more, they may enter a
    lead; their people have no more papers). Return how many."""
    mine = list(dict.fromkeys(loaded))
    seen = set(mine)
    more = [i for i in dict.fromkeys(cited) if i not in seen]
    found: dict[tuple[tuple[str, str], str], tuple[bool, dict[str, None]]] = {}
    leads_only = {kind: names for kind, names in LISTS.items() if kind[1] != "people"}
    for ids, lists in ((mine, LISTS), (more, leads_only)):
        for start in range(0, len(ids), IDS_A_READ):
            _candidates(graph, ids[start:start + IDS_A_READ], lists, found)
    for kind, (whole_name, merge_name, column, _) in LISTS.items():
        keep = _keep(kind)
        whole = [{"id": i, "keep": keep} for (k, i), (kept, _) in found.items()
                 if k == kind and not kept]
        for start in range(0, len(whole), ENTITIES_A_CALL):
            graph.write_many([(whole_name, whole[start:start + ENTITIES_A_CALL])])
        batch: list[dict[str, Any]] = []
        size = 0
        for (k, i), (kept, candidates) in found.items():
            if k != kind or not kept:
                continue
            batch.append({"id": i, "keep": keep, column: list(candidates)})
            size += len(candidates) + keep
            if size >= CANDIDATES_A_CALL or len(batch) >= ENTITIES_A_CALL:
                graph.write_many([(merge_name, batch)])
                batch, size = [], 0
        if batch:
            graph.write_many([(merge_name, batch)])
    return len({i for (_, i) in found})


def _candidates(graph: Graph, ids: list[str], lists: dict,
                found: dict[tuple[tuple[str, str], str], tuple[bool, dict[str, None]]]
                ) -> None:
    """Add to ``found`` the entities of the papers ``ids`` whose ``lists`` may change,
    each with whether it has the list and the candidates that may enter it."""
    for row in graph.read_values("read/lead_candidates", ids=ids):
        for kind, (_, _, column, kept) in lists.items():
            if kind[0] != row["label"]:
                continue
            _, candidates = found.setdefault((kind, row["id"]), (bool(row[kept]), {}))
            for value in row[column]:  # a topic's people come as a list for each paper
                candidates.update(dict.fromkeys(value if isinstance(value, list) else [value]))


def set_in_bulk(bulk: Any) -> None:
    """Give the topics and institutions of a first load held in memory
    (:class:`loaders.bulk.BulkGraph`, finished) the ``lead``, ``lead_people`` and
    ``lead_people_papers`` the statements would set: sorted with numpy over every topic
    link, every (institution, paper) pair of its people and every (topic, person) pair of
    their papers, no Python loop over the pairs' keys."""
    ids = bulk.paper_ids()
    indegree = bulk.indegree()
    rank = _ranks(ids)  # each paper's place among the ids (the statements' last tie-break)
    number = bulk.number

    topics = list(bulk.topics.nodes)
    topic_no = {t: i for i, t in enumerate(topics)}
    about = bulk.about
    t_of = np.fromiter((topic_no[t] for _, t in about), dtype=np.int64, count=len(about))
    p_of = np.fromiter((number(p) for p, _ in about), dtype=np.int64, count=len(about))
    score = np.fromiter((_number(s) for s in about.values()), dtype=np.float64,
                        count=len(about))
    _store(bulk.topics.nodes, topics, t_of, p_of, (rank[p_of], -score, -indegree[p_of]),
           ids, "lead", LEAD)

    people = list(bulk.people.nodes)
    person_no = {p: i for i, p in enumerate(people)}
    authored = bulk.authored
    a_person = np.fromiter((person_no[a] for a, _ in authored), dtype=np.int64,
                           count=len(authored))
    a_paper = np.fromiter((number(p) for _, p in authored), dtype=np.int64,
                          count=len(authored))
    # each topic link joined with its paper's authors: (topic, person) once a paper
    by_paper = a_person[np.argsort(a_paper, kind="stable")]
    count = np.bincount(a_paper, minlength=len(ids))
    first = np.cumsum(count) - count
    per_link = count[p_of]
    at = np.repeat(first[p_of], per_link) + np.arange(per_link.sum()) - np.repeat(
        np.cumsum(per_link) - per_link, per_link)
    pairs, papers = np.unique(np.repeat(t_of, per_link) << 32 | by_paper[at],
                              return_counts=True)
    person = pairs & 0xFFFFFFFF
    named = sorted(range(len(people)), key=lambda i: (
        (name := bulk.people.nodes[people[i]].get("name")) is None, str(name or ""),
        people[i]))  # by name, nameless last, then by id
    place = np.empty(len(people), dtype=np.int64)
    place[np.array(named, dtype=np.int64)] = np.arange(len(people))
    _store(bulk.topics.nodes, topics, pairs >> 32, person, (place[person], -papers),
           people, "lead_people", PEOPLE, counts=("lead_people_papers", papers))

    institutions = list(bulk.institutions.nodes)
    inst_no = {i: n for n, i in enumerate(institutions)}
    of_person: dict[str, list[int]] = {}
    for who, inst in bulk.affiliated:
        of_person.setdefault(who, []).append(inst_no[inst])
    pairs = np.unique(np.fromiter((inst << 32 | number(paper) for who, paper in authored
                                   for inst in of_person.get(who, ())), dtype=np.int64))
    i_of, q_of = pairs >> 32, pairs & 0xFFFFFFFF
    years = bulk.years()
    _store(bulk.institutions.nodes, institutions, i_of, q_of,
           (rank[q_of], -years[q_of], -indegree[q_of]), ids, "lead", LEAD)


def _ranks(ids: list[str]) -> np.ndarray:
    """Each id's place among ``ids`` in string order."""
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return rank


def _store(nodes: dict[str, dict], names: list[str], owner: np.ndarray, member: np.ndarray,
           keys: tuple[np.ndarray, ...], member_ids: list[str], prop: str, keep: int,
           counts: tuple[str, np.ndarray] | None = None) -> None:
    """Sort the (owner, member) pairs by owner, then by ``keys`` (``numpy.lexsort``'s
    order: the last the first), and set each owner's first ``keep`` members' ids as its
    ``prop`` (none: no property); with ``counts`` (a property and a number a pair), those
    members' numbers as that property too."""
    for node in nodes.values():
        node.pop(prop, None)
        if counts:
            node.pop(counts[0], None)
    if not len(owner):
        return
    order = np.lexsort((*keys, owner))
    owner, member = owner[order], member[order]
    numbers = counts[1][order] if counts else None
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    ends = np.r_[starts[1:], len(owner)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        node = nodes[names[int(owner[start])]]
        stop = min(end, start + keep)
        node[prop] = [member_ids[m] for m in member[start:stop].tolist()]
        if counts and numbers is not None:
            node[counts[0]] = numbers[start:stop].tolist()


def _number(value: object) -> float:
    """A topic link's score as the statements order it (none: 0)."""
    return float(value) if isinstance(value, (int, float)) else 0.0

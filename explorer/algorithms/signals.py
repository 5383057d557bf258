"""Citation signals for suggested adjacent work, each a pure function.

Everything here is pure: functions take a :class:`networkx.DiGraph` citation
graph (an edge ``u -> v`` means *u cites v*) and a collection of seed papers,
and return plain Python values. No database, no web framework.

The product computes them on a *bounded* subgraph fetched around the seeds
(:func:`explorer.algorithms.subgraph.bounded_neighbourhood` is its reference
definition; the benchmark in ``bench/suggest_quality.py`` uses it too).

Each signal function returns a :class:`Signal`: ``scores`` maps a candidate
to a float (only candidates with a non-zero value appear) and ``evidence``
maps a candidate to a tuple of paper ids that justify the score (each
function's docstring says which). The signals the ranking uses, with their
names, weights and explanations, are registered in
:mod:`explorer.algorithms.signal_registry`; random-walk and popularity signals
live in :mod:`explorer.algorithms.walks`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import NamedTuple

import networkx as nx

__all__ = [
    "Signal",
    "adamic_adar",
    "bibliographic_coupling",
    "co_citation",
    "co_citation_cosine",
    "direct_citation",
    "seed_coverage",
]

Node = Hashable


class Signal(NamedTuple):
    """Scores of one signal and the paper ids behind each score."""

    scores: dict[Node, float]
    evidence: dict[Node, tuple[Node, ...]]


def _seed_list(graph: nx.DiGraph, seeds: Iterable[Node]) -> list[Node]:
    """Seeds present in the graph, in first-seen order, without repeats."""
    seen: dict[Node, None] = {}
    for s in seeds:
        if s in graph and s not in seen:
            seen[s] = None
    return list(seen)


def _sorted_ids(ids: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(sorted(ids, key=str))


def _citations(graph: nx.DiGraph, node: Node) -> float:
    value = graph.nodes[node].get("cited_by_count")
    return float(value) if value is not None else float(graph.in_degree(node))


# --------------------------------------------------------------------------
# signals
# --------------------------------------------------------------------------


def bibliographic_coupling(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Count the references each candidate shares with the seeds.

    The score of a candidate ``c`` is the sum over seeds ``s`` of
    ``|refs(c) & refs(s)|``; the evidence is the union of the shared
    references. Seeds are never candidates.

    Examples
    --------
    >>> g = nx.DiGraph([("s", "r1"), ("s", "r2"), ("c", "r1"), ("c", "r2"), ("d", "r2")])
    >>> sig = bibliographic_coupling(g, ["s"])
    >>> sig.scores
    {'c': 2.0, 'd': 1.0}
    >>> sig.evidence["c"]
    ('r1', 'r2')
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    scores: dict[Node, float] = defaultdict(float)
    evidence: dict[Node, set] = defaultdict(set)
    for s in seed_list:
        for ref in graph.succ[s]:
            for citer in graph.pred[ref]:
                if citer not in seed_set:
                    scores[citer] += 1.0
                    evidence[citer].add(ref)
    return Signal(dict(scores), {c: _sorted_ids(e) for c, e in evidence.items()})


def co_citation(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Count how often each candidate is cited together with a seed.

    The score of ``c`` is the sum over seeds ``s`` of the number of papers
    citing both ``c`` and ``s``; the evidence is those citing papers.

    Examples
    --------
    >>> g = nx.DiGraph([("p1", "s"), ("p1", "c"), ("p2", "s"), ("p2", "c"), ("p2", "d")])
    >>> sig = co_citation(g, ["s"])
    >>> sig.scores
    {'c': 2.0, 'd': 1.0}
    >>> sig.evidence["c"]
    ('p1', 'p2')
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    scores: dict[Node, float] = defaultdict(float)
    evidence: dict[Node, set] = defaultdict(set)
    for s in seed_list:
        for citer in graph.pred[s]:
            for ref in graph.succ[citer]:
                if ref not in seed_set:
                    scores[ref] += 1.0
                    evidence[ref].add(citer)
    return Signal(dict(scores), {c: _sorted_ids(e) for c, e in evidence.items()})


def _relation_key(pair: tuple[str, Node]) -> tuple[str, str]:
    return pair[0], str(pair[1])


def direct_citation(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Count the direct citation links between each candidate and the seeds.

    The evidence is a tuple of ``(relation, seed)`` pairs where ``relation``
    is ``"cites"`` (the candidate cites the seed) or ``"cited_by"`` (the seed
    cites the candidate).

    Examples
    --------
    >>> g = nx.DiGraph([("s", "a"), ("b", "s"), ("s", "c"), ("c", "s")])
    >>> sig = direct_citation(g, ["s"])
    >>> sorted(sig.scores.items())
    [('a', 1.0), ('b', 1.0), ('c', 2.0)]
    >>> sig.evidence["c"]
    (('cited_by', 's'), ('cites', 's'))
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    scores: dict[Node, float] = defaultdict(float)
    evidence: dict[Node, set[tuple[str, Node]]] = defaultdict(set)
    for s in seed_list:
        for ref in graph.succ[s]:
            if ref not in seed_set:
                scores[ref] += 1.0
                evidence[ref].add(("cited_by", s))
        for citer in graph.pred[s]:
            if citer not in seed_set:
                scores[citer] += 1.0
                evidence[citer].add(("cites", s))
    ordered: dict[Node, tuple[Node, ...]] = {}
    for candidate, pairs in evidence.items():
        in_order = sorted(pairs, key=_relation_key)
        ordered[candidate] = tuple(in_order)
    return Signal(dict(scores), ordered)


def _undirected_neighbours(graph: nx.DiGraph, node: Node) -> set[Node]:
    nbrs = set(graph.succ[node])
    nbrs.update(graph.pred[node])
    nbrs.discard(node)
    return nbrs


def adamic_adar(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Adamic-Adar index with the seeds on the undirected citation graph.

    The score of ``c`` is the sum over seeds ``s`` and over common neighbours
    ``z`` of ``s`` and ``c`` of ``1 / log(deg(z))``, where ``deg`` counts the
    distinct neighbours of ``z`` in ``graph`` (the same index as
    :func:`networkx.adamic_adar_index`). The evidence is the union of the
    common neighbours.

    Examples
    --------
    >>> g = nx.DiGraph([("s", "z"), ("c", "z"), ("z", "y")])
    >>> sig = adamic_adar(g, ["s"])
    >>> round(sig.scores["c"], 4) == round(1 / math.log(3), 4)
    True
    >>> sig.evidence["c"]
    ('z',)
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    scores: dict[Node, float] = defaultdict(float)
    evidence: dict[Node, set] = defaultdict(set)
    nbr_cache: dict[Node, set[Node]] = {}
    for s in seed_list:
        for z in _undirected_neighbours(graph, s):
            nbrs = nbr_cache.get(z)
            if nbrs is None:
                nbrs = nbr_cache[z] = _undirected_neighbours(graph, z)
            if len(nbrs) < 2:
                continue
            w = 1.0 / math.log(len(nbrs))
            for c in nbrs:
                if c not in seed_set:
                    scores[c] += w
                    evidence[c].add(z)
    return Signal(dict(scores), {c: _sorted_ids(e) for c, e in evidence.items()})


def co_citation_cosine(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Co-citation normalised by popularity (Salton's cosine), summed over seeds.

    The score of ``c`` is the sum over seeds ``s`` of
    ``cocited(c, s) / sqrt(indeg(c) * indeg(s))`` with in-degrees counted in
    ``graph``: being cited together matters more for rarely cited papers.
    The evidence is the co-citing papers, as for :func:`co_citation`.

    Examples
    --------
    >>> g = nx.DiGraph([("p1", "s"), ("p1", "c"), ("p1", "d"), ("p2", "d"), ("p3", "d")])
    >>> sig = co_citation_cosine(g, ["s"])
    >>> sig.scores["c"], round(sig.scores["d"], 4)
    (1.0, 0.5774)
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    scores: dict[Node, float] = defaultdict(float)
    evidence: dict[Node, set] = defaultdict(set)
    for s in seed_list:
        together: dict[Node, int] = defaultdict(int)
        for citer in graph.pred[s]:
            for ref in graph.succ[citer]:
                if ref not in seed_set:
                    together[ref] += 1
                    evidence[ref].add(citer)
        seed_in = graph.in_degree(s)
        for ref, n in together.items():
            scores[ref] += n / math.sqrt(seed_in * graph.in_degree(ref))
    return Signal(dict(scores), {c: _sorted_ids(e) for c, e in evidence.items()})


def seed_coverage(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """Number of seeds within two citation steps (either direction) of each candidate.

    Rewards papers related to many of the seeds rather than strongly to one.
    The evidence is those seeds.

    Examples
    --------
    >>> g = nx.DiGraph([("s1", "a"), ("a", "c"), ("s2", "c"), ("s1", "b")])
    >>> sig = seed_coverage(g, ["s1", "s2"])
    >>> sorted(sig.scores.items())
    [('a', 2.0), ('b', 1.0), ('c', 2.0)]
    >>> sig.evidence["c"]
    ('s1', 's2')
    """
    seed_list = _seed_list(graph, seeds)
    seed_set = set(seed_list)
    nbr_cache: dict[Node, set[Node]] = {}

    def neighbours(node: Node) -> set[Node]:
        if node not in nbr_cache:
            nbr_cache[node] = _undirected_neighbours(graph, node)
        return nbr_cache[node]

    evidence: dict[Node, list] = defaultdict(list)
    for s in seed_list:
        reach = set(neighbours(s))
        for z in list(reach):
            reach |= neighbours(z)
        for c in reach - seed_set:
            evidence[c].append(s)
    return Signal({c: float(len(e)) for c, e in evidence.items()},
                  {c: _sorted_ids(e) for c, e in evidence.items()})

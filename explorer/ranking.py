"""Suggested adjacent work: citation signals, their combination, explanations.

Everything here is pure: functions take a :class:`networkx.DiGraph` citation
graph (an edge ``u -> v`` means *u cites v*) and a collection of seed papers,
and return plain Python values. No database, no web framework.

The product calls :func:`suggest` on a *bounded* subgraph fetched around the
seeds; :func:`bounded_neighbourhood` is the reference definition of that
subgraph (the Cypher read mirrors it) and the benchmark in
``bench/suggest_quality.py`` uses it too.

Signals
-------
Each signal function returns a :class:`Signal`: ``scores`` maps a candidate
to a float (only candidates with a non-zero value appear) and ``evidence``
maps a candidate to a tuple of paper ids that justify the score.

=====================  ======================================================
``coupling``           :func:`bibliographic_coupling` - references shared with
                       the seeds (evidence: the shared references)
``cocitation``         :func:`co_citation` - papers citing the candidate and a
                       seed (evidence: those citing papers)
``direct``             :func:`direct_citation` - the candidate cites or is
                       cited by a seed (evidence: ``(relation, seed)`` pairs)
``adamic_adar``        :func:`adamic_adar` - Adamic-Adar on the undirected
                       citation graph, summed over the seeds (evidence: the
                       common neighbours)
``ppr``                :func:`personalized_pagerank` - random walk with
                       restart at the seeds (no evidence)
``popularity``         :func:`popularity` - times cited (no evidence)
``cocitation_cosine``  :func:`co_citation_cosine` - co-citation divided by
                       the geometric mean of the two papers' citation counts
``ppr_local``          :func:`local_pagerank` - personalised PageRank with
                       ``alpha=0.5`` (walks stay nearer the seeds)
``seed_coverage``      :func:`seed_coverage` - how many seeds are within two
                       citation steps (evidence: those seeds)
=====================  ======================================================

:func:`combine` normalises each signal and sums them with weights;
:data:`DEFAULT_WEIGHTS` were tuned on a validation year of cit-HepPh (see
``docs/BENCHMARKS.md``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx
import numpy as np
import scipy.sparse as sp

__all__ = [
    "DEFAULT_WEIGHTS",
    "SIGNALS",
    "Signal",
    "Suggestion",
    "adamic_adar",
    "bibliographic_coupling",
    "bounded_neighbourhood",
    "co_citation",
    "co_citation_cosine",
    "combine",
    "compute_signals",
    "direct_citation",
    "explain",
    "local_pagerank",
    "personalized_pagerank",
    "popularity",
    "seed_coverage",
    "suggest",
]

Node = Hashable


class Signal(NamedTuple):
    """Scores of one signal and the paper ids behind each score."""

    scores: dict[Node, float]
    evidence: dict[Node, tuple[Node, ...]]


@dataclass(frozen=True)
class Suggestion:
    """One suggested paper.

    ``score`` is the combined score; ``signals`` holds the raw value of every
    signal (0 when absent); ``evidence`` the ids behind each signal that has
    any (see the module docstring for what the ids are).
    """

    id: Node
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, tuple] = field(default_factory=dict)


def _seed_list(graph: nx.DiGraph, seeds: Iterable[Node]) -> list[Node]:
    """Seeds present in the graph, in first-seen order, without repeats."""
    seen: dict[Node, None] = {}
    for s in seeds:
        if s in graph and s not in seen:
            seen[s] = None
    return list(seen)


def _sorted_ids(ids: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(sorted(ids, key=str))


# --------------------------------------------------------------------------
# bounded neighbourhood
# --------------------------------------------------------------------------


def _citations(graph: nx.DiGraph, node: Node) -> float:
    value = graph.nodes[node].get("cited_by_count")
    return float(value) if value is not None else float(graph.in_degree(node))


def bounded_neighbourhood(
    graph: nx.DiGraph,
    seeds: Iterable[Node],
    *,
    max_hop1: int = 2000,
    max_nodes: int = 5000,
) -> nx.DiGraph:
    """Return the subgraph that :func:`suggest` is meant to run on.

    Kept nodes, in this order:

    1. the seeds (those present in ``graph``);
    2. hop 1: every paper a seed cites or that cites a seed. If there are more
       than ``max_hop1``, keep those linked to the most seeds, then the most
       cited (node attribute ``cited_by_count``, else in-degree), then the
       smallest id (as a string);
    3. hop 2: papers citing or cited by a kept hop-1 paper, ranked by the
       number of kept hop-1 papers they are linked to (in either direction),
       then most cited, then smallest id; kept until ``max_nodes`` nodes in
       all.

    The result is the subgraph induced by the kept nodes (every citation
    between two kept papers, with node attributes), as an independent copy.

    Examples
    --------
    >>> g = nx.DiGraph([(1, 2), (2, 3), (3, 4), (4, 5)])
    >>> sorted(bounded_neighbourhood(g, [3]).nodes)
    [1, 2, 3, 4, 5]
    >>> sorted(bounded_neighbourhood(g, [3], max_nodes=4).nodes)  # 5 is cited, 1 is not
    [2, 3, 4, 5]
    """
    seed_list = _seed_list(graph, seeds)
    kept: set[Node] = set(seed_list)

    hop1_links: dict[Node, int] = defaultdict(int)
    for s in seed_list:
        for n in set(graph.pred[s]) | set(graph.succ[s]):
            if n not in kept:
                hop1_links[n] += 1
    hop1 = sorted(hop1_links, key=lambda n: (-hop1_links[n], -_citations(graph, n), str(n)))
    hop1 = hop1[: max(0, min(max_hop1, max_nodes - len(kept)))]
    kept.update(hop1)

    room = max_nodes - len(kept)
    if room > 0:
        hop2_links: dict[Node, int] = defaultdict(int)
        for h in hop1:
            for n in set(graph.pred[h]) | set(graph.succ[h]):
                if n not in kept:
                    hop2_links[n] += 1
        if len(hop2_links) > room:
            hop2 = sorted(
                hop2_links, key=lambda n: (-hop2_links[n], -_citations(graph, n), str(n))
            )[:room]
        else:
            hop2 = list(hop2_links)
        kept.update(hop2)
    return graph.subgraph(kept).copy()


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
    evidence: dict[Node, set] = defaultdict(set)
    for s in seed_list:
        for ref in graph.succ[s]:
            if ref not in seed_set:
                scores[ref] += 1.0
                evidence[ref].add(("cited_by", s))
        for citer in graph.pred[s]:
            if citer not in seed_set:
                scores[citer] += 1.0
                evidence[citer].add(("cites", s))
    return Signal(
        dict(scores),
        {c: tuple(sorted(e, key=lambda p: (p[0], str(p[1])))) for c, e in evidence.items()},
    )


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


def personalized_pagerank(
    graph: nx.DiGraph,
    seeds: Iterable[Node],
    *,
    alpha: float = 0.85,
    max_iter: int = 100,
    tol: float = 1.0e-9,
) -> Signal:
    """Personalised PageRank restarting at the seeds, on the undirected graph.

    A random walker follows a citation in either direction with probability
    ``alpha`` and jumps back to a uniformly chosen seed otherwise (also from
    nodes without neighbours). Computed by power iteration over a
    :mod:`scipy.sparse` matrix; stops when the L1 change is below
    ``tol * n``. Seeds are not scored; there is no evidence.

    Examples
    --------
    >>> g = nx.DiGraph([("s", "a"), ("a", "b"), ("c", "d")])
    >>> sig = personalized_pagerank(g, ["s"])
    >>> sig.scores["a"] > sig.scores["b"] > 0
    True
    >>> "c" in sig.scores
    False
    """
    seed_list = _seed_list(graph, seeds)
    if not seed_list:
        return Signal({}, {})
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    rows, cols = [], []
    for u, v in graph.edges():
        if u != v:
            rows.append(index[u])
            cols.append(index[v])
    adj = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
    adj = adj + adj.T
    adj.data[:] = 1.0  # an undirected edge counts once even when both cite each other
    degree = np.asarray(adj.sum(axis=1)).ravel()
    inv_degree = np.divide(1.0, degree, out=np.zeros(n), where=degree > 0)
    transition = (adj.multiply(inv_degree[:, None])).T.tocsr()  # column-stochastic
    restart = np.zeros(n)
    restart[[index[s] for s in seed_list]] = 1.0 / len(seed_list)
    dangling = degree == 0
    p = restart.copy()
    for _ in range(max_iter):
        new = alpha * (transition @ p) + (alpha * p[dangling].sum() + 1.0 - alpha) * restart
        done = np.abs(new - p).sum() < tol * n
        p = new
        if done:
            break
    seed_set = set(seed_list)
    scores = {nodes[i]: float(p[i]) for i in np.flatnonzero(p > 0) if nodes[i] not in seed_set}
    return Signal(scores, {})


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


def local_pagerank(graph: nx.DiGraph, seeds: Iterable[Node]) -> Signal:
    """:func:`personalized_pagerank` with ``alpha=0.5``: walks stay close to the seeds.

    Examples
    --------
    >>> g = nx.DiGraph([("s", "a"), ("a", "b")])
    >>> far = personalized_pagerank(g, ["s"]).scores
    >>> near = local_pagerank(g, ["s"]).scores
    >>> near["b"] / near["a"] < far["b"] / far["a"]
    True
    """
    return personalized_pagerank(graph, seeds, alpha=0.5)


def popularity(graph: nx.DiGraph, seeds: Iterable[Node] = ()) -> Signal:
    """Times cited: node attribute ``cited_by_count`` if set, else in-degree.

    Every paper in ``graph`` except the seeds is a candidate.

    Examples
    --------
    >>> g = nx.DiGraph([("a", "b"), ("c", "b"), ("b", "d")])
    >>> g.nodes["d"]["cited_by_count"] = 10
    >>> sorted(popularity(g, ["a"]).scores.items())
    [('b', 2.0), ('c', 0.0), ('d', 10.0)]
    """
    seed_set = set(seeds)
    return Signal({n: _citations(graph, n) for n in graph if n not in seed_set}, {})


SignalFunction = Callable[[nx.DiGraph, Iterable[Node]], Signal]

#: The signals :func:`suggest` computes, by name.
SIGNALS: dict[str, SignalFunction] = {
    "coupling": bibliographic_coupling,
    "cocitation": co_citation,
    "cocitation_cosine": co_citation_cosine,
    "direct": direct_citation,
    "adamic_adar": adamic_adar,
    "ppr": personalized_pagerank,
    "ppr_local": local_pagerank,
    "seed_coverage": seed_coverage,
    "popularity": popularity,
}


def compute_signals(
    graph: nx.DiGraph, seeds: Iterable[Node], names: Iterable[str] | None = None
) -> dict[str, Signal]:
    """Compute the named signals (all of :data:`SIGNALS` by default)."""
    seed_list = _seed_list(graph, seeds)
    chosen = list(SIGNALS) if names is None else list(names)
    return {name: SIGNALS[name](graph, seed_list) for name in chosen}


# --------------------------------------------------------------------------
# combination
# --------------------------------------------------------------------------

#: Weights tuned on cit-HepPh: test year 1998, train <= 1997, 800 test papers, seed 42,
#: ``python bench/suggest_quality.py --tune --limit 800`` (coordinate search, ppr fixed at 1);
#: validation recall@20 0.492. Never tuned on the 1999 test year.
DEFAULT_WEIGHTS: dict[str, float] = {
    "ppr": 1.0,
    "cocitation_cosine": 1.0,
    "seed_coverage": 1.0,
    "cocitation": 0.75,
    "direct": 0.75,
    "ppr_local": 0.75,
    "adamic_adar": 0.35,
    "coupling": 0.1,
    "popularity": 0.0,
}


def combine(
    signals: Mapping[str, Mapping[Node, float]],
    weights: Mapping[str, float],
    *,
    exclude: Iterable[Node] = (),
) -> list[tuple[Node, float]]:
    """Combine signals into one ranking by a weighted sum of normalised scores.

    Each signal is first max-normalised (divided by its largest value, so it
    lies in ``[0, 1]`` and the best candidate of every signal gets 1); the
    combined score of a candidate is ``sum(weights[name] * normalised)`` over
    the signals with a non-zero weight (missing weights count as 0, missing
    candidates as 0). Candidates are the union of all weighted signals' keys
    minus ``exclude``. The result is sorted by decreasing score, ties broken
    by the id as a string, so it is deterministic.

    Examples
    --------
    >>> combine({"a": {"x": 2.0, "y": 1.0}, "b": {"y": 4.0, "z": 1.0}}, {"a": 1.0, "b": 0.5})
    [('x', 1.0), ('y', 1.0), ('z', 0.125)]
    """
    excluded = set(exclude)
    total: dict[Node, float] = defaultdict(float)
    for name, scores in signals.items():
        w = float(weights.get(name, 0.0))
        if w == 0.0 or not scores:
            continue
        top = max(scores.values())
        if top <= 0:
            continue
        factor = w / top
        for cand, value in scores.items():
            if value > 0 and cand not in excluded:
                total[cand] += factor * value
    return sorted(total.items(), key=lambda kv: (-kv[1], str(kv[0])))


def suggest(
    graph: nx.DiGraph,
    seeds: Iterable[Node],
    *,
    k: int = 20,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    exclude: Iterable[Node] = (),
) -> list[Suggestion]:
    """Suggest the ``k`` papers most related to the seed papers.

    Computes every signal with a non-zero weight (see :data:`SIGNALS`),
    combines them with :func:`combine` and returns :class:`Suggestion`
    objects carrying the raw value and evidence of every signal. Candidates
    are all papers in ``graph`` except the seeds and ``exclude``: papers the
    seeds already cite stay candidates (they are what a reader most often
    wants next, and what the held-out benchmark must recover). Run it on
    :func:`bounded_neighbourhood` for large graphs.

    Examples
    --------
    >>> g = nx.DiGraph([("s", "r1"), ("s", "r2"), ("c", "r1"), ("c", "r2"),
    ...                 ("p", "s"), ("p", "d")])
    >>> [x.id for x in suggest(g, ["s"], k=5)]
    ['d', 'p', 'r1', 'r2', 'c']
    >>> c = suggest(g, ["s"], k=5)[-1]
    >>> c.signals["coupling"], c.evidence["coupling"]
    (2.0, ('r1', 'r2'))
    >>> [x.id for x in suggest(g, ["s"], k=1, weights={"coupling": 1.0})]
    ['c']
    """
    seed_list = _seed_list(graph, seeds)
    if not seed_list or k <= 0:
        return []
    active = [name for name, w in weights.items() if w and name in SIGNALS]
    signals = compute_signals(graph, seed_list, active)
    excluded = set(exclude) | set(seed_list)
    ranked = combine({n: s.scores for n, s in signals.items()}, weights, exclude=excluded)
    result = []
    for cand, score in ranked[:k]:
        raw = {name: float(sig.scores.get(cand, 0.0)) for name, sig in signals.items()}
        ev = {name: sig.evidence[cand] for name, sig in signals.items() if cand in sig.evidence}
        result.append(Suggestion(cand, score, raw, ev))
    return result


# --------------------------------------------------------------------------
# explanations
# --------------------------------------------------------------------------


def _named(ids: Iterable[Node], titles: Mapping[Node, str], max_named: int) -> str:
    ids = list(ids)
    names = [titles.get(i) or str(i) for i in ids[:max_named]]
    text = "; ".join(names)
    if len(ids) > max_named:
        text += f" and {len(ids) - max_named} more"
    return text


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def explain(
    suggestion: Suggestion, titles: Mapping[Node, str], *, max_named: int = 3
) -> list[str]:
    """Human-readable reasons for a suggestion, strongest evidence first.

    ``titles`` maps paper ids to display titles (ids are shown when missing).
    At most ``max_named`` papers are named per sentence.

    Examples
    --------
    >>> s = Suggestion("c", 0.9, {"coupling": 2.0, "direct": 1.0},
    ...                {"coupling": ("r1", "r2"), "direct": (("cites", "s"),)})
    >>> explain(s, {"r1": "Alpha", "r2": "Beta", "s": "Seed"})
    ['cites this paper', 'shares 2 references with this paper: Alpha; Beta']
    """
    ev = suggestion.evidence
    sig = suggestion.signals
    lines: list[str] = []
    direct = ev.get("direct", ())
    for relation, verb in (("cites", "cites"), ("cited_by", "is cited by")):
        linked = [seed for rel, seed in direct if rel == relation]
        if len(linked) == 1:
            lines.append(f"{verb} this paper")
        elif linked:
            lines.append(f"{verb} {len(linked)} of these papers: "
                         + _named(linked, titles, max_named))
    if ev.get("coupling"):
        n = len(ev["coupling"])
        noun = "reference" if n == 1 else "references"
        lines.append(f"shares {n} {noun} with this paper: "
                     + _named(ev["coupling"], titles, max_named))
    cociting = ev.get("cocitation") or ev.get("cocitation_cosine")
    if cociting:
        n = int(sig.get("cocitation") or len(cociting))
        lines.append(f"cited together {_times(n)} by: " + _named(cociting, titles, max_named))
    if ev.get("adamic_adar") and not (ev.get("coupling") or cociting):
        n = len(ev["adamic_adar"])
        noun = "neighbour" if n == 1 else "neighbours"
        lines.append(f"{n} common citation {noun}: "
                     + _named(ev["adamic_adar"], titles, max_named))
    if len(ev.get("seed_coverage", ())) > 1:
        near = ev["seed_coverage"]
        lines.append(f"within two citation steps of {len(near)} of these papers: "
                     + _named(near, titles, max_named))
    if not lines and (sig.get("ppr", 0.0) > 0 or sig.get("ppr_local", 0.0) > 0):
        lines.append("close in the citation network (random walk from this paper)")
    return lines

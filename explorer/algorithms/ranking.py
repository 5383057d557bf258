"""Suggested adjacent work: the signals combined into one ranking, and explained.

:func:`suggest` computes the signals of :mod:`explorer.algorithms.signals` on
a bounded citation subgraph, normalises each and sums them with
:data:`DEFAULT_WEIGHTS` (tuned on a validation year of cit-HepPh, see
``docs/BENCHMARKS.md``); :func:`explain` turns a suggestion's evidence into a
sentence. The signal functions are re-exported here so one import serves the
callers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from explorer.algorithms.signals import (
    Node,
    Signal,
    _seed_list,
    adamic_adar,
    bibliographic_coupling,
    co_citation,
    co_citation_cosine,
    direct_citation,
    seed_coverage,
)
from explorer.algorithms.subgraph import bounded_neighbourhood
from explorer.algorithms.walks import local_pagerank, personalized_pagerank, popularity

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
    """Name papers by title, titled ones first; a paper whose title maps to ``""``
    (known only as a reference) is counted, not named.

    >>> _named(["a", "b", "c"], {"a": "Alpha", "b": "", "c": "Gamma"}, 1)
    'Alpha and 2 more (1 not loaded yet)'
    >>> _named(["b"], {"b": ""}, 3)
    '1 not loaded yet'
    """
    ids = list(ids)
    titled = [i for i in ids if titles.get(i, str(i)) != ""]
    unloaded = len(ids) - len(titled)
    names = [titles.get(i) or str(i) for i in titled[:max_named]]
    text = "; ".join(names)
    if len(titled) > max_named:
        text += f" and {len(ids) - max_named} more"
    elif names and unloaded:
        text += f" and {unloaded} more"
    if unloaded:
        text = f"{text} ({unloaded} not loaded yet)" if names else f"{unloaded} not loaded yet"
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

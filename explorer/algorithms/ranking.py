"""Suggested adjacent work: the registered signals combined into one ranking, and explained.

:func:`suggest` computes the citation signals registered in
:mod:`explorer.algorithms.signal_registry` on a bounded citation subgraph
(:func:`explorer.algorithms.subgraph.bounded_neighbourhood`), normalises each
and sums them with :data:`DEFAULT_WEIGHTS` (tuned on a validation year of
cit-HepPh, see ``docs/BENCHMARKS.md``); :func:`explain` turns a suggestion's
evidence into sentences, each signal's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from explorer.algorithms import signal_registry
from explorer.algorithms.signal_registry import Reasons, SignalFunction
from explorer.algorithms.signals import Node, Signal, _seed_list


@dataclass(frozen=True)
class Suggestion:
    """One suggested paper.

    ``score`` is the combined score; ``signals`` holds the raw value of every
    signal (0 when absent); ``evidence`` what is behind each signal that has
    any: paper ids for citation signals (``(relation, seed)`` pairs for
    ``direct``), names for the signals counted on the server.
    """

    id: Node
    score: float
    signals: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, tuple] = field(default_factory=dict)


#: The citation signals :func:`suggest` computes, by name (from the registry).
SIGNALS: dict[str, SignalFunction] = signal_registry.citation_signals()


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

#: The citation signals' default weights, in the registry's order (their tuning is
#: described in :mod:`explorer.algorithms.signal_registry`).
DEFAULT_WEIGHTS: dict[str, float] = signal_registry.default_weights(citation_only=True)


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
    :func:`explorer.algorithms.subgraph.bounded_neighbourhood` for large graphs.

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


def explain(
    suggestion: Suggestion, titles: Mapping[Node, str], *, max_named: int = 3,
    several: bool = False,
) -> list[str]:
    """Human-readable reasons for a suggestion, strongest evidence first: the
    sentences of every registered signal (:func:`signal_registry.explain`).

    ``titles`` maps paper ids to display titles (ids are shown when missing).
    ``several``: the suggestion is for a set of seeds (a sentence names the seed it
    means instead of saying "this paper").
    At most ``max_named`` papers are named per sentence.

    Examples
    --------
    >>> s = Suggestion("c", 0.9, {"coupling": 2.0, "direct": 1.0},
    ...                {"coupling": ("r1", "r2"), "direct": (("cites", "s"),)})
    >>> explain(s, {"r1": "Alpha", "r2": "Beta", "s": "Seed"})
    ['cites this paper', 'shares 2 references with this paper: Alpha; Beta']
    """
    return signal_registry.explain(Reasons(suggestion.signals, suggestion.evidence, titles,
                                           max_named, several))

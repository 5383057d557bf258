"""Signals from random walks and citation counts: personalised PageRank and popularity.

Same contract as :mod:`explorer.algorithms.signals`: a function of a citation
``DiGraph`` and seeds that returns a :class:`~explorer.algorithms.signals.Signal`.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import numpy as np
import scipy.sparse as sp

from explorer.algorithms.signals import Node, Signal, _citations, _seed_list


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

"""The bounded citation subgraph around seed papers that suggestions rank.

:func:`bounded_neighbourhood` is the reference definition: the product's
Cypher read mirrors it and ``bench/suggest_quality.py`` uses it directly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from explorer.algorithms.signals import Node, _citations, _seed_list


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

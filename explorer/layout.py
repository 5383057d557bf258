"""Positions for drawing a view with physics off (computed on the server)."""

from __future__ import annotations

import networkx as nx


def layout_positions(graph: nx.Graph, *, seed: int = 42, scale: float = 1000.0) -> dict:
    """Fruchterman-Reingold positions (igraph, seeded) scaled into ±``scale``.

    >>> pos = layout_positions(nx.path_graph(4))
    >>> sorted(pos) == [0, 1, 2, 3] and all(abs(c) <= 1000 for xy in pos.values() for c in xy)
    True
    >>> layout_positions(nx.path_graph(4)) == pos
    True
    """
    import random

    import igraph as ig

    nodes = list(graph.nodes)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges()
                                      if u != v])
    rng = random.Random(seed)
    ig.set_random_number_generator(random.Random(seed))
    start = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in nodes]
    coords = g.layout_fruchterman_reingold(seed=start, niter=500, grid="auto"
                                           if len(nodes) > 1000 else False).coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {node: ((x - cx) / span * scale, (y - cy) / span * scale)
            for node, (x, y) in zip(nodes, coords, strict=True)}

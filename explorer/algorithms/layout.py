"""Precomputed node positions for drawing a view with physics off.

vis-network's physics needs seconds to minutes to settle a few hundred
nodes; positions computed here with igraph's Fruchterman-Reingold draw
1,000 nodes in well under a second (docs/BENCHMARKS.md). Pure: a networkx
graph in, a dict of positions out.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping

import igraph as ig
import networkx as nx
import numpy as np

__all__ = ["layout_positions"]

Node = Hashable
#: Components with at least this many nodes use igraph's grid approximation.
GRID_FROM = 500
#: Fruchterman-Reingold iterations: a 300-paper map's layout took 33 ms with igraph's
#: default 500 and 21 ms with 250, and the demo's and a million-paper field's maps
#: looked the same (docs/BENCHMARKS.md)
ITERATIONS = 250


def _component_layout(adjacency: Mapping[Node, Iterable[Node]], nodes: list[Node],
                      rng: np.random.Generator, seed: int) -> np.ndarray:
    """Fruchterman-Reingold positions of one connected component (its links: each node's
    neighbours in ``adjacency``, those outside ``nodes`` left out), centred, unit spread."""
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    edges = set()
    for u in nodes:
        i = index[u]
        for v in adjacency[u]:
            j = index.get(v)
            if j is not None and j != i:
                edges.add((i, j) if i < j else (j, i))
    g = ig.Graph(n=n, edges=sorted(edges), directed=False)
    start = rng.uniform(-math.sqrt(n), math.sqrt(n), size=(n, 2)).tolist()
    previous = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        grid = "grid" if n >= GRID_FROM else "nogrid"
        coords = np.asarray(
            g.layout_fruchterman_reingold(seed=start, niter=ITERATIONS, grid=grid).coords
        )
    finally:
        ig.set_random_number_generator(random)
        random.setstate(previous)
    coords -= coords.mean(axis=0)
    radius = np.abs(coords).max()
    # Each component gets a square of side ~ sqrt(size), so areas match node counts.
    return coords / radius * math.sqrt(n) / 2 if radius > 0 else coords


def layout_positions(
    graph: nx.Graph, *, seed: int = 42, scale: float = 1000.0
) -> dict[Node, tuple[float, float]]:
    """Deterministic 2-D positions for every node, inside ``[-scale, scale]``.

    Edges are taken as undirected. Each connected component is laid out with
    igraph's Fruchterman-Reingold (:data:`ITERATIONS` iterations, the grid
    approximation from :data:`GRID_FROM` nodes, starting positions and
    igraph's random generator both drawn from ``seed``); the components are
    then packed side by side in rows, largest first, each in a square whose
    area grows with its number of nodes, so small components and isolated
    nodes sit next to the main one instead of flying off. The packing is
    centred on the origin and scaled uniformly (aspect ratio kept) so the
    largest absolute coordinate is ``scale``. A single node is at the
    origin; an empty graph gives ``{}``.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(4), seed=1)
    >>> sorted(pos) == [0, 1, 2, 3]
    True
    >>> max(abs(c) for xy in pos.values() for c in xy)
    1000.0
    >>> pos == layout_positions(nx.path_graph(4), seed=1)
    True
    >>> layout_positions(nx.empty_graph(1))
    {0: (0.0, 0.0)}
    """
    if graph.number_of_nodes() == 0:
        return {}
    und = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    order = {node: i for i, node in enumerate(graph)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(und)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    rng = np.random.default_rng(seed)
    placed: dict[Node, np.ndarray] = {}
    row_width = max(math.sqrt(graph.number_of_nodes()) * 1.5, 1.0)
    cursor_x = cursor_y = row_height = 0.0
    gap = 1.0
    for comp in components:
        coords = _component_layout(und.adj, comp, rng, seed)
        side = math.sqrt(len(comp))
        if cursor_x > 0 and cursor_x + side > row_width:
            cursor_x, cursor_y = 0.0, cursor_y - row_height - gap
            row_height = 0.0
        centre = np.array([cursor_x + side / 2, cursor_y - side / 2])
        for node, xy in zip(comp, coords, strict=True):
            placed[node] = xy + centre
        cursor_x += side + gap
        row_height = max(row_height, side)
    points = np.array([placed[n] for n in graph])
    points -= (points.max(axis=0) + points.min(axis=0)) / 2
    extent = np.abs(points).max()
    if extent > 0:
        points = np.clip(points * (scale / extent), -scale, scale)
    return {node: (float(x), float(y)) for node, (x, y) in zip(graph, points, strict=True)}

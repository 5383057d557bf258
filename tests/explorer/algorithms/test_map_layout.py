"""The research map's layout: communities as discs, the focus at the origin; the core's
parts and positions read from the graph's own adjacency equal those of a subgraph view."""

import math
import random

import networkx as nx
import numpy as np

from explorer.algorithms.layout import _component_layout
from explorer.algorithms.map_layout import _core_positions, _parts, community_layout


def _graph(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    g = nx.Graph()
    g.add_nodes_from(f"p{i}" for i in range(60))
    for _ in range(90):
        g.add_edge(f"p{rng.randrange(60)}", f"p{rng.randrange(60)}")  # self-loops too
    return g


def _by_subgraph(graph: nx.Graph, core: list, seed: int) -> dict:
    """The core's positions as a subgraph view gives them (the layout's earlier way)."""
    rng = np.random.default_rng(seed)
    sub = graph.subgraph(core)
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(sub)),
                   key=lambda c: (-len(c), str(c[0])))
    placed, angle, offset = {}, 0.0, 0.0
    for i, comp in enumerate(parts):
        coords = _component_layout(sub.adj, comp, rng, seed) * 1.6
        if i == 0:
            centre = np.zeros(2)
            offset = float(np.abs(coords).max()) + 1.0 if len(comp) > 1 else 1.0
        else:
            centre = np.array([math.cos(angle), math.sin(angle)]) * (offset + math.sqrt(len(comp)))
            angle += 2.4
        for node, xy in zip(comp, coords, strict=True):
            placed[node] = xy + centre
    return placed


def test_parts_are_the_connected_components_largest_first():
    for seed in range(5):
        g = _graph(seed)
        expected = sorted((sorted(c, key=str) for c in nx.connected_components(g)),
                          key=lambda c: (-len(c), str(c[0])))
        assert _parts({n: list(g.adj[n]) for n in g}) == expected


def test_core_positions_equal_those_of_a_subgraph_view():
    for seed in range(3):
        g = _graph(seed)
        core = sorted(g)[5:50]
        got = _core_positions(g, core, seed)
        want = _by_subgraph(g, core, seed)
        assert set(got) == set(core)
        for node in core:
            assert np.array_equal(got[node], want[node]), node


def test_focus_at_origin_within_scale_and_deterministic():
    g = _graph(7)
    membership = {n: int(n[1:]) % 3 for n in g}
    pos = community_layout(g, membership, "p0", seed=3, scale=500.0)
    assert set(pos) == set(g)
    assert pos["p0"] == (0.0, 0.0)
    assert max(abs(v) for xy in pos.values() for v in xy) == 500.0
    assert pos == community_layout(g, membership, "p0", seed=3, scale=500.0)

"""Layout positions: determinism, bounds, small and disconnected graphs."""

import math

import networkx as nx
import pytest

from explorer.algorithms.layout import layout_positions


def _max_abs(pos):
    return max(abs(c) for xy in pos.values() for c in xy)


def test_empty_one_two_nodes():
    assert layout_positions(nx.Graph()) == {}
    assert layout_positions(nx.empty_graph(["only"])) == {"only": (0.0, 0.0)}
    pos = layout_positions(nx.path_graph(2), scale=10.0)
    assert set(pos) == {0, 1}
    assert pos[0] != pos[1]
    assert _max_abs(pos) == pytest.approx(10.0)


def test_deterministic_for_a_seed_and_seed_matters():
    g = nx.karate_club_graph()
    a = layout_positions(g, seed=3)
    assert a == layout_positions(g, seed=3)
    assert a != layout_positions(g, seed=4)


def test_bounds_and_every_node_placed():
    g = nx.gnm_random_graph(300, 600, seed=1, directed=True)
    pos = layout_positions(g, scale=500.0)
    assert set(pos) == set(g)
    assert _max_abs(pos) == pytest.approx(500.0)
    assert all(-500.0 <= c <= 500.0 for xy in pos.values() for c in xy)
    assert len(set(pos.values())) == 300


def test_components_stay_close_together():
    g = nx.disjoint_union_all([nx.complete_graph(30), nx.cycle_graph(10), nx.path_graph(3)])
    g.add_nodes_from(range(100, 110))  # isolated nodes
    pos = layout_positions(g, scale=1000.0)
    big = [pos[n] for n in range(30)]
    # the largest component gets a fair share of the box, not a dot in a corner
    width = max(x for x, _ in big) - min(x for x, _ in big)
    assert width > 300
    # isolated nodes are inside the box and not on top of each other
    isolated = {pos[n] for n in range(100, 110)}
    assert len(isolated) == 10


def test_edges_shorter_than_non_edges_on_two_cliques():
    g = nx.barbell_graph(10, 0)
    pos = layout_positions(g, seed=2)

    def dist(u, v):
        return math.dist(pos[u], pos[v])

    inner = sum(dist(u, v) for u, v in g.edges()) / g.number_of_edges()
    outer = sum(dist(u, v) for u in range(10) for v in range(10, 20)) / 100
    assert inner < outer / 2

"""The bounded citation subgraph suggestions rank (explorer.algorithms.subgraph)."""

import networkx as nx

from explorer.algorithms.subgraph import bounded_neighbourhood


def test_bounded_neighbourhood_keeps_hops_by_rule():
    g = nx.DiGraph()
    g.add_edges_from([("s", "h1"), ("h2", "s"), ("h3", "s")])  # hop 1
    g.add_edges_from([("h1", "x"), ("h2", "x"), ("h3", "x")])  # x: 3 links to hop 1
    g.add_edges_from([("h1", "y")])                          # y: 1 link
    g.add_edges_from([("z", "h2"), ("w", "z")])               # z: 1 link; w is hop 3
    g.nodes["z"]["cited_by_count"] = 50
    assert set(bounded_neighbourhood(g, ["s"])) == {"s", "h1", "h2", "h3", "x", "y", "z"}
    # room for 2 hop-2 nodes: x (3 links), then z (1 link but more cited than y)
    small = bounded_neighbourhood(g, ["s"], max_nodes=6)
    assert set(small) == {"s", "h1", "h2", "h3", "x", "z"}
    assert small.has_edge("h1", "x") and small.nodes["z"]["cited_by_count"] == 50
    # one hop-1 slot: h1 and h2 are cited once each, h1 wins on id
    assert set(bounded_neighbourhood(g, ["s"], max_hop1=1)) == {"s", "h1", "x", "y"}


def test_bounded_neighbourhood_is_a_copy():
    g = nx.DiGraph([("s", "a")])
    sub = bounded_neighbourhood(g, ["s"])
    sub.add_edge("a", "b")
    assert "b" not in g

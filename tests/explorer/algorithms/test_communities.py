"""Exact results of community detection and labelling on hand-built graphs."""

import networkx as nx
import pytest

from explorer.algorithms.communities import (
    Partition,
    detect_communities,
    label_communities,
    partition_whole_graph,
)

TWO_TRIANGLES = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]
# 7 edges; each triangle side has 3 inner edges and total degree 7:
# Q = 2 * (3/7 - (7/14) ** 2) = 5/14
TWO_TRIANGLES_Q = 5 / 14


@pytest.mark.parametrize("algorithm", ["louvain", "leiden"])
def test_two_triangles_joined_by_one_edge(algorithm):
    p = detect_communities(nx.Graph(TWO_TRIANGLES), algorithm=algorithm)
    assert p.membership == {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert p.modularity == pytest.approx(TWO_TRIANGLES_Q)
    assert (p.resolution, p.seed, p.algorithm) == (1.0, 42, algorithm)


def test_leiden_view_uses_weights_and_is_reproducible():
    g = nx.Graph(TWO_TRIANGLES)
    g.add_edge(2, 3, weight=50.0)  # a heavy bridge pulls 2 and 3 together
    p = detect_communities(g, algorithm="leiden", seed=3)
    assert p.membership[2] == p.membership[3]
    assert p == detect_communities(g, algorithm="leiden", seed=3)
    with pytest.raises(ValueError, match="algorithm"):
        detect_communities(g, algorithm="girvan-newman")


def test_directed_and_reciprocal_edges_are_undirected():
    g = nx.DiGraph(TWO_TRIANGLES)
    g.add_edge(1, 0)  # reciprocal citation merges into the same undirected edge
    p = detect_communities(g, weight=None)
    assert p.communities == [[0, 1, 2], [3, 4, 5]]
    assert p.modularity == pytest.approx(TWO_TRIANGLES_Q)


def test_ids_by_decreasing_size_then_smallest_node():
    g = nx.Graph([(10, 11), (11, 12), (10, 12), (1, 2)])
    g.add_node(0)
    p = detect_communities(g)
    # size 2 community {1, 2} outranks the singleton {0} despite its larger smallest id
    assert p.membership == {10: 0, 11: 0, 12: 0, 1: 1, 2: 1, 0: 2}


def test_equal_sizes_ordered_by_smallest_node():
    g = nx.Graph([("b", "c"), ("a", "z")])
    assert detect_communities(g).membership == {"a": 0, "z": 0, "b": 1, "c": 1}


def test_empty_and_edgeless_graphs():
    assert detect_communities(nx.Graph()) == Partition({}, 0.0, 1.0, 42, "louvain")
    p = detect_communities(nx.empty_graph(["b", "a", "c"]))
    assert p.membership == {"a": 0, "b": 1, "c": 2}
    assert p.modularity == 0.0


def test_seeded_runs_are_reproducible():
    g = nx.planted_partition_graph(6, 15, 0.5, 0.05, seed=3)
    runs = [detect_communities(g, seed=7) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0].communities) >= 5


def test_reciprocal_weights_are_summed():
    g = nx.DiGraph(TWO_TRIANGLES)
    g.add_edge(1, 0)
    # the 0-1 edge now weighs 2: 8 in all, inner weights 4 and 3, degree sums 9 and 7
    expected = (4 / 8 - (9 / 16) ** 2) + (3 / 8 - (7 / 16) ** 2)
    assert detect_communities(g).modularity == pytest.approx(expected)


def test_higher_resolution_gives_smaller_communities():
    g = nx.Graph(TWO_TRIANGLES)
    p = detect_communities(g, resolution=100.0)
    assert len(p.communities) == 6
    assert p.resolution == 100.0


@pytest.mark.parametrize("algorithm", ["leiden", "louvain", "python-louvain"])
def test_whole_graph_two_triangles(algorithm):
    edges = [(f"p{u}", f"p{v}") for u, v in TWO_TRIANGLES] + [("p0", "p0"), ("p1", "p0")]
    p = partition_whole_graph(edges, algorithm=algorithm)
    assert p.communities == [["p0", "p1", "p2"], ["p3", "p4", "p5"]]
    assert p.modularity == pytest.approx(TWO_TRIANGLES_Q)
    assert p.algorithm == algorithm


def test_whole_graph_reproducible_and_leaves_global_random_alone():
    import random

    g = nx.planted_partition_graph(8, 20, 0.3, 0.02, seed=5)
    planted_q = nx.community.modularity(g, g.graph["partition"])
    random.seed(123)
    expected_next = random.random()
    random.seed(123)
    a = partition_whole_graph(g.edges(), seed=9)
    assert random.random() == expected_next
    b = partition_whole_graph(g.edges(), seed=9)
    assert a == b
    assert a.modularity >= planted_q
    assert len(a.communities) == 8


def test_whole_graph_rejects_unknown_algorithm():
    with pytest.raises(ValueError, match="algorithm"):
        partition_whole_graph([(1, 2)], algorithm="spectral")


def test_whole_graph_empty_and_loop_only():
    assert partition_whole_graph([]).membership == {}
    p = partition_whole_graph([(1, 1), (2, 2)])
    assert p.membership == {1: 0, 2: 1} and p.modularity == 0.0


def _view():
    g = nx.Graph()
    g.add_node("w1", type="Paper", title="Axion dark matter", topics=["Axions", "Dark matter"],
               cited_by_count=50)
    g.add_node("w2", type="Paper", title="Axion search", topics=["Axions"], cited_by_count=80)
    g.add_node("t1", type="Topic", name="Dark matter")
    g.add_node("t2", type="Topic", name="Dark matter")
    g.add_node("w3", type="Paper", title="Neutrino masses " * 6)
    g.add_node("w4", type="Paper", title="Other")
    g.add_node("a1", type="Person", name="Ada Lovelace")
    g.add_node("a2", type="Person", name="Bob")
    g.add_edges_from([("w1", "w2"), ("w1", "t1"), ("w2", "t2"), ("w3", "w4"), ("w3", "w1"),
                      ("a1", "a2")])
    return g


def test_labels_from_topics_title_and_names():
    membership = {"w1": 0, "w2": 0, "t1": 0, "t2": 0, "w3": 1, "w4": 1, "a1": 2, "a2": 2}
    labels = label_communities(_view(), membership)
    assert labels[0] == {"id": 0, "label": "Dark matter · Axions", "size": 4,
                         "top_topics": ["Dark matter", "Axions"], "top_paper": "w2"}
    # no topics: title of the most cited paper; no counts: degree decides (w3 has 2)
    assert labels[1]["top_paper"] == "w3"
    assert labels[1]["label"] == ("Neutrino masses " * 4).strip()[:59] + "…"
    assert len(labels[1]["label"]) == 60
    assert labels[2]["label"] == "Ada Lovelace" and labels[2]["top_paper"] is None


def test_label_top_option():
    membership = dict.fromkeys(_view(), 0)
    assert label_communities(_view(), membership, top=1)[0]["top_topics"] == ["Dark matter"]


def test_an_undirected_graph_is_copied_link_for_link_without_self_loops():
    from explorer.algorithms.communities import _undirected

    g = nx.Graph(TWO_TRIANGLES)
    g.add_edge(2, 3, weight=4)
    g.add_edge(5, 5, weight=9.0)  # a self-loop is left out
    g.add_node("alone")
    und = _undirected(g, "weight")
    assert list(und.nodes) == list(g.nodes)
    assert list(und.edges(data="weight")) == [
        (u, v, float(w)) for u, v, w in g.edges(data="weight", default=1.0) if u != v]
    assert all(w == 1.0 for _, _, w in _undirected(g, None).edges(data="weight"))
    reciprocal = nx.DiGraph([(0, 1), (1, 0)])
    assert list(_undirected(reciprocal, "weight").edges(data="weight")) == [(0, 1, 2.0)]


@pytest.mark.parametrize("weight", ["weight", None])
@pytest.mark.parametrize("directed", [False, True])
def test_leidens_modularity_is_networkx_modularity_of_its_partition(weight, directed):
    g = nx.karate_club_graph()
    if directed:
        g = nx.DiGraph(g)  # both directions of every link: merged, weights summed
    p = detect_communities(g, algorithm="leiden", weight=weight, seed=5, resolution=1.3)
    und = nx.Graph()
    und.add_nodes_from(g)
    for u, v, data in g.edges(data=True):
        w = float(data.get("weight", 1.0)) if weight else 1.0
        und.add_edge(u, v, weight=und[u][v]["weight"] + w if und.has_edge(u, v) else w)
    expected = nx.community.modularity(und, p.communities, weight="weight", resolution=1.3)
    assert len(p.communities) > 1
    assert p.modularity == pytest.approx(expected)

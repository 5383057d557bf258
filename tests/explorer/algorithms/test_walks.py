"""Random-walk and popularity signals (explorer.algorithms.walks)."""

import networkx as nx
import pytest

from explorer.algorithms.walks import local_pagerank, personalized_pagerank, popularity


def test_personalized_pagerank_matches_networkx(citations):
    sig = personalized_pagerank(citations, ["S", "A"])
    expected = nx.pagerank(citations.to_undirected(), alpha=0.85,
                           personalization={"S": 1, "A": 1}, tol=1e-10, max_iter=1000)
    assert set(sig.scores) == set(citations) - {"S", "A"}
    for node, value in sig.scores.items():
        assert value == pytest.approx(expected[node], abs=1e-6)


def test_personalized_pagerank_unreachable_and_missing_seeds():
    g = nx.DiGraph([("s", "a"), ("x", "y")])
    assert set(personalized_pagerank(g, ["s"]).scores) == {"a"}
    assert personalized_pagerank(g, ["nope"]).scores == {}


def test_popularity_prefers_attribute_over_in_degree(citations):
    citations.nodes["E"]["cited_by_count"] = 99
    scores = popularity(citations, ["S"]).scores
    assert scores["E"] == 99.0 and scores["R1"] == 2.0 and "S" not in scores


def test_local_pagerank_is_alpha_half(citations):
    assert local_pagerank(citations, ["S"]).scores == personalized_pagerank(
        citations, ["S"], alpha=0.5).scores

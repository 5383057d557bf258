"""Suggestion signals, their combination and explanations on hand-built graphs."""

import math

import networkx as nx
import pytest

from explorer.algorithms import ranking
from explorer.algorithms.ranking import (
    DEFAULT_WEIGHTS,
    Suggestion,
    adamic_adar,
    bibliographic_coupling,
    bounded_neighbourhood,
    co_citation,
    combine,
    direct_citation,
    explain,
    personalized_pagerank,
    popularity,
    suggest,
)


@pytest.fixture
def citations():
    """S is the seed. S cites R1..R3; A cites R1, R2 (coupling 2); B cites R3;
    P1 and P2 cite S and C (co-cited twice), P2 also cites D; S cites E and
    F cites S (direct)."""
    return nx.DiGraph([
        ("S", "R1"), ("S", "R2"), ("S", "R3"), ("S", "E"),
        ("A", "R1"), ("A", "R2"), ("B", "R3"),
        ("P1", "S"), ("P1", "C"), ("P2", "S"), ("P2", "C"), ("P2", "D"),
        ("F", "S"),
    ])


def test_bibliographic_coupling_counts_and_evidence(citations):
    sig = bibliographic_coupling(citations, ["S"])
    assert sig.scores == {"A": 2.0, "B": 1.0}
    assert sig.evidence == {"A": ("R1", "R2"), "B": ("R3",)}


def test_coupling_sums_over_seeds_and_never_scores_seeds(citations):
    sig = bibliographic_coupling(citations, ["S", "A"])
    # B shares R3 with S; S and A are seeds, so not candidates
    assert sig.scores == {"B": 1.0}
    citations.add_edge("B", "R1")
    sig = bibliographic_coupling(citations, ["S", "A"])
    assert sig.scores == {"B": 3.0}  # R1, R3 with S and R1 with A
    assert sig.evidence["B"] == ("R1", "R3")


def test_co_citation_counts_and_evidence(citations):
    sig = co_citation(citations, ["S"])
    assert sig.scores == {"C": 2.0, "D": 1.0}
    assert sig.evidence["C"] == ("P1", "P2")
    assert sig.evidence["D"] == ("P2",)


def test_direct_citation_both_directions(citations):
    sig = direct_citation(citations, ["S"])
    assert sig.scores == {"R1": 1.0, "R2": 1.0, "R3": 1.0, "E": 1.0,
                          "P1": 1.0, "P2": 1.0, "F": 1.0}
    assert sig.evidence["E"] == (("cited_by", "S"),)
    assert sig.evidence["F"] == (("cites", "S"),)


def test_adamic_adar_matches_networkx(citations):
    sig = adamic_adar(citations, ["S"])
    und = citations.to_undirected()
    expected = {v: p for _, v, p in nx.adamic_adar_index(und, [("S", n) for n in und if n != "S"])
                if p > 0}
    assert sig.scores.keys() == expected.keys()
    for node, value in expected.items():
        assert sig.scores[node] == pytest.approx(value)
    assert sig.evidence["C"] == ("P1", "P2")
    assert sig.scores["A"] == pytest.approx(2 / math.log(2))


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


def test_combine_max_normalised_weighted_sum():
    ranked = combine({"x": {"a": 4.0, "b": 2.0}, "y": {"b": 10.0, "c": 5.0}},
                     {"x": 1.0, "y": 2.0}, exclude=["c"])
    assert ranked == [("b", 2.5), ("a", 1.0)]
    # zero and missing weights ignore a signal; ties broken by id
    assert combine({"x": {"b": 1.0, "a": 1.0}, "y": {"z": 1.0}}, {"x": 1.0}) == [
        ("a", 1.0), ("b", 1.0)]


def test_suggest_excludes_only_seeds_and_exclude(citations):
    ids = [s.id for s in suggest(citations, ["S"], k=50)]
    assert "S" not in ids
    assert {"R1", "R2", "R3", "E"} <= set(ids)  # papers the seed cites stay candidates
    ids = [s.id for s in suggest(citations, ["S"], k=50, exclude=["R1"])]
    assert "R1" not in ids


def test_suggest_carries_signals_and_evidence(citations):
    by_id = {s.id: s for s in suggest(citations, ["S"], k=50)}
    assert by_id["A"].signals["coupling"] == 2.0
    assert by_id["A"].evidence["coupling"] == ("R1", "R2")
    assert by_id["C"].evidence["cocitation"] == ("P1", "P2")
    scores = [s.score for s in by_id.values()]
    assert scores == sorted(scores, reverse=True)


def test_suggest_is_deterministic_and_respects_k(citations):
    a = suggest(citations, ["S"], k=3)
    assert len(a) == 3
    assert a == suggest(citations, ["S"], k=3)
    assert suggest(citations, ["missing"]) == []


def test_suggest_weights_change_the_order(citations):
    only_coupling = suggest(citations, ["S"], k=1, weights={"coupling": 1.0})
    only_cocitation = suggest(citations, ["S"], k=1, weights={"cocitation": 1.0})
    assert only_coupling[0].id == "A" and only_cocitation[0].id == "C"


def test_default_weights_name_known_signals():
    assert set(DEFAULT_WEIGHTS) <= set(ranking.SIGNALS)
    assert all(w >= 0 for w in DEFAULT_WEIGHTS.values())


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


def test_explain_sentences():
    titles = {"R1": "Alpha", "R2": "Beta", "R3": "Gamma", "R4": "Delta", "P1": "Citer one"}
    s = Suggestion("X", 1.0, {"coupling": 4.0, "cocitation": 1.0, "direct": 2.0},
                   {"coupling": ("R1", "R2", "R3", "R4"), "cocitation": ("P1",),
                    "direct": (("cited_by", "S1"), ("cited_by", "S2"))})
    assert explain(s, titles) == [
        "is cited by 2 of these papers: S1; S2",
        "shares 4 references with this paper: Alpha; Beta; Gamma and 1 more",
        "cited together once by: Citer one",
    ]
    assert explain(s, titles, max_named=1)[1] == (
        "shares 4 references with this paper: Alpha and 3 more")


def test_explain_direct_and_fallbacks():
    s = Suggestion("X", 1.0, {"direct": 1.0}, {"direct": (("cites", "S"),)})
    assert explain(s, {}) == ["cites this paper"]
    s = Suggestion("X", 1.0, {"cocitation": 4.0}, {"cocitation": ("D", "E")})
    assert explain(s, {"D": "Dee"}) == ["cited together 4 times by: Dee; E"]
    s = Suggestion("X", 0.1, {"ppr": 0.01}, {})
    assert explain(s, {}) == ["close in the citation network (random walk from this paper)"]


def test_co_citation_cosine_divides_by_citation_counts(citations):
    from explorer.algorithms.ranking import co_citation_cosine

    citations.add_edge("F", "D")  # D now cited twice (P2, F), C twice (P1, P2); S cited 3 times
    sig = co_citation_cosine(citations, ["S"])
    assert sig.scores["C"] == pytest.approx(2 / math.sqrt(3 * 2))
    assert sig.scores["D"] == pytest.approx(2 / math.sqrt(3 * 2))
    citations.add_edge("Q", "C")  # a third, unrelated citation of C lowers its score
    assert co_citation_cosine(citations, ["S"]).scores["C"] == pytest.approx(2 / 3)
    assert sig.evidence["D"] == ("F", "P2")


def test_seed_coverage_counts_seeds_within_two_steps(citations):
    from explorer.algorithms.ranking import seed_coverage

    sig = seed_coverage(citations, ["S", "B"])
    assert sig.scores["R3"] == 2.0 and sig.evidence["R3"] == ("B", "S")
    assert sig.scores["C"] == 1.0  # two steps from S through P1, far from B
    assert "S" not in sig.scores and "B" not in sig.scores
    assert "A" in sig.scores and sig.evidence["A"] == ("S",)


def test_local_pagerank_is_alpha_half(citations):
    from explorer.algorithms.ranking import local_pagerank

    assert local_pagerank(citations, ["S"]).scores == personalized_pagerank(
        citations, ["S"], alpha=0.5).scores


def test_explain_coverage_and_cosine_only():
    s = Suggestion("X", 1.0, {"cocitation_cosine": 0.4, "seed_coverage": 2.0},
                   {"cocitation_cosine": ("P1", "P2"), "seed_coverage": ("S1", "S2")})
    assert explain(s, {"S1": "One"}) == [
        "cited together 2 times by: P1; P2",
        "within two citation steps of 2 of these papers: One; S2",
    ]

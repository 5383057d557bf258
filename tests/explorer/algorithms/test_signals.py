"""Citation signals (explorer.algorithms.signals) on the hand-built graph of conftest.py."""

import math

import networkx as nx
import pytest

from explorer.algorithms.signals import (
    adamic_adar,
    bibliographic_coupling,
    co_citation,
    co_citation_cosine,
    direct_citation,
    seed_coverage,
)


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


def test_co_citation_cosine_divides_by_citation_counts(citations):
    citations.add_edge("F", "D")  # D now cited twice (P2, F), C twice (P1, P2); S cited 3 times
    sig = co_citation_cosine(citations, ["S"])
    assert sig.scores["C"] == pytest.approx(2 / math.sqrt(3 * 2))
    assert sig.scores["D"] == pytest.approx(2 / math.sqrt(3 * 2))
    citations.add_edge("Q", "C")  # a third, unrelated citation of C lowers its score
    assert co_citation_cosine(citations, ["S"]).scores["C"] == pytest.approx(2 / 3)
    assert sig.evidence["D"] == ("F", "P2")


def test_seed_coverage_counts_seeds_within_two_steps(citations):
    sig = seed_coverage(citations, ["S", "B"])
    assert sig.scores["R3"] == 2.0 and sig.evidence["R3"] == ("B", "S")
    assert sig.scores["C"] == 1.0  # two steps from S through P1, far from B
    assert "S" not in sig.scores and "B" not in sig.scores
    assert "A" in sig.scores and sig.evidence["A"] == ("S",)

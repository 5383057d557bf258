"""Signals combined into one ranking, and explained (explorer.algorithms.ranking)."""

from explorer.algorithms import ranking
from explorer.algorithms.ranking import (
    DEFAULT_WEIGHTS,
    Suggestion,
    combine,
    explain,
    suggest,
)


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


def test_explain_coverage_and_cosine_only():
    s = Suggestion("X", 1.0, {"cocitation_cosine": 0.4, "seed_coverage": 2.0},
                   {"cocitation_cosine": ("P1", "P2"), "seed_coverage": ("S1", "S2")})
    assert explain(s, {"S1": "One"}) == [
        "cited together 2 times by: P1; P2",
        "within two citation steps of 2 of these papers: One; S2",
    ]


def test_default_weights_are_the_tuned_ones_in_the_summing_order():
    # the tuned values (docs/BENCHMARKS.md); their order is the order signals are
    # summed in, which keeps every score the same to the last bit
    assert list(DEFAULT_WEIGHTS.items()) == [
        ("ppr", 1.0), ("cocitation_cosine", 1.0), ("seed_coverage", 1.0),
        ("cocitation", 0.75), ("direct", 0.75), ("ppr_local", 0.75),
        ("adamic_adar", 0.35), ("coupling", 0.1), ("popularity", 0.0)]
    assert list(ranking.SIGNALS) == list(DEFAULT_WEIGHTS)


def test_compute_signals_all_by_default_or_the_named_ones(citations):
    assert list(ranking.compute_signals(citations, ["S"])) == list(ranking.SIGNALS)
    only = ranking.compute_signals(citations, ["S"], ["coupling"])
    assert list(only) == ["coupling"] and only["coupling"].scores == {"A": 2.0, "B": 1.0}


def test_explain_random_walk_only_when_nothing_else_is_said():
    walk = "close in the citation network (random walk from this paper)"
    assert explain(Suggestion("X", 0.1, {"ppr": 0.01, "ppr_local": 0.02}, {}), {}) == [walk]
    assert explain(Suggestion("X", 0.1, {"ppr_local": 0.02}, {}), {}) == [walk]
    s = Suggestion("X", 0.1, {"ppr": 0.01, "direct": 1.0}, {"direct": (("cites", "S"),)})
    assert explain(s, {}) == ["cites this paper"]


def test_explain_adamic_adar_only_without_shared_references_or_co_citations():
    s = Suggestion("X", 1.0, {"adamic_adar": 1.2}, {"adamic_adar": ("Z",)})
    assert explain(s, {"Z": "Zed"}) == ["1 common citation neighbour: Zed"]
    s = Suggestion("X", 1.0, {"adamic_adar": 1.2, "coupling": 1.0},
                   {"adamic_adar": ("Z",), "coupling": ("Z",)})
    assert explain(s, {"Z": "Zed"}) == ["shares 1 reference with this paper: Zed"]


def test_explain_server_signals_after_the_citation_ones():
    s = Suggestion("X", 1.0, {"topics": 2.0, "authors": 1.0, "related": 1.0, "direct": 1.0},
                   {"topics": ("Optics", "Lasers"), "authors": ("Ada",),
                    "direct": (("cited_by", "S"),)})
    assert explain(s, {}) == ["is cited by this paper", "shares 1 author with this paper: Ada",
                              "shares 2 topics: Optics; Lasers",
                              "listed as related work by the source"]

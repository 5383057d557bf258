"""The registry of suggestion signals: every signal weighed and explained by its evidence."""

import networkx as nx
import pytest

from explorer.algorithms import signal_registry
from explorer.algorithms.signal_registry import Reasons, SuggestionSignal, explain, register
from explorer.algorithms.signals import Signal

# For each registered signal: evidence as its computation gives it, and the words
# its sentence must contain (the evidence named, or the count). A new signal fails
# here until its sample is added.
SAMPLES = {
    "ppr": ((), "random walk"),
    "cocitation_cosine": (("P1", "P2"), "Paper P1; Paper P2"),
    "seed_coverage": (("S1", "S2"), "Paper S1; Paper S2"),
    "cocitation": (("P1",), "Paper P1"),
    "direct": ((("cites", "S1"), ("cites", "S2")), "Paper S1; Paper S2"),
    "ppr_local": ((), "random walk"),
    "adamic_adar": (("Z1",), "Paper Z1"),
    "coupling": (("R1", "R2"), "Paper R1; Paper R2"),
    "popularity": ((), "cited 2 times"),
    "authors": (("Ada Lovelace",), "Ada Lovelace"),
    "topics": (("Optics", "Lasers"), "Optics; Lasers"),
    "institutions": (("CERN",), "CERN"),
    "index": (("S1", "S2"), "related to 2 of the seed papers: Paper S1; Paper S2"),
    "related": ((), "related work"),
}
TITLES = {i: f"Paper {i}" for i in ("P1", "P2", "S1", "S2", "Z1", "R1", "R2")}


def test_every_signal_is_sampled_here():
    assert set(SAMPLES) == {s.name for s in signal_registry.signals()}


@pytest.mark.parametrize("signal", signal_registry.signals(), ids=lambda s: s.name)
def test_every_signal_has_a_weight_and_explains_its_evidence(signal):
    assert isinstance(signal.default_weight, float) and signal.default_weight >= 0
    evidence, words = SAMPLES[signal.name]
    reasons = Reasons({signal.name: 2.0}, {signal.name: evidence} if evidence else {}, TITLES)
    sentences = signal.explain(reasons)
    assert len(sentences) >= 1 and all(isinstance(s, str) and s for s in sentences)
    assert words in " ".join(sentences)
    # no value, no evidence: nothing to say
    assert signal.explain(Reasons({}, {}, TITLES)) == []


@pytest.mark.parametrize("signal", [s for s in signal_registry.signals() if s.compute],
                         ids=lambda s: s.name)
def test_citation_signals_compute_a_signal_without_the_seeds(signal):
    graph = nx.DiGraph([("s", "r1"), ("c", "r1"), ("p", "s"), ("p", "c")])
    result = signal.compute(graph, ["s"])
    assert isinstance(result, Signal) and "s" not in result.scores
    assert set(result.evidence) <= set(result.scores)


def test_server_signals_name_their_statement():
    server = signal_registry.server_signals()
    assert [s.name for s in server] == ["authors", "topics", "institutions", "index",
                                          "related"]
    assert all(s.statement.startswith("read/") and s.compute is None for s in server)
    assert not set(signal_registry.citation_signals()) & {s.name for s in server}


def test_default_weights_all_or_citation_only():
    weights = signal_registry.default_weights()
    assert list(weights) == [s.name for s in signal_registry.signals()]
    assert weights["authors"] == 0.15 and weights["related"] == 0.10
    assert weights["index"] == 0.5
    assert list(signal_registry.default_weights(citation_only=True)) == list(
        signal_registry.citation_signals())


def test_register_refuses_a_second_name_and_a_signal_without_computation():
    ppr = signal_registry.signals()[0]
    with pytest.raises(ValueError, match="twice"):
        register(ppr)
    with pytest.raises(ValueError, match="compute function or a statement"):
        register(SuggestionSignal(name="nothing", default_weight=1.0,
                                  explain=lambda r: [], sentence_rank=1))
    with pytest.raises(ValueError, match="negative"):
        register(SuggestionSignal(name="negative", statement="read/x", default_weight=-1.0,
                                  explain=lambda r: [], sentence_rank=1))
    assert "nothing" not in signal_registry.default_weights()


def test_sentences_follow_their_rank_and_fallbacks_wait():
    reasons = Reasons({"ppr": 0.1, "coupling": 1.0, "direct": 1.0, "authors": 1.0},
                      {"coupling": ("R1",), "direct": (("cites", "S1"),), "authors": ("Ada",)},
                      TITLES)
    assert explain(reasons) == ["cites this paper", "shares 1 reference with this paper: Paper R1",
                                "shares 1 author with this paper: Ada"]
    assert explain(Reasons({"ppr": 0.1, "authors": 1.0}, {"authors": ("Ada",)}, TITLES)) == [
        "close in the citation network (random walk from this paper)",
        "shares 1 author with this paper: Ada"]


def test_named_counts_papers_known_only_as_references():
    assert signal_registry.named(["a", "b"], {"a": "Alpha", "b": ""}, 3) == (
        "Alpha and 1 more (1 not loaded yet)")
    assert signal_registry.named(["a", "b", "c"], {}, 2) == "a; b and 1 more"

"""Paper suggestions on a graph stand-in: citation and server signals ranked and explained
from the registry, without a database (the real graph: tests/explorer/views/test_service.py)."""

from __future__ import annotations

import pytest

from cypher.access.errors import InputError
from explorer.algorithms import signal_registry
from explorer.views.suggestions import paper_suggestions, suggestions

# s cites r1, r2; c1 cites r1, r2 (coupling 2); p1, p2 cite s and k (co-cited twice)
CITES = [("s", "r1"), ("s", "r2"), ("c1", "r1"), ("c1", "r2"), ("p1", "s"), ("p1", "k"),
         ("p2", "s"), ("p2", "k")]
TITLES = {"s": "Seed", "r1": "Ref one", "r2": "Ref two", "c1": "Coupled", "k": "Co-cited",
          "p1": "Citer one", "p2": "Citer two"}
SERVER_ROWS = {
    "read/shared_authors": [{"id": "c1", "shared": 1, "evidence": ["Ada Example"]}],
    "read/shared_topics": [{"id": "k", "shared": 2, "evidence": ["Optics", "Lasers"]},
                           {"id": "x", "shared": 1, "evidence": ["Optics"]}],
    "read/shared_institutions": [],
    "read/related_links": [{"id": "k", "shared": 1}],
    "read/index_scores": [{"id": "k", "shared": 1.5, "evidence": ["s"]}],
}


class StandIn:
    """Answers the named reads suggestions make, and notes them."""

    def __init__(self):
        self.asked: list[str] = []

    def read_values(self, name, ids, per_node):
        self.asked.append(name)
        assert name == "read/citation_edges_around"
        return [{"src": a, "dst": b} for a, b in CITES if a in ids or b in ids]

    def read(self, name, **params):
        self.asked.append(name)
        if name in ("read/paper_titles", "read/paper_cards"):
            return [{"id": i, "title": TITLES.get(i), "year": 2020, "stub": i not in TITLES}
                    for i in params["ids"]]
        return SERVER_ROWS[name]

    def read_records(self, name, id):  # noqa: A002 - the statement's parameter
        if id == "A1":
            return [{"node": {"id": id}, "labels": ["Person"]}]
        return [{"node": {"id": id}, "labels": ["Paper"]}] if id in TITLES else []


def test_citation_and_server_signals_are_ranked_and_explained():
    graph = StandIn()
    result = paper_suggestions(graph, ["s"], k=20)
    by_id = {item["id"]: item for item in result["suggestions"]}
    assert result["weights"] == signal_registry.default_weights()
    assert by_id["c1"]["signals"]["coupling"] == 2.0 and by_id["c1"]["signals"]["authors"] == 1.0
    assert by_id["c1"]["explanation"] == [
        "shares 2 references with this paper: Ref one; Ref two",
        "shares 1 author with this paper: Ada Example"]
    assert by_id["k"]["explanation"][-2:] == ["shares 2 topics: Optics; Lasers",
                                             "listed as related work by the source"]
    assert by_id["k"]["signals"]["index"] == 1.5
    assert by_id["k"]["explanation"][:2] == [
        "among the papers most related to 1 of the seed papers: Seed",
        "cited together 2 times by: Citer one; Citer two"]
    # a paper known only by id is evidence, never a suggestion: it is counted instead
    assert "x" not in by_id and result["left_out_stubs"] >= 1
    assert not [item for item in result["suggestions"] if item["stub"]]
    assert "s" not in by_id
    server_reads = [s.statement for s in signal_registry.server_signals()]
    assert [n for n in graph.asked if n in server_reads] == server_reads


def test_weights_can_be_changed_per_call():
    only_topics = paper_suggestions(StandIn(), ["s"], k=1,
                                    weights={name: 0.0 for name in
                                             signal_registry.default_weights()} | {"topics": 1.0})
    assert [item["id"] for item in only_topics["suggestions"]] == ["k"]


@pytest.mark.parametrize(("ids", "k", "message"), [
    ([], 5, "give at least one id"), (["s"], 0, "k must be between 1 and 200"),
    (["s"], 201, "k must be between 1 and 200"),
    (["s", "A1"], 5, "several seeds must all be papers")])
def test_unusable_requests_are_input_errors(ids, k, message):
    with pytest.raises(InputError, match=message):
        suggestions(StandIn(), ids, k=k)

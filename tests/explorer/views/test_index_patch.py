"""explorer.views.index_patch: the neighbours' stored lists patched with the new papers."""

from __future__ import annotations

import pytest

from explorer.views import index_patch, related_index
from loaders.writer import GraphWriter
from tests.explorer.views.test_related_index import FIELD, _links, paper


def _offer(src: str, dst: str, score: float) -> dict:
    return {"src": src, "dst": dst, "score": score, "cites": -1}


def test_a_list_keeps_its_k_best_and_an_offer_replaces_the_same_pair():
    current = {"x": [("a", 3.0), ("b", 1.0), ("c", 1.0)], "y": [("a", 0.5)]}
    deletions, creations = index_patch.plan(current, [
        _offer("x", "n", 2.0), _offer("x", "m", 0.1), _offer("y", "a", 0.9),
        _offer("y", "n", 0.2), _offer("y", "n", 0.4), _offer("z", "n", 1.0)], k=3)
    assert {(d["src"], d["dst"]) for d in deletions} == {("x", "c"), ("y", "a")}
    assert sorted((c["src"], c["dst"], c["score"]) for c in creations) == [
        ("x", "n", 2.0), ("y", "a", 0.9), ("y", "n", 0.4), ("z", "n", 1.0)]


def test_mirrored_rows_reverse_the_citation_only():
    row = {"src": "n", "dst": "x", "score": 1.0, "cocited": 2, "coupled": 3, "cites": 2,
           "text": 0.5, "shared": "knee"}
    assert index_patch.mirrored(row) == {**row, "src": "x", "dst": "n"}
    assert index_patch.mirrored({**row, "cites": -1})["cites"] == 1


@pytest.mark.server
def test_a_new_paper_enters_the_lists_of_the_papers_it_cites(empty_graph):
    GraphWriter(empty_graph).write(FIELD)
    related_index.build(empty_graph, k=5)
    before = _links(empty_graph)
    stats = GraphWriter(empty_graph).write([paper("f", "Knee cartilage microfracture", 2012,
                                                  ["a", "b"])])
    run = related_index.after_load(empty_graph, stats)
    after = _links(empty_graph)
    assert run["papers"] == 1 and run["patched"] == 2
    for cited in ("a", "b"):
        assert after[cited]["f"]["cites"] == -1  # f cites it: seen from its side
        assert after[cited]["f"]["score"] == after["f"][cited]["score"]
        assert set(after[cited]) - {"f"} == set(before[cited])  # room left: nothing lost
        assert len(after[cited]) <= 5
    assert after.get("e") == before.get("e")  # outside the region: untouched

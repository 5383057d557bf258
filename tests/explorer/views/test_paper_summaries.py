"""What the loads keep on each paper, filled in on a graph loaded before they kept it:
``ref_ids`` from the paper's citations (and read back by the index's reads), authors'
summary (also through ``explorer index``: test_related_index)."""

from __future__ import annotations

import pytest

from explorer.views import paper_summaries
from loaders.records import CitationRecord, PaperRecord
from loaders.writer import GraphWriter


def _kept(graph) -> dict:
    return {r["id"]: (sorted(r["kept"]) if r["kept"] is not None else None, sorted(r["links"]))
            for r in graph.run_text("MATCH (p:Paper) RETURN p.id AS id, p.ref_ids AS kept, "
                                    "[(p)-[:CITES]->(q:Paper) | q.id] AS links").records}


@pytest.mark.server
def test_references_kept_on_papers_loaded_before_are_filled_in_once(empty_graph):
    """Papers whose citations came before ``ref_ids`` was kept (here: removed) are
    read by their links until filled in; then every citing paper keeps exactly the
    papers it cites, papers citing nothing keep none, and a second call does nothing."""
    GraphWriter(empty_graph).write([
        PaperRecord(id="W1", source="s", title="One", references=("W2", "W3")),
        PaperRecord(id="W2", source="s", title="Two", references=("W3",)),
        CitationRecord("W9", "W1")])
    expected = _kept(empty_graph)
    assert expected["W1"] == (["W2", "W3"],) * 2 and expected["W9"] == (["W1"],) * 2
    empty_graph.run_text("MATCH (p:Paper) REMOVE p.ref_ids")
    read = {r["id"]: sorted(r["refs"]) for r in empty_graph.read_table(
        "read/index_region_refs", ids=["W1", "W3", "W9"])}
    assert read == {"W1": ["W2", "W3"], "W3": [], "W9": ["W1"]}  # by their links
    assert paper_summaries.summarize_refs(empty_graph) == 3  # W1, W2, W9
    assert _kept(empty_graph) == expected
    assert expected["W3"] == (None, [])
    assert paper_summaries.summarize_refs(empty_graph) == 0

"""The related-work links of a first load into the empty local graph written by a
process of their own (:mod:`loaders.bulk_local_links`), as a large first load writes
them: the same links and lists as the import's child writes for a small one, and a
failure on either side leaves the graph imported with the links written so far."""

from __future__ import annotations

import pytest

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from explorer.views.field_arrays import from_bulk
from explorer.views.whole_index import WholeIndex
from loaders import bulk_local, bulk_local_links, pipeline
from loaders.bulk import BulkGraph
from tests.loaders.test_bulk import NELSON, _nelson_pages
from tests.loaders.test_bulk_local import _home, _lists, _related

pytestmark = [pytest.mark.server, pytest.mark.arcadedb_only(
    "writes the local server's database files; Neo4j's bulk path is test_bulk.py"),
    pytest.mark.skipif(not NELSON.is_file(), reason=f"real data not found at {NELSON}")]


def _bulk(tmp_path) -> BulkGraph:
    planned, _ = pipeline.plan_usable([str(_nelson_pages(tmp_path))])
    bulk = BulkGraph()
    bulk.add(pipeline.iter_records(planned))
    bulk.finish()
    return bulk


def _imported(tmp_path, name: str, bulk: BulkGraph, links) -> tuple[dict, list, dict, dict]:
    """Import ``bulk`` with ``links`` into a server of its own: the counts it returns,
    the links and lists in the graph, and the graph's relationship counts."""
    settings = _home(tmp_path, name)
    try:
        counts = bulk_local.import_first_load(settings, bulk, links=links)
        graph = connect(settings, autostart=False)
        try:
            return counts, _related(graph), _lists(graph), graph.counts()["relationships"]
        finally:
            graph.close()
    finally:
        localserver.stop(settings)


def test_links_written_apart_are_the_links_written_with_the_graph(tmp_path, monkeypatch):
    bulk = _bulk(tmp_path)
    together = _imported(tmp_path, "together", bulk, WholeIndex(from_bulk(bulk), k=5).chunks)
    monkeypatch.setattr(bulk_local_links, "APART_FROM", 1)  # every graph is large
    apart = _imported(tmp_path, "apart", bulk, WholeIndex(from_bulk(bulk), k=5).chunks)

    assert together[1] and len(together[1]) == together[0]["RELATED"] > 75
    assert apart[0] == together[0]  # the same counts, the links' number among them
    assert apart[1] == together[1]  # every link with its evidence
    assert apart[2] == together[2] and len(apart[2]) >= 75  # every paper's list node
    assert apart[3] == together[3]  # and nothing else differs in number


def test_links_that_fail_apart_leave_the_graph_with_those_written(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_local_links, "APART_FROM", 1)
    bulk = _bulk(tmp_path)
    links = next(WholeIndex(from_bulk(bulk), k=5).chunks())  # one chunk: 75 papers
    half = sorted({link[0] for link in links})[:30]
    first = [link for link in links if link[0] in half]  # a chunk holds whole papers
    second = [link for link in links if link[0] not in half]

    def scoring_breaks():
        yield first
        raise ValueError("the scoring broke")

    with pytest.raises(bulk_local.LinksFailed, match="ValueError: the scoring broke") as failed:
        _imported(tmp_path, "scoring", bulk, scoring_breaks)
    assert failed.value.counts["RELATED"] == len(first) > 0
    assert failed.value.counts["Paper"] == bulk.counts()[0]["Paper"]

    def unknown_paper():  # the writing child cannot place a link: it stops there
        yield first
        yield [(second[0][0], "W-not-in-this-graph", *second[0][2:])]
        yield second

    with pytest.raises(bulk_local.LinksFailed, match="writing them stopped") as failed:
        _imported(tmp_path, "writing", bulk, unknown_paper)
    assert "RELATED" not in failed.value.counts  # the child's count never came back
    settings = _home(tmp_path, "writing")  # the graph was swapped in all the same
    try:
        graph = connect(settings)
        try:
            counts = graph.counts()
            assert counts["labels"]["Paper"] == bulk.counts()[0]["Paper"]
            assert counts["relationships"]["CITES"] == bulk.counts()[1]["CITES"]
            assert counts["relationships"].get("RELATED", 0) <= len(first)
        finally:
            graph.close()
    finally:
        localserver.stop(settings)

"""The related-work links of a first load into the empty local graph
(:mod:`loaders.bulk_local_links`): shaped by the scoring processes as the batch API
takes them, they give the graph the same links and lists as links handed over as
tuples."""

from __future__ import annotations

import pytest

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from explorer.algorithms import forked
from explorer.views import whole_index
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


def test_links_shaped_by_the_scoring_processes_are_the_links_given(tmp_path, monkeypatch):
    """A first load's links come shaped by the forked scoring processes; links given
    as tuples are shaped by the import itself: the same links and lists either way."""
    bulk = _bulk(tmp_path)
    tuples = [link for chunk in WholeIndex(from_bulk(bulk), k=5).chunks() for link in chunk]

    def as_tuples(shape_from):
        yield tuples

    given = _imported(tmp_path, "tuples", bulk, as_tuples)
    monkeypatch.setattr(forked, "FORK_FROM", 1)  # scored (and shaped) in two processes
    monkeypatch.setattr(whole_index, "scoring_workers", lambda: 2)
    whole = WholeIndex(from_bulk(bulk), k=5)
    shaped = _imported(tmp_path, "shaped", bulk, whole.chunks)

    assert given[1] == sorted(tuples) and len(tuples) > 75  # every link, its evidence
    assert whole.links == len(tuples) == shaped[0]["RELATED"] == given[0]["RELATED"]
    assert shaped[0] == given[0]  # the same counts
    assert shaped[1] == given[1]  # the same links with the same evidence
    assert shaped[2] == given[2] and len(given[2]) == len({link[0] for link in tuples})
    assert shaped[3] == given[3]


def test_a_chunk_is_shaped_as_the_batch_api_reads_it():
    """The scoring processes shape each chunk: the links as JSON objects by record id,
    with their evidence, and one list node a paper, its links best first."""
    import json

    from loaders.related_lists import read_links

    chunk = [("W1", "W2", 0.5, 3, 1, 0, 0.25, 'knee, "cartilage"'),
             ("W1", "W3", 0.25, 0, 2, 1, 0.0, ""), ("W2", "W1", 0.5, 3, 1, 0, 0.25, "knee")]
    shape = bulk_local_links.shaper({"W1": "#1:0", "W2": "#1:1", "W3": "#4:7"})
    shaped = shape(chunk)
    assert (shaped.links, shaped.last) == (3, "W2")
    edges = json.loads(shaped.edges)
    assert [(e["_src"], e["_dst"]) for e in edges] == [("#1:0", "#1:1"), ("#1:0", "#4:7"),
                                                       ("#1:1", "#1:0")]
    assert edges[0] == {"_src": "#1:0", "_dst": "#1:1", "score": 0.5, "cocited": 3,
                        "coupled": 1, "cites": 0, "text": 0.25,
                        "shared": 'knee, "cartilage"'}
    lists = json.loads(shaped.lists)
    assert [row["id"] for row in lists] == ["W1", "W2"]
    assert read_links(lists[0]["links"]) == [["W2", 0.5, 3, 1, 0, 'knee, "cartilage"'],
                                             ["W3", 0.25, 0, 2, 1, ""]]
    with pytest.raises(KeyError):  # a paper without a record: never a link to nowhere
        shape([("W1", "W9", 0.1, 1, 0, 0, 0.0, "")])

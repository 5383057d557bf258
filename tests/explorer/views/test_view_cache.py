"""explorer.views.cache: cached views and how often the graph's version token is read."""

from __future__ import annotations

import pytest

from explorer.views.cache import ViewCache
from explorer.views.provenance import RecordingGraph

pytestmark = pytest.mark.server


def token_reads(graph: RecordingGraph) -> int:
    return sum(1 for s in graph.statements if s["name"] == "read/graph_version")


def test_the_token_is_read_once_a_second_unless_this_process_changed_the_graph(empty_graph):
    graph = RecordingGraph(empty_graph)
    cache = ViewCache(8, version_every=3600)
    computed = []
    assert cache.get(graph, "a", lambda: computed.append(1) or "view") == "view"
    assert cache.get(graph, "a", lambda: computed.append(1) or "other") == "view"
    assert token_reads(graph) == 1 and computed == [1]
    empty_graph.mark_changed()  # a change made through this connection: read again at once
    assert cache.get(graph, "a", lambda: "new view") == "new view"
    assert token_reads(graph) == 2


def test_without_the_window_every_request_reads_the_token(empty_graph):
    graph = RecordingGraph(empty_graph)
    cache = ViewCache(8, version_every=0)
    for _ in range(3):
        cache.get(graph, "a", lambda: "view")
    assert token_reads(graph) == 3
    assert cache.stats() == {"hits": 2, "misses": 1, "entries": 1}

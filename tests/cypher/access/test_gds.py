"""Whole-graph runs inside Neo4j (:mod:`cypher.access.gds`): whether GDS can run a
partition here, asked of the backend, and why not. The runs themselves are in
tests/explorer/views/test_whole_graph.py."""

from __future__ import annotations

import pytest

from cypher.access import gds

pytestmark = pytest.mark.server


def test_an_unknown_algorithm_is_named(graph):
    assert gds.unsupported_reason(graph, "spectral", 1.0) == "unknown algorithm 'spectral'"


@pytest.mark.arcadedb_only("the local server has no GDS")
def test_the_local_server_has_no_gds_and_says_why(graph):
    assert gds.gds_version(graph) is None
    reason = gds.unsupported_reason(graph, "leiden", 1.0)
    assert reason == graph.backend.no_gds and "not Neo4j" in reason
    with pytest.raises(gds.GdsUnavailable, match="Graph Data Science"):
        gds.run_in_gds(graph, algorithm="leiden", resolution=1.0, seed=1)


@pytest.mark.neo4j_only("the Neo4j test server has the GDS procedures")
def test_neo4j_with_the_plugin_runs_leiden_but_not_louvain_with_a_resolution(graph):
    version = gds.gds_version(graph)
    assert version and version[0].isdigit()
    assert gds.unsupported_reason(graph, "leiden", 1.5) is None
    assert gds.unsupported_reason(graph, "louvain", 1.0) is None
    assert gds.unsupported_reason(graph, "louvain", 2.0) == "GDS Louvain has no resolution setting"

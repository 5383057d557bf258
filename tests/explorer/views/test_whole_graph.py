"""`explorer communities --all` on the real local server: partition, store, record."""

from __future__ import annotations

import json

from cypher.access import gds
from explorer.views.whole_graph import run_whole_graph

# Two citation triangles joined by one citation, plus a paper citing nothing.
EDGES = [("p0", "p1"), ("p1", "p2"), ("p2", "p0"), ("p3", "p4"), ("p4", "p5"),
         ("p5", "p3"), ("p2", "p3")]


def _load(graph):
    rows = [{"id": f"p{i}", "source": "test"} for i in range(7)]
    graph.write_many([("write/merge_stub_papers", rows),
                      ("write/merge_cites", [{"src": s, "dsts": [d]} for s, d in EDGES])])


def _communities(graph):
    rows = graph.run_text("MATCH (p:Paper) RETURN p.id AS id, p.community AS c").records
    return {r["id"]: r["c"] for r in rows}


def test_cli_partitions_stores_and_records_the_run(empty_graph, cli):
    _load(empty_graph)
    result = cli("communities", "--all", "--algorithm", "leiden", "--seed", "3",
                 "--format", "json", check=True)
    run = json.loads(result.stdout)
    assert run["engine"] == "in-process"  # the local server has no GDS
    assert (run["nodes"], run["edges"], run["communities"]) == (6, 7, 2)
    stored = _communities(empty_graph)
    assert stored["p0"] == stored["p1"] == stored["p2"] != stored["p3"]
    assert stored["p3"] == stored["p4"] == stored["p5"]
    assert stored["p6"] is None  # cites nothing and is cited by nothing
    runs = empty_graph.run_text("MATCH (r:CommunityRun) RETURN r.algorithm AS a, "
                                "r.seed AS seed, r.modularity AS q, r.engine AS engine").records
    assert [(r["a"], r["seed"], r["engine"]) for r in runs] == [("leiden", 3, "in-process")]
    assert runs[0]["q"] == run["modularity"] > 0.3


def test_gds_is_detected_as_absent_and_insisting_on_it_is_a_clear_error(empty_graph, cli):
    _load(empty_graph)
    assert gds.gds_version(empty_graph) is None
    assert "not Neo4j" in gds.unsupported_reason(empty_graph, "louvain", 1.0)
    result = cli("communities", "--all", "--engine", "gds")
    assert result.returncode == 2
    assert "Graph Data Science" in result.stderr and "Traceback" not in result.stderr
    assert set(_communities(empty_graph).values()) == {None}  # nothing written


def test_auto_engine_runs_in_process_and_is_repeatable(empty_graph):
    _load(empty_graph)
    first = run_whole_graph(empty_graph, algorithm="louvain", seed=5)
    stored = _communities(empty_graph)
    second = run_whole_graph(empty_graph, algorithm="louvain", seed=5)
    assert first["engine"] == second["engine"] == "in-process" and "note" not in first
    assert _communities(empty_graph) == stored
    assert first["modularity"] == second["modularity"]

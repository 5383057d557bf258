"""`explorer communities --all`: partition, store, record — in-process on the local
server, in Graph Data Science on the Neo4j test server."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from cypher.access import gds
from explorer.views.whole_graph import run_whole_graph

NO_GDS = "the local server has no Graph Data Science; the Neo4j test server has it"
HEPTH = (Path(__file__).resolve().parents[4] / "shared" / "data" / "snap-cit-hep"
         / "cit-HepTh.reindexed.edges.tsv.gz")

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


@pytest.mark.arcadedb_only(NO_GDS)
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


@pytest.mark.arcadedb_only(NO_GDS)
def test_gds_is_detected_as_absent_and_insisting_on_it_is_a_clear_error(empty_graph, cli):
    _load(empty_graph)
    assert gds.gds_version(empty_graph) is None
    assert "not Neo4j" in gds.unsupported_reason(empty_graph, "louvain", 1.0)
    result = cli("communities", "--all", "--engine", "gds")
    assert result.returncode == 2
    assert "Graph Data Science" in result.stderr and "Traceback" not in result.stderr
    assert set(_communities(empty_graph).values()) == {None}  # nothing written


@pytest.mark.arcadedb_only(NO_GDS)
def test_auto_engine_runs_in_process_and_is_repeatable(empty_graph):
    _load(empty_graph)
    first = run_whole_graph(empty_graph, algorithm="louvain", seed=5)
    stored = _communities(empty_graph)
    second = run_whole_graph(empty_graph, algorithm="louvain", seed=5)
    assert first["engine"] == second["engine"] == "in-process" and "note" not in first
    assert _communities(empty_graph) == stored
    assert first["modularity"] == second["modularity"]


def _load_hepth(graph, n_edges: int = 6000) -> int:
    """The first ``n_edges`` citations of cit-HepTh (real data, read in place)."""
    edges = []
    with gzip.open(HEPTH, "rt", encoding="utf-8") as lines:
        for line in itertools.islice((x for x in lines if x[:1].isdigit()), n_edges):
            src, dst = line.split()[:2]
            edges.append((f"th:{src}", f"th:{dst}"))
    ids = sorted({i for e in edges for i in e})
    by_src: dict[str, list[str]] = {}
    for src, dst in edges:
        by_src.setdefault(src, []).append(dst)
    graph.write_many([("write/merge_stub_papers", [{"id": i, "source": "test"} for i in ids]),
                      ("write/merge_cites", [{"src": s, "dsts": d} for s, d in by_src.items()])])
    return len(ids)


@pytest.mark.neo4j_only("Graph Data Science runs only inside Neo4j")
@pytest.mark.parametrize("algorithm", ["leiden", "louvain"])
def test_gds_writes_communities_with_modularity_close_to_in_process(empty_graph, cli, algorithm):
    papers = _load_hepth(empty_graph)
    assert gds.gds_version(empty_graph) is not None
    result = cli("communities", "--all", "--engine", "gds", "--algorithm", algorithm,
                 "--format", "json", check=True)
    run = json.loads(result.stdout)
    assert run["engine"] == "gds" and run["communities"] > 1
    stored = _communities(empty_graph)
    assert len(stored) == papers and all(c is not None for c in stored.values())
    local = run_whole_graph(empty_graph, algorithm=algorithm, engine="in-process", seed=42)
    assert local["engine"] == "in-process"
    assert run["modularity"] > 0.5 and abs(run["modularity"] - local["modularity"]) < 0.05
    engines = {r["e"] for r in empty_graph.run_text(
        "MATCH (r:CommunityRun) RETURN r.engine AS e").records}
    assert engines == {"gds", "in-process"}

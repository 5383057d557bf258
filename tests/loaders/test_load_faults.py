"""Loads under faults, on a fresh private server: two loads at once give what two
loads one after the other give; a load ended mid-way leaves a consistent
`indegree` and a new graph version; the server going away mid-load exits 4."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time

import pytest

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from cypher.access.schema import ensure_schema
from cypher.access.settings import load_settings
from tests.conftest import DATA, REPO, server_environ

pytestmark = pytest.mark.server

EDGES = DATA / "snap-cit-hep" / "cit-HepPh-1992-1999.edges.tsv.gz"


@pytest.fixture
def fresh(backend, request, tmp_path):
    """A fresh graph with no schema yet: (settings, env, graph). On the local server
    a private server of this test's own; on Neo4j the run's own server, emptied and
    its schema dropped (and created again afterwards)."""
    if backend == "neo4j":
        settings = request.getfixturevalue("server_settings")
        graph = request.getfixturevalue("empty_graph")
        drop_schema(graph)
        yield settings, server_environ(settings.home, settings.bolt_port), graph
        ensure_schema(graph)
        return
    env = server_environ(tmp_path / "home", localserver.free_port())
    settings = load_settings(env)
    localserver.start(settings)
    graph = connect(settings, autostart=False)
    yield settings, env, graph
    graph.close()
    localserver.stop(settings)


def drop_schema(graph) -> None:
    """Every constraint and index the product made (Neo4j's own lookup indexes stay)."""
    for row in graph.run_text("SHOW CONSTRAINTS YIELD name RETURN name").records:
        graph.run_text(f"DROP CONSTRAINT {quoted(row['name'])}")
    for row in graph.run_text("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' "
                              "RETURN name").records:
        graph.run_text(f"DROP INDEX {quoted(row['name'])}")


def quoted(name: str) -> str:
    """A schema name the server listed, as a quoted Cypher name."""
    return "`" + name.replace("`", "``") + "`"


def edge_slice(path, start: int, stop: int):
    with gzip.open(EDGES, "rt") as source, open(path, "w") as target:
        for n, line in enumerate(source):
            if n >= stop:
                break
            if n >= start:
                target.write(line)
    return {tuple(line.split()) for line in open(path)}


def load(env, path, *extra):
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "explorer", "load", str(path), "--format", "edges",
         "--id-prefix", "f:", *extra], env=env, cwd=REPO, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def test_two_loads_at_once_into_a_fresh_server_equal_sequential_loads(fresh, tmp_path):
    _, env, graph = fresh
    first = edge_slice(tmp_path / "a.tsv", 0, 6000)
    second = edge_slice(tmp_path / "b.tsv", 3000, 9000)  # half of it overlaps
    runs = [load(env, tmp_path / "a.tsv"), load(env, tmp_path / "b.tsv")]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]
    edges = first | second
    counts = graph.counts()
    assert counts["relationships"]["CITES"] == len(edges)
    assert counts["labels"]["Paper"] == len({end for edge in edges for end in edge})


def wait_for_citations(graph, process, least: int = 1) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        rows = graph.run_text("MATCH ()-[c:CITES]->() RETURN count(c) AS n").records
        if rows[0]["n"] >= least:
            return
        time.sleep(0.05)


def version(graph):
    rows = graph.read("read/graph_version")
    return rows[0]["version"] if rows else None


def test_an_interrupted_load_refreshes_indegree_and_the_version(fresh, tmp_path):
    _, env, graph = fresh
    edges = edge_slice(tmp_path / "e.tsv", 0, 40_000)
    before = version(graph)
    process = load(env, tmp_path / "e.tsv", "--batch-size", "2000")
    wait_for_citations(graph, process)
    os.kill(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "interrupted" in err, err
    cites = graph.run_text("MATCH ()-[c:CITES]->() RETURN count(c) AS n").records[0]["n"]
    assert 0 < cites < len(edges)  # really ended mid-way
    assert version(graph) not in (None, before)
    stale = graph.run_text(
        "MATCH (p:Paper) WITH p, COUNT { (p)<-[:CITES]-() } AS citers "
        "WHERE citers > 0 AND coalesce(p.indegree, 0) <> citers RETURN count(p) AS n")
    assert stale.records[0]["n"] == 0


@pytest.mark.arcadedb_only("stops the server mid-load; the run's Neo4j serves every "
                           "other test (on Neo4j a lost connection takes the same path)")
def test_the_server_going_away_mid_load_exits_4(fresh, tmp_path):
    settings, env, graph = fresh
    edge_slice(tmp_path / "e.tsv", 0, 60_000)
    process = load(env, tmp_path / "e.tsv", "--batch-size", "1000")
    wait_for_citations(graph, process)
    localserver.stop(settings)
    _, err = process.communicate(timeout=180)
    assert process.returncode == 4, err
    assert err.strip().splitlines()[-1].startswith("error: ")


def test_a_second_load_waits_for_the_first_with_a_message(empty_graph, server_settings,
                                                          tmp_path):
    """While another load holds the graph, a load says so and waits, then loads."""
    from loaders.loadlock import load_lock

    path = tmp_path / "papers.jsonl"
    path.write_text("".join(
        f'{{"record": "paper", "title": "Waiting paper {n}"}}\n' for n in range(5)))
    env = server_environ(server_settings.home, server_settings.bolt_port)
    with load_lock(server_settings.home, empty_graph.uri, empty_graph.database):
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "explorer", "load", str(path)], env=env, cwd=REPO,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = []
        for line in process.stderr:
            seen.append(line)
            if "waiting for it to finish" in line:
                break
        assert "another load into this graph is running" in "".join(seen), seen
        rows = empty_graph.run_text("MATCH (p:Paper) RETURN count(p) AS n").records
        assert rows[0]["n"] == 0  # nothing written while it waits
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0 and "loaded: 5" in out

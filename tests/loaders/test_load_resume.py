"""A load killed mid-way (kill -9) and run again gives exactly the counts of an
uninterrupted load; loading twice changes nothing."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import DATA, REPO, server_environ

pytestmark = pytest.mark.server

EDGES = DATA / "snap-cit-hep" / "cit-HepPh-1992-1999.edges.tsv.gz"
HEAD = 20_000  # edges: ten batches of 2,000


@pytest.fixture
def edge_file(tmp_path):
    """The first ``HEAD`` real citation edges of cit-HepPh, as a temporary file."""
    path = tmp_path / "hepph-head.tsv"
    with gzip.open(EDGES, "rt") as source, open(path, "w") as target:
        for n, line in enumerate(source):
            if n >= HEAD:
                break
            target.write(line)
    return path


def load_command(path):
    return [sys.executable, "-m", "explorer", "load", str(path), "--format", "edges",
            "--id-prefix", "resume:", "--batch-size", "2000"]


def test_kill_and_rerun_matches_an_uninterrupted_load(empty_graph, server_settings, edge_file):
    env = server_environ(server_settings.home, server_settings.bolt_port)
    process = subprocess.Popen(load_command(edge_file), env=env, cwd=REPO,  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if empty_graph.counts()["relationships"].get("CITES", 0) > 0:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    partial = empty_graph.counts()["relationships"].get("CITES", 0)
    assert 0 < partial < HEAD, partial  # really interrupted mid-way

    rerun = subprocess.run(load_command(edge_file), env=env, cwd=REPO,  # noqa: S603
                           capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    resumed = empty_graph.counts()

    empty_graph.run_text("MATCH (n) DETACH DELETE n")
    clean = subprocess.run(load_command(edge_file), env=env, cwd=REPO,  # noqa: S603
                           capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0, clean.stderr
    uninterrupted = empty_graph.counts()
    assert resumed == uninterrupted

    again = subprocess.run(load_command(edge_file), env=env, cwd=REPO,  # noqa: S603
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "nodes created: none" in again.stdout
    assert empty_graph.counts() == uninterrupted
    expected_edges = len({tuple(line.split()) for line in edge_file.read_text().splitlines()})
    assert uninterrupted["relationships"]["CITES"] == expected_edges

"""``explorer serve`` and ``explorer export`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

import networkx as nx
import pytest

from cypher.access.localserver import manager as localserver
from cypher.access.localserver import sandbox
from tests.conftest import REPO, server_environ
from tests.webui.conftest import HOSTILE_ID

# The installed entry point, run in a child process.
ENTRY = "from explorer.cli.main import main; main()"


@pytest.fixture
def run(server_settings, loaded_graph):
    def run(*args, env_extra=None, timeout=120):
        env = server_environ(server_settings.home, server_settings.bolt_port)
        env.update(env_extra or {})
        return subprocess.run([sys.executable, "-c", ENTRY, "--", *args], env=env,  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, cwd=REPO)
    return run


def test_export_json_and_graphml(run, tmp_path):
    out = tmp_path / "view.json"
    result = run("export", HOSTILE_ID, "--format", "json", "-o", str(out), "--depth", "2")
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["graph"]["center"] == HOSTILE_ID
    out = tmp_path / "view.graphml"
    result = run("export", HOSTILE_ID, "--format", "graphml", "-o", str(out),
                 "--types", "Paper", "--years", "2000:2020")
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(out)  # GraphML node ids are n0, n1, ...; the product id is data
    assert HOSTILE_ID in {data["node_id"] for _, data in graph.nodes(data=True)}


def test_export_bibtex_and_unknown_id(run, tmp_path):
    out = tmp_path / "refs.bib"
    assert run("export", HOSTILE_ID, "--format", "bibtex", "-o", str(out)).returncode == 0
    assert "doi = {10.1234/xss-1}" in out.read_text()  # keys are authorYEARword
    assert "@article{" in out.read_text()
    result = run("export", "W4040404040", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert result.returncode == 2 and "W4040404040" in result.stderr


def test_serve_refuses_public_address_without_token(run):
    result = run("serve", "--host", "0.0.0.0", "--port", "5999", env_extra={"EXPLORER_TOKEN": ""})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "EXPLORER_TOKEN" in result.stderr


def test_serve_answers_on_loopback(server_settings, loaded_graph):
    port = localserver.free_port()
    env = server_environ(server_settings.home, server_settings.bolt_port)
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, "--", "serve", "--port", str(port)],  # noqa: S603
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert f"http://127.0.0.1:{port}/" in proc.stdout.readline()
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=maps",  # noqa: S310
                                            timeout=10) as response:
                    data = json.load(response)
                    assert response.headers["Content-Security-Policy"]
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "Paper" in data["groups"]
        if server_settings.uses_local_server:
            # serve starts the web console's own graph server in the background
            console_home = server_settings.home / sandbox.DIRECTORY
            deadline = time.monotonic() + 120
            while localserver.running_state(console_home) is None:
                assert time.monotonic() < deadline, "the console's server did not start"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(10)

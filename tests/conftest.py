"""Shared fixtures: a real local graph server in a temporary EXPLORER_HOME.

The session server is created by the test run, on a free port, and stopped
at the end; tests never touch the user's own data or any NEO4J_URI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cypher.access.graph import Graph, connect
from cypher.access.localserver import manager as localserver
from cypher.access.schema import ensure_schema
from cypher.access.settings import Settings, load_settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REPO = Path(__file__).resolve().parents[1]


def server_environ(home: Path, port: int) -> dict[str, str]:
    """An environment for child processes that points at a test server only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(EXPLORER_HOME=str(home), EXPLORER_BOLT_PORT=str(port), EXPLORER_HEAP="1g")
    return env


@pytest.fixture(scope="session")
def server_settings(tmp_path_factory) -> Settings:
    """Start a private local graph server for the whole test session."""
    home = tmp_path_factory.mktemp("explorer-home")
    port = localserver.free_port()
    settings = load_settings(server_environ(home, port))
    localserver.start(settings)
    yield settings
    localserver.stop(settings)


@pytest.fixture(scope="session")
def graph(server_settings) -> Graph:
    """A connection to the session's private server, schema created."""
    g = connect(server_settings, autostart=False)
    ensure_schema(g)
    yield g
    g.close()


@pytest.fixture
def empty_graph(graph, server_settings) -> Graph:
    """The session server emptied first: allowed because this run created it."""
    assert str(server_settings.home).startswith(str(Path(server_settings.home).anchor))
    assert localserver.read_state(server_settings.home) is not None  # our own server
    graph.run_text("MATCH (n) DETACH DELETE n")
    return graph


@pytest.fixture(scope="session")
def cli(server_settings):
    """Run ``python -m explorer ARGS`` against the session server."""

    def run(*args: str, env_extra: dict | None = None, check: bool = False,
            timeout: float = 300) -> subprocess.CompletedProcess:
        env = server_environ(server_settings.home, server_settings.bolt_port)
        env.update(env_extra or {})
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "explorer", *args], env=env, capture_output=True,
            text=True, timeout=timeout, cwd=REPO,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"exit {result.returncode}: {result.stderr}")
        return result

    return run

"""Shared fixtures: real graph servers, one per backend, created by this run.

Every test that uses ``server_settings`` (directly or through ``graph``,
``empty_graph``, ``cli`` …) runs once per backend: ``arcadedb``, the local
server in a temporary EXPLORER_HOME, and ``neo4j``, the Neo4j 5 Community
server with Graph Data Science of tests/neo4j-server/ (built once, started
once per run, reached through NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD/
NEO4J_DATABASE exactly as a user would). ``--backend arcadedb|neo4j|both``
chooses (default both). A test that cannot apply to one backend carries
``@pytest.mark.arcadedb_only("why")`` or ``neo4j_only("why")`` and is skipped
there with that reason. Tests never touch the user's own data or any
NEO4J_URI of the environment.
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
from tests import neo4j_server

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
REPO = Path(__file__).resolve().parents[1]
BACKENDS = ("arcadedb", "neo4j")
# EXPLORER_HOME of this run's Neo4j session -> the NEO4J_* settings that reach it.
_NEO4J_HOMES: dict[str, dict[str, str]] = {}


def pytest_addoption(parser):
    parser.addoption("--backend", choices=(*BACKENDS, "both"), default="both",
                     help="graph backend(s) the graph-touching tests run on (default both)")
    parser.addoption("--graph-tests-only", action="store_true",
                     help="run only the tests that run once per backend (the README's test "
                     "command runs them on Neo4j beside the whole suite on the local server)")


def pytest_configure(config):
    config.addinivalue_line("markers", "arcadedb_only(reason): applies to the local "
                            "ArcadeDB server only; skipped on Neo4j with the reason")
    config.addinivalue_line("markers", "neo4j_only(reason): applies to Neo4j only; "
                            "skipped on the local server with the reason")


def selected_backends(config) -> list[str]:
    chosen = config.getoption("--backend")
    return list(BACKENDS) if chosen == "both" else [chosen]


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", selected_backends(metafunc.config),
                             indirect=True, scope="session")


def pytest_collection_modifyitems(config, items):
    # The markers of the fast path (CONTRIBUTING.md: -m "not server and not browser")
    # follow from the fixtures a test uses, so no test can forget them.
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "backend" in names or "server_settings" in names:
            item.add_marker(pytest.mark.server)
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
    if not config.getoption("--graph-tests-only"):
        return
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        (kept if callspec and "backend" in callspec.params else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_runtest_setup(item):
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("backend") if callspec else None
    for name, other in (("arcadedb_only", "neo4j"), ("neo4j_only", "arcadedb")):
        marker = item.get_closest_marker(name)
        if marker is not None and backend == other:
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
            assert reason, f"@pytest.mark.{name} needs a reason"
            pytest.skip(f"{name.split('_')[0]} only: {reason}")


def server_environ(home: Path, port: int) -> dict[str, str]:
    """An environment for child processes that points at a test server only:
    the local server at ``home``/``port``, or, when ``home`` is the EXPLORER_HOME
    of this run's Neo4j session, that Neo4j through the NEO4J_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(EXPLORER_HOME=str(home), EXPLORER_BOLT_PORT=str(port), EXPLORER_HEAP="1g")
    env.update(_NEO4J_HOMES.get(str(home), {}))
    return env


def is_own_server(settings: Settings) -> bool:
    """True when ``settings`` reach a server this test run created (so it may be emptied)."""
    if settings.uri is not None:
        return _NEO4J_HOMES.get(str(settings.home), {}).get("NEO4J_URI") == settings.uri
    return localserver.read_state(settings.home) is not None


@pytest.fixture(scope="session")
def backend(request) -> str:
    """The backend of this test's graph: ``"arcadedb"`` or ``"neo4j"``."""
    return request.param


@pytest.fixture(scope="session")
def neo4j_test_server(tmp_path_factory):
    """The Neo4j test server, built if needed and started once per run."""
    took = neo4j_server.build()
    base = tmp_path_factory.mktemp("neo4j-server")
    server = neo4j_server.start(base / "data", base / "neo4j.log")
    print(f"\nNeo4j test server: built in {took:.0f} s, started in {server.started_in:.1f} s")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_settings(backend, request, tmp_path_factory) -> Settings:
    """The settings of this run's private server of the test's backend."""
    home = tmp_path_factory.mktemp(f"explorer-home-{backend}")
    if backend == "neo4j":
        server = request.getfixturevalue("neo4j_test_server")
        _NEO4J_HOMES[str(home)] = server.environ()
        yield load_settings(server_environ(home, server.port))
        return
    port = localserver.free_port()
    settings = load_settings(server_environ(home, port))
    localserver.start(settings)
    yield settings
    localserver.stop(settings)


@pytest.fixture(scope="session")
def graph(server_settings) -> Graph:
    """A connection to the session's private server of the test's backend, schema created."""
    g = connect(server_settings, autostart=False)
    ensure_schema(g)
    yield g
    g.close()


@pytest.fixture
def empty_graph(graph, server_settings) -> Graph:
    """The session server emptied first: allowed because this run created it."""
    assert str(server_settings.home).startswith(str(Path(server_settings.home).anchor))
    assert is_own_server(server_settings)  # our own server
    if graph.backend.name == "neo4j":  # in batches: one transaction stays within its memory
        with graph.driver.session(database=graph.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                        "IN TRANSACTIONS OF 10000 ROWS").consume()
    else:
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


@pytest.fixture(scope="session")
def demo_field(tmp_path_factory):
    """The README's main command's data as a new user gets it: a private local server
    in a fresh home loaded by ``explorer sample`` (the demo field and the seed papers,
    with the related-work index). Yields ``{"settings", "graph", "loaded"}``, the
    last the command's completed process."""
    home = tmp_path_factory.mktemp("demo-home")
    env = server_environ(home, localserver.free_port())
    settings = load_settings(env)
    loaded = subprocess.run([sys.executable, "-m", "explorer", "sample"], env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=600, cwd=REPO)
    graph = connect(settings, autostart=False) if loaded.returncode == 0 else None
    yield {"settings": settings, "graph": graph, "loaded": loaded}
    if graph is not None:
        graph.close()
    localserver.stop(settings)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole run: Playwright's sync API
    allows only one running instance per process."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()

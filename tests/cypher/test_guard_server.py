"""Server-side limits of the local server: the reader has no HTTP rights, and a
console query that ignores termination is ended by restarting the server.

The restart test runs on a private server (own EXPLORER_HOME, 1 s limit) so the
session's server is never restarted under other tests.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.request

import pytest

from cypher.access.backends import dialect
from cypher.access.graph import QueryTimeout, connect
from cypher.access.localserver import manager as localserver
from cypher.access.localserver import watchdog
from cypher.access.settings import load_settings
from tests.conftest import server_environ

pytestmark = pytest.mark.server


def http(port: int, user: str, password: str, path: str, body: dict) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - loopback test server
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Basic "
                 + base64.b64encode(f"{user}:{password}".encode()).decode()})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def local_graph(graph):
    if graph.backend != dialect.ARCADEDB:
        pytest.skip("the reader user and its HTTP port belong to the local ArcadeDB server")
    return graph


@pytest.mark.parametrize(("language", "command"), [
    ("sql", "CHECK DATABASE FIX"), ("redis", "SET evil 1"), ("sql", "SELECT 1"),
    ("sqlscript", "SELECT 1"), ("cypher", "MATCH (n) RETURN count(n)"),
])
def test_the_reader_cannot_use_the_http_port(local_graph, server_settings, language, command):
    reader = localserver.reader_password(server_settings.home)
    status, text = http(local_graph.http_port, "reader", reader,
                        "/api/v1/command/neo4j", {"language": language, "command": command})
    assert status == 403, text
    assert "root" in text
    status, _ = http(local_graph.http_port, "reader", reader, "/api/v1/server",
                     {"command": "list queries"})
    assert status == 403


def test_root_still_uses_the_http_port_and_the_reader_bolt(local_graph, server_settings):
    root = localserver.password(server_settings.home)
    status, text = http(local_graph.http_port, "root", root, "/api/v1/command/neo4j",
                        {"language": "sql", "command": "SELECT 1 AS one"})
    assert status == 200 and '"one":1' in text.replace(" ", "")
    assert local_graph.run_text("RETURN 1 AS ok", read_only=True).records[0]["ok"] == 1


def test_a_query_that_ignores_termination_is_ended_by_a_restart(tmp_path):
    env = server_environ(tmp_path / "h", localserver.free_port())
    env["EXPLORER_QUERY_TIMEOUT"] = "1"
    settings = load_settings(env)
    localserver.start(settings)
    graph = connect(settings, autostart=False)
    try:
        before = watchdog.restarts
        # The guard cannot bound range(1, n): only the server's limit can end it.
        query = "WITH 300000 AS n RETURN size(reduce(s = '', x IN range(1, n) | s + 'xxxx')) AS s"
        answers: list[float] = []

        def meanwhile() -> None:
            time.sleep(0.3)
            started = time.monotonic()
            graph.read("read/label_counts")
            answers.append(time.monotonic() - started)

        other = threading.Thread(target=meanwhile)
        other.start()
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="EXPLORER_QUERY_TIMEOUT"):
            graph.run_text(query, read_only=True)
        elapsed = time.monotonic() - started
        other.join(30)
        assert answers and answers[0] < 10  # other reads were answered meanwhile
        assert elapsed < 30  # the answer does not wait for the restart
        watchdog.wait()
        assert watchdog.restarts == before + 1
        state = localserver.running_state(settings.home)
        assert state is not None and state.http_port == graph.http_port
        running = dialect.arcadedb_server_command(
            state.http_port, localserver.password(settings.home), "list queries")
        assert running.get("result") == []
        assert graph.run_text("RETURN 1 AS ok", read_only=True).records[0]["ok"] == 1
    finally:
        graph.close()
        localserver.stop(settings)

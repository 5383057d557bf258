"""Server-side limits of the local server: the reader has no HTTP rights, and a
console query that ignores termination is ended by restarting the server (for
the web console: its own server, so the maps keep answering).

The restart test runs on a private server (own EXPLORER_HOME, 1 s limit) so the
session's server is never restarted under other tests.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cypher.access.backends import dialect
from cypher.access.graph import QueryError, QueryTimeout, WriteRefused, connect
from cypher.access.localserver import manager as localserver
from cypher.access.localserver import sandbox, watchdog
from cypher.access.settings import load_settings
from tests.conftest import server_environ

pytestmark = pytest.mark.server
# One row whose expression runs for hours: the guard cannot bound a list
# collected from the graph, and the server checks termination only between rows.
FILLER = "UNWIND range(1, 3000) AS i CREATE (:Filler {i: i})"
RUNAWAY = ("MATCH (f:Filler) WITH collect(f.i) AS l "
           "RETURN size([a IN l | size([b IN l | size([c IN l WHERE a + b = c])])]) AS n")


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
        graph.run_text(FILLER)
        query = RUNAWAY
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and not stat.read_text().split(") ", 1)[-1].startswith("Z")


def test_the_web_console_runs_on_its_own_server_and_only_that_one_is_killed(tmp_path):
    """A console query that ignores termination kills the console's server, not
    the one drawing maps: reads on the main server answer throughout, its process
    is the same afterwards, and the console's copy follows the graph's changes."""
    env = server_environ(tmp_path / "h", localserver.free_port())
    env.update(EXPLORER_QUERY_TIMEOUT="1", EXPLORER_CONSOLE_HEAP="384m")
    settings = load_settings(env)
    localserver.start(settings)
    graph = connect(settings, autostart=False)
    try:
        graph.run_text("CREATE (:Paper {id: 'W-sandbox-1', title: 'one'})")
        graph.mark_changed()
        graph.prepare_console()
        console_home = settings.home / sandbox.DIRECTORY
        console = localserver.running_state(console_home)
        main = localserver.running_state(settings.home)
        assert console is not None and main is not None and console.pid != main.pid
        count = "MATCH (p:Paper) WHERE p.id STARTS WITH 'W-sandbox' RETURN count(p) AS n"
        assert graph.run_text(count, read_only=True, isolated=True).records[0]["n"] == 1

        graph.run_text(FILLER)
        query = RUNAWAY
        answers: list[float] = []
        done = threading.Event()

        def meanwhile() -> None:
            while not done.is_set():
                started = time.monotonic()
                graph.read("read/label_counts")
                answers.append(time.monotonic() - started)
                time.sleep(0.2)

        other = threading.Thread(target=meanwhile)
        other.start()
        with pytest.raises(QueryTimeout, match="EXPLORER_QUERY_TIMEOUT"):
            graph.run_text(query, read_only=True, isolated=True)
        watchdog.wait()
        done.set()
        other.join(30)
        assert len(answers) >= 5 and max(answers) < 5  # the maps' server kept answering
        after = localserver.running_state(settings.home)
        assert after is not None and after.pid == main.pid  # never restarted
        assert not _alive(console.pid)  # the console's server was killed

        # a change to the graph reaches the console's (new) server
        graph.run_text("CREATE (:Paper {id: 'W-sandbox-2', title: 'two'})")
        graph.mark_changed()
        assert graph.run_text(count, read_only=True, isolated=True).records[0]["n"] == 2
        again = localserver.running_state(console_home)
        assert again is not None and again.pid != console.pid
        listed = dialect.arcadedb_server_command(
            again.http_port, localserver.password(console_home), "list queries")
        assert listed.get("result") == []
        # its heap is the console's own: a query that fills it is dropped with a
        # reason, and the next one runs
        command = Path(f"/proc/{again.pid}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--heap") + 1] == b"384m"
        doubling = ", ".join(str(i) for i in range(40))
        with pytest.raises(QueryError, match="ran out of its memory.*EXPLORER_CONSOLE_HEAP"):
            graph.run_text(f"RETURN size(reduce(s = 'xxxxxxxx', i IN [{doubling}] | s + s))",
                           read_only=True, isolated=True)
        assert graph.run_text("RETURN 1 AS ok", read_only=True, isolated=True).records
        assert localserver.running_state(settings.home).pid == main.pid
        # the console's reader is as read-only there as on the main server
        with pytest.raises(WriteRefused):
            graph.run_text("CREATE (:Paper {id: 'W-sandbox-3'})", read_only=True,
                           isolated=True)
    finally:
        graph.close()
        localserver.stop(settings)
    assert localserver.running_state(settings.home / sandbox.DIRECTORY) is None
    assert not _alive(again.pid)  # stopping the local server stops the console's too

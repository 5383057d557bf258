"""Fault tests against real servers: the web app while its graph server dies and returns.

A private local graph server (own EXPLORER_HOME, free port, a 2 s query limit)
holds the bundled sample plus a dense citation clique; the app runs under
waitress on a free loopback port in a thread and is driven over HTTP. The
server is killed with ``kill -9`` and started again; no mocks.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from pathlib import Path

import pytest
import waitress
from waitress import wasyncore

from cypher.access.graph import connect
from cypher.access.localserver import http_api
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from loaders.pipeline import iter_records
from loaders.writer import GraphWriter
from tests.conftest import server_environ
from webui.app import create_app

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "loaders" / "sample" / "seed-papers.jsonl"
PAPER = "arxiv:1810.13373"
QUERY_LIMIT = 2
CLIQUE = 60
RECOVERY_S = 30.0
DRIVER_RETRY_S = 30.0  # neo4j driver default max_transaction_retry_time


def urls(paper: str = PAPER) -> list[str]:
    return [f"/api/nodes/{paper}", f"/api/neighbourhood/{paper}", f"/paper/{paper}"]


class Served:
    """One app served by waitress in a thread, plus a tiny HTTP client."""

    def __init__(self, app):
        self.app = app
        self.server = waitress.create_server(app, host="127.0.0.1", port=0, threads=6,
                                             ident="faults")
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def request(self, path: str, *, body: dict | None = None,
                timeout: float = 60) -> tuple[int, str, float]:
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            if body is None:
                conn.request("GET", path)
            else:
                conn.request("POST", path, body=json.dumps(body),
                             headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, text, time.monotonic() - started
        finally:
            conn.close()

    def close(self) -> None:
        """Stop the workers, then empty the loop's map from inside the loop thread."""
        self.server.task_dispatcher.shutdown(timeout=5)
        self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self.server._map))
        self.thread.join(5)
        # an open Bolt connection keeps the local server from exiting on SIGTERM
        self.app.extensions["explorer_graph"].close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """(settings, serve) with a private server loaded with the sample and a clique."""
    home = tmp_path_factory.mktemp("faults-home")
    env = server_environ(home, localserver.free_port())
    env["EXPLORER_QUERY_TIMEOUT"] = str(QUERY_LIMIT)
    settings = load_settings(env)
    localserver.start(settings)
    served: list[Served] = []
    try:
        with connect(settings, autostart=False) as graph:
            GraphWriter(graph).write(iter_records([(SAMPLE, "native")]))
            graph.run_text(
                f"UNWIND range(1, {CLIQUE}) AS i MERGE (p:Paper {{id: 'c' + i}}) WITH i "
                f"UNWIND range(1, {CLIQUE}) AS j WITH i, j WHERE i <> j "
                "MATCH (a:Paper {id: 'c' + i}), (b:Paper {id: 'c' + j}) MERGE (a)-[:CITES]->(b)")

        def serve(**config) -> Served:
            app = create_app({"TESTING": True, "SETTINGS": settings,
                              "QUERY_TIMEOUT": float(QUERY_LIMIT), **config})
            served.append(Served(app))
            return served[-1]

        yield settings, serve
    finally:
        for one in served:
            one.close()
        localserver.stop(settings)


def assert_unavailable(status: int, text: str, path: str) -> None:
    assert status == 503, (path, status, text[:300])
    assert "Traceback" not in text and 'File "' not in text, path
    if path.startswith("/api/"):
        message = json.loads(text)["error"]
        assert "graph database is unavailable" in message
        assert "\n" not in message, message  # one line, whatever the driver said
    else:
        assert "graph database is unavailable" in text


def wait_all_ok(served: Served, paths: list[str], bound: float) -> float:
    """Poll until every path answers 200; return the seconds it took (fail at ``bound``)."""
    started = time.monotonic()
    last: dict[str, int] = {}
    while time.monotonic() - started < bound:
        for path in paths:
            last[path] = served.request(path, timeout=bound)[0]
        if all(code == 200 for code in last.values()):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"not recovered within {bound} s: {last}")


def test_pages_and_api_answer(stack):
    _, serve = stack
    served = serve(GRAPH_AUTOSTART=False)
    for path in [*urls(), "/", "/search?q=deep+learning", "/api/search?q=deep",
                 f"/api/suggestions/{PAPER}", "/cypher", "/paper/c1"]:
        status, text, _ = served.request(path)
        assert status == 200, (path, text[:300])
    status, text, _ = served.request("/api/cypher", body={
        "query": "MATCH (p:Paper) RETURN count(p) AS n"})
    assert status == 200 and json.loads(text)["rows"] == [[CLIQUE + 5]], text


RUNAWAY = ("MATCH p = (:Paper)-[:CITES*1..3]->(:Paper)-[:CITES]->()-[:CITES]->() "
           "RETURN count(p) AS n")


def server_cpu(settings, seconds: float) -> float:
    """Cores the local server process used over the next ``seconds``."""
    pid = localserver.running_state(settings.home).pid

    def ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    before = ticks()
    time.sleep(seconds)
    return (ticks() - before) / os.sysconf("SC_CLK_TCK") / seconds


def test_runaway_console_query_stops_on_the_server(stack):
    settings, serve = stack
    served = serve(GRAPH_AUTOSTART=False)
    # idle before (a server that earlier tests restarted may still be warming up)
    deadline = time.monotonic() + 20
    while server_cpu(settings, 1.0) >= 0.5:
        assert time.monotonic() < deadline, "the server never went idle"
    status, text, seconds = served.request("/api/cypher", body={"query": RUNAWAY}, timeout=60)
    assert status == 400 and "time limit" in text
    assert seconds < QUERY_LIMIT + 1.5, seconds  # at the limit, not after ending the query
    time.sleep(1)
    assert server_cpu(settings, 3.0) < 0.5, "the server still runs the stopped query"
    state = localserver.running_state(settings.home)
    running = http_api.server_command(state.http_port, localserver.password(
        settings.home), "list queries")["result"]
    assert running == [], running


def test_runaway_console_query_does_not_block_other_clients(stack):
    _, serve = stack
    served = serve(GRAPH_AUTOSTART=False)
    # an unbounded pattern is refused before it reaches the server
    status, text, seconds = served.request("/api/cypher", body={
        "query": "MATCH p = (:Paper)-[:CITES*]->(:Paper) RETURN count(p)"})
    assert status == 400 and "EXPLORER_MAX_PATH_LENGTH" in json.loads(text)["error"]
    assert seconds < 2
    # the longest allowed pattern, plus more hops, on the clique: ~60^5 paths
    runaway: dict = {}

    def run_away() -> None:
        runaway["answer"] = served.request("/api/cypher", timeout=60, body={
            "query": RUNAWAY})

    thread = threading.Thread(target=run_away)
    thread.start()
    time.sleep(0.5)
    page_times = []
    while thread.is_alive() and len(page_times) < 10:
        status, text, seconds = served.request(f"/paper/{PAPER}", timeout=30)
        assert status == 200, text[:300]
        page_times.append(seconds)
    thread.join(30)
    assert not thread.is_alive()
    assert page_times, "the runaway query ended before any other request was made"
    assert max(page_times) < 5, page_times
    status, text, seconds = runaway["answer"]
    assert status == 400, text[:300]
    message = json.loads(text)["error"]
    assert f"time limit of {QUERY_LIMIT} s" in message and "EXPLORER_QUERY_TIMEOUT" in message
    assert seconds < QUERY_LIMIT + 5, seconds
    # the server is usable afterwards, also by the console
    assert served.request(f"/api/nodes/{PAPER}")[0] == 200
    status, text, _ = served.request("/api/cypher", body={"query": "RETURN 1 AS ok"})
    assert status == 200 and json.loads(text)["rows"] == [[1]]


def test_kill_gives_503_then_recovers(stack):
    """kill -9 under two apps: one with GRAPH_AUTOSTART off, one with the default (on,
    as ``explorer serve``), on one server killed once (to keep the run short).

    * The request that meets the dead pooled connection waits out the neo4j driver's
      retry of managed transactions (``max_transaction_retry_time`` 30 s, plus the
      last back-off: 30-61 s observed) and then answers 503 with a clear message.
    * After that the app has dropped the connection. With autostart off every
      request answers 503 at once ("... not running ...; run: explorer db start")
      and the app never starts the server itself.
    * With autostart on, the next request starts the local server again
      (``localserver.start``, new pid, same data) and answers 200.
    * The autostart-off app then recovers by itself, without a restart of its own.
    """
    settings, serve = stack
    manual, auto = serve(GRAPH_AUTOSTART=False), serve()
    for served in (manual, auto):
        for path in urls():
            assert served.request(path)[0] == 200, path  # connection open and pooled
    killed = localserver.kill(settings)
    assert killed is not None
    first: dict = {}
    threads = [threading.Thread(target=lambda s=s, p=p: first.update(
        {(s, p): s.request(p, timeout=2 * DRIVER_RETRY_S + 30)}))
        for s, p in ((manual, urls()[0]), (auto, urls()[2]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(2 * DRIVER_RETRY_S + 40)
    assert len(first) == 2, "a first request after the kill did not answer"
    for (_, path), (status, text, seconds) in first.items():
        assert_unavailable(status, text, path)
        assert seconds < 2 * DRIVER_RETRY_S + 15, (path, seconds)
    for path in urls():
        status, text, seconds = manual.request(path, timeout=30)
        assert_unavailable(status, text, path)
        assert "explorer db start" in text and seconds < 3, (path, seconds)
    assert localserver.running_state(settings.home) is None  # nobody restarted it
    took = wait_all_ok(auto, urls(), localserver.START_TIMEOUT)  # starts the server
    state = localserver.running_state(settings.home)
    assert state is not None and state.pid != killed.pid
    assert took < localserver.START_TIMEOUT
    assert wait_all_ok(manual, [*urls(), "/paper/c1"], RECOVERY_S) < RECOVERY_S

"""The web console's own server (:mod:`cypher.access.localserver.sandbox`): a
console query that ignores termination kills that server, not the one drawing
maps; its copy follows the graph; its heap is its own. On a private server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from cypher.access.graph import QueryError, QueryTimeout, WriteRefused, connect
from cypher.access.localserver import http_api, sandbox, watchdog
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from tests.conftest import server_environ
from tests.cypher.access.localserver._servers import FILLER, RUNAWAY, alive

pytestmark = pytest.mark.server


def test_the_web_console_runs_on_its_own_server_and_only_that_one_is_killed(tmp_path):
    """A console query that ignores termination kills the console's server, not
    the one drawing maps: reads on the main server answer throughout, its process
    is the same afterwards, and the console's copy follows the graph's changes."""
    env = server_environ(tmp_path / "h", localserver.free_port())
    # 10 s: time enough for the heap-filling query below to run out of memory first, in
    # a console server just restarted, on a machine the rest of the suite keeps busy
    # (3 s was not, once in a CI run)
    env.update(EXPLORER_QUERY_TIMEOUT="10", EXPLORER_CONSOLE_HEAP="384m")
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
        assert not alive(console.pid)  # the console's server was killed

        # a change to the graph reaches the console's (new) server
        graph.run_text("CREATE (:Paper {id: 'W-sandbox-2', title: 'two'})")
        graph.mark_changed()
        assert graph.run_text(count, read_only=True, isolated=True).records[0]["n"] == 2
        again = localserver.running_state(console_home)
        assert again is not None and again.pid != console.pid
        listed = http_api.server_command(
            again.http_port, localserver.password(console_home), "list queries")
        assert listed.get("result") == []
        # its heap is the console's own: a query that fills it is dropped with a
        # reason, and the next one runs
        command = Path(f"/proc/{again.pid}/cmdline").read_bytes().split(b"\0")
        assert command[command.index(b"--heap") + 1] == b"384m"
        doubling = ", ".join(str(i) for i in range(40))
        with pytest.raises(QueryError, match="ran out of memory.*EXPLORER_CONSOLE_HEAP"):
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
    assert not alive(again.pid)  # stopping the local server stops the console's too

"""A console query that ignores termination is ended by restarting the local
server (:mod:`cypher.access.localserver.watchdog`), on a private server (own
EXPLORER_HOME, 1 s limit) so the session's server is never restarted under
other tests."""

from __future__ import annotations

import threading
import time

import pytest

from cypher.access.graph import QueryTimeout, connect
from cypher.access.localserver import http_api, watchdog
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings
from tests.conftest import server_environ
from tests.cypher.access.localserver._servers import FILLER, RUNAWAY

pytestmark = pytest.mark.server


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
        assert state is not None and state.http_port == graph.backend.http_port
        running = http_api.server_command(
            state.http_port, localserver.password(settings.home), "list queries")
        assert running.get("result") == []
        assert graph.run_text("RETURN 1 AS ok", read_only=True).records[0]["ok"] == 1
    finally:
        graph.close()
        localserver.stop(settings)

"""Read-only queries on the local server ended at their limit for certain
(:mod:`cypher.access.localserver.query_deadline`): where they run, and a
private server with a 1 s limit that stops a runaway query on the server."""

from __future__ import annotations

import time

import pytest

from cypher.access.graph import QueryError, QueryTimeout, connect
from cypher.access.localserver import manager as localserver
from cypher.access.localserver import query_deadline
from cypher.access.settings import load_settings
from tests.conftest import server_environ


def test_the_main_server_runs_as_the_reader_and_is_restarted_past_the_grace(tmp_path):
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    place = query_deadline.main_server(settings, "bolt://127.0.0.1:7700", 2480,
                                       ("reader", "pw"))
    assert (place.uri, place.http_port, place.auth) == ("bolt://127.0.0.1:7700", 2480,
                                                        ("reader", "pw"))
    assert place.settings is settings
    assert place.overrun is None  # None: the watchdog restarts the server itself


def test_a_query_within_its_limit_hands_back_its_result_or_its_error(tmp_path):
    """``run`` waits for the work; an error of the work is the caller's (no
    server is contacted: the driver connects lazily and the work never uses it)."""
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    place = query_deadline.main_server(settings, "bolt://127.0.0.1:1", 1, ("reader", "pw"))
    assert query_deadline.run(place, lambda driver: 42, 5.0, {}) == 42
    with pytest.raises(KeyError):
        query_deadline.run(place, lambda driver: {}["missing"], 5.0, {})


def test_past_its_limit_the_caller_gets_past_limit_without_waiting(tmp_path, monkeypatch):
    """The caller is answered at the limit, not after the grace for termination:
    ending the query (terminate, then the watchdog) goes on in the background.
    Here there is no server to ask, so the watchdog finds nothing to end."""
    monkeypatch.setattr(query_deadline.watchdog, "GRACE_S", 3.0)
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    place = query_deadline.main_server(settings, "bolt://127.0.0.1:1", 1, ("reader", "pw"))
    started = time.monotonic()
    with pytest.raises(query_deadline.PastLimit):
        query_deadline.run(place, lambda driver: time.sleep(4), 0.2, {})
    assert time.monotonic() - started < 1.0  # the limit, not the limit + GRACE_S
    query_deadline.watchdog.wait(10)


@pytest.mark.server
def test_runaway_query_is_stopped_by_the_server(tmp_path):
    """A private server with a 1 s limit stops an unbounded path query."""
    env = server_environ(tmp_path / "h", localserver.free_port())
    env["EXPLORER_QUERY_TIMEOUT"] = "1"
    settings = load_settings(env)
    localserver.start(settings)
    try:
        graph = connect(settings, autostart=False)
        graph.run_text("UNWIND range(1, 60) AS i MERGE (p:Paper {id: 'p' + i}) WITH i "
                       "UNWIND range(1, 60) AS j WITH i, j WHERE i <> j "
                       "MATCH (a:Paper {id: 'p' + i}), (b:Paper {id: 'p' + j}) "
                       "MERGE (a)-[:CITES]->(b)")
        with pytest.raises(QueryError, match="EXPLORER_MAX_PATH_LENGTH"):
            graph.run_text("MATCH p = (:Paper)-[:CITES*]->(:Paper) RETURN count(p)",
                           read_only=True)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="EXPLORER_QUERY_TIMEOUT"):
            graph.run_text("MATCH p = (:Paper)-[:CITES*1..3]->(:Paper)-[:CITES]->() "
                           "RETURN count(p)", read_only=True)
        assert time.monotonic() - started < 10
        assert graph.run_text("RETURN 1 AS ok", read_only=True).records[0]["ok"] == 1
        graph.close()
    finally:
        localserver.stop(settings)

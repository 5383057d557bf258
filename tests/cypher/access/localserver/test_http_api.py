"""Root's HTTP calls to the local server (:mod:`cypher.access.localserver.http_api`):
query ids are checked before they reach a command; SQL and server commands on
the session's local server."""

from __future__ import annotations

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.localserver import http_api
from cypher.access.localserver import manager as localserver


@pytest.mark.parametrize(("query_id", "usable"), [
    ("17", True), ("q-17.3", True), ("a_b:c", True),
    ("1; drop database neo4j", False), ("1 2", False), ("", False), ("x'", False),
])
def test_only_plain_query_ids_reach_terminate(query_id, usable):
    assert bool(http_api.QUERY_ID.fullmatch(query_id)) is usable


@pytest.fixture
def local(graph, server_settings):
    if not isinstance(graph.backend, ArcadeDBBackend):
        pytest.skip("the HTTP API is the local ArcadeDB server's")
    return graph.backend.http_port, localserver.password(server_settings.home)


@pytest.mark.server
def test_root_runs_sql_and_server_commands(local, server_settings):
    port, password = local
    answer = http_api.sql(port, password, server_settings.database, "SELECT 1 AS one")
    assert answer["result"] == [{"one": 1}]
    listed = http_api.server_command(port, password, "list queries")
    assert isinstance(listed.get("result"), list)


@pytest.mark.server
def test_terminating_nothing_ends_nothing(local):
    port, password = local
    assert http_api.terminate_queries(port, password, user="nobody-runs-this",
                                      started_ms=0) == []

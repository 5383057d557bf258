"""The local server's backend (:mod:`cypher.access.backends.arcadedb`): full-text
SQL, the agents it accepts, its time limit and no GDS without a server; on the
session's local server, what ``connect`` gives it and its SQL."""

from __future__ import annotations

import pytest

from cypher.access.backends.arcadedb import ArcadeDBBackend, arcadedb_fulltext_sql
from cypher.access.backends.fulltext import FULLTEXT_INDEXES
from cypher.access.errors import GraphUnavailable
from cypher.access.localserver import manager as localserver
from cypher.access.settings import load_settings

ARCADEDB_ONLY = pytest.mark.arcadedb_only("the local server is the ArcadeDB backend")


@pytest.fixture
def local(tmp_path):
    return ArcadeDBBackend(load_settings({"EXPLORER_HOME": str(tmp_path)}), 2480,
                           ("reader", "pw"))


def test_fulltext_sql_declares_types_and_properties_before_each_index():
    statements = arcadedb_fulltext_sql()
    assert statements[:4] == ["CREATE VERTEX TYPE Paper IF NOT EXISTS",
                              "CREATE PROPERTY Paper.title IF NOT EXISTS STRING",
                              "CREATE PROPERTY Paper.abstract IF NOT EXISTS STRING",
                              "CREATE INDEX IF NOT EXISTS ON Paper (title, abstract) FULL_TEXT"]
    indexes = [s for s in statements if s.startswith("CREATE INDEX")]
    assert len(indexes) == len(FULLTEXT_INDEXES)
    assert all("IF NOT EXISTS" in s for s in statements)


def test_one_step_per_sql_command(local):
    assert len(local.fulltext_steps(graph=None)) == len(arcadedb_fulltext_sql())


@pytest.mark.parametrize(("agent", "accepted"), [
    ("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", True), ("ArcadeDB/26.1", True),
    ("Neo4j/5.26.30", False), ("Neo4j/v5.11.0 compatible graph database server - Memgraph", False),
])
def test_only_arcadedb_is_taken_for_the_local_server(local, agent, accepted):
    assert local.recognises(agent) is accepted
    if not accepted:
        with pytest.raises(GraphUnavailable, match="EXPLORER_BOLT_PORT"):
            local.check_agent(agent, "bolt://127.0.0.1:7687")


def test_a_read_only_query_never_runs_past_the_setting(local):
    """The reader's own limit on the server is EXPLORER_QUERY_TIMEOUT."""
    assert local.read_limit(None, 10.0) == 10.0
    assert local.read_limit(30.0, 10.0) == 10.0
    assert local.read_limit(2.0, 10.0) == 2.0


def test_no_gds_and_a_first_load_by_import(local):
    assert local.gds_version(graph=None) is None
    assert "not Neo4j" in local.no_gds
    assert local.first_load == "import"


def test_not_running_and_no_autostart_is_one_clear_message(tmp_path):
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    with pytest.raises(GraphUnavailable, match="not running.*explorer db start"):
        ArcadeDBBackend.open(settings, autostart=False, quiet=True)


@pytest.mark.server
@ARCADEDB_ONLY
def test_connect_gives_it_the_servers_http_port_and_the_reader(graph, server_settings):
    backend = graph.backend
    assert isinstance(backend, ArcadeDBBackend)
    state = localserver.running_state(server_settings.home)
    assert state is not None and backend.http_port == state.http_port
    assert backend.reader_auth == ("reader", localserver.reader_password(server_settings.home))


@pytest.mark.server
@ARCADEDB_ONLY
def test_sql_runs_as_root_and_sees_the_fulltext_indexes(graph):
    rows = graph.backend.sql("SELECT name FROM schema:indexes")["result"]
    names = {row["name"] for row in rows}
    assert {graph.backend.fulltext_index(label) for label in FULLTEXT_INDEXES} <= names

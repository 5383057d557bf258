"""The Neo4j backend (:mod:`cypher.access.backends.neo4j`): its full-text names and
DDL, the agents it accepts and its time limits without a database; against the
Neo4j test server, NEO4J_URI schemes and NEO4J_DATABASE as a user sets them
(through the environment of ``python -m explorer``, the real command line) and
a read-only query ended by the server at EXPLORER_QUERY_TIMEOUT.
"""

from __future__ import annotations

import pytest

from cypher.access.backends.fulltext import FULLTEXT_INDEXES
from cypher.access.backends.neo4j import Neo4jBackend, neo4j_fulltext_statements
from cypher.access.errors import GraphUnavailable
from cypher.access.graph import QueryTimeout

NEO4J_ONLY = pytest.mark.neo4j_only("NEO4J_URI and NEO4J_DATABASE choose a Neo4j server; "
                                    "without them the product starts its local server")


def test_fulltext_indexes_are_queried_by_their_own_names():
    backend = Neo4jBackend()
    assert backend.fulltext_index("Paper") == "paper_text"
    assert [backend.fulltext_index(label) for label in FULLTEXT_INDEXES] == [
        "paper_text", "person_text", "topic_text", "institution_text"]


def test_fulltext_ddl_is_one_idempotent_statement_per_label():
    statements = neo4j_fulltext_statements()
    assert len(statements) == len(FULLTEXT_INDEXES)
    assert all(s.startswith("CREATE FULLTEXT INDEX ") and "IF NOT EXISTS" in s
               for s in statements)
    assert statements[0] == ("CREATE FULLTEXT INDEX paper_text IF NOT EXISTS "
                             "FOR (n:Paper) ON EACH [n.title, n.abstract]")


@pytest.mark.parametrize(("agent", "accepted"), [
    ("Neo4j/5.26.30", True), ("Neo4j/5.27-aura", True),
    ("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)", False),
    ("Neo4j/v5.11.0 compatible graph database server - Memgraph", False),
    ("FalkorDB/4.0", False),
])
def test_only_neo4j_itself_is_taken_for_neo4j(agent, accepted):
    backend = Neo4jBackend()
    assert backend.recognises(agent) is accepted
    if not accepted:
        with pytest.raises(GraphUnavailable, match="is not a Neo4j server.*NEO4J_URI"):
            backend.check_agent(agent, "bolt://db.example:7687")


def test_a_read_only_query_gets_the_time_limit_asked_else_the_setting():
    backend = Neo4jBackend()
    assert backend.read_limit(None, 10.0) == 10.0
    assert backend.read_limit(30.0, 10.0) == 30.0  # the server enforces any limit
    assert backend.read_limit(2.0, 10.0) == 2.0


def test_neo4j_takes_import_files_and_has_no_sql():
    backend = Neo4jBackend()
    assert backend.first_load == "files"
    with pytest.raises(GraphUnavailable, match="SQL is only available on the local"):
        backend.sql("SELECT 1")


@pytest.fixture
def one_paper(empty_graph):
    empty_graph.run_text("CREATE (:Paper {id: 'ns:1', title: 'Routing works', year: 2020})"
                         "-[:CITES]->(:Paper {id: 'ns:2', title: 'A cited paper', year: 2019})")
    return empty_graph


@pytest.mark.server
@NEO4J_ONLY
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_both_uri_schemes_reach_the_single_server(cli, one_paper, server_settings, scheme):
    """``neo4j://`` asks the server for a routing table (here, a table of one)."""
    uri = server_settings.uri.replace("bolt://", f"{scheme}://")
    result = cli("query", "MATCH (p:Paper {id: 'ns:1'})-[:CITES]->(q) RETURN q.title AS t",
                 "--format", "json", env_extra={"NEO4J_URI": uri}, check=True)
    assert "A cited paper" in result.stdout
    shown = cli("neighbourhood", "ns:1", "--format", "json", env_extra={"NEO4J_URI": uri},
                check=True)
    assert "ns:2" in shown.stdout


@pytest.mark.server
@NEO4J_ONLY
def test_neo4j_database_is_honoured(cli, one_paper, server_settings):
    """The database named in NEO4J_DATABASE is the one every command uses: the
    named default database answers; an absent one is one clear line, exit 4."""
    named = cli("query", "MATCH (p:Paper {id: 'ns:1'}) RETURN p.title AS t",
                env_extra={"NEO4J_DATABASE": server_settings.database}, check=True)
    assert "Routing works" in named.stdout
    missing = cli("query", "MATCH (p:Paper) RETURN count(p) AS n",
                  env_extra={"NEO4J_DATABASE": "nosuchdatabase"})
    assert missing.returncode == 4, missing.stderr
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "nosuchdatabase" in lines[0]
    assert "Traceback" not in missing.stderr


@pytest.mark.server
@pytest.mark.neo4j_only("the local server's limit is proven on a private server in "
                        "localserver/test_query_deadline.py; here Neo4j's own transaction "
                        "timeout ends the query")
def test_neo4j_ends_a_console_query_at_explorer_query_timeout(graph, server_settings):
    """With no timeout of its own (the notebook's path) a read-only query still
    gets EXPLORER_QUERY_TIMEOUT as its transaction timeout, and the server ends it."""
    import dataclasses
    import time

    from cypher.access.graph import connect

    graph.run_text("UNWIND range(1, 40) AS i MERGE (:Paper {id: 'to:' + i}) WITH count(*) AS _ "
                   "MATCH (a:Paper), (b:Paper) WHERE a.id STARTS WITH 'to:' "
                   "AND b.id STARTS WITH 'to:' AND a <> b MERGE (a)-[:CITES]->(b)")
    limited = connect(dataclasses.replace(server_settings, query_timeout=1.0), autostart=False)
    try:
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 1 s .*EXPLORER_QUERY_TIMEOUT"):
            limited.run_text("MATCH p = (a:Paper)-[:CITES*1..3]->(:Paper)-[:CITES*1..3]->() "
                             "WHERE a.id STARTS WITH 'to:' RETURN count(p)", read_only=True)
        assert time.monotonic() - started < 8
        # ended on the server, not only abandoned by the client (this listing's
        # own text contains the pattern too, so it is left out)
        running = graph.run_text(
            "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $pattern "
            "AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n",
            {"pattern": "CITES*1..3]->(:Paper)-[:CITES*1..3]"})
        assert running.records[0]["n"] == 0
    finally:
        limited.close()
        graph.run_text("MATCH (p:Paper) WHERE p.id STARTS WITH 'to:' DETACH DELETE p")


@NEO4J_ONLY
def test_schema_ends_when_every_index_is_online(empty_graph):
    """``explorer db init`` (:func:`ensure_schema`) makes the indexes, then waits until
    Neo4j has filled them (after an import it fills them in the background, and every
    lookup by id scans the label until then)."""
    from cypher.access.schema import ensure_schema

    empty_graph.run_text("UNWIND range(1, 20000) AS i "
                         "CREATE (:Paper {id: 'await:' + i, doi: '10.1/' + i, year: 2000})")
    empty_graph.run_text("DROP INDEX paper_doi IF EXISTS")
    steps = Neo4jBackend().fulltext_steps(empty_graph)
    assert steps[-1].args == ("gds/await_indexes",) and steps[-1].keywords["seconds"] > 60
    ensure_schema(empty_graph)
    states = empty_graph.run_text("SHOW INDEXES YIELD name, state RETURN name, state").records
    assert {r["name"] for r in states} >= {"paper_doi", "paper_text"}
    assert {r["state"] for r in states} == {"ONLINE"}
    assert empty_graph.call("gds/await_indexes", seconds=1) == []

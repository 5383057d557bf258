"""The read-only console path cannot change the graph, whatever the query says.

Every attempt runs against the real local server through
``Graph.run_text(read_only=True)``, the path the console and ``explorer query``
use; after each, the graph's counts, a node's properties and the index list
must be exactly as before.
"""

from __future__ import annotations

import pytest
from neo4j.exceptions import Neo4jError

from cypher.access.graph import QueryError, QueryTimeout, WriteRefused

pytestmark = pytest.mark.server

WRITES = [
    "CREATE (:Paper {id: 'ro:new'})",
    "MERGE (:Paper {id: 'ro:merged'})",
    "MATCH (p:Paper {id: 'ro:a'}) SET p.title = 'changed'",
    "MATCH (p:Paper {id: 'ro:a'}) SET p:Person",
    "MATCH (p:Paper {id: 'ro:a'}) REMOVE p.title",
    "MATCH (p:Paper {id: 'ro:b'}) DELETE p",
    "MATCH (p:Paper {id: 'ro:a'}) DETACH DELETE p",
    "MATCH (a:Paper {id: 'ro:a'})-[r:CITES]->() DELETE r",
    "MATCH (a:Paper {id: 'ro:a'}), (b:Paper {id: 'ro:b'}) CREATE (b)-[:CITES]->(a)",
    "MATCH (p:Paper {id: 'ro:a'}) CALL { CREATE (:Paper {id: 'ro:sub'}) } RETURN p",
    "MATCH (p:Paper {id: 'ro:a'}) CALL { WITH p SET p.year = 1 } IN TRANSACTIONS RETURN 1",
    "UNWIND range(1, 3) AS i CALL { WITH i CREATE (:Paper {id: 'ro:t' + i}) } "
    "IN TRANSACTIONS OF 1 ROWS",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Paper {id: line[0]})",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line LIMIT 1",
    "CREATE INDEX ro_title IF NOT EXISTS FOR (n:Paper) ON (n.title)",
    "CREATE CONSTRAINT ro_doi IF NOT EXISTS FOR (n:Paper) REQUIRE n.doi IS UNIQUE",
    "DROP CONSTRAINT paper_id",
    "CALL db.createLabel('Evil')",
    "CALL db.index.fulltext.createNodeIndex('evil', ['Paper'], ['title'])",
    "RETURN 1; CREATE (:Paper {id: 'ro:second'})",
    "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n",
    "// harmless comment\nCREATE (:Paper {id: 'ro:comment'})",
    "/* MATCH (n) RETURN n */ CREATE (:Paper {id: 'ro:block'})",
    "MATCH (p:Paper {id: 'ro:a'}) // RETURN p\nSET p.title = 'x'",
    "\u00a0CREATE\u2003(:Paper {id: 'ro:nbsp'})",
    "cReAtE (:Paper {id: 'ro:case'})",
    "CREATE\t(:Paper\n{id:\r\n'ro:ws'})",
    "WITH 'DELETE' AS word CREATE (:Paper {id: word})",
    "FOREACH (i IN [1, 2] | CREATE (:Paper {id: 'ro:each'}))",
    "MATCH (p:Paper {id: 'ro:a'}) WITH p, 'RETURN' AS s SET p.s = s RETURN p",
    # procedures that write: the schema, the GDS catalogue, node properties
    "CALL db.createProperty('evil')",
    "CALL db.createRelationshipType('EVIL')",
    "CALL gds.graph.project('ro_evil', 'Paper', 'CITES')",
    "CALL gds.graph.project('ro_g', 'Paper', 'CITES') YIELD graphName "
    "CALL gds.louvain.write('ro_g', {writeProperty: 'community'}) YIELD communityCount "
    "RETURN communityCount",
    "CALL gds.leiden.write('ro_g', {writeProperty: 'community', randomSeed: 1})",
    "CALL gds.graph.drop('ro_g', false)",
    "CALL do.when(true, 'MATCH (p:Paper {id: \"ro:a\"}) SET p.title = \"pwned\" "
    "RETURN p.title AS t', 'RETURN 1')",
]


# index usage statistics that a read changes (Neo4j's SHOW INDEXES)
VOLATILE = {"lastRead", "readCount"}


def snapshot(graph):
    rows = graph.run_text(
        "MATCH (p:Paper) WHERE p.id STARTS WITH 'ro:' "
        "RETURN p.id AS id, p.title AS t, p.year AS y, labels(p) AS l, "
        "properties(p) AS props ORDER BY id",
        read_only=True)
    indexes = graph.run_text("SHOW INDEXES", read_only=True)
    catalogue = []
    if graph.backend == "neo4j":  # the GDS graph catalogue (not a console read)
        catalogue = [r["graphName"] for r in graph.run_text(
            "CALL gds.graph.list() YIELD graphName RETURN graphName ORDER BY graphName").records]
    return (graph.counts(), [dict(r) for r in rows.records],
            sorted(str({k: v for k, v in dict(r).items() if k not in VOLATILE})
                   for r in indexes.records), catalogue)


@pytest.fixture(scope="module")
def seeded(graph):
    graph.run_text("MERGE (a:Paper {id: 'ro:a'}) SET a.title = 'Alpha', a.year = 2000 "
                   "MERGE (b:Paper {id: 'ro:b'}) SET b.title = 'Beta' "
                   "MERGE (a)-[:CITES]->(b)")
    return graph


@pytest.mark.parametrize("query", WRITES)
def test_write_attempts_leave_the_graph_unchanged(seeded, query):
    before = snapshot(seeded)
    with pytest.raises((QueryError, Neo4jError)):
        seeded.run_text(query, read_only=True, timeout=5)
    assert snapshot(seeded) == before


@pytest.mark.parametrize("query", [
    "RETURN 'CREATE (n) DELETE n' AS text",
    "MATCH (p:Paper {id: 'ro:a'}) RETURN p.title AS title // SET p.title = 'x'",
    "MATCH (p:Paper) WHERE p.id = $id RETURN p.title AS title",
])
def test_reads_that_mention_write_words_still_run(seeded, query):
    result = seeded.run_text(query, {"id": "ro:a"}, read_only=True)
    assert result.records and result.counters == {}


def test_write_refusal_names_read_only(seeded):
    with pytest.raises(WriteRefused, match="read-only"):
        seeded.run_text("CREATE (:Paper {id: 'ro:x'})", read_only=True)


def test_row_cap_stops_reading(seeded):
    result = seeded.run_text("UNWIND range(1, 100000) AS i RETURN i", read_only=True,
                             max_rows=10)
    assert len(result.records) == 11  # one past the cap tells the caller it was hit


def test_runaway_query_is_stopped_by_the_server(tmp_path):
    """A private server with a 1 s limit stops an unbounded path query."""
    import time

    from cypher.access.graph import connect
    from cypher.access.localserver import manager as localserver
    from cypher.access.settings import load_settings
    from tests.conftest import server_environ

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


@pytest.mark.neo4j_only("the local server's limit is proven on a private server above; "
                        "here Neo4j's own transaction timeout ends the query")
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

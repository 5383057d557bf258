"""The connection (:mod:`cypher.access.graph`): the backend chosen once, and the
read-only path that cannot change the graph, whatever the query says.

Every write attempt runs against the real server of each backend through
``Graph.run_text(read_only=True)``, the path the console and ``explorer query``
use; after each, the graph's counts, a node's properties and the index list
must be exactly as before. The ``explorer query`` cases run the command line.
"""

from __future__ import annotations

import json
import re

import pytest
from neo4j.exceptions import Neo4jError

from cypher.access.backends.arcadedb import ArcadeDBBackend
from cypher.access.backends.neo4j import Neo4jBackend
from cypher.access.backends.registry import backend_for
from cypher.access.errors import GraphUnavailable
from cypher.access.graph import Graph, QueryError, WriteRefused

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
    if graph.backend.name == "neo4j":  # the GDS graph catalogue (not a console read)
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


def test_connect_chooses_the_backend_the_settings_name(graph, server_settings, backend):
    """NEO4J_URI set: the Neo4j class; otherwise the local server's."""
    chosen = graph.backend
    assert isinstance(chosen, backend_for(server_settings))
    assert chosen.name == backend
    assert graph.backend is chosen  # chosen once, the same object every time


def test_a_server_of_another_kind_is_unavailable_not_guessed(graph, server_settings):
    """The first use checks the server's agent against the chosen backend: a
    server that is not of that kind is one clear GraphUnavailable."""
    impostor = (Neo4jBackend() if isinstance(graph.backend, ArcadeDBBackend)
                else ArcadeDBBackend(server_settings, 0, ("reader", "unused")))
    mismatched = Graph(graph.driver, server_settings, impostor)  # the session's driver
    expected = (re.escape(f"the graph at {graph.uri} is not {impostor.kind} (it answers as ")
                + ".*" + re.escape(f"; {impostor.hint}"))
    with pytest.raises(GraphUnavailable, match=expected):
        mismatched.backend  # noqa: B018 - the first use checks the agent
    with pytest.raises(GraphUnavailable, match="is not"):
        mismatched.run_text("RETURN 1 AS one", read_only=True)


def test_query_errors_are_one_line_with_status_2(cli):
    syntax = cli("query", "MATCH (n RETURN n")
    assert syntax.returncode == 2
    assert len(syntax.stderr.strip().splitlines()) == 1 and "Traceback" not in syntax.stderr
    missing = cli("query", "RETURN $nope AS x")
    assert missing.returncode == 2 and "nope" in missing.stderr


def test_query_formats_and_params(cli, graph):
    graph.run_text("MERGE (p:Paper {id: 'test:q1'}) SET p.title = 'Q one', p.year = 2001")
    rows = cli("query", "MATCH (p:Paper {id: $id}) RETURN p.title AS t, p.year AS y",
               "--param", "id=test:q1", "--format", "json")
    assert json.loads(rows.stdout) == [{"t": "Q one", "y": 2001}]
    as_csv = cli("query", "MATCH (p:Paper {id: $id}) RETURN p.title AS t", "-p", "id=test:q1",
                 "--format", "csv")
    assert as_csv.stdout.splitlines() == ["t", "Q one"]


def test_query_refuses_writes_without_flag(cli, graph):
    before = graph.counts()
    refused = cli("query", "CREATE (:Paper {id: 'test:w1'})")
    assert refused.returncode == 2 and "--write" in refused.stderr
    assert graph.counts() == before
    allowed = cli("query", "MERGE (p:Paper {id: 'test:w2'}) RETURN p.id AS id", "--write")
    assert allowed.returncode == 0
    assert graph.read("read/node_by_id", id="test:w2")


def test_read_values_gives_the_rows_read_gives_and_none_for_no_answer(seeded):
    ids = ["ro:a", "ro:b"]
    values = seeded.read_values("read/paper_cards", ids=ids)
    assert values == seeded.read("read/paper_cards", ids=ids)
    assert sorted(row["id"] for row in values) == ids
    assert all(list(row) == list(values[0]) for row in values)  # the statement's key order
    assert seeded.read_values("read/paper_cards", ids=["ro:none"]) == []

"""NEO4J_URI schemes and NEO4J_DATABASE, as a user sets them, against the Neo4j test server.

The user's settings reach the product only through the environment of
``python -m explorer``; each case here runs the real command line.
"""

from __future__ import annotations

import pytest

from cypher.access.settings import load_settings

pytestmark = [pytest.mark.server,
              pytest.mark.neo4j_only("NEO4J_URI and NEO4J_DATABASE choose a Neo4j server; "
                                     "without them the product starts its local server")]


@pytest.fixture
def one_paper(empty_graph):
    empty_graph.run_text("CREATE (:Paper {id: 'ns:1', title: 'Routing works', year: 2020})"
                         "-[:CITES]->(:Paper {id: 'ns:2', title: 'A cited paper', year: 2019})")
    return empty_graph


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


def test_settings_read_the_database_name():
    settings = load_settings({"NEO4J_URI": "neo4j://db.example:7687", "NEO4J_PASSWORD": "x",
                              "NEO4J_DATABASE": "papers"})
    assert settings.uri == "neo4j://db.example:7687" and settings.database == "papers"

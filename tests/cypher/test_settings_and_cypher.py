"""Settings and the named-query loader: no database needed."""

import re

import pytest

import cypher
from cypher.access.backends import dialect
from cypher.access.settings import SettingsError, load_settings


def test_defaults_use_local_server_on_7687(tmp_path):
    settings = load_settings({"EXPLORER_HOME": str(tmp_path)})
    assert settings.uses_local_server
    assert settings.local_uri == "bolt://127.0.0.1:7687"
    assert settings.home == tmp_path.resolve()


@pytest.mark.parametrize("uri", ["bolt://h:7687", "neo4j://h", "bolt+s://h", "neo4j+s://h:1"])
def test_uris_are_passed_unchanged(uri):
    settings = load_settings({"NEO4J_URI": uri, "NEO4J_USERNAME": "u",
                              "NEO4J_PASSWORD": "p", "NEO4J_DATABASE": "d"})
    assert (settings.uri, settings.username, settings.password, settings.database) == (
        uri, "u", "p", "d")
    assert not settings.uses_local_server


@pytest.mark.parametrize("port", ["x", "0", "70000"])
def test_bad_port_is_a_clear_error(port):
    with pytest.raises(SettingsError, match="EXPLORER_BOLT_PORT"):
        load_settings({"EXPLORER_BOLT_PORT": port})


def test_every_statement_is_documented_and_parameterised():
    queries = cypher.all_queries()
    assert len(queries) >= 20
    for name, query in queries.items():
        assert query.doc, f"{name} has no header comment"
        assert query.text and not query.text.startswith("//")
        assert "{{" not in query.text and "%s" not in query.text, name
        if name.startswith("write/"):
            assert "UNWIND $rows" in query.text, name


# Statements whose size is bounded by their input or that aggregate to a few rows,
# and the one streaming statement used by whole-graph runs.
BOUNDED_BY_INPUT = {"read/node_by_id", "read/label_counts", "read/relationship_counts",
                    "read/paper_citation_counts", "read/all_citation_edges",
                    "read/graph_version", "read/index_papers", "read/index_runs"}


def test_read_statements_are_bounded():
    for name, query in cypher.all_queries().items():
        if not name.startswith("read/") or name in BOUNDED_BY_INPUT:
            continue
        bounded = ("$limit" in query.text or "$per_node" in query.text
                   or re.search(r"\[\.\.\d+\]", query.text)
                   or query.text.lstrip().startswith("UNWIND $"))
        assert bounded, f"{name} has no bound on its rows"


def test_unknown_statement_is_a_key_error():
    with pytest.raises(cypher.UnknownQuery):
        cypher.get("read/nope")


def test_fulltext_names_differ_per_backend():
    assert dialect.fulltext_index_name("arcadedb", "Paper") == "Paper[title,abstract]"
    assert dialect.fulltext_index_name("neo4j", "Paper") == "paper_text"
    assert all("FULLTEXT" in s for s in dialect.neo4j_fulltext_statements())

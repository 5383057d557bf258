"""The named-statement loader (:mod:`cypher`): every statement documented, bounded
and parameterised; no database needed."""

import re

import pytest

import cypher


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
                    "read/paper_citation_counts", "read/whole_graph_papers",
                    "read/graph_version", "read/index_runs", "read/index_field"}


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

"""Creating the schema (:mod:`cypher.access.schema`): constraints before indexes,
idempotent, and full-text indexes the backend's own way that a search can query
by the backend's index name."""

from __future__ import annotations

import pytest

import cypher
from cypher.access.schema import ensure_schema, schema_statement_names


def test_every_schema_statement_is_run_constraints_first():
    names = schema_statement_names()
    assert set(names) == {n for n in cypher.all_queries() if n.startswith("schema/")}
    kinds = [n.startswith("schema/constraint_") for n in names]
    assert kinds == sorted(kinds, reverse=True)  # every constraint before any index


@pytest.mark.server
def test_ensure_schema_is_idempotent_and_creates_the_fulltext_indexes(empty_graph):
    """Run again on a graph that has the schema (the fixture ran it): the same
    steps, no error; then a new paper is found through the backend's index name."""
    done = ensure_schema(empty_graph)
    assert done == [*schema_statement_names(), empty_graph.backend.fulltext_description]
    empty_graph.run_text("CREATE (:Paper {id: 'schema:1', title: 'Quasicrystal tilings', "
                         "abstract: 'aperiodic order'})")
    rows = empty_graph.read_table("read/search_fulltext", q="quasicrystal", limit=5,
                            index=empty_graph.backend.fulltext_index("Paper"))
    assert [row["id"] for row in rows] == ["schema:1"]

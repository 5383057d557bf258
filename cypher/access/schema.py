"""Create the constraints and indexes the product needs, idempotently."""

from __future__ import annotations

import cypher
from cypher.access.backends import dialect
from cypher.access.graph import Graph


def schema_statement_names() -> list[str]:
    """Names of the schema statements, constraints before indexes.

    >>> names = schema_statement_names()
    >>> names[0].startswith("schema/constraint_"), "schema/index_paper_doi" in names
    (True, True)
    """
    names = [n for n in cypher.all_queries() if n.startswith("schema/")]
    return sorted(names, key=lambda n: (not n.startswith("schema/constraint_"), n))


def ensure_schema(graph: Graph) -> list[str]:
    """Create every constraint and index if missing; return what was run."""
    done = []
    for name in schema_statement_names():
        graph.write(name)
        done.append(name)
    if graph.backend == dialect.ARCADEDB:
        if graph.http_port is not None:
            for command in dialect.arcadedb_fulltext_sql():
                graph.sql(command)
            done.append("full-text indexes (ArcadeDB SQL)")
    else:
        for statement in dialect.neo4j_fulltext_statements():
            graph.run_text(statement)
        done.append("full-text indexes (Neo4j)")
    return done

"""Neo4j 5 (server, AuraDB, clusters): what differs from the local server.

* full-text search: ``CREATE FULLTEXT INDEX … IF NOT EXISTS``, queried by the
  index's own name (``paper_text``);
* a query past its limit is ended by the driver's transaction timeout, which
  Neo4j enforces on the server;
* the console's read-only promise rests on the plan (``EXPLAIN`` must show a
  read), the rolled-back transaction and the counters: Neo4j Community has no
  roles, and a READ access mode is not access control.
"""

from __future__ import annotations

from cypher.access.backends.common import FULLTEXT_INDEXES


def neo4j_fulltext_statements() -> list[str]:
    """Return the Neo4j DDL for the full-text indexes (fixed, no user input)."""
    statements = []
    for label, (name, props) in FULLTEXT_INDEXES.items():
        fields = ", ".join(f"n.{p}" for p in props)
        statements.append(
            f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [{fields}]"
        )
    return statements

"""Neo4j 5 (server, AuraDB, clusters): what differs from the local server.

* full-text search: ``CREATE FULLTEXT INDEX … IF NOT EXISTS``, queried by the
  index's own name (``paper_text``);
* a query past its limit is ended by the driver's transaction timeout, which
  Neo4j enforces on the server;
* the console's read-only promise rests on the plan (``EXPLAIN`` must show a
  read), the rolled-back transaction and the counters: Neo4j Community has no
  roles, and a READ access mode is not access control. Neo4j plans
  ``TERMINATE TRANSACTIONS``, ``SHOW TRANSACTIONS`` and ``SHOW SETTINGS`` as
  reads, so the console guard refuses administration commands itself;
* every read-only query gets a transaction timeout (the one asked for, else
  ``EXPLORER_QUERY_TIMEOUT``), the notebook's included (in ``graph.py``);
* the server sends query notifications ("the label X does not exist") that the
  driver would log as warnings; the driver asks for none (``DRIVER_OPTIONS``);
* a ``NEO4J_DATABASE`` the server does not have is ``DatabaseNotFound``, turned
  into ``GraphUnavailable`` naming the setting (in ``graph.py``);
* ``WHERE`` inside a variable-length relationship is a syntax error (quantified
  path patterns parse on both backends); ``CALL { WITH x … }`` is deprecated
  since 5.23 but still accepted;
* a transaction needing more than ``dbms.memory.transaction.total.max`` (70 % of
  the heap by default) fails with ``MemoryPoolOutOfMemoryError``.

Each is listed, with the local server's side, in docs/BACKENDS.md.
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

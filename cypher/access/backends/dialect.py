"""The few places where Neo4j and the local ArcadeDB server differ, in one import.

Everything else is plain Cypher shared by both. Differences kept here:

* full-text search: Neo4j's ``CREATE FULLTEXT INDEX``; ArcadeDB's SQL
  ``FULL_TEXT`` index, created over its HTTP API, queried with the index
  named ``Label[prop,prop]``;
* which backend a server is, told by its agent string;
* stopping a running query: Neo4j ends it at the transaction timeout; the
  local server ignores that timeout, so a query past its limit is found in the
  server's ``list queries`` (by user and start time) and ended with
  ``terminate query``.
"""

from __future__ import annotations

from cypher.access.backends.arcadedb import (
    arcadedb_fulltext_sql,
    arcadedb_server_command,
    arcadedb_sql,
    arcadedb_terminate,
)
from cypher.access.backends.common import (
    ARCADEDB,
    FULLTEXT_INDEXES,
    NEO4J,
    backend_of,
    fulltext_index_name,
)
from cypher.access.backends.neo4j import neo4j_fulltext_statements

__all__ = ["ARCADEDB", "FULLTEXT_INDEXES", "NEO4J", "arcadedb_fulltext_sql",
           "arcadedb_server_command", "arcadedb_sql", "arcadedb_terminate", "backend_of",
           "fulltext_index_name", "neo4j_fulltext_statements"]

"""Neo4j 5 (server, AuraDB, clusters): :class:`Neo4jBackend`, chosen by ``NEO4J_URI``.

What differs from the local server:

* full-text search: ``CREATE FULLTEXT INDEX … IF NOT EXISTS``, queried by the
  index's own name (``paper_text``);
* a query past its limit is ended by the driver's transaction timeout, which
  Neo4j enforces on the server; every read-only query gets one (the one asked
  for, else ``EXPLORER_QUERY_TIMEOUT``), the notebook's included;
* the console's read-only promise rests on the plan (``EXPLAIN`` must show a
  read), the rolled-back transaction and the counters: Neo4j Community has no
  roles, and a READ access mode is not access control. Neo4j plans
  ``TERMINATE TRANSACTIONS``, ``SHOW TRANSACTIONS`` and ``SHOW SETTINGS`` as
  reads, so the console guard refuses administration commands itself;
* Graph Data Science, when the server has the plugin (``gds.version()`` answers);
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

>>> backend = Neo4jBackend()
>>> backend.fulltext_index("Paper"), backend.recognises("Neo4j/5.26.30")
('paper_text', True)
>>> backend.recognises("Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)")
False
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import Neo4jError

from cypher.access.backends.base import (
    DRIVER_OPTIONS,
    Backend,
    Connection,
    Opened,
    read_only_transaction,
    write_transaction,
)
from cypher.access.backends.fulltext import FULLTEXT_INDEXES
from cypher.access.errors import WriteRefused
from cypher.access.settings import Settings

T = TypeVar("T")


#: How long ``explorer db init`` waits for Neo4j to fill new indexes.
INDEX_WAIT_SECONDS = 3600


def neo4j_fulltext_statements() -> list[str]:
    """The Neo4j DDL for the full-text indexes (fixed text, no user input).

    >>> neo4j_fulltext_statements()[1]
    'CREATE FULLTEXT INDEX person_text IF NOT EXISTS FOR (n:Person) ON EACH [n.name]'
    """
    statements = []
    for label, (name, props) in FULLTEXT_INDEXES.items():
        fields = ", ".join(f"n.{p}" for p in props)
        statements.append(
            f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [{fields}]"
        )
    return statements


class Neo4jBackend(Backend):
    """A Neo4j 5 server named by ``NEO4J_URI``; the product never manages it."""

    name = "neo4j"
    kind = "a Neo4j server"
    hint = ("NEO4J_URI must name a Neo4j 5 server (without NEO4J_URI the product "
            "runs its own local graph server)")
    fulltext_description = "full-text indexes (Neo4j); every index online"
    first_load = "files"
    no_gds = "the graph server has no Graph Data Science plugin"

    @classmethod
    def serves(cls, settings: Settings) -> bool:
        """``NEO4J_URI`` is set."""
        return settings.uri is not None

    @classmethod
    def open(cls, settings: Settings, *, autostart: bool, quiet: bool) -> Opened:
        """A driver for ``NEO4J_URI`` with ``NEO4J_USERNAME``/``NEO4J_PASSWORD``;
        nothing is contacted yet (the first query reports an unreachable server)."""
        if settings.uri is None:  # the registry chooses this class only with a URI
            raise ValueError("Neo4jBackend.open needs NEO4J_URI")
        auth = (settings.username, settings.password or "")
        driver = GraphDatabase.driver(settings.uri, auth=auth, **DRIVER_OPTIONS)
        return Opened(driver, settings, cls())

    def recognises(self, agent: str) -> bool:
        """Neo4j's own agent, ``Neo4j/5…``; servers that only imitate it name themselves."""
        lowered = agent.lower()
        return (agent.startswith("Neo4j/") and "compatible" not in lowered
                and "arcadedb" not in lowered)

    def fulltext_index(self, label: str) -> str:
        """The index's own name (``paper_text``)."""
        return FULLTEXT_INDEXES[label][0]

    def fulltext_steps(self, graph: Connection) -> list[Callable[[], object]]:
        """One ``CREATE FULLTEXT INDEX … IF NOT EXISTS`` per label, then a wait until every
        index is online: Neo4j fills a new index in the background, and until then every
        lookup by id scans the label (after an import of a million works the indexes took
        another 14 s; maps read meanwhile took seconds)."""
        return [*(partial(graph.run_text, statement) for statement in neo4j_fulltext_statements()),
                partial(graph.call, "gds/await_indexes", seconds=INDEX_WAIT_SECONDS)]

    def read_limit(self, asked: float | None, setting: float) -> float:
        """The one asked for, else ``EXPLORER_QUERY_TIMEOUT``: the server enforces either."""
        return asked or setting

    def run_read_only(self, graph: Connection, text: str, params: dict[str, Any],
                      work: Callable[[neo4j.Transaction], T], limit: float, *,
                      isolated: bool, driver_options: dict[str, Any] | None = None) -> T:
        """On the configured server (there is no other to isolate it on): the plan
        must be a read (``EXPLAIN``), then the transaction timeout ends it."""

        def plan_is_a_read(session: neo4j.Session) -> None:
            plan = session.run("EXPLAIN " + text, params).consume()
            if plan.query_type not in ("r", None):
                raise WriteRefused

        with _query_driver(graph, driver_options) as driver:
            return read_only_transaction(driver, graph.database, work, limit,
                                         before=plan_is_a_read)

    def run_write(self, graph: Connection, text: str, params: dict[str, Any],
                  work: Callable[[neo4j.Transaction], T], limit: float, *,
                  driver_options: dict[str, Any] | None = None) -> T:
        """One explicit write transaction with the server-enforced timeout ``limit``."""
        with _query_driver(graph, driver_options) as driver:
            return write_transaction(driver, graph.database, work, limit)

    def prepare_console(self, graph: Connection) -> None:
        """Nothing: the console runs on the configured server."""

    def gds_version(self, graph: Connection) -> str | None:
        """Asks ``gds.version()``; a server without the plugin refuses the call."""
        try:
            rows = graph.call("gds/version")
        except Neo4jError:
            return None
        return str(rows[0]["version"]) if rows else None


@contextlib.contextmanager
def _query_driver(graph: Connection,
                  options: dict[str, Any] | None) -> Iterator[neo4j.Driver]:
    """The connection's own driver, or with ``options`` (an answer bound's resolver)
    a driver of the query's own to the same server, closed afterwards."""
    if not options:
        yield graph.driver
        return
    settings = graph.settings
    driver = GraphDatabase.driver(settings.uri or graph.uri,
                                  auth=(settings.username, settings.password or ""),
                                  **{**DRIVER_OPTIONS, **options})
    try:
        yield driver
    finally:
        driver.close()

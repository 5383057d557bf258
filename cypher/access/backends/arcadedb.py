"""The local ArcadeDB server (``arcadedb-embedded``): :class:`ArcadeDBBackend`.

Chosen when ``NEO4J_URI`` is not set; the product starts and manages this
server itself (:mod:`cypher.access.localserver`). What differs from Neo4j:

* full-text indexes exist only through ArcadeDB's SQL (declare the text
  properties, then ``CREATE INDEX … FULL_TEXT``), sent over its loopback HTTP
  API as root; they are queried with the index named ``Label[prop,prop]``;
* read-only text runs as the ``reader`` user, whose group may only read; a
  user's query that may write as the ``writer`` user, ended at its limit the same way;
* the server ignores the transaction timeout, so a query past its limit is
  found in the server's ``list queries`` (by user and start time) and ended
  with ``terminate query``, and one that keeps running by killing its process:
  the web console's own server, or for ``explorer query`` the main server
  (:mod:`cypher.access.localserver.query_deadline`);
* an indexed property gets a type (``'2020'`` becomes 2020): values are cast
  in Python before writing;
* any database name the client sends is routed to the default database;
* no Graph Data Science: whole-graph communities run in-process.

>>> from cypher.access.settings import load_settings
>>> local = ArcadeDBBackend(load_settings({"EXPLORER_HOME": "/tmp/h"}), 2480, ("reader", "x"))
>>> local.fulltext_index("Paper"), local.recognises("Neo4j/5.26.0 compatible (ArcadeDB 26.1)")
('Paper[title,abstract]', True)
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase

from cypher.access.backends.base import (
    DRIVER_OPTIONS,
    Backend,
    Connection,
    Opened,
    read_only_transaction,
    write_transaction,
)
from cypher.access.backends.fulltext import FULLTEXT_INDEXES
from cypher.access.errors import GraphUnavailable, QueryError, QueryTimeout
from cypher.access.localserver import http_api, manager, query_deadline, watchdog
from cypher.access.settings import LOCAL_USER, Settings

T = TypeVar("T")


def arcadedb_fulltext_sql() -> list[str]:
    """ArcadeDB SQL that declares the text properties and indexes them (fixed text).

    >>> arcadedb_fulltext_sql()[-1]
    'CREATE INDEX IF NOT EXISTS ON Institution (name) FULL_TEXT'
    """
    statements = []
    for label, (_name, props) in FULLTEXT_INDEXES.items():
        statements.append(f"CREATE VERTEX TYPE {label} IF NOT EXISTS")
        for prop in props:
            statements.append(f"CREATE PROPERTY {label}.{prop} IF NOT EXISTS STRING")
        statements.append(
            f"CREATE INDEX IF NOT EXISTS ON {label} ({', '.join(props)}) FULL_TEXT"
        )
    return statements


class ArcadeDBBackend(Backend):
    """The local server under ``EXPLORER_HOME``: its HTTP port (root's SQL and
    query control) and the read-only ``reader`` user's credentials."""

    name = "arcadedb"
    kind = "the local ArcadeDB graph server"
    hint = "another program may answer on its Bolt port (EXPLORER_BOLT_PORT)"
    fulltext_description = "full-text indexes (ArcadeDB SQL)"
    first_load = "import"
    no_gds = "the local graph server is not Neo4j, so it has no Graph Data Science plugin"

    def __init__(self, settings: Settings, http_port: int,
                 reader_auth: tuple[str, str]) -> None:
        self.settings = settings
        self.http_port = http_port
        self.reader_auth = reader_auth

    @classmethod
    def serves(cls, settings: Settings) -> bool:
        """``NEO4J_URI`` is not set."""
        return settings.uri is None

    @classmethod
    def open(cls, settings: Settings, *, autostart: bool, quiet: bool) -> Opened:
        """Find the local server of ``EXPLORER_HOME`` (start it when ``autostart``,
        saying so on stderr unless ``quiet``) and open a driver as root."""
        state = manager.running_state(settings.home)
        if state is None:
            if not autostart:
                raise GraphUnavailable(
                    f"the local graph server is not running (EXPLORER_HOME={settings.home}); "
                    "run: explorer db start")
            state, started = manager.start(settings)
            if started and not quiet:
                print(f"started the local graph server at {state.uri}", file=sys.stderr)
        if state.bolt_port != settings.bolt_port:
            settings = dataclasses.replace(settings, bolt_port=state.bolt_port)
        driver = GraphDatabase.driver(
            state.uri, auth=(LOCAL_USER, manager.password(settings.home)), **DRIVER_OPTIONS)
        reader = (watchdog.READER_USER, manager.reader_password(settings.home))
        return Opened(driver, settings, cls(settings, state.http_port, reader))

    def recognises(self, agent: str) -> bool:
        """ArcadeDB's agent: ``Neo4j/5.x compatible (ArcadeDB …)``."""
        return "arcadedb" in agent.lower()

    def fulltext_index(self, label: str) -> str:
        """``Label[prop,prop]``: ArcadeDB names an index by its type and properties."""
        return f"{label}[{','.join(FULLTEXT_INDEXES[label][1])}]"

    def fulltext_steps(self, graph: Connection) -> list[Callable[[], object]]:
        """The SQL of :func:`arcadedb_fulltext_sql`, one command a step, as root."""
        return [partial(self.sql, command) for command in arcadedb_fulltext_sql()]

    def read_limit(self, asked: float | None, setting: float) -> float:
        """Never above ``EXPLORER_QUERY_TIMEOUT``: the reader's own limit on the server."""
        return min(asked or setting, setting)

    def run_read_only(self, graph: Connection, text: str, params: dict[str, Any],
                      work: Callable[[neo4j.Transaction], T], limit: float, *,
                      isolated: bool, driver_options: dict[str, Any] | None = None) -> T:
        """As the reader, on a connection of its own, ended at ``limit`` by
        ``terminate query`` (and if need be by killing the process running it);
        ``isolated``: on the console's own server."""
        place = (self._console(graph) if isolated else query_deadline.main_server(
            self.settings, self.settings.local_uri, self.http_port, self.reader_auth))
        return self._run(place, lambda driver: read_only_transaction(
            driver, graph.database, work, limit), limit, driver_options)

    def run_write(self, graph: Connection, text: str, params: dict[str, Any],
                  work: Callable[[neo4j.Transaction], T], limit: float, *,
                  driver_options: dict[str, Any] | None = None) -> T:
        """As the ``writer`` user (records and schema, no security or settings) on the
        main server, on a connection of its own, committed only within ``limit`` and
        ended at it like a read (``terminate query``, else a restart of the server)."""
        writer = (watchdog.WRITER_USER, manager.writer_password(self.settings.home))
        place = query_deadline.main_server(self.settings, self.settings.local_uri,
                                           self.http_port, writer)
        return self._run(place, lambda driver: write_transaction(
            driver, graph.database, work, limit), limit, driver_options)

    def _run(self, place: query_deadline.Place, session_work: Callable[[neo4j.Driver], T],
             limit: float, driver_options: dict[str, Any] | None) -> T:
        try:
            return query_deadline.run(place, session_work, limit,
                                      {**DRIVER_OPTIONS, **(driver_options or {})})
        except query_deadline.PastLimit as exc:
            raise QueryTimeout.at(limit) from exc
        except query_deadline.Dropped as exc:
            raise QueryError(str(exc)) from exc

    def prepare_console(self, graph: Connection) -> None:
        """Start the console's own server and copy the graph to it now."""
        self._console(graph)

    def _console(self, graph: Connection) -> query_deadline.Place:
        """The console's own server, its copy of the graph made current first."""
        version = "".join(str(row.get("version")) for row in graph.read("read/graph_version"))
        try:
            return query_deadline.console_server(self.settings, self.http_port,
                                                 version or "none")
        except manager.ServerError as exc:  # it did not start, or could not copy
            raise GraphUnavailable(str(exc)) from exc

    def gds_version(self, graph: Connection) -> str | None:
        """None: ArcadeDB has no Graph Data Science (it is not asked)."""
        return None

    def sql(self, command: str) -> dict:
        """Run one SQL command on the local server over loopback HTTP, as root."""
        password = manager.password(self.settings.home)
        return http_api.sql(self.http_port, password, self.settings.database, command)

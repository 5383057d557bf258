"""Graph access: the only module that opens a driver.

:func:`connect` returns a :class:`Graph` bound to Neo4j when ``NEO4J_URI``
is set, otherwise to the local server, which it starts if needed. Named
statements from :mod:`cypher` run through :meth:`Graph.read` and
:meth:`Graph.write`; ad-hoc text (the console, ``explorer query``) goes
through :meth:`Graph.run_text`. ``database_`` is always passed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

import cypher
from cypher.access import deadline
from cypher.access.backends import dialect
from cypher.access.console_guard import GuardRefused, check_query
from cypher.access.localserver import manager as localserver
from cypher.access.settings import LOCAL_USER, Settings, load_settings

READER_USER = "reader"
log = logging.getLogger(__name__)
# Fail fast when the graph is down (the default retries for 30 s), so pages can
# answer 503 at once and recover by themselves when it is back.
DRIVER_OPTIONS: dict[str, Any] = {"max_transaction_retry_time": 3.0, "connection_timeout": 5.0,
                                  "connection_acquisition_timeout": 10.0,
                                  "max_connection_lifetime": 600,
                                  # Neo4j's query notifications ("the label X does not
                                  # exist" …) would reach every user as logged warnings
                                  "notifications_min_severity": "OFF"}


class GraphUnavailable(RuntimeError):
    """The graph database cannot be reached; the message says which and why."""


class QueryError(ValueError):
    """A query was refused by the database (syntax, parameters, limits)."""


class WriteRefused(QueryError):
    """A read-only query tried to change the graph; nothing was changed."""


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped by the server."""


READ_ONLY_MESSAGE = ("the graph is read-only here: this query would change it, so it was "
                     "refused and nothing was changed")


@dataclass
class QueryResult:
    """Rows of a query with their column names and the summary counters."""

    keys: list[str]
    records: list[neo4j.Record]
    counters: dict[str, int]
    query_type: str | None


def _counters(summary: neo4j.ResultSummary) -> dict[str, int]:
    raw = summary.counters.__dict__
    return {k.lstrip("_"): v for k, v in raw.items() if isinstance(v, int) and v}


class Graph:
    """A connection to the graph; create with :func:`connect`, close with :meth:`close`."""

    def __init__(self, driver: neo4j.Driver, settings: Settings, *, http_port: int | None = None,
                 reader_auth: tuple[str, str] | None = None):
        self.driver = driver
        self.settings = settings
        self.database = settings.database
        self.http_port = http_port
        self._backend: str | None = None
        self._reader_auth = reader_auth

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def uri(self) -> str:
        return self.settings.uri or self.settings.local_uri

    @property
    def backend(self) -> str:
        """``"arcadedb"`` or ``"neo4j"``, asked of the server once."""
        if self._backend is None:
            try:
                info = self.driver.get_server_info()
            except (ServiceUnavailable, SessionExpired, OSError) as exc:
                raise GraphUnavailable(f"cannot reach the graph at {self.uri}: {exc}") from exc
            self._backend = dialect.backend_of(info.agent)
        return self._backend

    # -- named statements --------------------------------------------------
    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named read statement and return its rows as dicts."""
        return [record.data() for record in self._execute(name, params, RoutingControl.READ)]

    def read_values(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Like :meth:`read` for statements that return only numbers, strings and
        lists of them (no nodes or relationships): skips the driver's recursive
        conversion of every value, which costs as much as the query for long lists."""
        return [dict(record.items()) for record in self._execute(name, params,
                                                                 RoutingControl.READ)]

    def read_records(self, name: str, **params: Any) -> list[neo4j.Record]:
        """Run the named read statement and return the driver's records."""
        return self._execute(name, params, RoutingControl.READ)

    def call(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named statement that may write (a procedure call) on the
        writer and return its rows as dicts."""
        return [record.data() for record in self._execute(name, params, RoutingControl.WRITE)]

    def write(self, name: str, **params: Any) -> dict[str, int]:
        """Run the named write statement in a managed transaction; return counters."""
        query = cypher.get(name)

        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            return _counters(tx.run(query.text, params).consume())

        return self._guard(lambda: self._session().execute_write(work))

    def write_batches(self, name: str, batches: Iterable[list[dict]]) -> Iterator[dict[str, int]]:
        """Run the named ``UNWIND $rows`` statement once per batch, each in its own
        managed write transaction; yield each batch's counters."""
        query = cypher.get(name)

        def work(tx: neo4j.ManagedTransaction, rows: list[dict]) -> dict[str, int]:
            return _counters(tx.run(query.text, {"rows": rows}).consume())

        with self._session() as session:
            for rows in batches:
                yield self._guard(lambda rows=rows: session.execute_write(work, rows))

    def write_many(self, steps: list[tuple[str, list[dict]]]) -> dict[str, dict[str, int]]:
        """Run several named ``UNWIND $rows`` statements in ONE managed write
        transaction (all or nothing); return the counters of each by name."""
        queries = [(name, cypher.get(name), rows) for name, rows in steps if rows]

        def work(tx: neo4j.ManagedTransaction) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for name, query, rows in queries:
                counters = _counters(tx.run(query.text, {"rows": rows}).consume())
                merged = out.setdefault(name, {})
                for key, value in counters.items():
                    merged[key] = merged.get(key, 0) + value
            return out

        if not queries:
            return {}
        return self._guard(lambda: self._session().execute_write(work))

    def mark_changed(self) -> None:
        """Replace the graph's version token (``read/graph_version``): views
        cached before this change are no longer used."""
        self.write_many([("write/set_graph_version", [{"version": uuid.uuid4().hex}])])

    def stream(self, name: str, **params: Any) -> Iterator[neo4j.Record]:
        """Stream the rows of a named read statement without holding them all."""
        query = cypher.get(name)
        try:
            with self.driver.session(database=self.database,
                                     default_access_mode=neo4j.READ_ACCESS) as session:
                yield from session.run(query.text, params)
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise GraphUnavailable(f"cannot reach the graph at {self.uri}: {exc}") from exc

    def _execute(self, name: str, params: dict[str, Any], routing: RoutingControl) -> list:
        query = cypher.get(name)
        result = self._guard(lambda: self.driver.execute_query(
            query.text, params, database_=self.database, routing_=routing))
        return result.records

    # -- ad-hoc text -------------------------------------------------------
    def run_text(self, text: str, params: dict[str, Any] | None = None, *,
                 timeout: float | None = None, max_rows: int | None = None,
                 read_only: bool = False, isolated: bool = False) -> QueryResult:
        """Run user-supplied Cypher text with parameters.

        With ``read_only`` the database itself must accept the query as a read:
        on the local server it runs as the ``reader`` user, whose group may
        only read records and whose queries the server stops at the time
        limit; on Neo4j the plan must be of type read (``EXPLAIN``). Either
        way the transaction is rolled back, and refused if the summary shows
        any change. With ``isolated`` (the web console) the local server runs
        it on the console's own server (:mod:`cypher.access.localserver.sandbox`),
        so a query that has to be killed takes no map down with it. Raises
        :class:`WriteRefused`, :class:`QueryTimeout`, or the driver's
        ``Neo4jError`` for syntax and parameter errors.
        """
        params = params or {}

        def work(tx: Any) -> QueryResult:
            result = tx.run(text, params)
            keys = list(result.keys())
            records = []
            for record in result:
                records.append(record)
                if max_rows is not None and len(records) > max_rows:
                    break
            summary = result.consume()
            return QueryResult(keys, records, _counters(summary), summary.query_type)

        if not read_only:
            config = neo4j.unit_of_work(timeout=timeout)(work) if timeout else work
            written = self._guard(lambda: self._session().execute_write(config))
            if written.counters:
                self.mark_changed()
            return written
        try:
            check_query(text, params, self.settings.max_path_length)
            result = self._guard(
                lambda: self._run_read_only(text, params, work, timeout, isolated))
        except GuardRefused as exc:
            raise QueryError(str(exc)) from exc
        except Neo4jError as exc:
            code = exc.code or ""
            if code.endswith("Security.Forbidden"):
                if "not allowed to read" in (exc.message or ""):
                    raise QueryError(f"the read-only user was refused: {exc.message}") from exc
                raise WriteRefused(READ_ONLY_MESSAGE) from exc
            if "TransactionTimedOut" in code or "Timeout" in code:
                limit = self._read_limit(timeout)
                raise QueryTimeout(
                    f"the query was stopped at the time limit of {limit:g} s "
                    "(setting EXPLORER_QUERY_TIMEOUT)") from exc
            raise
        if result.counters:
            raise WriteRefused(READ_ONLY_MESSAGE)
        return result

    def _run_read_only(self, text: str, params: dict, work: Any,
                       timeout: float | None, isolated: bool) -> QueryResult:
        limit = self._read_limit(timeout)
        if self._reader_auth is None:  # Neo4j: the server ends the transaction at the limit
            return self._read_only_session(self.driver, text, params, work, limit)
        place = deadline.main_server(self)
        if isolated and self.http_port is not None:
            place = deadline.console_server(self)
        try:
            return deadline.run(place, lambda driver: self._read_only_session(
                driver, text, params, work, limit), limit, DRIVER_OPTIONS)
        except deadline.PastLimit as exc:
            raise QueryTimeout(f"the query was stopped at the time limit of {limit:g} s "
                               "(setting EXPLORER_QUERY_TIMEOUT)") from exc
        except deadline.Dropped as exc:
            raise QueryError(str(exc)) from exc

    def prepare_console(self) -> None:
        """On the local server, start the console's own server and copy the graph
        to it now, so the first console query does not wait (errors are logged:
        the query that needs it will report them)."""
        if self._reader_auth is None or self.http_port is None:
            return
        try:
            self._guard(lambda: deadline.console_server(self))
        except (GraphUnavailable, Neo4jError) as exc:
            log.warning("the console's graph server is not ready: %s", exc)

    def _read_limit(self, timeout: float | None) -> float:
        """A read-only query's time limit: the one asked for, else EXPLORER_QUERY_TIMEOUT;
        on the local server never above it (the reader's own limit on the server)."""
        limit = timeout or self.settings.query_timeout
        return limit if self._reader_auth is None else min(limit, self.settings.query_timeout)

    def _read_only_session(self, driver: neo4j.Driver, text: str, params: dict, work: Any,
                           timeout: float | None) -> QueryResult:
        with driver.session(database=self.database,
                            default_access_mode=neo4j.READ_ACCESS) as session:
            if self.backend == dialect.NEO4J:
                plan = session.run("EXPLAIN " + text, params).consume()
                if plan.query_type not in ("r", None):
                    raise WriteRefused(READ_ONLY_MESSAGE)
            tx = session.begin_transaction(timeout=timeout)
            try:
                return work(tx)
            finally:
                if tx.closed() is False:
                    tx.rollback()

    # -- helpers -----------------------------------------------------------
    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def _guard(self, call: Any) -> Any:
        try:
            return call()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise GraphUnavailable(f"cannot reach the graph at {self.uri}: {exc}") from exc
        except localserver.ServerError as exc:  # the console's server did not start
            raise GraphUnavailable(str(exc)) from exc
        except AuthError as exc:
            raise GraphUnavailable(f"the graph at {self.uri} refused the credentials: "
                                   f"{exc.message}") from exc
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise GraphUnavailable(
                    f"the graph at {self.uri} has no database named {self.database!r} "
                    "(setting NEO4J_DATABASE)") from exc
            raise

    def counts(self) -> dict[str, dict[str, int]]:
        """Return node counts per label and relationship counts per type."""
        labels = {row["label"]: row["count"] for row in self.read("read/label_counts")}
        types = {row["type"]: row["count"] for row in self.read("read/relationship_counts")}
        return {"labels": labels, "relationships": types}

    def sql(self, command: str) -> dict:
        """Run ArcadeDB SQL on the local server (dialect-specific DDL only)."""
        if self.http_port is None:
            raise GraphUnavailable("SQL is only available on the local graph server")
        password = localserver.password(self.settings.home)
        return dialect.arcadedb_sql(self.http_port, password, self.database, command)


def error_message(exc: Neo4jError) -> str:
    """Return the server's message of a Cypher error on one line."""
    text = exc.message or str(exc)
    return " ".join(str(text).split())


def connect(settings: Settings | None = None, *, autostart: bool = True,
            quiet: bool = False) -> Graph:
    """Connect to the configured graph, starting the local server if needed.

    Raises :class:`GraphUnavailable` or :class:`localserver.ServerError`.
    """
    settings = settings or load_settings()
    if settings.uri:
        auth = (settings.username, settings.password or "")
        driver = GraphDatabase.driver(settings.uri, auth=auth, **DRIVER_OPTIONS)
        return Graph(driver, settings)
    state = localserver.running_state(settings.home)
    if state is None:
        if not autostart:
            raise GraphUnavailable(
                f"the local graph server is not running (EXPLORER_HOME={settings.home}); "
                "run: explorer db start")
        state, started = localserver.start(settings)
        if started and not quiet:
            import sys
            print(f"started the local graph server at {state.uri}", file=sys.stderr)
    if state.bolt_port != settings.bolt_port:
        settings = Settings(**{**settings.__dict__, "bolt_port": state.bolt_port})
    driver = GraphDatabase.driver(
        state.uri, auth=(LOCAL_USER, localserver.password(settings.home)), **DRIVER_OPTIONS)
    reader = (READER_USER, localserver.reader_password(settings.home))
    return Graph(driver, settings, http_port=state.http_port, reader_auth=reader)

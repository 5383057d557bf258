"""Graph access: the connection every layer uses.

:func:`connect` chooses the backend once (:mod:`cypher.access.backends.registry`:
Neo4j when ``NEO4J_URI`` is set, otherwise the local server, which it starts
if needed) and returns a :class:`Graph`. Named statements from :mod:`cypher`
run through :meth:`Graph.read` and :meth:`Graph.write`; ad-hoc text (the
console, ``explorer query``) goes through :meth:`Graph.run_text`. What differs
between servers is asked of ``graph.backend`` (a
:class:`cypher.access.backends.base.Backend`). ``database_`` is always passed.

The error types are :mod:`cypher.access.errors`'; ``GraphUnavailable``,
``QueryError``, ``WriteRefused`` and ``QueryTimeout`` can still be imported
from here.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

import cypher
from cypher.access.answer_bound import AnswerBound, AnswerTooLarge
from cypher.access.backends.base import DRIVER_OPTIONS, Backend
from cypher.access.backends.registry import backend_for
from cypher.access.console_guard import GuardRefused, check_query
from cypher.access.errors import (
    GraphUnavailable,
    QueryError,
    QueryTimeout,
    WriteRefused,
)
from cypher.access.settings import Settings, load_settings

__all__ = ["AnswerTooLarge", "Graph", "GraphUnavailable", "QueryError", "QueryResult",
           "QueryTimeout", "WriteRefused", "connect", "error_message"]
log = logging.getLogger(__name__)
OUT_OF_MEMORY = ("the graph server ran out of memory running this query, which was stopped "
                 "and rolled back; the graph is still up: ask for less")


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

    def __init__(self, driver: neo4j.Driver, settings: Settings, backend: Backend):
        self.driver = driver
        self.settings = settings
        self.database = settings.database
        self._backend = backend
        self._agent_checked = False
        #: how many times this connection changed the graph's version token (caches of
        #: computed views re-read the token at once when it moves)
        self.changes = 0

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
    def backend(self) -> Backend:
        """The server's :class:`Backend`, chosen at :func:`connect`. The first use
        asks the server for its agent once and raises :class:`GraphUnavailable`
        when the server is not of that kind (or cannot be reached)."""
        if not self._agent_checked:
            info = self._guard(self.driver.get_server_info)
            self._backend.check_agent(info.agent, self.uri)
            self._agent_checked = True
        return self._backend

    # -- named statements --------------------------------------------------
    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named read statement and return its rows as dicts."""
        return [record.data() for record in self._execute(name, params, RoutingControl.READ)]

    def read_values(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Like :meth:`read` for statements that return only numbers, strings and
        lists of them (no nodes or relationships): skips the driver's recursive
        conversion of every value, which costs as much as the query for long lists.
        A record is a tuple of its values: zipped with the keys, read once (``items()``
        builds each pair in Python: 2.4 against 0.9 ms for a 300-paper map's cards)."""
        records = self._execute(name, params, RoutingControl.READ)
        if not records:
            return []
        keys = records[0].keys()
        return [dict(zip(keys, record, strict=True)) for record in records]

    def read_table(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Like :meth:`read_values` for statements that return all their rows in one
        record: ``columns`` (the names) and ``rows`` (a list of values a row, in that
        order). One Bolt message, where a record a row costs the server and the driver a
        message each (a 32-paper map's read 1.6-1.8 against 2.2-2.3 ms)."""
        records = self._execute(name, params, RoutingControl.READ)
        if not records:
            return []
        columns, rows = records[0]
        return [dict(zip(columns, row, strict=True)) for row in rows]

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
        self.changes += 1

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
        if routing == RoutingControl.READ:
            return self._guard(lambda: self._auto_read(query.text, params))
        result = self._guard(lambda: self.driver.execute_query(
            query.text, params, database_=self.database, routing_=routing))
        return result.records

    def _auto_read(self, text: str, params: dict[str, Any]) -> list[neo4j.Record]:
        """A named read in an auto-commit transaction: one round trip (the statement and
        the fetch of its rows go together), where a managed transaction waits once more
        for its commit (a map 1.3-3.4 ms faster, measured on both backends). Retried as
        the driver retries a managed one (a lost connection or a transient error, for up
        to its ``max_transaction_retry_time``), with the same bookmarks as
        ``execute_query``, so reads stay ordered on a cluster as before."""
        deadline = time.monotonic() + DRIVER_OPTIONS["max_transaction_retry_time"]
        delay = 0.25
        while True:
            try:
                with self.driver.session(
                        database=self.database, default_access_mode=neo4j.READ_ACCESS,
                        bookmark_manager=self.driver.execute_query_bookmark_manager) as session:
                    return list(session.run(text, params))
            except (ServiceUnavailable, SessionExpired, TransientError) as exc:
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay)
                delay *= 2

    # -- ad-hoc text -------------------------------------------------------
    def run_text(self, text: str, params: dict[str, Any] | None = None, *,
                 timeout: float | None = None, max_rows: int | None = None,
                 read_only: bool = False, isolated: bool = False,
                 max_bytes: int | None = None) -> QueryResult:
        """Run user-supplied Cypher text with parameters.

        With ``read_only`` the database itself must accept the query as a read:
        on the local server it runs as the ``reader`` user, whose group may
        only read records and whose queries the server stops at the time
        limit; on Neo4j the plan must be of type read (``EXPLAIN``). Either
        way the transaction is rolled back, and refused if the summary shows
        any change. With ``isolated`` (the web console) the local server runs
        a read on the console's own server (:mod:`cypher.access.localserver.sandbox`),
        so a query that has to be killed takes no map down with it; a console
        query that may write (``isolated`` without ``read_only``) gets the same
        guard and time limit, ended for certain like a read on the main server.
        ``max_bytes`` bounds the answer as it arrives (:mod:`.answer_bound`).
        User queries (read-only, isolated or bounded) run in one explicit
        transaction: the driver never retries them. Without any of these
        (the product's own maintenance) the text runs as a managed write.
        Raises :class:`WriteRefused`, :class:`QueryTimeout`, :class:`AnswerTooLarge`,
        :class:`QueryError` (out of memory, a dropped query), or the driver's
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

        if not read_only and not isolated and max_bytes is None:
            config = neo4j.unit_of_work(timeout=timeout)(work) if timeout else work
            written = self._guard(lambda: self._session().execute_write(config))
            if written.counters:
                self.mark_changed()
            return written
        if read_only or isolated:
            try:
                check_query(text, params, self.settings.max_path_length)
            except GuardRefused as exc:
                raise QueryError(str(exc)) from exc
            limit = self.backend.read_limit(timeout, self.settings.query_timeout)
        else:
            limit = timeout or self.settings.query_timeout
        with AnswerBound(max_bytes or 2**62) as bound:
            options = bound.driver_options() if max_bytes else {}
            try:
                if read_only:
                    result = self._guard(lambda: self.backend.run_read_only(
                        self, text, params, work, limit, isolated=isolated,
                        driver_options=options))
                else:
                    result = self._guard(lambda: self.backend.run_write(
                        self, text, params, work, limit, driver_options=options))
            except (Neo4jError, QueryError, GraphUnavailable) as exc:
                bound.check()
                mapped = _query_error(exc, limit)
                if mapped is exc:
                    raise
                raise mapped from exc
        if read_only and result.counters:
            raise WriteRefused
        if result.counters:
            self.mark_changed()
        return result

    def prepare_console(self) -> None:
        """Get the web console ready (on the local server: start the console's own
        server and copy the graph to it now), so the first console query does not
        wait; errors are logged: the query that needs it will report them."""
        try:
            self._guard(lambda: self.backend.prepare_console(self))
        except (GraphUnavailable, Neo4jError) as exc:
            log.warning("the console's graph server is not ready: %s", exc)

    # -- helpers -----------------------------------------------------------
    def _session(self) -> neo4j.Session:
        return self.driver.session(database=self.database)

    def _guard(self, call: Any) -> Any:
        try:
            return call()
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise GraphUnavailable(f"cannot reach the graph at {self.uri}: {exc}") from exc
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


def _query_error(exc: Exception, limit: float) -> Exception:
    """The product's error for a user query's failure ``exc`` (the driver's
    errors for syntax and parameters stay as they are)."""
    if not isinstance(exc, Neo4jError):
        return exc
    code = exc.code or ""
    message = exc.message or ""
    if "OutOfMemory" in code or "OutOfMemoryError" in message:
        return QueryError(OUT_OF_MEMORY)
    if code.endswith("Security.Forbidden"):
        if "not allowed to read" in message:
            return QueryError(f"the read-only user was refused: {message}")
        return WriteRefused()
    if "TransactionTimedOut" in code or "Timeout" in code:
        return QueryTimeout.at(limit)
    return exc


def error_message(exc: Neo4jError) -> str:
    """Return the server's message of a Cypher error on one line."""
    text = exc.message or str(exc)
    return " ".join(str(text).split())


def connect(settings: Settings | None = None, *, autostart: bool = True,
            quiet: bool = False) -> Graph:
    """Connect to the configured graph through the backend ``settings`` choose,
    starting the local server if needed (``autostart``; ``quiet``: say nothing).

    Raises :class:`GraphUnavailable` or :class:`localserver.ServerError`.
    """
    settings = settings or load_settings()
    opened = backend_for(settings).open(settings, autostart=autostart, quiet=quiet)
    return Graph(opened.driver, opened.settings, opened.backend)

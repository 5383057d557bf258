"""Graph access: the only module that opens a driver.

:func:`connect` returns a :class:`Graph` bound to Neo4j when ``NEO4J_URI``
is set, otherwise to the local server, which it starts if needed. Named
statements from :mod:`cypher` run through :meth:`Graph.read` and
:meth:`Graph.write`; ad-hoc text (the console, ``explorer query``) goes
through :meth:`Graph.run_text`. ``database_`` is always passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

import cypher
from explorer import dialect, localserver
from explorer.settings import LOCAL_USER, Settings, load_settings


class GraphUnavailable(RuntimeError):
    """The graph database cannot be reached; the message says which and why."""


class QueryError(ValueError):
    """A query was refused by the database (syntax, parameters, limits)."""


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

    def __init__(self, driver: neo4j.Driver, settings: Settings, *, http_port: int | None = None):
        self.driver = driver
        self.settings = settings
        self.database = settings.database
        self.http_port = http_port
        self._backend: str | None = None

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

    def read_records(self, name: str, **params: Any) -> list[neo4j.Record]:
        """Run the named read statement and return the driver's records."""
        return self._execute(name, params, RoutingControl.READ)

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
                 read_only: bool = False) -> QueryResult:
        """Run user-supplied Cypher text with parameters.

        With ``read_only`` the transaction is always rolled back and refused
        when the server reports that it would have changed anything.
        """
        params = params or {}
        config = neo4j.unit_of_work(timeout=timeout) if timeout else None

        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(text, params)
            keys = list(result.keys())
            records = []
            for record in result:
                records.append(record)
                if max_rows is not None and len(records) > max_rows:
                    break
            summary = result.consume()
            return QueryResult(keys, records, _counters(summary), summary.query_type)

        if config is not None:
            work = config(work)
        if read_only:
            return self._guard(lambda: self._run_rolled_back(work))
        return self._guard(lambda: self._session().execute_write(work))

    def _run_rolled_back(self, work: Any) -> QueryResult:
        with self._session() as session:
            tx = session.begin_transaction(timeout=getattr(work, "timeout", None))
            try:
                result = work(tx)
            finally:
                tx.rollback()
        return result

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
        driver = GraphDatabase.driver(settings.uri, auth=auth)
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
        state.uri, auth=(LOCAL_USER, localserver.password(settings.home)),
        connection_acquisition_timeout=30, max_connection_lifetime=600,
    )
    return Graph(driver, settings, http_port=state.http_port)

"""The :class:`Backend` interface: everything that differs between graph servers.

Everything else is plain Cypher over Bolt, shared by every server. One class
per kind of server implements this interface (:mod:`.neo4j`, :mod:`.arcadedb`);
:mod:`.registry` lists them and chooses one when connecting, once. The rest of
the product asks ``graph.backend`` and never compares backend names:

* which settings choose it, how it is opened, and which server agents it accepts;
* the full-text indexes: how they are created, and the name to query per label;
* read-only execution of console text, and how a query past its limit is ended;
* the same for a user's query that may write (no retry, ended at its limit);
* getting the web console ready (:meth:`Backend.prepare_console`);
* Graph Data Science (whether the server has it);
* bulk import (none yet) and SQL (the local server only).

To add a backend: a module here with one subclass (every abstract method, each
with its contract), one line in ``registry.BACKENDS``, its differences in
docs/BACKENDS.md, and tests/cypher/access/backends/test_<module>.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, NamedTuple, Protocol, TypeVar

import neo4j

from cypher.access.errors import GraphUnavailable
from cypher.access.settings import Settings

T = TypeVar("T")

# Fail fast when the graph is down (the default retries for 30 s), so pages can
# answer 503 at once and recover by themselves when it is back.
DRIVER_OPTIONS: dict[str, Any] = {"max_transaction_retry_time": 3.0, "connection_timeout": 5.0,
                                  "connection_acquisition_timeout": 10.0,
                                  "max_connection_lifetime": 600,
                                  # Neo4j's query notifications ("the label X does not
                                  # exist" …) would reach every user as logged warnings
                                  "notifications_min_severity": "OFF"}


class Connection(Protocol):
    """What a backend uses of the graph connection (:class:`cypher.access.graph.Graph`)."""

    driver: neo4j.Driver
    settings: Settings
    database: str

    @property
    def uri(self) -> str: ...

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]: ...

    def call(self, name: str, **params: Any) -> list[dict[str, Any]]: ...

    def run_text(self, text: str) -> Any: ...


class Opened(NamedTuple):
    """What :meth:`Backend.open` returns: the driver, the settings as used, the backend."""

    driver: neo4j.Driver
    settings: Settings
    backend: Backend


class Backend(ABC):
    """One kind of graph server. Create with :meth:`open` (through
    :func:`cypher.access.graph.connect`); one instance per connection."""

    name: ClassVar[str]  # "neo4j", "arcadedb": for display and logs, never for branching
    kind: ClassVar[str]  # what messages call the server: "a Neo4j server"
    hint: ClassVar[str]  # what to check when the server is not of this kind
    fulltext_description: ClassVar[str]  # what ensure_schema reports it created
    #: how a first load into this server's empty graph bypasses transactions (README):
    #: "import" (``explorer load`` imports by itself, :mod:`loaders.bulk_local`) or
    #: "files" (``explorer load --bulk DIR`` writes files for ``neo4j-admin database
    #: import``, :mod:`loaders.bulk_csv`)
    first_load: ClassVar[str]
    no_gds: ClassVar[str]  # why whole-graph runs cannot use GDS here, if they cannot

    # -- choosing and opening ------------------------------------------------
    @classmethod
    @abstractmethod
    def serves(cls, settings: Settings) -> bool:
        """True when ``settings`` choose this backend (the registry asks in turn)."""

    @classmethod
    @abstractmethod
    def open(cls, settings: Settings, *, autostart: bool, quiet: bool) -> Opened:
        """Open a driver to the server ``settings`` name (starting it if this
        backend manages one and ``autostart``); raise :class:`GraphUnavailable`
        (or the local server's ``ServerError``) when it cannot."""

    @abstractmethod
    def recognises(self, agent: str) -> bool:
        """True when a server announcing ``agent`` (Bolt's server agent) is of this kind."""

    def check_agent(self, agent: str, uri: str) -> None:
        """Raise :class:`GraphUnavailable` when the server at ``uri`` is not of this kind."""
        if not self.recognises(agent):
            raise GraphUnavailable(f"the graph at {uri} is not {self.kind} (it answers as "
                                   f"{agent!r}); {self.hint}")

    # -- full-text search ----------------------------------------------------
    @abstractmethod
    def fulltext_index(self, label: str) -> str:
        """The index name to pass to ``db.index.fulltext.queryNodes`` for ``label``
        (one of :data:`cypher.access.backends.fulltext.FULLTEXT_INDEXES`)."""

    @abstractmethod
    def fulltext_steps(self, graph: Connection) -> list[Callable[[], object]]:
        """The steps that create the full-text indexes, each idempotent (the caller
        runs each again when another client raced it)."""

    # -- read-only text (the console, ``explorer query``, notebooks) ----------
    @abstractmethod
    def read_limit(self, asked: float | None, setting: float) -> float:
        """A read-only query's time limit in seconds, from the one ``asked`` for
        (None: none) and ``EXPLORER_QUERY_TIMEOUT`` (``setting``)."""

    @abstractmethod
    def run_read_only(self, graph: Connection, text: str, params: dict[str, Any],
                      work: Callable[[neo4j.Transaction], T], limit: float, *,
                      isolated: bool, driver_options: dict[str, Any] | None = None) -> T:
        """Run ``work`` on ``text`` in one read-only transaction that is rolled back,
        ended for certain at ``limit`` seconds. ``isolated`` (the web console): run
        it where ending it can harm nothing else, if this backend can.
        ``driver_options`` (an answer bound's resolver): open the query's own driver
        with them. The driver never retries it. Raises
        :class:`cypher.access.errors.WriteRefused` when the server shows the query
        would write, :class:`cypher.access.errors.QueryTimeout` past the limit,
        :class:`cypher.access.errors.QueryError` when the server dropped it, or the
        driver's errors (the caller turns them into the product's)."""

    @abstractmethod
    def run_write(self, graph: Connection, text: str, params: dict[str, Any],
                  work: Callable[[neo4j.Transaction], T], limit: float, *,
                  driver_options: dict[str, Any] | None = None) -> T:
        """Run ``work`` on ``text`` (a user's query that may write: the console with
        writes allowed, ``explorer query --write``) in one explicit write transaction,
        committed only when ``work`` finished within ``limit`` seconds, ended for
        certain at the limit, never retried by the driver. ``driver_options`` as for
        :meth:`run_read_only`. Raises :class:`cypher.access.errors.QueryTimeout`,
        :class:`cypher.access.errors.QueryError` or the driver's errors."""

    @abstractmethod
    def prepare_console(self, graph: Connection) -> None:
        """Make the web console's first query fast (start what it runs on); may
        raise :class:`GraphUnavailable` or the driver's errors."""

    # -- what only some servers have -----------------------------------------
    @abstractmethod
    def gds_version(self, graph: Connection) -> str | None:
        """The Graph Data Science version on this server, or None when it has none."""


    def sql(self, command: str) -> dict:
        """Run one SQL command (the local server's DDL); only the local server has SQL."""
        raise GraphUnavailable("SQL is only available on the local graph server")


def write_transaction(driver: neo4j.Driver, database: str,
                      work: Callable[[neo4j.Transaction], T], timeout: float | None) -> T:
    """Run ``work`` in one explicit transaction of a WRITE session on ``driver``
    with the transaction ``timeout``; commit when it returns, roll back when it
    raises. No retry: a query that failed for time or memory is not run again."""
    with driver.session(database=database, default_access_mode=neo4j.WRITE_ACCESS) as session:
        tx = session.begin_transaction(timeout=timeout)
        try:
            value = work(tx)
            tx.commit()
            return value
        finally:
            if tx.closed() is False:
                tx.rollback()


def read_only_transaction(driver: neo4j.Driver, database: str,
                          work: Callable[[neo4j.Transaction], T], timeout: float | None,
                          before: Callable[[neo4j.Session], object] | None = None) -> T:
    """Run ``work`` in one explicit transaction of a READ session on ``driver`` with
    the transaction ``timeout``, and roll it back whatever happens; ``before`` runs
    on the session first (Neo4j's plan check)."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        if before is not None:
            before(session)
        tx = session.begin_transaction(timeout=timeout)
        try:
            return work(tx)
        finally:
            if tx.closed() is False:
                tx.rollback()

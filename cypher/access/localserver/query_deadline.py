"""User queries on the local server, ended at their time limit for certain.

The local server ignores Bolt transaction timeouts, so each read-only query
runs on a private connection as the ``reader`` user (a console query that may
write: as the ``writer`` user), in a thread the caller waits for up to the
limit. Past it the caller is answered at once, and in the background the
query is ended with ``terminate query``
(found by user and start time); if it still runs :data:`watchdog.GRACE_S`
later, the process running it is restarted (:mod:`.watchdog`).
Where it runs is a :class:`Place`: the main server, or for the web console the
console's own server (:mod:`.sandbox`), which can be killed without a map
noticing. Used by :class:`cypher.access.backends.arcadedb.ArcadeDBBackend`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from cypher.access.localserver import http_api, manager, sandbox, watchdog
from cypher.access.settings import Settings

log = logging.getLogger(__name__)


class PastLimit(RuntimeError):
    """The query ran past its limit and was ended (or is being ended)."""


class Dropped(RuntimeError):
    """The console's server dropped the query (most often: its heap was full)."""


@dataclass(frozen=True)
class Place:
    """A server a read-only query can run on, and how to end it for certain."""

    uri: str
    http_port: int
    settings: Settings  # whose home holds the root password of that server
    auth: tuple[str, str]
    overrun: Callable[[Settings], object] | None  # None: restart the server


def main_server(settings: Settings, uri: str, http_port: int,
                reader_auth: tuple[str, str]) -> Place:
    """The local server at ``uri`` itself (``explorer query``, notebooks), as its reader."""
    return Place(uri, http_port, settings, reader_auth, None)


def console_server(settings: Settings, http_port: int, version: str) -> Place:
    """The console's own server beside the main one (``settings``, ``http_port``),
    its copy brought up to date with the graph's ``version`` token first."""
    target = sandbox.current(settings, http_port, version)
    auth = (watchdog.READER_USER, manager.reader_password(target.settings.home))
    return Place(target.uri, target.http_port, target.settings, auth, sandbox.end)


def run(place: Place, session_work: Callable[[neo4j.Driver], Any], limit: float,
        driver_options: dict[str, Any]) -> Any:
    """Run ``session_work(driver)`` on ``place``; raise :class:`PastLimit` at ``limit``
    (at once: ending the query, and if need be its server, goes on in the
    background), :class:`Dropped` when the server dropped the connection (saying
    whether it ran out of memory, as its log tells)."""
    started_ms = int(time.time() * 1000)
    log_from = sandbox.log_size(place.settings)
    driver = GraphDatabase.driver(place.uri, auth=place.auth, **driver_options)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = session_work(driver)
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True, name="console-query")
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        # not a daemon: a command that exits at once still ends the query first
        watchdog.track(threading.Thread(target=_end, args=(place, started_ms, thread, driver),
                                        name="console-query-end"))
        if sandbox.ran_out_of_memory(place.settings, log_from, wait=0):
            raise _dropped(place, full=True)  # past the limit because the heap was full
        raise PastLimit
    driver.close()
    error = box.get("error")
    if error is not None and isinstance(error, ServiceUnavailable | SessionExpired | OSError):
        full = sandbox.ran_out_of_memory(place.settings, log_from)
        if full or place.overrun is not None:
            raise _dropped(place, full) from error
    if error is not None:
        raise error
    return box["result"]


def _dropped(place: Place, full: bool) -> Dropped:
    """The error for a query the server at ``place`` dropped (``full``: its heap was)."""
    if place.overrun is not None:
        return Dropped("the console's graph server dropped the query"
                       + (f": it ran out of memory (EXPLORER_CONSOLE_HEAP={place.settings.heap})"
                          if full else "") + "; the rest of the app was not affected")
    return Dropped(f"the graph server ran out of memory running this query "
                   f"(EXPLORER_HEAP={place.settings.heap}); it was stopped and the graph is "
                   "still up: ask for less")


def _end(place: Place, started_ms: int, worker: threading.Thread,
         driver: neo4j.Driver) -> None:
    """End the query of ``worker`` past its limit: ``terminate query``, then after
    :data:`watchdog.GRACE_S` the server's restart if it still runs it."""
    _terminate(place, started_ms)
    worker.join(watchdog.GRACE_S)
    if worker.is_alive():
        watchdog.end_in_background(place.settings, place.http_port, started_ms, worker,
                                   place.overrun, user=place.auth[0])
    driver.close()


def _terminate(place: Place, started_ms: int) -> None:
    """End the reader's query started at ``started_ms``; a failure here only
    means the server's own read time limit has to stop it."""
    try:
        password = manager.password(place.settings.home)
        http_api.terminate_queries(place.http_port, password, user=place.auth[0],
                                   started_ms=started_ms)
    except (OSError, ValueError) as exc:
        log.warning("could not end a query past its time limit: %s", exc)

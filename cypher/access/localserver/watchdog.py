"""Make sure a console query past its time limit really ends on the local server.

``terminate query`` (see :mod:`.http_api`) only sets a
flag the server checks between rows: a sleep, a ``reduce`` over a long list or
one huge list comprehension keeps running, a core each, for minutes. So when
the query is still listed :data:`GRACE_S` after it was terminated, the server
process is restarted on the same ports (its data survives a kill; the restart
takes seconds, during which other pages answer 503 and then recover). The web
console runs on a server of its own (:mod:`.sandbox`), which is killed and
started again instead, so maps never wait for it. One restart at a time; a
query that ended meanwhile costs nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from cypher.access.localserver import http_api, manager
from cypher.access.settings import Settings

GRACE_S = 2.0
READER_USER = "reader"
WRITER_USER = "writer"
log = logging.getLogger(__name__)
_restart_lock = threading.Lock()
restarts = 0  # how many restarts this process made (for tests and logs)
_pending: list[threading.Thread] = []


def still_running(http_port: int, password: str, started_ms: int,
                  window_ms: int = 1500, user: str = READER_USER) -> list[dict]:
    """The ``user``'s queries that started within ``window_ms`` of ``started_ms``."""
    listed = http_api.server_command(http_port, password, "list queries")
    return [q for q in listed.get("result") or []
            if q.get("user") == user and isinstance(q.get("startedAt"), int)
            and abs(q["startedAt"] - started_ms) <= window_ms]


def end_for_certain(settings: Settings, http_port: int, started_ms: int,
                    worker: threading.Thread | None = None,
                    action: Callable[[Settings], object] | None = None,
                    user: str = READER_USER) -> bool:
    """Restart the server at ``settings`` (or run ``action`` on it) if the ``user``'s
    query started at ``started_ms`` still runs; return True when it was done."""
    global restarts
    with _restart_lock:
        if worker is not None and not worker.is_alive():
            return False
        try:
            password = manager.password(settings.home)
            if not still_running(http_port, password, started_ms, user=user):
                return False
        except (OSError, ValueError) as exc:
            log.warning("could not list the server's queries: %s", exc)
            return False
        log.warning("a console query ignored termination past its time limit; restarting "
                    "the graph server at %s to end it", settings.home)
        started = time.monotonic()
        (action or manager.restart)(settings)
        restarts += 1
        log.warning("local graph server restarted in %.1f s", time.monotonic() - started)
        return True


def end_in_background(settings: Settings, http_port: int, started_ms: int,
                      worker: threading.Thread,
                      action: Callable[[Settings], object] | None = None,
                      user: str = READER_USER) -> threading.Thread:
    """Run :func:`end_for_certain` in its own (non-daemon) thread and return it."""
    thread = threading.Thread(target=end_for_certain, name="console-watchdog",
                              args=(settings, http_port, started_ms, worker, action, user))
    _pending.append(thread)
    thread.start()
    return thread


def track(thread: threading.Thread) -> threading.Thread:
    """Start ``thread`` (the ending of a query past its limit) where :func:`wait`
    waits for it too; return it."""
    _pending.append(thread)
    thread.start()
    return thread


def wait(timeout: float = 120.0) -> None:
    """Wait for the restarts started by :func:`end_in_background` (for tests)."""
    deadline = time.monotonic() + timeout
    while _pending:
        _pending.pop().join(max(0.0, deadline - time.monotonic()))

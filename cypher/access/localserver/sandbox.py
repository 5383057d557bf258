"""The web console's own graph server: a second local server holding a snapshot.

A console query the local server cannot stop (one huge expression in one row)
can only be ended by killing the process that runs it. So the web console does
not run on the server that draws the maps: it runs on a second server process,
started on first use under ``EXPLORER_HOME/console-server`` with its own
passwords, loopback ports and heap (``EXPLORER_CONSOLE_HEAP``: the memory all
console queries share, so none takes memory from the maps; the server's
per-operation heap limit is not applied by its Cypher engine), whose only
database is a copy of the graph. The
copy is taken with the main server's ``BACKUP DATABASE`` and put in place with
``restore database`` whenever the graph's version token
(``read/graph_version``) has changed since the last copy, so the console reads
what the maps read. Killing this process at the time limit costs the console
a restart and nothing else: the maps, searches and exports keep answering.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from cypher.access.localserver import http_api, manager
from cypher.access.settings import Settings

DIRECTORY = manager.CONSOLE_HOME
DATABASE = "neo4j"
log = logging.getLogger(__name__)
_lock = threading.Lock()


@dataclass(frozen=True)
class Target:
    """Where a console query runs: the console server and its snapshot."""

    settings: Settings  # the console server's own home and Bolt port
    uri: str
    http_port: int
    token: str


def settings_of(main: Settings) -> Settings:
    """The console server's settings: its home inside the main one."""
    home = main.home / DIRECTORY
    state = manager.running_state(home)
    port = state.bolt_port if state else manager.free_port()
    return replace(main, home=home, bolt_port=port, uri=None, heap=main.console_heap)


def _snapshot_file(home: Path) -> Path:
    return home / "snapshot.json"


def _recorded(home: Path, pid: int) -> str | None:
    """The version token of the copy the running console server holds, if known."""
    try:
        data = json.loads(_snapshot_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("token") if data.get("pid") == pid else None


def current(main: Settings, main_http_port: int, token: str) -> Target:
    """Start the console server if needed and make its copy match ``token``.

    Raises :class:`manager.ServerError` when it cannot start or copy."""
    settings = settings_of(main)
    with _lock, manager.home_lock(settings.home, "refresh.lock"):
        state, _ = manager.start(settings, sandbox=True)
        settings = replace(settings, bolt_port=state.bolt_port)
        if _recorded(settings.home, state.pid) != token:
            started = time.monotonic()
            try:
                _copy(main, main_http_port, settings, state.http_port)
            except (OSError, ValueError, RuntimeError) as exc:
                raise manager.ServerError(
                    f"the console's graph server could not copy the graph: {exc}") from exc
            manager.private_write(_snapshot_file(settings.home),
                                  json.dumps({"token": token, "pid": state.pid}))
            log.info("console server: graph copied in %.1f s", time.monotonic() - started)
        return Target(settings, state.uri, state.http_port, token)


def _copy(main: Settings, main_http_port: int, settings: Settings, http_port: int) -> None:
    """Back the main graph up and restore it as the console server's database."""
    name = f"console-{uuid.uuid4().hex}.zip"
    main_password = manager.password(main.home)
    http_api.sql(main_http_port, main_password, DATABASE, f"BACKUP DATABASE file://{name}")
    backup = main.home / "arcadedb" / "backups" / DATABASE / name
    password = manager.password(settings.home)
    try:
        try:
            http_api.server_command(http_port, password, f"drop database {DATABASE}")
        except OSError:
            pass  # not there (a first copy on a server that has none)
        http_api.server_command(
            http_port, password, f"restore database {DATABASE} file://{backup}")
    finally:
        backup.unlink(missing_ok=True)
    from cypher.access.localserver.process import ensure_reader
    ensure_reader(settings.home, http_port, password, settings.bolt_port)


def log_size(settings: Settings) -> int:
    """How long the console server's log is now (to read what it adds later)."""
    try:
        return (settings.home / "server.log").stat().st_size
    except OSError:
        return 0


def ran_out_of_memory(settings: Settings, since: int, wait: float = 2.0) -> bool:
    """True when the console server's log reports a full heap after byte ``since``
    (the report may reach the log a moment after the connection was dropped, so
    it is looked for during ``wait`` seconds)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with open(settings.home / "server.log", "rb") as handle:
                handle.seek(since)
                if b"java.lang.OutOfMemoryError" in handle.read(4 * 1024 * 1024):
                    return True
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def end(settings: Settings) -> None:
    """Kill the console server at ``settings`` (a query in it ignored its time
    limit) and start it again in the background, so the next console query
    finds it ready (its copy is made again then)."""
    manager.kill(settings)

    def again() -> None:
        try:
            manager.start(settings, sandbox=True)
        except manager.ServerError as exc:
            log.warning("the console server did not start again: %s", exc)

    threading.Thread(target=again, name="console-server-start", daemon=True).start()

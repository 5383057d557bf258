"""Start, stop and inspect the product's own local graph server.

The server keeps everything under ``EXPLORER_HOME``:

* ``password``   the generated root password (mode 0600)
* ``server.json`` pid and ports of the running server (mode 0600)
* ``server.log``  the server's output (mode 0600)
* ``arcadedb/``   the databases
* ``console-server/`` the web console's own server (:mod:`.sandbox`), a home of
  the same shape

Errors a user can act on are raised as :class:`ServerError` with a one-line
message; the CLI prints it without a traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cypher.access.settings import Settings

START_TIMEOUT = 90.0
STOP_TIMEOUT = 20.0  # then SIGKILL; the data survives it
CONSOLE_HOME = "console-server"  # the console server's home, inside the main one
log = logging.getLogger(__name__)


class ServerError(RuntimeError):
    """A problem with the local graph server, stated in one line."""


@dataclass(frozen=True)
class ServerState:
    """What ``server.json`` records about a running server."""

    pid: int
    bolt_port: int
    http_port: int
    started: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def private_write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def ensure_home(home: Path) -> None:
    """Create the home directory (private to the user, 0700) if needed. An existing
    home that others may write (group or world) is tightened to 0700 with a warning
    before anything is started in it, or refused (:class:`ServerError`) when it is
    not the user's own or cannot be changed."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    status = home.stat()
    if not status.st_mode & 0o022:
        return
    mode = oct(status.st_mode & 0o777)
    if status.st_uid != os.getuid():
        raise ServerError(f"EXPLORER_HOME {home} may be written by others (mode {mode}) and "
                          "belongs to another user: choose a home of your own")
    try:
        os.chmod(home, 0o700)
    except OSError as exc:
        raise ServerError(f"EXPLORER_HOME {home} may be written by others (mode {mode}) and "
                          f"could not be made private: {exc}") from exc
    log.warning("EXPLORER_HOME %s could be written by others (mode %s); it is now private "
                "to you (0700)", home, mode)


def password(home: Path, *, name: str = "password") -> str:
    """Return the server's root password (or, with ``name="reader-password"``, the
    read-only user's), generating it on first use."""
    ensure_home(home)
    path = home / name
    if not path.exists():
        private_write(path, secrets.token_urlsafe(24) + "\n")
    return path.read_text(encoding="utf-8").strip()


def reader_password(home: Path) -> str:
    """The password of the read-only ``reader`` user of the local server."""
    return password(home, name="reader-password")


def writer_password(home: Path) -> str:
    """The password of the ``writer`` user (the console's writes) of the local server."""
    return password(home, name="writer-password")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        text = cmdline.read_bytes().replace(b"\0", b" ")
        if b"cypher.access.localserver.process" not in text:
            return False  # the pid was reused by an unrelated process
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.split(") ", 1)[-1].startswith("Z"):
            return False  # exited, not yet reaped
    return True


def read_state(home: Path) -> ServerState | None:
    """Return the recorded state, or None if no server was recorded."""
    path = home / "server.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ServerState(int(data["pid"]), int(data["bolt_port"]),
                           int(data["http_port"]), float(data["started"]))
    except (ValueError, KeyError, TypeError):
        return None


def running_state(home: Path) -> ServerState | None:
    """Return the state of a live server, removing a stale record."""
    state = read_state(home)
    if state is None:
        (home / "server.json").unlink(missing_ok=True)
        return None
    if not _pid_alive(state.pid):
        (home / "server.json").unlink(missing_ok=True)
        return None
    return state


def port_free(port: int) -> bool:
    """True when nothing listens on 127.0.0.1:port and we may bind it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """Return a port on 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bolt_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as sock:
            sock.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x04" + b"\x00" * 12)
            return len(sock.recv(4)) == 4
    except OSError:
        return False


def _log_tail(home: Path, lines: int = 200) -> list[str]:
    path = home / "server.log"
    if not path.exists():
        return []
    return path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


def _failure_reason(home: Path, settings: Settings) -> str:
    tail = _log_tail(home)
    for line in reversed(tail):
        if line.startswith("FATAL:"):
            return line[len("FATAL:"):].strip()
    text = "\n".join(tail)
    if "Address already in use" in text or "BindException" in text:
        return (f"port {settings.bolt_port} is already in use; "
                "set EXPLORER_BOLT_PORT to a free port")
    if "java" in text.lower() and "not found" in text.lower():
        return "no Java runtime found for the local graph server"
    last = next((line for line in reversed(tail) if line.strip()), "no output")
    return f"the local graph server exited during start-up ({last.strip()[:200]}); " \
           f"see {home / 'server.log'}"


@contextlib.contextmanager
def home_lock(home: Path, name: str):
    """Hold the lock file ``name`` in ``home``: one holder at a time, across
    processes and threads."""
    ensure_home(home)
    fd = os.open(home / name, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _start_lock(home: Path):
    """One start, stop-and-start or restart at a time per home (so a page
    reconnecting during a restart waits, not races)."""
    return home_lock(home, "start.lock")


def start(settings: Settings, *, timeout: float = START_TIMEOUT,
          http_port: int | None = None, sandbox: bool = False) -> tuple[ServerState, bool]:
    """Start the local server unless it runs; return (state, started_now).
    ``http_port`` asks for that HTTP port again (after a restart) when it is free;
    ``sandbox`` starts the console's server (it may restore copies of the graph).
    """
    with _start_lock(settings.home):
        return _start(settings, timeout=timeout, http_port=http_port, sandbox=sandbox)


def _start(settings: Settings, *, timeout: float, http_port: int | None,
           sandbox: bool = False) -> tuple[ServerState, bool]:
    """:func:`start` under the start lock.

    Raises :class:`ServerError` when the port is taken or the server fails.
    """
    home = settings.home
    ensure_home(home)
    state = running_state(home)
    if state is not None:
        return state, False
    if not port_free(settings.bolt_port):
        raise ServerError(
            f"port {settings.bolt_port} is already in use on 127.0.0.1; "
            "set EXPLORER_BOLT_PORT to a free port (or stop what uses it)"
        )
    password(home)
    reader_password(home)
    writer_password(home)
    http_port = http_port if http_port and port_free(http_port) else free_port()
    data = home / "arcadedb"
    data.mkdir(mode=0o700, exist_ok=True)
    os.chmod(data, 0o700)  # the databases: the user's alone
    output = os.fdopen(os.open(home / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND,
                               0o600), "ab")
    os.chmod(home / "server.log", 0o600)
    command = [sys.executable, "-m", "cypher.access.localserver.process", "--home", str(home),
               "--bolt-port", str(settings.bolt_port), "--http-port", str(http_port),
               "--heap", settings.heap, "--query-timeout", str(settings.query_timeout)]
    if sandbox:
        command.append("--sandbox")
    output.write(f"--- start {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
    output.flush()
    process = subprocess.Popen(  # noqa: S603 - fixed command, no shell
        command, cwd=home, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    output.close()
    state = ServerState(process.pid, settings.bolt_port, http_port, time.time())
    private_write(home / "server.json", json.dumps(state.__dict__))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            (home / "server.json").unlink(missing_ok=True)
            raise ServerError(_failure_reason(home, settings))
        if _bolt_answers(settings.bolt_port) and any(
            "READY bolt://" in line for line in _log_tail(home, 20)
        ):
            return state, True
        time.sleep(0.25)
    _terminate(process.pid)
    (home / "server.json").unlink(missing_ok=True)
    raise ServerError(f"the local graph server did not answer within {timeout:.0f} s; "
                      f"see {home / 'server.log'}")


def restart(settings: Settings, *, stop_timeout: float = 5.0) -> ServerState:
    """Stop the server (SIGKILL after ``stop_timeout``: a query that ignores
    termination can hold the JVM) and start it again on the same ports."""
    with _start_lock(settings.home):
        state = running_state(settings.home)
        http_port = state.http_port if state else None
        if state is not None:
            _terminate(state.pid, stop_timeout)
            deadline = time.monotonic() + 10
            while not port_free(state.bolt_port) and time.monotonic() < deadline:
                time.sleep(0.1)
            (settings.home / "server.json").unlink(missing_ok=True)
        new_state, _ = _start(settings, timeout=START_TIMEOUT, http_port=http_port)
    return new_state


@contextlib.contextmanager
def offline(settings: Settings):
    """Stop the server (if it runs) and hold the start lock while the block works on
    its data directory; start it again afterwards on the same ports, whether the block
    succeeded or not. A client that would start the server meanwhile waits."""
    with _start_lock(settings.home):
        state = running_state(settings.home)
        http_port = state.http_port if state else None
        if state is not None:
            _terminate(state.pid)
            deadline = time.monotonic() + 10
            while not port_free(state.bolt_port) and time.monotonic() < deadline:
                time.sleep(0.1)
            (settings.home / "server.json").unlink(missing_ok=True)
        try:
            yield
        finally:
            _start(settings, timeout=START_TIMEOUT, http_port=http_port)


def _terminate(pid: int, timeout: float = STOP_TIMEOUT) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            _reap(pid)
            return
        _reap(pid)
        time.sleep(0.2)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(pid)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def stop(settings: Settings) -> ServerState | None:
    """Stop the local server (and the console's server beside it) cleanly;
    return the state it had, or None."""
    console = running_state(settings.home / CONSOLE_HOME)
    if console is not None:
        _terminate(console.pid)
        (settings.home / CONSOLE_HOME / "server.json").unlink(missing_ok=True)
    state = running_state(settings.home)
    if state is None:
        return None
    _terminate(state.pid)
    (settings.home / "server.json").unlink(missing_ok=True)
    return state


def kill(settings: Settings) -> ServerState | None:
    """Kill the server process at once (``kill -9``); for fault tests."""
    state = running_state(settings.home)
    if state is None:
        return None
    os.kill(state.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while (_pid_alive(state.pid) or not port_free(state.bolt_port)) and \
            time.monotonic() < deadline:
        _reap(state.pid)
        time.sleep(0.05)
    (settings.home / "server.json").unlink(missing_ok=True)
    return state

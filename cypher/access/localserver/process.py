"""The local graph server process: ArcadeDB with its Bolt plugin.

Run by :mod:`cypher.access.localserver.manager` as
``python -m cypher.access.localserver.process``; the
JVM lives in this process. Every listener binds to 127.0.0.1. SIGTERM stops
the server cleanly. Errors are printed as one line starting ``FATAL:`` so the
parent can show them.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

DATABASE = "neo4j"
READER = "reader"
WRITER = "writer"
MAX_RANGE_SIZE = 2_000_000


def _post(http_port: int, path: str, body: dict, user: str, password: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - fixed loopback URL
        f"http://127.0.0.1:{http_port}{path}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Basic "
                 + base64.b64encode(f"{user}:{password}".encode()).decode()})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _printable(exc: BaseException, width: int = 160) -> str:
    """The error's text on one line, without control or undecodable characters."""
    text = " ".join(str(exc).split())
    text = "".join(c if c.isprintable() and c != "\ufffd" else "?" for c in text)
    return text[:width]


def _groups(timeout_s: float) -> dict:
    """The security groups: full access for root's ``admin`` group, none for
    others, ``reader``: read records only, queries stopped after the limit, and
    ``writer`` (the console's writes): records and schema, stopped after the limit."""
    everything = ["createRecord", "readRecord", "updateRecord", "deleteRecord"]
    return {
        "admin": {"resultSetLimit": -1, "readTimeout": -1,
                  "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
                  "types": {"*": {"access": everything}}},
        READER: {"resultSetLimit": -1, "readTimeout": int(timeout_s * 1000), "access": [],
                 "types": {"*": {"access": ["readRecord"]}}},
        WRITER: {"resultSetLimit": -1, "readTimeout": int(timeout_s * 1000),
                 "access": ["updateSchema"], "types": {"*": {"access": everything}}},
        "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [],
              "types": {"*": {"access": []}}},
    }


def write_groups(home: Path, timeout_s: float) -> None:
    """Write the server's group file before it starts (it reads it at start)."""
    config = home / "arcadedb" / "config"
    config.mkdir(parents=True, exist_ok=True)
    path = config / "server-groups.json"
    data: dict[str, Any] = {"databases": {}, "version": 2}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    per_db = data.setdefault("databases", {}).setdefault("*", {}).setdefault("groups", {})
    per_db.update(_groups(timeout_s))
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def ensure_reader(home: Path, http_port: int, root_password: str, bolt_port: int) -> None:
    """(Re)create the read-only ``reader`` user with the password kept in
    ``reader-password`` (and the ``writer`` user with ``writer-password``, when
    that file exists) and wait until the reader can log in."""
    reader_password = (home / "reader-password").read_text(encoding="utf-8").strip()
    users = [(READER, reader_password)]
    if (home / "writer-password").exists():
        users.append((WRITER, (home / "writer-password").read_text(encoding="utf-8").strip()))
    for name, secret in users:
        user = {"name": name, "password": secret, "databases": {DATABASE: [name]}}
        _post(http_port, "/api/v1/server", {"command": f"drop user {name}"}, "root",
              root_password)
        _post(http_port, "/api/v1/server", {"command": "create user " + json.dumps(user)},
              "root", root_password)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if _bolt_login(bolt_port, reader_password):
            return
        time.sleep(0.3)
    raise RuntimeError("the read-only user could not log in")


def _bolt_login(bolt_port: int, reader_password: str) -> bool:
    """True when the reader can run ``RETURN 1`` over Bolt (its only protocol)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import Neo4jError, ServiceUnavailable

    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{bolt_port}",
                                  auth=(READER, reader_password)) as driver:
            driver.execute_query("RETURN 1", database_=DATABASE)
        return True
    except (Neo4jError, ServiceUnavailable, OSError):
        return False


def _serve(home: Path, bolt_port: int, http_port: int, heap: str,
           query_timeout: float, sandbox: bool = False) -> int:
    password = (home / "password").read_text(encoding="utf-8").strip()
    try:
        import arcadedb_embedded as arcade
    except ImportError as exc:  # pragma: no cover - install problem
        print(f"\nFATAL: arcadedb-embedded is not installed: {exc}", flush=True)
        return 3
    try:
        # the range() budget is read from each database's configuration, which
        # falls back to the JVM-wide one: set there, it holds (the server's own
        # setting below alone did not reach the databases)
        arcade.jvm.start_jvm(heap_size=heap,
                             jvm_args=[f"-Darcadedb.queryMaxRangeSize={MAX_RANGE_SIZE}"])
    except Exception as exc:
        print(f"\nFATAL: no usable Java runtime for the local graph server: {exc}", flush=True)
        return 4
    write_groups(home, query_timeout)
    from cypher.access.localserver import httpgate

    box: dict[str, Any] = {}
    httpgate.install(box)
    server = arcade.create_server(
        root_path=str(home / "arcadedb"),
        root_password=password,
        config={
            "host": "127.0.0.1",
            "http_port": http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
            "bolt_host": "127.0.0.1",
            "bolt_defaultDatabase": DATABASE,
            # A server-side budget: range() beyond this many items is refused
            # before any item is made (the console's guard allows fewer).
            "queryMaxRangeSize": MAX_RANGE_SIZE,
            # The console's server restores copies of the graph from local backups.
            **({"server_restoreImportAllowLocalUrls": True} if sandbox else {}),
        },
    )
    box["server"] = server
    try:
        server.start()
    except Exception as exc:
        print(f"\nFATAL: the graph server did not start; its data directory {home / 'arcadedb'} "
              f"may be corrupt or unreadable ({_printable(exc)})", flush=True)
        return 5
    try:
        server.create_database(DATABASE)
    except Exception as exc:
        print(
            f"\nFATAL: the data directory {home / 'arcadedb'} could not be opened "
            f"(corrupt?): {_printable(exc)}",
            flush=True,
        )
        server.stop()
        return 6
    try:
        ensure_reader(home, http_port, password, bolt_port)
    except (OSError, ValueError, RuntimeError) as exc:
        print(f"\nFATAL: could not create the read-only console user: {exc}", flush=True)
        server.stop()
        return 7
    if not box.get("gated"):
        print("\nFATAL: the HTTP API could not be limited to root", flush=True)
        server.stop()
        return 8
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"\nREADY bolt://127.0.0.1:{bolt_port}", flush=True)
    while not stop.wait(1.0):
        pass
    server.stop()  # closes every database cleanly
    print("\nSTOPPED", flush=True)
    # Threads serving still-open Bolt connections would keep the JVM, and so this
    # process, alive until the caller's SIGKILL; the data is closed, so leave now.
    sys.stdout.flush()
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explorer-graph-server")
    parser.add_argument("--home", required=True, type=Path)
    parser.add_argument("--bolt-port", required=True, type=int)
    parser.add_argument("--http-port", required=True, type=int)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--query-timeout", type=float, default=10.0)
    parser.add_argument("--sandbox", action="store_true",
                        help="the console's server: may restore local backups")
    args = parser.parse_args(argv)
    return _serve(args.home, args.bolt_port, args.http_port, args.heap, args.query_timeout,
                  args.sandbox)


if __name__ == "__main__":
    sys.exit(main())

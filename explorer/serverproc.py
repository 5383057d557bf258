"""The local graph server process: ArcadeDB with its Bolt plugin.

Run by :mod:`explorer.localserver` as ``python -m explorer.serverproc``; the
JVM lives in this process. Every listener binds to 127.0.0.1. SIGTERM stops
the server cleanly. Errors are printed as one line starting ``FATAL:`` so the
parent can show them.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

DATABASE = "neo4j"


def _serve(home: Path, bolt_port: int, http_port: int, heap: str) -> int:
    password = (home / "password").read_text(encoding="utf-8").strip()
    try:
        import arcadedb_embedded as arcade
    except ImportError as exc:  # pragma: no cover - install problem
        print(f"\nFATAL: arcadedb-embedded is not installed: {exc}", flush=True)
        return 3
    try:
        arcade.jvm.start_jvm(heap_size=heap)
    except Exception as exc:
        print(f"\nFATAL: no usable Java runtime for the local graph server: {exc}", flush=True)
        return 4
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
        },
    )
    try:
        server.start()
    except Exception as exc:
        print(f"\nFATAL: the graph server did not start: {exc}", flush=True)
        return 5
    try:
        server.create_database(DATABASE)
    except Exception as exc:
        print(
            f"\nFATAL: the data directory {home / 'arcadedb'} could not be opened "
            f"(corrupt?): {exc}",
            flush=True,
        )
        server.stop()
        return 6
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"\nREADY bolt://127.0.0.1:{bolt_port}", flush=True)
    while not stop.wait(1.0):
        pass
    server.stop()
    print("\nSTOPPED", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explorer-graph-server")
    parser.add_argument("--home", required=True, type=Path)
    parser.add_argument("--bolt-port", required=True, type=int)
    parser.add_argument("--http-port", required=True, type=int)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args(argv)
    return _serve(args.home, args.bolt_port, args.http_port, args.heap)


if __name__ == "__main__":
    sys.exit(main())

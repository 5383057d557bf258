"""The Neo4j 5 test server (tests/neo4j-server/): build it once, start it, stop it.

The Maven project is compiled and its jars copied with
``mvn -q -B compile dependency:copy-dependencies`` only when ``target/`` is
older than ``pom.xml`` or ``Main.java`` (Maven's local repository caches the
jars between runs). The server runs as ``java -cp target/classes:target/lib/*
Main PORT DATA`` with a password generated here and handed over in
``NEO4J_TEST_PASSWORD``; it is ready when it prints its ready line, and it
ends when its standard input closes, so it never outlives the test run.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "neo4j-server"
START_TIMEOUT = 240.0
READY = "neo4j-test-server ready"
#: the test runs' collector: one thread, the least memory and CPU beside the other servers
TEST_GC = "-XX:+UseSerialGC"
#: the collector of a Neo4j server as its own launcher starts it (and as the local
#: server's Java runtime picks on this machine): what benchmarks compare
SERVER_GC = "-XX:+UseG1GC"


class Neo4jServerError(RuntimeError):
    """The Neo4j test server could not be built or started; the message says why."""


@dataclass
class Neo4jServer:
    """A running Neo4j test server."""

    process: subprocess.Popen
    port: int
    password: str
    log: Path
    started_in: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def environ(self) -> dict[str, str]:
        """The settings a user would give to reach this server."""
        return {"NEO4J_URI": self.uri, "NEO4J_USERNAME": "neo4j",
                "NEO4J_PASSWORD": self.password, "NEO4J_DATABASE": "neo4j"}

    def stop(self, timeout: float = 60.0) -> None:
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def _newest(paths: list[Path]) -> float:
    return max(p.stat().st_mtime for p in paths)


def is_built() -> bool:
    """True when target/ holds classes and jars newer than the sources."""
    main = PROJECT / "target" / "classes" / "Main.class"
    lib = PROJECT / "target" / "lib"
    if not main.exists() or not lib.is_dir() or not any(lib.glob("neo4j-harness-*.jar")):
        return False
    sources = [PROJECT / "pom.xml", *(PROJECT / "src").rglob("*.java")]
    return main.stat().st_mtime >= _newest(sources) and lib.stat().st_mtime >= _newest(
        [PROJECT / "pom.xml"])


def build() -> float:
    """Build the server unless it is up to date; return the seconds it took."""
    if is_built():
        return 0.0
    for tool in ("java", "mvn"):
        if shutil.which(tool) is None:
            raise Neo4jServerError(f"the Neo4j test server needs `{tool}` (scripts/test.sh "
                                   "installs a JDK and Maven from Debian)")
    started = time.monotonic()
    lib = PROJECT / "target" / "lib"
    if lib.is_dir():
        shutil.rmtree(lib)  # copy-dependencies leaves old versions behind otherwise
    result = subprocess.run(  # noqa: S603
        ["mvn", "-q", "-B", "compile", "dependency:copy-dependencies"],  # noqa: S607
        cwd=PROJECT, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise Neo4jServerError("building tests/neo4j-server failed:\n"
                               + (result.stdout + result.stderr)[-4000:])
    return time.monotonic() - started


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jvm_args() -> list[str]:
    """Extra arguments for the server's Java runtime from ``EXPLORER_TEST_JVM_ARGS``
    (scripts/test.sh: the quick compiler alone, for a test run's short queries)."""
    return os.environ.get("EXPLORER_TEST_JVM_ARGS", "").split()


def start(data: Path, log: Path, *, heap: str = "2g", copy_from: Path | None = None,
          page_cache_mb: int | None = None, gc: str = TEST_GC) -> Neo4jServer:
    """Start the server on a free loopback port with a new password; wait until ready.
    ``copy_from``: a Neo4j home whose ``data/`` holds a store to start on a copy of;
    ``page_cache_mb``: the page cache (default 256 MB); ``gc``: the Java runtime's
    collector (:data:`TEST_GC`, or :data:`SERVER_GC` for benchmarks)."""
    password = secrets.token_urlsafe(18)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_TEST_PASSWORD"] = password
    if copy_from is not None:
        env["NEO4J_TEST_COPY_FROM"] = str(copy_from)
    if page_cache_mb is not None:
        env["NEO4J_TEST_PAGECACHE_MB"] = str(page_cache_mb)
    classpath = f"{PROJECT / 'target' / 'classes'}{os.pathsep}{PROJECT / 'target' / 'lib' / '*'}"
    started = time.monotonic()
    err = log.open("w", encoding="utf-8")
    process = subprocess.Popen(  # noqa: S603
        ["java", f"-Xmx{heap}", gc, *jvm_args(), "-cp", classpath,  # noqa: S607
         "Main", str(port), str(data)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, env=env)
    err.close()
    ready = threading.Event()

    def watch() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(READY):
                ready.set()
        ready.set()  # the process ended

    threading.Thread(target=watch, daemon=True, name="neo4j-test-server-out").start()
    server = Neo4jServer(process, port, password, log, 0.0)
    if not ready.wait(START_TIMEOUT) or process.poll() is not None:
        server.stop(10)
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise Neo4jServerError(f"the Neo4j test server did not start within "
                               f"{START_TIMEOUT:g} s:\n{tail}")
    server.started_in = time.monotonic() - started
    return server

"""Running the real ``neo4j-admin database import full`` of the Neo4j test server's
jars (tests/neo4j-server/target/lib: ``org.neo4j.cli.AdminTool``) on a folder the
bulk path wrote, into a Neo4j home of its own; for the bulk tests and bench."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

from tests import neo4j_server


def admin_import(folder: Path, home: Path, *, heap: str = "1g", timeout: float = 1800) -> float:
    """Import ``folder`` (its manifest's arguments, run from the folder) into a new
    store under ``home``/data; return the seconds it took; raise with the tool's
    output when it fails. Start a server on it with
    ``neo4j_server.start(..., copy_from=home)``."""
    neo4j_server.build()
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").touch()
    arguments = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["arguments"]
    lib = neo4j_server.PROJECT / "target" / "lib" / "*"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        ["java", f"-Xmx{heap}", "-cp", str(lib), "org.neo4j.cli.AdminTool",  # noqa: S607
         *arguments], cwd=folder, env=env, capture_output=True, text=True, timeout=timeout)
    took = time.monotonic() - started
    if result.returncode != 0 or "IMPORT DONE" not in result.stdout + result.stderr:
        raise RuntimeError("neo4j-admin import failed:\n" + (result.stdout + result.stderr)[-4000:])
    return took

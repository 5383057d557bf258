"""An ahead-of-time class cache for the local server's Java runtime, made before a test run.

The suite starts about a hundred local graph servers and import processes, each an
embedded Java runtime that loads and links the same few thousand classes. Java 25's
AOT cache (``-XX:AOTCacheOutput`` to write it, ``-XX:AOTCache`` to use it) keeps them
loaded and linked in one file: a server start then costs about a quarter less CPU
(3.6 s against 2.7 s, measured). scripts/test.sh runs ``python -m tests.jvm_cache FILE``
with the run's ``ARCADEDB_JVM_ARGS``: one training start here (a server with Bolt, a few
statements, a clean stop), then adds ``-XX:AOTCache=FILE`` to the runs that follow. A
runtime that cannot use the file (other flags, another wheel) ignores it and starts as
before, so the cache changes speed, never what a test sees; the product does not use it.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
import tempfile
from pathlib import Path

#: statements that bring in the classes a test run's servers use (Bolt, Cypher's
#: parser, planner and writers, the schema)
TRAINING = (
    "CREATE (:Paper {id: 'a', title: 'A', year: 2001})-[:CITES]->(:Paper {id: 'b'})",
    "UNWIND $rows AS row MERGE (p:Paper {id: row.id}) SET p += row.props",
    "MATCH (p:Paper)-[:CITES]->(q:Paper) WHERE p.year >= 2000 "
    "RETURN p.id AS id, collect(q.id) AS cited ORDER BY id",
    "MATCH (p:Paper {id: 'a'}) OPTIONAL MATCH (p)<-[:CITES]-(x) "
    "RETURN p.title AS title, count(x) AS n",
)


def train(out: Path) -> None:
    """Start the embedded runtime writing its AOT cache to ``out``, serve and run the
    training statements over Bolt, then stop it cleanly (the cache is written at exit)."""
    args = shlex.split(os.environ.get("ARCADEDB_JVM_ARGS", ""))
    os.environ["ARCADEDB_JVM_ARGS"] = shlex.join(
        [a for a in args if not a.startswith("-XX:AOTCache")] + [f"-XX:AOTCacheOutput={out}"])
    import arcadedb_embedded as arcade
    import jpype
    from neo4j import GraphDatabase

    from cypher.access.localserver.manager import free_port

    arcade.jvm.start_jvm(heap_size="1g")
    password = secrets.token_urlsafe(18)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="explorer-aot-") as root:
        server = arcade.create_server(root_path=str(Path(root) / "arcadedb"),
                                      root_password=password,
                                      config={"host": "127.0.0.1", "http_port": free_port(),
                                              "server_plugins":
                                                  "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                                              "bolt_port": port, "bolt_host": "127.0.0.1",
                                              "bolt_defaultDatabase": "graph"})
        server.start()
        server.create_database("graph")
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("root", password)) as drv:
            rows = [{"id": f"p{i}", "props": {"title": f"P {i}", "year": 2000 + i}}
                    for i in range(50)]
            for text in TRAINING:
                drv.execute_query(text, rows=rows, database_="graph")
        server.stop()
    jpype.shutdownJVM()


if __name__ == "__main__":
    train(Path(sys.argv[1]).resolve())

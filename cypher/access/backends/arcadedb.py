"""The local ArcadeDB server (``arcadedb-embedded``): what differs from Neo4j.

* full-text indexes exist only through ArcadeDB's SQL (declare the text
  properties, then ``CREATE INDEX … FULL_TEXT``), sent over its loopback HTTP
  API as root; they are queried with the index named ``Label[prop,prop]``;
* the server ignores the transaction timeout, so a query past its limit is
  found in the server's ``list queries`` (by user and start time) and ended
  with ``terminate query``;
* an indexed property gets a type (``'2020'`` becomes 2020): values are cast
  in Python before writing;
* any database name the client sends is routed to the default database.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.request

from cypher.access.backends.common import FULLTEXT_INDEXES


def arcadedb_fulltext_sql() -> list[str]:
    """Return ArcadeDB SQL that declares the text properties and indexes them."""
    statements = []
    for label, (_name, props) in FULLTEXT_INDEXES.items():
        statements.append(f"CREATE VERTEX TYPE {label} IF NOT EXISTS")
        for prop in props:
            statements.append(f"CREATE PROPERTY {label}.{prop} IF NOT EXISTS STRING")
        statements.append(
            f"CREATE INDEX IF NOT EXISTS ON {label} ({', '.join(props)}) FULL_TEXT"
        )
    return statements


def arcadedb_sql(http_port: int, password: str, database: str, command: str) -> dict:
    """Run one SQL command on the local ArcadeDB server over loopback HTTP."""
    return _post(http_port, password, f"/api/v1/command/{database}",
                 {"language": "sql", "command": command})


def arcadedb_server_command(http_port: int, password: str, command: str) -> dict:
    """Run one server command (``list queries``, ``terminate query ID``) as root."""
    return _post(http_port, password, "/api/v1/server", {"command": command})


def arcadedb_terminate(http_port: int, password: str, *, user: str, started_ms: int,
                       window_ms: int = 1500) -> list[str]:
    """End the running queries of ``user`` that started within ``window_ms`` of
    ``started_ms`` (epoch ms, the caller's clock: the server is on this machine);
    return their ids. The server's list shows the text without comments and no
    parameters, so the user and the start time are what name a query."""
    running = arcadedb_server_command(http_port, password, "list queries").get("result") or []
    ended = []
    for query in running:
        started = query.get("startedAt")
        if (query.get("user") == user and isinstance(started, int)
                and abs(started - started_ms) <= window_ms
                and QUERY_ID.fullmatch(str(query.get("id")))):
            arcadedb_server_command(http_port, password, f"terminate query {query['id']}")
            ended.append(query["id"])
    return ended


QUERY_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def _post(http_port: int, password: str, path: str, payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - fixed loopback URL
        f"http://127.0.0.1:{http_port}{path}", data=json.dumps(payload).encode(),
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"root:{password}".encode()).decode(),
        },
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return json.loads(response.read().decode())

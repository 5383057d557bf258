"""The local server's HTTP API, called as root over loopback: SQL and server commands.

The reader user may not use this API (:mod:`.httpgate`); root uses it for what
Bolt cannot do on ArcadeDB: the full-text indexes (SQL ``CREATE INDEX …
FULL_TEXT``), ``list queries`` and ``terminate query`` (ending a console query at
its time limit), and the console server's copy (``BACKUP DATABASE``, ``restore
database``). Commands are fixed text or ids checked against :data:`QUERY_ID`.

>>> bool(QUERY_ID.fullmatch("q-17.3")), bool(QUERY_ID.fullmatch("1; drop"))
(True, False)
"""

from __future__ import annotations

import base64
import json
import re
import urllib.request

QUERY_ID = re.compile(r"[A-Za-z0-9_.:-]+")


def sql(http_port: int, password: str, database: str, command: str) -> dict:
    """Run one SQL command on ``database`` of the local server; return its JSON answer."""
    return _post(http_port, password, f"/api/v1/command/{database}",
                 {"language": "sql", "command": command})


def server_command(http_port: int, password: str, command: str) -> dict:
    """Run one server command (``list queries``, ``terminate query ID``) as root."""
    return _post(http_port, password, "/api/v1/server", {"command": command})


def terminate_queries(http_port: int, password: str, *, user: str, started_ms: int,
                      window_ms: int = 1500) -> list[str]:
    """End the running queries of ``user`` that started within ``window_ms`` of
    ``started_ms`` (epoch ms, the caller's clock: the server is on this machine);
    return their ids. The server's list shows the text without comments and no
    parameters, so the user and the start time are what name a query."""
    running = server_command(http_port, password, "list queries").get("result") or []
    ended = []
    for query in running:
        started = query.get("startedAt")
        if (query.get("user") == user and isinstance(started, int)
                and abs(started - started_ms) <= window_ms
                and QUERY_ID.fullmatch(str(query.get("id")))):
            server_command(http_port, password, f"terminate query {query['id']}")
            ended.append(query["id"])
    return ended


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

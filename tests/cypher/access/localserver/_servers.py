"""What the local server's tests share: root's and the reader's HTTP calls, a
query the server cannot stop between rows, and whether a process lives."""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

# One row whose expression runs for hours: the guard cannot bound a list
# collected from the graph, and the server checks termination only between rows.
FILLER = "UNWIND range(1, 3000) AS i CREATE (:Filler {i: i})"
RUNAWAY = ("MATCH (f:Filler) WITH collect(f.i) AS l "
           "RETURN size([a IN l | size([b IN l | size([c IN l WHERE a + b = c])])]) AS n")


def http(port: int, user: str, password: str, path: str, body: dict) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 - loopback test server
        f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": "Basic "
                 + base64.b64encode(f"{user}:{password}".encode()).decode()})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and not stat.read_text().split(") ", 1)[-1].startswith("Z")

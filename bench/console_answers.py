"""The web process's memory under console queries whose answer is huge.

Starts a private local server (empty graph) and serves the app with waitress in
this process, then posts queries whose answers are hundreds of megabytes
(a million 400-character strings; a string doubled 28 times) to
``/api/cypher``, each beside a small query as the floor. For each it prints the
status, the body's size, the time to answer and this process's resident memory
(RSS) before and after, and its peak (``ru_maxrss``) so far. With the answer
bound (``EXPLORER_MAX_RESULT_BYTES``, default 4 MB) the big answers are refused
with a one-line 400 and the RSS stays flat.

    python bench/console_answers.py [--home DIR] [--max-result-bytes N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.settings import load_settings  # noqa: E402

STRING = "x" * 400
QUERIES = [
    ("floor: RETURN 1", "RETURN 1 AS one"),
    ("a million 400-char strings", f"RETURN [x IN range(1,1000000) | '{STRING}'] AS l"),
    ("a string doubled 28 times", "RETURN reduce(s='x', i IN range(1,28) | s+s) AS s"),
    ("floor again: RETURN 1", "RETURN 1 AS one"),
]


def rss_mb() -> float:
    """This process's resident memory now, in MB (from /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def post(port: int, query: str) -> tuple[int, int, str, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    conn.request("POST", "/api/cypher", body=json.dumps({"query": query}),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    text = body[:200].decode("utf-8", "replace")
    return response.status, len(body), text, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--max-result-bytes", type=int, default=None)
    args = parser.parse_args()
    import waitress

    from webui.app import create_app

    home = args.home or Path(tempfile.mkdtemp(prefix="bench-console-"))
    settings = load_settings({"EXPLORER_HOME": str(home),
                              "EXPLORER_BOLT_PORT": str(localserver.free_port())})
    localserver.start(settings)
    config = {"SETTINGS": settings}
    if args.max_result_bytes:
        config["MAX_RESULT_BYTES"] = args.max_result_bytes
    app = create_app(config)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    port = server.effective_port
    try:
        post(port, "RETURN 1")  # console server started, graph copied
        print(f"answer bound: {app.config['MAX_RESULT_BYTES']} bytes")
        print(f"{'query':30} {'status':>6} {'body':>10} {'secs':>6} {'rss MB':>14} "
              f"{'peak MB':>8}  answer")
        for name, query in QUERIES:
            before = rss_mb()
            status, size, text, took = post(port, query)
            print(f"{name:30} {status:>6} {size:>10} {took:>6.1f} "
                  f"{before:>6.0f}->{rss_mb():<6.0f} {peak_mb():>8.0f}  {text[:90]}")
    finally:
        server.close()
        localserver.stop(settings)


if __name__ == "__main__":
    main()

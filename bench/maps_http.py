"""Research maps over HTTP beside the in-memory floor, in one run.

The web app (``explorer serve``: waitress and Flask, as users start it) serves the
JSON twin of each map, ``/api/neighbourhood/<id>``, for papers of a loaded field with
its related-work index; in the same process that asks for them over HTTP, the floor
(:func:`bench.related_maps.floor_map`: the same selection, links, labels, communities
and layout from the index entries in memory) is timed right after each map, so the
two see the same machine. The web app's map cache is off unless ``--cache``: each
request builds its map. Each paper is asked for once a round, on one kept connection.

    python bench/maps_http.py --home DIR [--maps 30] [--rounds 3] [--depth 1]
        [--limit 300] [--heap 5g]

``DIR``: the ``EXPLORER_HOME`` of a loaded field (``bench/related_maps.py --work W``
leaves one in ``W/home``; its server is started unless it runs, and left running).
It prints the median and p95 of both, their ratio, the map's nodes and the time the
same maps take in process (:func:`explorer.views.research_map.research_map`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load_test import load_average  # noqa: E402
from bench.related_maps import floored, kept_arcadedb, needed_entries  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from explorer.views.related_map import DEPTH1_PAPERS  # noqa: E402
from explorer.views.research_map import research_map  # noqa: E402


def sample_papers(graph, n: int, seed: int) -> list[str]:
    """``n`` loaded papers with a related-work list, drawn at random (seeded)."""
    rows = graph.run_text("MATCH (l:RelatedList) RETURN l.id AS id").records
    ids = sorted(r["id"] for r in rows)
    return random.Random(seed).sample(ids, min(n, len(ids)))


def serve(home: Path, bolt_port: int, port: int, cache: bool) -> subprocess.Popen:
    """``explorer serve`` on ``port`` against the field's server; returns once it answers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(EXPLORER_HOME=str(home), EXPLORER_BOLT_PORT=str(bolt_port),
               EXPLORER_VIEW_CACHE="256" if cache else "0")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", "from explorer.cli.main import main; main()", "serve",
         "--port", str(port)], env=env, cwd=REPO,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"explorer serve ended: {process.stderr.read()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/search?q=a&limit=1")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("explorer serve did not answer within 120 s")


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return (statistics.median(ordered) * 1000,
            ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--maps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--limit", type=int, default=300, help="the page's Max nodes")
    parser.add_argument("--heap", default="5g")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", action="store_true", help="leave the map cache on")
    args = parser.parse_args()
    print(f"nproc {os.cpu_count()}; load average at start {load_average()}", flush=True)
    floor_limit = min(args.limit, DEPTH1_PAPERS + 1) if args.depth == 1 else args.limit
    with kept_arcadedb(args.home, args.heap) as graph:
        papers = sample_papers(graph, args.maps, args.seed)
        entries = needed_entries(graph, papers, args.limit)
        port = localserver.free_port()
        web = serve(args.home, graph.settings.bolt_port, port, args.cache)
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

            def over_http(paper: str) -> dict:
                connection.request("GET", f"/api/neighbourhood/{quote(paper, safe='')}"
                                          f"?depth={args.depth}&limit={args.limit}")
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    raise RuntimeError(f"{paper}: HTTP {response.status} {body[:200]!r}")
                return json.loads(body)

            for paper in papers[:3]:  # warm-up: imports, plans
                over_http(paper)
                floored(entries, paper, depth=args.depth, limit=floor_limit)
            for round_no in range(1, args.rounds + 1):
                http_times, floor_times, local_times, nodes, sizes = [], [], [], [], []
                for paper in papers:
                    started = time.perf_counter()
                    answer = over_http(paper)
                    http_times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    floored(entries, paper, depth=args.depth, limit=floor_limit)
                    floor_times.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    research_map(graph, paper, depth=args.depth, limit=args.limit)
                    local_times.append(time.perf_counter() - started)
                    nodes.append(len(answer["nodes"]))
                    sizes.append(len(json.dumps(answer)))
                (h, h95), (f, f95), (m, m95) = (summary(http_times), summary(floor_times),
                                                summary(local_times))
                print(f"round {round_no}: {len(papers)} maps (depth {args.depth}, Max nodes "
                      f"{args.limit}, {statistics.median(nodes):.0f} nodes, "
                      f"{statistics.median(sizes) / 1000:.0f} kB): over HTTP {h:.1f} / {h95:.1f}"
                      f" ms, floor {f:.1f} / {f95:.1f} ms, ratio {h / f:.2f}x / {h95 / f95:.2f}x;"
                      f" in process {m:.1f} / {m95:.1f} ms", flush=True)
            connection.close()
        finally:
            web.terminate()
            web.wait(30)
    print(f"load average at end {load_average()}")


if __name__ == "__main__":
    main()

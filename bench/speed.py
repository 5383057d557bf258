"""Server-side speed: research map, suggestions, entity page and API on a loaded graph.

Uses the same private server and data as ``bench/load_test.py`` (cit-HepPh,
cit-HepTh, OpenAlex 2022 sample; ``--home`` reuses a loaded home) and times, in
this process, over ``--papers`` seeded random papers (default 60):

* ``explorer.views.neighbourhood`` depth 2, limit 300, and ``suggestions`` k=20
  (direct calls), and ``node_details`` (the entity page's graph work);
* ``GET /paper/<id>``, ``GET /api/neighbourhood/<id>`` (the API defaults), and the
  depth-2/300 and suggestions API twins, through the Flask test client.

It prints median / p95 / max per measurement against the targets and, with
``--profile``, the time per named Cypher statement and the top cProfile entries.

    python bench/speed.py [--papers 60] [--seed 11] [--home DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load_test import (  # noqa: E402
    all_paper_ids,
    hub_ids,
    load_average,
    loaded_server,
    percentile,
)

from explorer.views.entity import node_details
from explorer.views.neighbourhood import neighbourhood
from explorer.views.suggestions import suggestions

TARGETS_MS = {
    "neighbourhood d2/300": 200,
    "suggestions k20": 200,
    "GET /paper/<id>": 100,
    "GET /api/neighbourhood/<id>": 100,
}


class StatementClock:
    """Times every named statement run through ``Graph.read``/``read_records``
    by wrapping the methods of one Graph instance (product code unchanged)."""

    def __init__(self, graph):
        self.graph = graph
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.enabled = False
        for method in ("read", "read_records"):
            original = getattr(graph, method)
            setattr(graph, method, self._wrap(original))

    def _wrap(self, original):
        def timed(name, **params):
            if not self.enabled:
                return original(name, **params)
            started = time.perf_counter()
            try:
                return original(name, **params)
            finally:
                self.seconds[name].append(time.perf_counter() - started)
        return timed

    def table(self) -> str:
        lines = ["| statement | calls | total s | median ms | p95 ms | max ms |",
                 "|---|---:|---:|---:|---:|---:|"]
        ranked = sorted(self.seconds.items(), key=lambda kv: -sum(kv[1]))
        for name, values in ranked:
            ms = sorted(v * 1000 for v in values)
            lines.append(f"| {name} | {len(ms)} | {sum(values):.2f} | "
                         f"{statistics.median(ms):.1f} | {percentile(ms, 95):.1f} | "
                         f"{ms[-1]:.1f} |")
        return "\n".join(lines)


def measure(label: str, ids: list[str], call, results: dict) -> None:
    times = []
    for node_id in ids:
        started = time.perf_counter()
        call(node_id)
        times.append(time.perf_counter() - started)
    results[label] = times


def row(label: str, times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    target = TARGETS_MS.get(label)
    median = statistics.median(ms)
    verdict = "" if target is None else (
        f"< {target} ms: {'met' if median < target else '**MISSED**'}")
    return (f"| {label} | {len(ms)} | {median:.1f} | {percentile(ms, 95):.1f} | "
            f"{ms[-1]:.1f} | {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--home", help="keep the loaded server's data here and reuse it")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--hubs", type=int, default=10,
                        help="also time the N most cited papers, reported apart (0: skip)")
    parser.add_argument("--profile", action="store_true",
                        help="also time each named statement and run cProfile")
    args = parser.parse_args()
    if args.papers < 50:
        parser.error("--papers must be at least 50")
    print(f"load average before: {load_average()}; nproc {os.cpu_count()}")
    with loaded_server(args.home, heap=args.heap) as (settings, graph):
        from webui.app import create_app

        ids = random.Random(args.seed).sample(all_paper_ids(graph), args.papers)
        app = create_app({"TESTING": True, "GRAPH": graph})
        client = app.test_client()

        def get(path: str):
            def call(node_id: str) -> None:
                response = client.get(path.format(id=node_id))
                if response.status_code != 200:
                    raise RuntimeError(f"{path} {node_id}: {response.status_code} "
                                       f"{response.get_data(as_text=True)[:200]}")
            return call

        checks = [
            ("neighbourhood d2/300",
             lambda i: neighbourhood(graph, i, depth=2, limit=300)),
            ("suggestions k20", lambda i: suggestions(graph, [i], k=20)),
            ("node_details", lambda i: node_details(graph, i)),
            ("neighbourhood (API defaults)", lambda i: neighbourhood(graph, i)),
            ("GET /paper/<id>", get("/paper/{id}")),
            ("GET /api/neighbourhood/<id>", get("/api/neighbourhood/{id}")),
            ("GET /api/neighbourhood/<id>?depth=2&limit=300",
             get("/api/neighbourhood/{id}?depth=2&limit=300")),
            ("GET /api/suggestions/<id>?k=20", get("/api/suggestions/{id}?k=20")),
        ]
        for _label, call in checks:  # warm-up: plan caches, JIT, imports
            for node_id in ids[:3]:
                call(node_id)
        groups = [(f"{args.papers} random papers (seed {args.seed})", ids)]
        if args.hubs:
            groups.append((f"the {args.hubs} most cited papers", hub_ids(graph, args.hubs)))
        for title, group in groups:
            results: dict[str, list[float]] = {}
            for label, call in checks:
                measure(label, group, call, results)
            print(f"\n{title}; load average after: {load_average()}\n")
            print("| measurement | n | median ms | p95 ms | max ms | target (median) |")
            print("|---|---:|---:|---:|---:|---|")
            for label, _ in checks:
                print(row(label, results[label]))
        if args.profile:
            clock = StatementClock(graph)
            for title, group in groups:
                for label, call in checks[:3]:
                    clock.enabled = True
                    profiler = cProfile.Profile()
                    profiler.enable()
                    for node_id in group:
                        call(node_id)
                    profiler.disable()
                    clock.enabled = False
                    print(f"\n### {label}, {title}: named statements\n")
                    print(clock.table())
                    clock.seconds.clear()
                    out = io.StringIO()
                    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
                    stats.print_stats(r"/explorer/|networkx|igraph|leidenalg", 14)
                    lines = [line for line in out.getvalue().splitlines() if line.strip()]
                    print("\n```\n" + "\n".join(lines[-17:]) + "\n```")

if __name__ == "__main__":
    main()

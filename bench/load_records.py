"""Load benchmark: full OpenAlex records (the six SYNERGY sets and a synthetic
OpenAlex-shaped field) on the local server and on Neo4j, side by side in one run.

For each backend asked for, a fresh server (the local ArcadeDB server in a
temporary EXPLORER_HOME; the Neo4j test server of tests/neo4j-server/) loads,
through the product's own pipeline and writer:

1. the six SYNERGY sets of ../shared/data/synergy-openalex-2023/ (5,980 works as
   zipped OpenAlex API pages), one load;
2. ``--synthetic DIR/works.jsonl.gz`` (from ``python bench/synthetic.py --openalex``),
   one load into the same graph, with its rate over the first and the last tenth.

It prints works/s and relationships/s, the CPU seconds the loader process and the
server process spent (so the side that limits is visible), and the peak resident
memory of both. ``--profile`` runs each statement of a batch in its own
transaction and prints where the write time went (slower; for finding costs only).

    python bench/load_records.py [--synthetic /tmp/field-100k/works.jsonl.gz]
        [--backend arcadedb neo4j] [--batch-size 10000] [--profile]
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import DATA  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.settings import Settings, load_settings  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402
from tests import neo4j_server  # noqa: E402

SYNERGY = DATA / "synergy-openalex-2023"
TICK = os.sysconf("SC_CLK_TCK")


@contextmanager
def arcadedb_server(home: Path, heap: str):
    """A private local server; yields (graph, server pid)."""
    settings = load_settings({"EXPLORER_HOME": str(home),
                              "EXPLORER_BOLT_PORT": str(localserver.free_port()),
                              "EXPLORER_HEAP": heap})
    state, _ = localserver.start(settings)
    settings = Settings(**{**settings.__dict__, "bolt_port": state.bolt_port})
    try:
        with connect(settings, autostart=False) as graph:
            yield graph, state.pid
    finally:
        localserver.stop(settings)


@contextmanager
def neo4j_test_server(home: Path, heap: str, gc: str = neo4j_server.TEST_GC):
    """The Neo4j test server (built if needed) with the collector ``gc``; yields (graph,
    server pid)."""
    neo4j_server.build()
    server = neo4j_server.start(home / "neo4j-data", home / "neo4j.log", heap=heap, gc=gc)
    try:
        with connect(load_settings({"EXPLORER_HOME": str(home), **server.environ()}),
                     autostart=False) as graph:
            yield graph, server.process.pid
    finally:
        server.stop()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def profiled(graph, pid: int) -> dict[str, float]:
    """Run each statement of each batch in its own transaction and sum the server's
    CPU seconds each takes (profile only; the identity lookups count as "lookups")."""
    spent: dict[str, float] = defaultdict(float)
    original = graph.write_many
    read = graph.read

    def write_many(steps):
        out: dict = {}
        for name, rows in steps:
            if rows:
                began = cpu_seconds(pid)
                out.update(original([(name, rows)]))
                spent[name] += cpu_seconds(pid) - began
        return out

    def lookup(name, **params):
        began = cpu_seconds(pid)
        try:
            return read(name, **params)
        finally:
            spent["lookups"] += cpu_seconds(pid) - began

    graph.read = lookup

    graph.write_many = write_many
    return spent


def timed(graph, pid: int, paths: list[Path], *, batch_size: int, total: int | None) -> dict:
    """Load ``paths``; seconds, rates, CPU of both sides, rate over first/last tenth."""
    planned = pipeline.plan([str(p) for p in paths], "openalex")
    marks: list[tuple[int, float]] = []
    client0 = time.process_time()
    server0 = cpu_seconds(pid)
    started = time.perf_counter()
    stats = GraphWriter(graph, batch_size=batch_size).write(
        pipeline.iter_records(planned),
        on_progress=lambda n: marks.append((n, time.perf_counter() - started)))
    seconds = time.perf_counter() - started
    out = {"seconds": seconds, "works": stats.loaded, "rejected": stats.rejected,
           "rels": sum(stats.relationships_created.values()),
           "nodes": sum(stats.nodes_created.values()),
           "client_cpu": time.process_time() - client0, "server_cpu": cpu_seconds(pid) - server0}
    if total:
        tenth = total // 10
        out["first"] = _rate(marks, 0, tenth)
        out["last"] = _rate(marks, total - tenth, total)
    return out


def _rate(marks: list[tuple[int, float]], lo: int, hi: int) -> float:
    points = [(0, 0.0), *marks]
    a = min(points, key=lambda m: abs(m[0] - lo))
    b = min(points, key=lambda m: abs(m[0] - hi))
    return (b[0] - a[0]) / (b[1] - a[1]) if b[1] > a[1] else float("nan")


def describe(name: str, r: dict) -> str:
    line = (f"  {name}: {r['works']:,} works ({r['rejected']} rejected), {r['nodes']:,} nodes, "
            f"{r['rels']:,} relationships in {r['seconds']:.1f} s: "
            f"{r['works'] / r['seconds']:,.0f} works/s, {r['rels'] / r['seconds']:,.0f} rels/s; "
            f"CPU loader {r['client_cpu']:.1f} s, server {r['server_cpu']:.1f} s")
    if "first" in r:
        line += (f"; first tenth {r['first']:,.0f} works/s, last tenth {r['last']:,.0f} works/s "
                 f"({r['last'] / r['first']:.0%})")
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=Path, help="works.jsonl.gz from bench/synthetic.py")
    parser.add_argument("--synthetic-works", type=int, default=None,
                        help="how many works the synthetic file holds (for the tenths)")
    parser.add_argument("--backend", nargs="+", default=["arcadedb", "neo4j"],
                        choices=["arcadedb", "neo4j", "neo4j-g1"],
                        help="neo4j: its Java runtime with the test runs' serial collector; "
                             "neo4j-g1: with G1, the collector Neo4j's launcher sets (and the "
                             "local server's Java runtime picks here)")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--no-synergy", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(f"nproc 2; load average at start {load_average()}", flush=True)
    rows = []
    for backend in args.backend:
        opened = (arcadedb_server if backend == "arcadedb" else functools.partial(
            neo4j_test_server, gc=neo4j_server.SERVER_GC if backend.endswith("g1")
            else neo4j_server.TEST_GC))
        with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home, \
                opened(Path(home), args.heap) as (graph, pid):
            print(f"{backend}:", flush=True)
            spent = profiled(graph, pid) if args.profile else None
            results = {}
            if not args.no_synergy:
                results["SYNERGY"] = timed(graph, pid, sorted(SYNERGY.glob("*.zip")),
                                           batch_size=args.batch_size, total=None)
                print(describe("SYNERGY (6 sets)", results["SYNERGY"]), flush=True)
            if args.synthetic:
                results["synthetic"] = timed(graph, pid, [args.synthetic],
                                             batch_size=args.batch_size,
                                             total=args.synthetic_works)
                print(describe(f"synthetic {args.synthetic.parent.name}",
                               results["synthetic"]), flush=True)
            server_peak = peak_rss_mb(pid)
            if spent:
                total = sum(spent.values())
                print("  server CPU s by statement: " + ", ".join(
                    f"{k.split('/')[-1]} {v:.1f} s" for k, v in
                    sorted(spent.items(), key=lambda kv: -kv[1]) if v > total * 0.01))
        loader_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory: loader {loader_peak:,.0f} MB, server {server_peak:,.0f} MB",
              flush=True)
        rows.append((backend, results, loader_peak, server_peak))
    print(f"\nload average at end {load_average()}\n")
    print("| backend | input | works | seconds | works/s | relationships/s | CPU loader / server s "
          "| first → last tenth | peak MB loader / server |")
    print("|---|---|---:|---:|---:|---:|---|---|---|")
    for backend, results, loader_peak, server_peak in rows:
        for name, r in results.items():
            tenths = (f"{r['first']:,.0f} → {r['last']:,.0f}" if "first" in r else "")
            print(f"| {backend} | {name} | {r['works']:,} | {r['seconds']:.1f} | "
                  f"{r['works'] / r['seconds']:,.0f} | {r['rels'] / r['seconds']:,.0f} | "
                  f"{r['client_cpu']:.0f} / {r['server_cpu']:.0f} | {tenths} | "
                  f"{loader_peak:,.0f} / {server_peak:,.0f} |")


if __name__ == "__main__":
    main()

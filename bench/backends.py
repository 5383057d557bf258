"""Backends side by side: the local ArcadeDB server and Neo4j 5.26 + GDS, in one run.

On each backend in turn (a private local server in a temporary EXPLORER_HOME on a
free port, then the Neo4j test server of tests/neo4j-server/, built if needed and
reached through NEO4J_URI etc. as a user would), one after the other so they do
not share the cores:

1. load cit-HepPh (with its years table) + cit-HepTh, 554,107 edges, through the
   product's own pipeline and writer: seconds and edges/s;
2. ``explorer.views.neighbourhood`` depth 2 / limit 300 and
   ``suggestions`` k=20 on ``--papers`` seeded random papers and the
   ``--hubs`` most cited ones: median and p95 in ms (after a short warm-up);
3. whole-graph communities with ``explorer.views.whole_graph.run_whole_graph``:
   in-process igraph Leiden on both backends, and GDS Leiden and GDS Louvain on
   Neo4j: seconds and modularity.

A step that fails is reported as FAILED with the error and the run goes on. The
figures are printed as markdown tables at the end, with nproc and the load
average at the start and the end.

    python bench/backends.py [--papers 60] [--seed 11]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import DATA, timed_load  # noqa: E402
from bench.load_test import all_paper_ids, hub_ids, load_average, percentile  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.schema import ensure_schema  # noqa: E402
from cypher.access.settings import Settings, load_settings  # noqa: E402
from explorer.views.neighbourhood import neighbourhood
from explorer.views.suggestions import suggestions
from explorer.views.whole_graph import run_whole_graph  # noqa: E402
from tests import neo4j_server  # noqa: E402

SNAP = DATA / "snap-cit-hep"
LOADS = (("cit-HepPh-1992-1999.edges.tsv.gz", "hepph:", SNAP / "cit-HepPh-1992-1999.years.tsv.gz"),
         ("cit-HepTh.reindexed.edges.tsv.gz", "hepth:", None))
BACKENDS = ("arcadedb", "neo4j")
ENGINES = {"arcadedb": (("in-process", "leiden"),),
           "neo4j": (("in-process", "leiden"), ("gds", "leiden"), ("gds", "louvain"))}


def failure(exc: BaseException) -> str:
    """The error on one line, for the table."""
    return "FAILED: " + type(exc).__name__ + ": " + " ".join(str(exc).split())[:300]


@contextmanager
def arcadedb(home: Path, heap: str):
    settings = load_settings({"EXPLORER_HOME": str(home),
                              "EXPLORER_BOLT_PORT": str(localserver.free_port()),
                              "EXPLORER_HEAP": heap})
    started = time.perf_counter()
    state, _ = localserver.start(settings)
    settings = Settings(**{**settings.__dict__, "bolt_port": state.bolt_port})
    try:
        print(f"local ArcadeDB server up in {time.perf_counter() - started:.1f} s "
              f"(heap {heap})", flush=True)
        graph = connect(settings, autostart=False)
        try:
            yield graph
        finally:
            graph.close()
    finally:
        localserver.stop(settings)


@contextmanager
def neo4j(home: Path, heap: str, *, copy_from: Path | None = None,
          page_cache_mb: int | None = None):
    """The Neo4j test server in ``home``: a new store, or a copy of the store of
    ``copy_from`` (a home written by neo4j-admin import), then given its constraints and
    indexes as ``explorer db init`` does (timed: the import makes none)."""
    took = neo4j_server.build()
    home.mkdir(parents=True, exist_ok=True)
    server = neo4j_server.start(home / "neo4j-data", home / "neo4j.log", heap=heap,
                                copy_from=copy_from, page_cache_mb=page_cache_mb)
    try:
        print(f"Neo4j test server: built in {took:.0f} s, up in {server.started_in:.1f} s "
              f"(heap {heap}, page cache {page_cache_mb or 256:,} MB)", flush=True)
        graph = connect(load_settings({"EXPLORER_HOME": str(home), **server.environ()}),
                        autostart=False)
        graph.server_pid = server.process.pid
        try:
            if copy_from is not None:
                started = time.perf_counter()
                ensure_schema(graph)
                print(f"constraints, indexes and full-text indexes (explorer db init): "
                      f"{time.perf_counter() - started:.1f} s", flush=True)
            yield graph
        finally:
            graph.close()
    finally:
        server.stop()


def load(graph, batch_size: int) -> dict:
    edges, seconds, parts = 0, 0.0, []
    for name, prefix, nodes in LOADS:
        stats, took = timed_load(graph, [(SNAP / name, "edges")], batch_size=batch_size,
                                 id_prefix=prefix, nodes=str(nodes) if nodes else None)
        got = stats.relationships_created.get("CITES", 0)
        print(f"  {name}: {got:,} edges, {stats.nodes_created.get('Paper', 0):,} papers, "
              f"{stats.rejected} rejected in {took:.1f} s ({got / took:,.0f} edges/s)",
              flush=True)
        edges += got
        seconds += took
        parts.append(took)
    return {"edges": edges, "seconds": seconds, "parts": parts}


def timings(call, ids: list[str]) -> dict:
    ms = []
    for node_id in ids:
        started = time.perf_counter()
        call(node_id)
        ms.append((time.perf_counter() - started) * 1000)
    ms.sort()
    return {"n": len(ms), "median": statistics.median(ms), "p95": percentile(ms, 95)}


def maps(graph, *, papers: int, seed: int, hubs: int) -> dict:
    checks = {
        "neighbourhood d2/300": lambda i: neighbourhood(graph, i, depth=2, limit=300),
        "suggestions k20": lambda i: suggestions(graph, [i], k=20),
    }
    groups = {f"{papers} random (seed {seed})":
              random.Random(seed).sample(all_paper_ids(graph), papers)}
    if hubs:
        groups[f"{hubs} most cited"] = hub_ids(graph, hubs)
    out = {}
    for label, call in checks.items():
        try:
            for node_id in next(iter(groups.values()))[:3]:  # warm-up: plan caches, imports
                call(node_id)
        except Exception as exc:  # reported in the table, the run goes on
            traceback.print_exc()
            for group in groups:
                out[(label, group)] = failure(exc)
            continue
        for group, ids in groups.items():
            try:
                out[(label, group)] = timings(call, ids)
            except Exception as exc:
                traceback.print_exc()
                out[(label, group)] = failure(exc)
            print(f"  {label}, {group}: {out[(label, group)]}", flush=True)
    return out


def communities(graph, backend: str, seed: int) -> dict:
    out = {}
    for engine, algorithm in ENGINES[backend]:
        try:
            run = run_whole_graph(graph, algorithm=algorithm, seed=seed, engine=engine)
        except Exception as exc:
            traceback.print_exc()
            run = failure(exc)
        out[(engine, algorithm)] = run
        print(f"  {engine} {algorithm}: {run}", flush=True)
    return out


def run_backend(backend: str, args) -> dict:
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix=f"explorer-bench-{backend}-") as home:
        opened = arcadedb if backend == "arcadedb" else neo4j
        try:
            with opened(Path(home), args.heap) as graph:
                print(f"\n== {backend}: load ({load_average()})", flush=True)
                try:
                    result["load"] = load(graph, args.batch_size)
                except Exception as exc:
                    traceback.print_exc()
                    result["load"] = failure(exc)
                print(f"== {backend}: maps and suggestions ({load_average()})", flush=True)
                result["maps"] = maps(graph, papers=args.papers, seed=args.seed, hubs=args.hubs)
                print(f"== {backend}: communities ({load_average()})", flush=True)
                result["communities"] = communities(graph, backend, args.community_seed)
        except Exception as exc:  # the server itself failed
            traceback.print_exc()
            result["server"] = failure(exc)
    return result


def report(results: dict, facts: dict) -> None:
    print("\n## Figures\n")
    for key, value in facts.items():
        print(f"* {key}: {value}")
    print("\n| backend | edges | cit-HepPh s | cit-HepTh s | total s | edges/s |\n"
          "|---|---:|---:|---:|---:|---:|")
    for backend, res in results.items():
        got = res.get("load", res.get("server", "not run"))
        if isinstance(got, dict):
            print(f"| {backend} | {got['edges']:,} | {got['parts'][0]:.1f} | "
                  f"{got['parts'][1]:.1f} | {got['seconds']:.1f} | "
                  f"{got['edges'] / got['seconds']:,.0f} |")
        else:
            print(f"| {backend} | {got} | | | | |")
    print("\n| measurement | papers | backend | n | median ms | p95 ms |\n"
          "|---|---|---|---:|---:|---:|")
    keys = sorted({k for res in results.values() for k in res.get("maps", {})})
    for label, group in keys:
        for backend, res in results.items():
            got = res.get("maps", {}).get((label, group), res.get("server", "not run"))
            if isinstance(got, dict):
                print(f"| {label} | {group} | {backend} | {got['n']} | {got['median']:.1f} | "
                      f"{got['p95']:.1f} |")
            else:
                print(f"| {label} | {group} | {backend} | {got} | | |")
    print("\n| backend | engine | algorithm | seconds | modularity | communities | nodes |\n"
          "|---|---|---|---:|---:|---:|---:|")
    for backend, res in results.items():
        for (engine, algorithm), got in res.get("communities", {}).items():
            if isinstance(got, dict):
                note = f" ({got['note']})" if got.get("note") else ""
                print(f"| {backend} | {got.get('engine', engine)}{note} | {algorithm} | "
                      f"{got['seconds']:.1f} | {got['modularity']:.4f} | "
                      f"{got['communities']:,} | {got['nodes']:,} |")
            else:
                print(f"| {backend} | {engine} | {algorithm} | {got} | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=60, help="seeded random papers")
    parser.add_argument("--seed", type=int, default=11, help="seed of the paper sample")
    parser.add_argument("--hubs", type=int, default=10, help="most cited papers (0: skip)")
    parser.add_argument("--community-seed", type=int, default=42)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--heap", default="2g", help="Java heap of each server")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    args = parser.parse_args()
    # the driver logs every server notification (deprecations, unknown relationship
    # types of an edges-only graph) as a warning: keep the output to the figures
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    chosen = args.backends.split(",")
    if not chosen or any(b not in BACKENDS for b in chosen):
        parser.error(f"--backends: a comma-separated choice of {', '.join(BACKENDS)}")
    facts = {"nproc": os.cpu_count(), "load average at start": load_average()}
    print(f"nproc {facts['nproc']}; load average at start {facts['load average at start']}")
    started = time.perf_counter()
    results = {backend: run_backend(backend, args) for backend in chosen}
    facts["load average at end"] = load_average()
    facts["wall"] = f"{time.perf_counter() - started:.0f} s"
    report(results, facts)


if __name__ == "__main__":
    main()

"""Bulk-load benchmark: works/s end to end through ``explorer load --bulk`` files and
the real ``neo4j-admin database import full``, beside the transactional load of the
same input into Neo4j, in one run.

For each input (the six SYNERGY sets of ../shared/data/synergy-openalex-2023/, and
``--synthetic works.jsonl.gz`` from ``python bench/synthetic.py --openalex``):

1. **bulk**: records -> :class:`loaders.bulk.BulkGraph` -> CSV files
   (:func:`loaders.bulk_csv.write_bulk`) -> ``neo4j-admin database import full``
   (the test server's jars, ``org.neo4j.cli.AdminTool``) into a new store; each
   phase timed, works/s over the sum, the loader's peak memory;
2. **transactional** (unless ``--no-transactional``): the same input through
   :class:`loaders.writer.GraphWriter` into a fresh Neo4j test server.

    python bench/load_bulk.py [--synthetic /tmp/field-100k/works.jsonl.gz]
        [--no-transactional] [--import-heap 2g]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load import DATA  # noqa: E402
from bench.load_records import neo4j_test_server  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.bulk import BulkGraph  # noqa: E402
from loaders.bulk_csv import write_bulk  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402
from tests.loaders.neo4j_import import admin_import  # noqa: E402


def bulk(paths: list[str], work: Path, heap: str) -> dict:
    """Build, write and import ``paths``; the seconds of each phase and the counts."""
    planned = pipeline.plan(paths)
    started, cpu = time.perf_counter(), time.process_time()
    graph = BulkGraph()
    graph.add(pipeline.read_ahead(lambda: pipeline.iter_records(planned)))
    stats = graph.finish()
    built = time.perf_counter()
    manifest = write_bulk(graph, work / "bulk")
    written, loader_cpu = time.perf_counter(), time.process_time() - cpu
    del graph
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    imported = admin_import(work / "bulk", work / "imported", heap=heap)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    return {"works": stats.loaded, "build": built - started, "write": written - built,
            "import": imported, "loader_cpu": loader_cpu, "import_cpu": import_cpu,
            "nodes": sum(n for label, n in manifest.node_counts.items() if label != "Meta"),
            "rels": sum(manifest.relationship_counts.values()),
            "files_mb": sum(f.stat().st_size for f in (work / "bulk").rglob("*.csv")) / 1e6}


def transactional(paths: list[str], work: Path) -> tuple[int, float, int, int]:
    """Load ``paths`` into a fresh Neo4j test server; (works, seconds, nodes and
    relationships created)."""
    with neo4j_test_server(work, "2g") as (graph, _pid):
        started = time.perf_counter()
        stats = GraphWriter(graph).write(pipeline.iter_records(pipeline.plan(paths)))
        return (stats.loaded, time.perf_counter() - started,
                sum(stats.nodes_created.values()), sum(stats.relationships_created.values()))


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=Path, default=None)
    parser.add_argument("--no-transactional", action="store_true")
    parser.add_argument("--import-heap", default="2g")
    args = parser.parse_args()
    inputs = [("SYNERGY (6 sets)", sorted(str(p) for p in (DATA / "synergy-openalex-2023")
                                          .glob("*.zip")))]
    if args.synthetic:
        inputs.append((f"synthetic {args.synthetic.parent.name}", [str(args.synthetic)]))
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()}")
    for name, paths in inputs:
        with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmp:
            r = bulk(paths, Path(tmp), args.import_heap)
        total = r["build"] + r["write"] + r["import"]
        print(f"{name}: bulk {r['works']:,} works, {r['nodes']:,} nodes, {r['rels']:,} "
              f"relationships, {r['files_mb']:.0f} MB of CSV")
        print(f"  records->graph {r['build']:.1f} s, files {r['write']:.1f} s, "
              f"neo4j-admin import {r['import']:.1f} s: {total:.1f} s, "
              f"{r['works'] / total:,.0f} works/s, {r['rels'] / total:,.0f} relationships/s "
              f"end to end; loader peak {peak_mb():,.0f} MB")
        print(f"  CPU seconds: loader {r['loader_cpu']:.1f} (records, graph, files), "
              f"neo4j-admin {r['import_cpu']:.1f} (on up to {os.cpu_count()} cores)")
        if not args.no_transactional:
            with tempfile.TemporaryDirectory(prefix="bench-tx-") as tmp:
                works, seconds, nodes, rels = transactional(paths, Path(tmp))
            print(f"  transactional into Neo4j: {works:,} works, {nodes:,} nodes, {rels:,} "
                  f"relationships in {seconds:.1f} s, {works / seconds:,.0f} works/s "
                  f"(bulk is {seconds / total:.1f}x faster)")
        print(f"  load average after: {load_average()}", flush=True)


if __name__ == "__main__":
    main()

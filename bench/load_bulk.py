"""Bulk-load benchmark: works/s end to end through ``explorer load --bulk`` files and
the real ``neo4j-admin database import full``, beside the transactional load of the
same input into Neo4j, in one run.

For each input (the six SYNERGY sets of ../shared/data/synergy-openalex-2023/, and
``--synthetic works.jsonl.gz`` from ``python bench/synthetic.py --openalex``):

1. **bulk**: records -> :class:`loaders.bulk.BulkGraph` -> CSV files
   (:func:`loaders.bulk_csv.write_bulk`), the related-work index scored into them
   (:func:`explorer.views.whole_index.build_into_files`) -> ``neo4j-admin database
   import full``
   (the test server's jars, ``org.neo4j.cli.AdminTool``) into a new store; each
   phase timed, works/s over the sum, the loader's peak memory;
2. **transactional** (unless ``--no-transactional``): the same input through
   :class:`loaders.writer.GraphWriter` into a fresh Neo4j test server.

    python bench/load_bulk.py [--synthetic /tmp/field-100k/works.jsonl.gz]
        [--no-transactional] [--import-heap 2g] [--cypher-index] [--no-synergy]
        [--keep DIR]

``--keep DIR``: the synthetic input's files and imported store stay in DIR (its
``imported/`` is a Neo4j home that ``bench/related_maps.py --neo4j-store`` opens).

``--cypher-index``: the imported store is opened in the Neo4j test server, its index
run read, and the whole index built again through Cypher (``explorer index``) beside
it, the way the bulk path went before the files held the index.
"""

from __future__ import annotations

import argparse
import contextlib
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
from cypher.access.graph import connect  # noqa: E402
from cypher.access.schema import ensure_schema  # noqa: E402
from cypher.access.settings import load_settings  # noqa: E402
from explorer.views import entity_leads, related_index, whole_index  # noqa: E402
from explorer.views.field_arrays import from_bulk  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.bulk import BulkGraph  # noqa: E402
from loaders.bulk_csv import write_bulk  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402
from tests import neo4j_server  # noqa: E402
from tests.loaders.neo4j_import import admin_import  # noqa: E402


def bulk(paths: list[str], work: Path, heap: str) -> dict:
    """Build, write and import ``paths`` with the related-work index in the files (as
    ``explorer load --bulk`` does); the seconds of each phase and the counts."""
    planned = pipeline.plan(paths)
    started, cpu = time.perf_counter(), time.process_time()
    graph = BulkGraph()
    graph.add(pipeline.read_ahead(lambda: pipeline.iter_records(planned)))
    stats = graph.finish()
    entity_leads.set_in_bulk(graph)
    built = time.perf_counter()
    manifest = write_bulk(graph, work / "bulk")
    written, loader_cpu = time.perf_counter(), time.process_time() - cpu
    field = from_bulk(graph)
    del graph
    run = whole_index.build_into_files(field, manifest)
    del field
    indexed = time.perf_counter()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    imported = admin_import(work / "bulk", work / "imported", heap=heap)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    import_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    counts = manifest.relationship_counts
    return {"works": stats.loaded, "build": built - started, "write": written - built,
            "index": indexed - written, "links": run["links"], "run": run,
            "import": imported, "loader_cpu": loader_cpu, "import_cpu": import_cpu,
            "nodes": sum(n for label, n in manifest.node_counts.items()
                         if label not in ("Meta", "IndexRun")),
            "rels": sum(n for kind, n in counts.items() if kind != "RELATED"),
            "files_mb": sum(f.stat().st_size for f in (work / "bulk").rglob("*.csv")) / 1e6}


def cypher_index(work: Path) -> tuple[dict, dict]:
    """Open the imported store in the Neo4j test server; its latest index run (the
    files'), then the index built again through Cypher (``explorer index``)."""
    server = neo4j_server.start(work / "served", work / "served.log", heap="2g",
                                copy_from=work / "imported")
    try:
        with connect(load_settings({"EXPLORER_HOME": str(work / "h"), **server.environ()}),
                     autostart=False) as graph:
            ensure_schema(graph)
            return related_index.latest_run(graph) or {}, related_index.build(graph)
    finally:
        server.stop()


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
    parser.add_argument("--cypher-index", action="store_true",
                        help="also build the index through Cypher on the imported store")
    parser.add_argument("--no-synergy", action="store_true")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the synthetic input's files and store in this folder")
    args = parser.parse_args()
    inputs = [] if args.no_synergy else [
        ("SYNERGY (6 sets)", sorted(str(p) for p in (DATA / "synergy-openalex-2023")
                                    .glob("*.zip")))]
    if args.synthetic:
        inputs.append((f"synthetic {args.synthetic.parent.name}", [str(args.synthetic)]))
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()}")
    for name, paths in inputs:
        kept = args.keep if args.keep and name.startswith("synthetic") else None
        if kept:
            kept.mkdir(parents=True, exist_ok=True)
        with (contextlib.nullcontext(str(kept)) if kept
              else tempfile.TemporaryDirectory(prefix="bench-bulk-")) as tmp:
            r = bulk(paths, Path(tmp), args.import_heap)
            if args.cypher_index:
                files_run, through_cypher = cypher_index(Path(tmp))
        total = r["build"] + r["write"] + r["import"]
        print(f"{name}: bulk {r['works']:,} works, {r['nodes']:,} nodes, {r['rels']:,} "
              f"relationships and {r['links']:,} related-work links, {r['files_mb']:.0f} MB "
              "of CSV")
        print(f"  records->graph {r['build']:.1f} s, files {r['write']:.1f} s, related-work "
              f"index into the files {r['index']:.1f} s (score {r['run']['score_seconds']:.1f}"
              f", write {r['run']['write_seconds']:.1f}), neo4j-admin import "
              f"{r['import']:.1f} s: {total + r['index']:.1f} s, "
              f"{r['works'] / (total + r['index']):,.0f} works/s with the index, "
              f"{r['works'] / total:,.0f} works/s without its "
              f"{r['index']:.1f} s; loader peak {peak_mb():,.0f} MB")
        if args.cypher_index:
            print(f"  the imported store's index run: {files_run.get('scope')}, "
                  f"{files_run.get('papers', 0):,} papers, {files_run.get('links', 0):,} links; "
                  f"the same index through Cypher (explorer index) on it: "
                  f"{through_cypher['seconds']:.1f} s (read {through_cypher['read_seconds']:.1f}"
                  f", score {through_cypher['score_seconds']:.1f}, write "
                  f"{through_cypher['write_seconds']:.1f}), {through_cypher['links']:,} links")
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

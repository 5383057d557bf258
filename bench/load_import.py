"""First load into an empty local graph: the import (``explorer load --first-load
import``) beside the load in batches, side by side in one run.

For each input (the six SYNERGY sets as one load, and ``--synthetic FILE``, a
``works.jsonl.gz`` from ``python bench/synthetic.py --openalex``) a fresh local server
in a temporary EXPLORER_HOME takes it:

* **import**: the records read and merged in memory (:class:`loaders.bulk.BulkGraph`,
  with its rate over the first and the last tenth of the works), written with the
  server stopped (:func:`loaders.bulk_local.import_first_load`), then the
  constraints and indexes (:func:`cypher.access.schema.ensure_schema`); with
  ``--index`` the related-work index scored meanwhile and written with the graph
  (:class:`explorer.views.whole_index.WholeIndex`), as ``explorer load`` does;
* **batches** (unless ``--no-batches``): the same input through
  :class:`loaders.writer.GraphWriter`, as into any graph; with ``--index`` its index
  built and written through Cypher.

It prints seconds per phase, works/s of the load (records to a usable graph: the
import's with its index when ``--index``, the batches' with the index apart), and the
peak memory of the loader, of the import's child process and of the server.
``bench/load_cli.py`` times the whole command a user runs.

    python bench/load_import.py [--synthetic /tmp/s100k/works.jsonl.gz --works 100000]
        [--no-synergy] [--no-batches] [--index]
    python bench/load_import.py --synthetic DIR/works.jsonl.gz --works 1000000 --no-synergy \
        --no-batches --index --keep DIR   # then bench/related_maps.py --work DIR

The Java heap is the product's default for this machine unless ``--heap`` says (before
2026-12-07 the benchmark's own default was 2 GB: a full-record import of 100,000 works
took 307 s on it against 251 s on this 24 GB machine's 6 GB).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_records import SYNERGY, _rate, peak_rss_mb  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.schema import ensure_schema  # noqa: E402
from cypher.access.settings import Settings, default_heap, load_settings  # noqa: E402
from explorer.views import entity_leads, related_index  # noqa: E402
from explorer.views.field_arrays import from_bulk  # noqa: E402
from explorer.views.whole_index import WholeIndex  # noqa: E402
from loaders import bulk_local, pipeline  # noqa: E402
from loaders.bulk import BulkGraph  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402


def _server(home: Path, heap: str) -> Settings:
    settings = load_settings({"EXPLORER_HOME": str(home), "EXPLORER_HEAP": heap,
                              "EXPLORER_BOLT_PORT": str(localserver.free_port())})
    localserver.start(settings)
    return settings


def _tenths(marks: list[tuple[int, float]], total: int | None) -> dict:
    if not total:
        return {}
    tenth = total // 10
    return {"first": _rate(marks, 0, tenth), "last": _rate(marks, total - tenth, total)}


def by_import(paths: list[Path], *, heap: str, total: int | None, index: bool,
              keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as temporary:
        home = keep / "home" if keep else Path(temporary)
        settings = _server(home, heap)
        try:
            planned = pipeline.plan([str(p) for p in paths], "openalex")
            marks: list[tuple[int, float]] = []
            started = time.perf_counter()
            bulk = BulkGraph()
            bulk.add(pipeline.read_ahead(lambda: pipeline.iter_records(planned)),
                     on_progress=lambda n: marks.append((n, time.perf_counter() - started)))
            stats = bulk.finish()
            read = time.perf_counter() - started
            # as `explorer load` does: the index scored meanwhile, written with the graph
            whole = WholeIndex(from_bulk(bulk)) if index else None
            if index:
                entity_leads.set_in_bulk(bulk)
            counts = bulk_local.import_first_load(settings, bulk,
                                                  links=whole.chunks if whole else None)
            written = time.perf_counter() - started - read
            del bulk
            with connect(settings, autostart=False) as graph:
                ensure_schema(graph)
                schema = time.perf_counter() - started - read - written
                out = {"seconds": time.perf_counter() - started, "works": stats.loaded,
                       "phases": f"read {read:.1f} + import{' and index' if index else ''} "
                                 f"{written:.1f} + indexes {schema:.1f}",
                       "rels": sum(v for k, v in counts.items()
                                   if k not in bulk_local.LABELS and k != "RELATED"),
                       **_tenths(marks, total)}
                if whole is not None:
                    out["index"] = whole.record(graph)
            state = localserver.read_state(settings.home)
            out["server_mb"] = peak_rss_mb(state.pid) if state else float("nan")
        finally:
            if not keep:
                localserver.stop(settings)
    out["child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def by_batches(paths: list[Path], *, heap: str, total: int | None, index: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home:
        settings = _server(Path(home), heap)
        try:
            planned = pipeline.plan([str(p) for p in paths], "openalex")
            marks: list[tuple[int, float]] = []
            with connect(settings, autostart=False) as graph:
                started = time.perf_counter()
                stats = GraphWriter(graph).write(
                    pipeline.iter_records(planned),
                    on_progress=lambda n: marks.append((n, time.perf_counter() - started)))
                seconds = time.perf_counter() - started
                out = {"seconds": seconds, "works": stats.loaded, "phases": "",
                       "rels": sum(stats.relationships_created.values()),
                       **_tenths(marks, total)}
                if index:
                    out["index"] = related_index.build(graph)
            state = localserver.read_state(settings.home)
            out["server_mb"] = peak_rss_mb(state.pid) if state else float("nan")
        finally:
            localserver.stop(settings)
    out["child_mb"] = float("nan")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=Path)
    parser.add_argument("--works", type=int, default=None, help="works in --synthetic")
    parser.add_argument("--heap", default=default_heap(),
                        help="the local server's and the import's Java heap (default: the "
                        "product's, a quarter of the machine's memory, 2 to 8 GB)")
    parser.add_argument("--no-synergy", action="store_true")
    parser.add_argument("--no-batches", action="store_true")
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--keep", type=Path, help="import --synthetic into DIR/home and leave "
                        "its server running (for `bench/related_maps.py --work DIR`)")
    args = parser.parse_args()
    if args.keep and (not args.synthetic or not args.no_synergy or not args.no_batches):
        parser.error("--keep: one import, of --synthetic, with --no-synergy --no-batches")
    inputs: list[tuple[str, list[Path], int | None]] = []
    if not args.no_synergy:
        inputs.append(("SYNERGY (6 sets)", sorted(SYNERGY.glob("*.zip")), None))
    if args.synthetic:
        inputs.append((f"synthetic {args.synthetic.parent.name}", [args.synthetic], args.works))
    print(f"load average at start {load_average()}", flush=True)
    print("| input | path | works | seconds | works/s | relationships/s | phases | "
          "first → last tenth | index s (read / score / write) | peak MB loader / child / server |")
    print("|---|---|---:|---:|---:|---:|---|---|---|---|", flush=True)
    for name, paths, total in inputs:
        ways = [("import", by_import)] + ([] if args.no_batches else [("batches", by_batches)])
        for way, run in ways:
            r = (by_import(paths, heap=args.heap, total=total, index=args.index, keep=args.keep)
                 if args.keep else run(paths, heap=args.heap, total=total, index=args.index))
            tenths = f"{r['first']:,.0f} → {r['last']:,.0f}" if "first" in r else ""
            ix = r.get("index")
            index = (f"{ix['seconds']:.0f} ({ix['read_seconds']:.0f} / {ix['score_seconds']:.0f}"
                     f" / {ix['write_seconds']:.0f}), {ix['links']:,} links" if ix else "")
            loader = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"| {name} | {way} | {r['works']:,} | {r['seconds']:.1f} | "
                  f"{r['works'] / r['seconds']:,.0f} | {r['rels'] / r['seconds']:,.0f} | "
                  f"{r['phases']} | {tenths} | {index} | {loader:,.0f} / {r['child_mb']:,.0f} / "
                  f"{r['server_mb']:,.0f} |", flush=True)
    print(f"\nload average at end {load_average()}")


if __name__ == "__main__":
    main()

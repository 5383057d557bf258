"""Related-work maps at field scale: index build and map reads beside an in-memory floor.

For each ``--papers`` size, one run:

1. generate a seeded synthetic field (:mod:`bench.synthetic`: sub-fields, growth by
   year, Price-model citations with hubs, references outside the field) as an edge
   list and a node table with titles;
2. load it into a fresh private server (the local ArcadeDB server, or with
   ``--backend neo4j`` the Neo4j test server of tests/neo4j-server/) through the
   product's pipeline and writer: seconds;
3. build the related-work index with ``explorer.views.related_index.build``:
   seconds, links written, peak memory of this process and of the server;
4. time ``explorer.views.research_map.research_map`` (kind ``related``) at depth 1
   and at depth 2 / limit 300 for ``--maps`` seeded random papers and the ``--hubs``
   most cited, and, in the same process, the *floor*: the same selection, layout and
   communities from the same index entries held in memory (a dict, read beforehand for
   the papers those maps need), so the only difference is the graph reads. Median and
   p95 in ms, and their ratio;
5. load ``--update`` new papers citing the field (``bench.synthetic.write_update``) and
   bring the index up to date as ``explorer load`` does
   (``explorer.views.related_index.after_load``): seconds.

With ``--work DIR`` (local server only) the generated files and the server's home stay
in DIR and the server keeps running afterwards: a later run reuses the loaded graph and
its index (``--rebuild`` builds the index again) and skips the update once loaded, so a
million-paper field is generated and loaded once.

    python bench/related_maps.py --papers 100000 [--backend arcadedb|neo4j] [--maps 60]
    python bench/related_maps.py --papers 1000000 --work /tmp/field-1m [--rebuild]

With ``--neo4j-store HOME`` the maps are timed on a copy of a Neo4j store written by
``bench/load_bulk.py --keep`` (the graph and its index imported by ``neo4j-admin``),
opened in the Neo4j test server with ``--page-cache-mb`` of page cache and given its
constraints and indexes as ``explorer db init`` does (timed); nothing is
generated or loaded, and the random papers are drawn from the store's loaded papers.

    python bench/related_maps.py --papers 1000000 --neo4j-store /tmp/bulk-1m/imported \
        --update 0 --heap 4g --page-cache-mb 6000
"""

from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.backends import arcadedb, neo4j  # noqa: E402
from bench.backends import timings as backend_timings  # noqa: E402
from bench.load import server_rss_mb, timed_load  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from bench.synthetic import generate, paper_id, write_edges, write_update  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from cypher.access.localserver import manager as localserver  # noqa: E402
from cypher.access.settings import Settings, load_settings  # noqa: E402
from explorer.algorithms.map_selection import rank_candidates, strongest_links  # noqa: E402
from explorer.views import related_index  # noqa: E402
from explorer.views.gc_pause import paused  # noqa: E402
from explorer.views.map_view import build_map  # noqa: E402
from explorer.views.research_map import research_map  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor_map(entries: dict, center: str, *, depth: int, limit: int) -> dict:
    """The related map of ``center`` from index entries in memory: same selection,
    links, labels, communities and layout as the product, no graph reads."""
    first = {center: entries.get(center, [])}
    hop1 = rank_candidates([center], first, limit=10**6)
    second = ({pid: entries.get(pid, []) for pid, _, _ in hop1[:200]}
              if depth > 1 and len(hop1) < limit - 1 else None)
    chosen = [center] + [p for p, _, _ in rank_candidates([center], first, second,
                                                           limit=limit - 1)]
    inside = set(chosen)
    found = {p: {"id": p, "type": "Paper", "title": p, "year": 2000, "hop": 1}
             for p in chosen}
    links = [(p, q, s) for p in chosen for q, s, *_ in entries.get(p, []) if q in inside]
    edges = [{"source": a, "target": b, "type": "RELATED", "weight": s}
             for a, b, s in strongest_links(links, per_paper=4)]
    return build_map(None, center, found, edges, {}, resolution=1.0, seed=42,
                     cards={p: {} for p in chosen})


def floored(entries: dict, center: str, *, depth: int, limit: int) -> dict:
    """:func:`floor_map` with the cycle collector held back, as the product's maps are."""
    with paused():
        return floor_map(entries, center, depth=depth, limit=limit)


def phases(run_record: dict) -> str:
    """Where an index run's time went, as its record says."""
    return ", ".join(f"{name} {run_record.get(f'{name}_seconds', 0):.1f} s"
                     for name in ("read", "score", "write"))


def hub_ids(graph, n: int) -> list[str]:
    """The ``n`` loaded papers (not stubs) cited most inside the graph."""
    rows = graph.run_text("MATCH (p:Paper) WHERE p.stub = false AND p.indegree > 0 "
                          "RETURN p.id AS id ORDER BY p.indegree DESC, id LIMIT $n",
                          {"n": n}).records
    return [r["id"] for r in rows]


def timings(call, ids: list[str]) -> dict:
    for node_id in ids[:3]:
        call(node_id)  # warm-up: plan caches, imports
    return backend_timings(call, ids)


def needed_entries(graph, centers: list[str], limit: int) -> dict:
    """The index entries ``(related id, score)`` of every paper the floor's maps of
    ``centers`` need (each centre, its first hop, the papers chosen), read beforehand."""
    entries: dict = {}

    def read(ids) -> None:
        fresh = [i for i in dict.fromkeys(ids) if i not in entries]
        for start in range(0, len(fresh), 2000):
            for row in graph.read_values("read/related_of", ids=fresh[start:start + 2000]):
                entries[row["id"]] = [(e[0], e[1]) for e in row["related"]]
        entries.update((i, []) for i in fresh if i not in entries)

    read(centers)
    read(q for c in centers for q, _ in entries[c][:200])
    for c in centers:
        first = {c: entries[c]}
        second = {p: entries.get(p, []) for p, _ in entries[c][:200]}
        read(p for p, _, _ in rank_candidates([c], first, second, limit=limit))
    return entries


@contextmanager
def kept_arcadedb(home: Path, heap: str):
    """The local server of ``home`` (started unless it runs), left running afterwards."""
    settings = load_settings({"EXPLORER_HOME": str(home), "EXPLORER_HEAP": heap,
                              "EXPLORER_BOLT_PORT": str(localserver.free_port())})
    state, _ = localserver.start(settings)
    graph = connect(Settings(**{**settings.__dict__, "bolt_port": state.bolt_port}),
                    autostart=False)
    graph.server_pid = state.pid
    try:
        yield graph
    finally:
        graph.close()


def loaded_ids(graph) -> list[str]:
    """Every loaded paper's id, sorted."""
    return sorted(r["id"] for r in graph.run_text(
        "MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id").records)


def count(graph, text: str, **params) -> int:
    return int(graph.run_text(text, params).records[0]["n"])


def run(size: int, backend: str, args, work: Path, kept: bool) -> list[str]:
    lines = []
    new_ids: list[str] = []
    if args.neo4j_store:
        backend = "neo4j"
        opened = neo4j(work, args.heap, copy_from=args.neo4j_store,
                       page_cache_mb=args.page_cache_mb)
    else:
        field = generate(size, seed=args.seed)
        if not (work / "edges.tsv.gz").exists():
            write_edges(field, work, args.seed)
        new_ids = write_update(field, work, args.update, args.seed)
        print(f"generated {size:,} papers, {len(field.cited):,} citations", flush=True)
        opener = kept_arcadedb if kept else arcadedb if backend == "arcadedb" else neo4j
        opened = opener(work / "home", args.heap)
    with opened as graph:
        pid = getattr(graph, "server_pid", None)
        loaded = count(graph, "MATCH (p:Paper) WHERE p.stub = false RETURN count(p) AS n")
        if loaded < size and not args.neo4j_store:
            stats, took = timed_load(graph, [(work / "edges.tsv.gz", "edges")],
                                     batch_size=10_000, nodes=str(work / "nodes.tsv.gz"))
            edges = stats.relationships_created.get("CITES", 0)
            lines.append(f"| {backend} | {size:,} | load | {took:.0f} s | {edges / took:,.0f} "
                         "citations/s |")
            print(lines[-1], flush=True)
        if args.rebuild or related_index.latest_run(graph) is None:
            before = peak_mb()
            started = time.perf_counter()
            run_record = related_index.build(graph)
            took = time.perf_counter() - started
            server = f", server peak {server_rss_mb(pid)[1]:,.0f} MB" if pid else ""
            lines.append(f"| {backend} | {size:,} | index build | {took:.0f} s | "
                         f"{run_record['links']:,} links, {phases(run_record)}, client peak "
                         f"{peak_mb():,.0f} MB (before {before:,.0f}){server} |")
            print(lines[-1], flush=True)
        rng = random.Random(args.seed)
        population = (loaded_ids(graph) if args.neo4j_store
                      else [paper_id(i) for i in range(size)])
        groups = {f"{args.maps} random": rng.sample(population, args.maps),
                  f"{args.hubs} most cited": hub_ids(graph, args.hubs)}
        for (label, sample), attempt in itertools.product(
                groups.items() if args.maps else (), range(args.passes)):
            entries = needed_entries(graph, sample, 300)
            for depth, limit in ((1, 40), (2, 300)):
                product = timings(lambda i, d=depth, n=limit: research_map(
                    graph, i, depth=d, limit=n), sample)
                floor = timings(lambda i, d=depth, n=limit, e=entries: floored(
                    e, i, depth=d, limit=n), sample)
                when = "" if args.passes == 1 else f" (pass {attempt + 1})"
                lines.append(
                    f"| {backend} | {size:,} | map d{depth}/{limit}, {label}{when} | "
                    f"{product['median']:.0f} / {product['p95']:.0f} ms | floor "
                    f"{floor['median']:.0f} / {floor['p95']:.0f} ms; ratio "
                    f"{product['median'] / floor['median']:.1f}× / "
                    f"{product['p95'] / floor['p95']:.1f}× |")
                print(lines[-1], flush=True)
        if args.update and count(graph, "MATCH (p:Paper {id: $id}) RETURN count(p) AS n",
                                 id=new_ids[0]) == 0:
            stats, took = timed_load(graph, [(work / "update_edges.tsv.gz", "edges")],
                                     batch_size=10_000,
                                     nodes=str(work / "update_nodes.tsv.gz"))
            started = time.perf_counter()
            run_record = related_index.after_load(graph, stats)
            took_index = time.perf_counter() - started
            lines.append(f"| {backend} | {size:,} | load {args.update:,} new papers, then "
                         f"the index update | {took:.1f} s + {took_index:.1f} s | "
                         f"{run_record['scope']}: {run_record['papers']:,} papers' lists "
                         f"rewritten, {run_record['links']:,} links; {phases(run_record)} |")
            print(lines[-1], flush=True)
        elif args.update and args.reupdate:
            started = time.perf_counter()
            run_record = related_index.update(graph, new_ids)
            lines.append(f"| {backend} | {size:,} | the index update for the {args.update:,} "
                         f"new papers (loaded before) | {time.perf_counter() - started:.1f} s "
                         f"| {run_record['papers']:,} papers' lists rewritten, "
                         f"{run_record['links']:,} links; {phases(run_record)} |")
            print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000])
    parser.add_argument("--backend", choices=("arcadedb", "neo4j"), default="arcadedb")
    parser.add_argument("--maps", type=int, default=60)
    parser.add_argument("--hubs", type=int, default=10)
    parser.add_argument("--passes", type=int, default=1,
                        help="time the same maps this many times (the first on cold caches "
                             "after a load or a restart)")
    parser.add_argument("--update", type=int, default=1000,
                        help="new papers loaded after the maps (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--neo4j-store", type=Path, default=None,
                        help="time the maps on a copy of this imported Neo4j store")
    parser.add_argument("--page-cache-mb", type=int, default=4000)
    parser.add_argument("--work", type=Path, help="keep files and server here (reused)")
    parser.add_argument("--rebuild", action="store_true", help="build the index again")
    parser.add_argument("--reupdate", action="store_true",
                        help="with --work: run the index update for the new papers again")
    args = parser.parse_args()
    if args.work and args.backend != "arcadedb":
        parser.error("--work keeps a local server: --backend arcadedb only")
    print(f"load average at start: {load_average()}", flush=True)
    table = ["| backend | papers | step | median / p95 or time | figures |",
             "|---|---:|---|---:|---|"]
    for size in args.papers:
        if args.work:
            work = args.work / str(size) if len(args.papers) > 1 else args.work
            work.mkdir(parents=True, exist_ok=True)
            table += run(size, args.backend, args, work, kept=True)
            continue
        with tempfile.TemporaryDirectory(prefix="explorer-related-") as tmp:
            table += run(size, args.backend, args, Path(tmp), kept=False)
    print(f"\nload average at end: {load_average()}\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()

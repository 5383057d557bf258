"""Related-work maps at field scale: index build and map reads beside an in-memory floor.

For each ``--papers`` size, one run:

1. generate a seeded synthetic field (:mod:`bench.synthetic`: sub-fields, growth by
   year, Price-model citations with hubs, references outside the field) as an edge
   list and a node table with titles;
2. load it into a fresh private server (the local ArcadeDB server, or with
   ``--backend neo4j`` the Neo4j test server of tests/neo4j-server/) through the
   product's pipeline and writer: seconds;
3. build the related-work index with ``explorer.views.related_index.build``:
   seconds, links written, peak memory of this process;
4. time ``explorer.views.research_map.research_map`` (kind ``related``) at depth 1
   and at depth 2 / limit 300 for ``--maps`` seeded random papers and the ``--hubs``
   most cited, and, in the same process, the *floor*: the same selection, layout and
   communities from the same index entries held in memory (a dict), so the only
   difference is the graph reads. Median and p95 in ms, and their ratio.

    python bench/related_maps.py --papers 100000 [--backend arcadedb|neo4j] [--maps 60]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.backends import arcadedb, neo4j  # noqa: E402
from bench.backends import timings as backend_timings  # noqa: E402
from bench.load import timed_load  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from bench.synthetic import generate, paper_id, write_edges  # noqa: E402
from explorer.algorithms.map_selection import rank_candidates, strongest_links  # noqa: E402
from explorer.views import related_index  # noqa: E402
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


def run(size: int, backend: str, maps: int, hubs: int, seed: int, work: Path) -> list[str]:
    lines = []
    field = generate(size, seed=seed)
    write_edges(field, work, seed)
    print(f"generated {size:,} papers, {len(field.cited):,} citations", flush=True)
    opener = arcadedb if backend == "arcadedb" else neo4j
    with opener(work / "home", "4g") as graph:
        stats, took = timed_load(graph, [(work / "edges.tsv.gz", "edges")], batch_size=10_000,
                                 nodes=str(work / "nodes.tsv.gz"))
        edges = stats.relationships_created.get("CITES", 0)
        lines.append(f"| {backend} | {size:,} | load | {took:.0f} s | {edges / took:,.0f} "
                     "citations/s |")
        print(lines[-1], flush=True)
        before = peak_mb()
        started = time.perf_counter()
        run_record = related_index.build(graph)
        took = time.perf_counter() - started
        lines.append(f"| {backend} | {size:,} | index build | {took:.0f} s | "
                     f"{run_record['links']:,} links, client peak {peak_mb():,.0f} MB "
                     f"(before {before:,.0f}) |")
        print(lines[-1], flush=True)
        entries: dict = {}
        ids = [paper_id(i) for i in range(size)]
        for start in range(0, len(ids), 5000):
            for row in graph.read_values("read/related_of", ids=ids[start:start + 5000]):
                entries[row["id"]] = row["related"]
        rng = random.Random(seed)
        groups = {f"{maps} random": rng.sample([paper_id(i) for i in range(size)], maps),
                  f"{hubs} most cited": hub_ids(graph, hubs)}
        for label, sample in groups.items():
            for depth, limit in ((1, 40), (2, 300)):
                product = timings(lambda i, d=depth, n=limit: research_map(
                    graph, i, depth=d, limit=n), sample)
                floor = timings(lambda i, d=depth, n=limit: floor_map(
                    entries, i, depth=d, limit=n), sample)
                lines.append(
                    f"| {backend} | {size:,} | map d{depth}/{limit}, {label} | "
                    f"{product['median']:.0f} / {product['p95']:.0f} ms | floor "
                    f"{floor['median']:.0f} / {floor['p95']:.0f} ms; ratio "
                    f"{product['median'] / floor['median']:.1f}× / "
                    f"{product['p95'] / floor['p95']:.1f}× |")
                print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[100_000])
    parser.add_argument("--backend", choices=("arcadedb", "neo4j"), default="arcadedb")
    parser.add_argument("--maps", type=int, default=60)
    parser.add_argument("--hubs", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"load average at start: {load_average()}", flush=True)
    table = ["| backend | papers | step | median / p95 or time | figures |",
             "|---|---:|---|---:|---|"]
    for size in args.papers:
        with tempfile.TemporaryDirectory(prefix="explorer-related-") as tmp:
            table += run(size, args.backend, args.maps, args.hubs, args.seed, Path(tmp))
    print(f"\nload average at end: {load_average()}\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()

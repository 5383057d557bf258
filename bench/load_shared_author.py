"""Load benchmark: works that all share one author, institution and venue, beside
works that share nothing, in one run (issue 23, item 5: a load's cost must be linear
in its records whatever how many works share a node).

For each backend asked for (the local ArcadeDB server in a temporary
EXPLORER_HOME, and/or the Neo4j test server of tests/neo4j-server/), in a fresh
graph each time, it loads through the product's own writer:

* ``shared``: N OpenAlex-shaped works by one author (one OpenAlex author id), at one
  institution, in one venue, each with one topic;
* ``institution``: N works by N different authors, all at one institution and in one
  venue;
* ``distinct``: N works by N different authors at N institutions in N venues;

and prints seconds, works/s and the rate over the first and the last tenth of
each load, then the ratios shared/distinct and institution/distinct (goal: at most
1.5). ``--profile``
adds each statement's share of the write time.

    python bench/load_shared_author.py [--works 100000] [--backend arcadedb neo4j]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.backends import arcadedb, neo4j  # noqa: E402
from bench.load_test import load_average  # noqa: E402
from loaders.records import Author, Institution, PaperRecord, Topic  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402

KINDS = ("distinct", "shared", "institution")


def works(count: int, kind: str) -> Iterator[PaperRecord]:
    """``count`` works of one of :data:`KINDS`: ``shared``, by one author at one
    institution in one venue; ``institution``, each by its own author but all at one
    institution in one venue; ``distinct``, each by its own author, institution and
    venue. Every work has one topic (the same for all) and cites the work before it."""
    topic = Topic(id="T1", name="Shared topic", level=0, score=0.9)
    for n in range(count):
        who = 1 if kind == "shared" else n + 1
        where = who if kind == "distinct" else 1
        inst = Institution(id=f"I{where}", name=f"Institution {where}", country="NL")
        author = Author(id=f"A{who}", name=f"Author {who}", position=0, institutions=(inst,))
        yield PaperRecord(
            id=f"W{n + 1}", source="openalex", title=f"Work {n + 1}", year=2000 + n % 25,
            venue=f"Venue {where}", authors=(author,), topics=(topic,),
            references=(f"W{n}",) if n else (), file="bench.jsonl", line=n + 1)


def timed(graph, count: int, kind: str, *, batch_size: int) -> dict:
    """Load the works; seconds in all and the rate over the first and last tenth."""
    marks: list[tuple[int, float]] = []
    started = time.perf_counter()
    stats = GraphWriter(graph, batch_size=batch_size).write(
        works(count, kind),
        on_progress=lambda n: marks.append((n, time.perf_counter() - started)))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "loaded": stats.loaded,
            "authored": stats.relationships_created.get("AUTHORED", 0),
            "first": _rate(marks, 0, count // 10), "last": _rate(marks, count - count // 10,
                                                                  count)}


def _rate(marks: list[tuple[int, float]], lo: int, hi: int) -> float:
    """Works/s between the progress marks nearest ``lo`` and ``hi`` records read."""
    points = [(0, 0.0), *marks]
    a = min(points, key=lambda m: abs(m[0] - lo))
    b = min(points, key=lambda m: abs(m[0] - hi))
    return (b[0] - a[0]) / (b[1] - a[1]) if b[1] > a[1] else float("nan")


def profiled(graph) -> dict[str, float]:
    """Wrap ``graph.write_many`` to sum the seconds each statement takes (it runs each
    statement on its own, one transaction each: for the profile only)."""
    spent: dict[str, float] = defaultdict(float)
    original = graph.write_many

    def write_many(steps):
        out: dict = {}
        for name, rows in steps:
            if rows:
                began = time.perf_counter()
                out.update(original([(name, rows)]))
                spent[name] += time.perf_counter() - began
        return out

    graph.write_many = write_many
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--backend", nargs="+", default=["arcadedb", "neo4j"],
                        choices=["arcadedb", "neo4j"])
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    print(f"nproc/load at start: {load_average()}; {args.works:,} works a load", flush=True)
    table = []
    for backend in args.backend:
        results = {}
        for kind in KINDS:  # a fresh server and graph for each
            with tempfile.TemporaryDirectory(prefix="explorer-bench-") as home:
                opened = (arcadedb if backend == "arcadedb" else neo4j)(Path(home), args.heap)
                with opened as graph:
                    spent = profiled(graph) if args.profile else None
                    results[kind] = r = timed(graph, args.works, kind, batch_size=args.batch_size)
            print(f"{backend} {kind}: {r['loaded']:,} works, {r['authored']:,} "
                  f"AUTHORED in {r['seconds']:.1f} s "
                  f"({r['loaded'] / r['seconds']:,.0f} works/s; first tenth "
                  f"{r['first']:,.0f}/s, last tenth {r['last']:,.0f}/s)", flush=True)
            if spent:
                total = sum(spent.values())
                print("   " + ", ".join(f"{k.split('/')[-1]} {v:.1f} s"
                                        for k, v in sorted(spent.items(), key=lambda kv: -kv[1])
                                        if v > total * 0.02), flush=True)
        table.append((backend, results))
    print(f"\nnproc/load at end: {load_average()}\n")
    print("| backend | distinct: s (works/s) | one author: s (works/s) | one institution: "
          "s (works/s) | author / distinct | institution / distinct |")
    print("|---|---|---|---|---|---|")
    for backend, results in table:
        cells = [f"{r['seconds']:.1f} ({r['loaded'] / r['seconds']:,.0f})"
                 for r in (results[k] for k in KINDS)]
        base = results["distinct"]["seconds"]
        ratios = [f"{results[k]['seconds'] / base:.2f}" for k in KINDS[1:]]
        print(f"| {backend} | " + " | ".join(cells + ratios) + " |")


if __name__ == "__main__":
    main()

"""How close the index update's lists come to a whole build's, on a real field.

A real dense field (the bundled demo, SYNERGY Jeyaraman_2020, by default) is loaded
into a fresh private local server without its newest ``--new`` works, the index is
built, the newest works are loaded and the index brought up to date as ``explorer
load`` does (``related_index.after_load``: the new papers and their little-cited
neighbours rescored). The lists are read, the whole index is built again, and the two
are compared: for the new papers and for the other papers whose lists the update changed,
the share of a whole build's top 10 and top 30 that the updated list holds (its
*overlap*), beside the same share for the lists as they stood before the update
(what not updating at all gives).

    python bench/index_update_quality.py [--new 100] [--backend arcadedb|neo4j] [FILE ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.backends import arcadedb, neo4j  # noqa: E402
from explorer.views import related_index  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402

DEMO = REPO / "loaders" / "sample" / "jeyaraman-2020-works.jsonl.gz"


def lists(graph) -> dict[str, list[str]]:
    """Every paper's stored list, best first."""
    rows = graph.run_text("MATCH (p:Paper)-[r:RELATED]->(q:Paper) "
                          "RETURN p.id AS p, q.id AS q, r.score AS s", read_only=True).records
    out: dict[str, list[tuple[float, str]]] = {}
    for row in rows:
        out.setdefault(row["p"], []).append((-float(row["s"]), row["q"]))
    return {p: [q for _, q in sorted(entries)] for p, entries in out.items()}


def overlap(got: list[str], best: list[str], n: int) -> float:
    """Share of ``best``'s first ``n`` that ``got``'s first ``n`` holds."""
    want = best[:n]
    return len(set(got[:n]) & set(want)) / len(want) if want else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=[str(DEMO)])
    parser.add_argument("--new", type=int, default=100, help="newest works loaded last")
    parser.add_argument("--backend", choices=("arcadedb", "neo4j"), default="arcadedb")
    args = parser.parse_args()
    records = list(pipeline.iter_records(pipeline.plan(args.files)))
    records.sort(key=lambda r: (r.year or 0, r.id))
    old, new = records[:-args.new], records[-args.new:]
    opener = arcadedb if args.backend == "arcadedb" else neo4j
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as work, \
            opener(Path(work), "2g") as graph:
        GraphWriter(graph).write(old)
        related_index.build(graph)
        before = lists(graph)
        stats = GraphWriter(graph).write(new)
        run = related_index.after_load(graph, stats)
        updated = lists(graph)
        related_index.build(graph)
        rebuilt = lists(graph)
    fresh = [r.id for r in new if r.id in rebuilt]
    changed = [p for p in updated if p not in fresh and updated[p] != before.get(p)]
    print(f"{len(old):,} works, then {len(new):,} newer ones; the update: "
          f"{run['papers']:,} lists rewritten, {run['seconds']:.1f} s")
    print("| lists | papers | overlap with a whole build, top 10 | top 30 |")
    print("|---|---:|---:|---:|")
    for label, papers, source in (("new papers, updated", fresh, updated),
                                  ("neighbours rewritten, updated", changed, updated),
                                  ("the same neighbours, not updated", changed, before)):
        tops = [(overlap(source.get(p, []), rebuilt[p], 10),
                 overlap(source.get(p, []), rebuilt[p], 30)) for p in papers if p in rebuilt]
        if tops:
            print(f"| {label} | {len(tops):,} | {statistics.mean(t[0] for t in tops):.3f} | "
                  f"{statistics.mean(t[1] for t in tops):.3f} |")


if __name__ == "__main__":
    main()

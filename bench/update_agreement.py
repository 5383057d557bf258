"""How close an index update's lists come to a whole build's, on a kept field.

After ``bench/related_maps.py --work DIR --update N`` has loaded ``N`` new papers and
updated the index, this reads the stored lists of the update's papers (the new papers,
and the papers they cite that are cited fewer than
``explorer.views.related_index.RESCORE_CITERS`` times: the *neighbours* an update
rewrites) and, in the same run, the lists a whole build would give them: the whole
field read into memory (``read_field``) and scored for those papers only
(``relatedness.related_links``, full second order). Prints the mean share of the whole
build's top 10 and top 30 found in the stored top 10 and top 30, for each group.

    python bench/update_agreement.py --work DIR [--papers 1000000] [--update 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.related_maps import kept_arcadedb  # noqa: E402
from bench.synthetic import generate, write_update  # noqa: E402
from explorer.algorithms import relatedness  # noqa: E402
from explorer.views import related_index  # noqa: E402
from explorer.views.field_arrays import read_field  # noqa: E402

PART = 5_000


def parts(ids: list[str]) -> list[list[str]]:
    return [ids[start:start + PART] for start in range(0, len(ids), PART)]


def update_papers(graph, new_ids: list[str]) -> dict[str, list[str]]:
    """The new papers loaded, and their neighbours an update rewrites."""
    rows = [row for part in parts(new_ids)
            for row in graph.read_table("read/index_region", ids=part, cap=0)]
    new = [row["id"] for row in rows if not row["stub"]]
    refs = list(dict.fromkeys(r for row in rows for r in row["refs"]))
    fresh = set(new_ids)
    neighbours = [row["id"] for part in parts(refs)
                  for row in graph.read_table("read/index_region", ids=part, cap=0)
                  if not row["stub"] and row["indegree"] < related_index.RESCORE_CITERS
                  and row["id"] not in fresh]
    return {"new": new, "neighbours": neighbours}


def stored_lists(graph, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[tuple[float, str]]] = {}
    for part in parts(ids):
        for rec in graph.run_text(
                "UNWIND $ids AS i MATCH (p:Paper {id: i})-[r:RELATED]->(q:Paper) "
                "RETURN p.id AS p, q.id AS q, r.score AS s", {"ids": part},
                read_only=True).records:
            found.setdefault(rec["p"], []).append((-float(rec["s"]), rec["q"]))
    return {p: [q for _, q in sorted(links)] for p, links in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--update", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="5g")
    args = parser.parse_args()
    new_ids = write_update(generate(args.papers, seed=args.seed), args.work, args.update,
                           args.seed)
    started = time.perf_counter()
    with kept_arcadedb(args.work / "home", args.heap) as graph:
        groups = update_papers(graph, new_ids)
        every = [p for group in groups.values() for p in group]
        stored = stored_lists(graph, every)
        data = read_field(graph, content=True).by_id()
    index = related_index.field_index(data)
    del data
    whole: dict[str, list[str]] = {}
    for chunk in relatedness.related_links(index, papers=every, k=related_index.DEFAULT_K,
                                           workers=related_index.scoring_workers()):
        for link in chunk:
            whole.setdefault(link[0], []).append(link[1])
    print(f"read and scored in {time.perf_counter() - started:.0f} s")
    print("| papers | count | top 10 | top 30 |\n|---|---:|---:|---:|")
    for name, group in groups.items():
        shares = {n: statistics.mean(
            len(set(stored.get(p, [])[:n]) & set(whole[p][:n])) / len(whole[p][:n])
            for p in group if whole.get(p)) for n in (10, 30)}
        print(f"| {name} | {len(group):,} | {shares[10]:.3f} | {shares[30]:.3f} |")


if __name__ == "__main__":
    main()

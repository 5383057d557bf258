"""The related-work index beside Graph Data Science's similarity algorithms on Neo4j, in one run.

On the Neo4j test server (tests/neo4j-server/: Neo4j 5.26 with the open GDS library,
started here on an empty store of its own), a field is loaded through the product's
loader, and each paper's most related papers are found five ways:

* ``index``: the product's related-work index (``related_index.build``: the field
  read, scored in this process, 30 links a paper written back through Cypher);
* ``gds coupling``: GDS Node Similarity (Jaccard of neighbour sets) over the papers
  each paper cites (bibliographic coupling);
* ``gds co-citation``: the same over the papers citing each;
* ``gds citations``: the same over both (undirected);
* ``gds fastrp+knn``: FastRP embeddings (256 numbers, seeded) of the undirected
  citation graph, then K-Nearest Neighbors (cosine, seeded) among the loaded papers
  (a subgraph of the projection: kNN filtered by label still works over every node,
  and had not finished after 4 minutes on SYNERGY).

GDS runs single-threaded (repeatable; the index scores in two processes). The
projection labels each paper `Work` (loaded) or `Stub` (known only by id), and the
filtered variants of the algorithms compare and list `Work` nodes only: references
known only by id count as shared neighbours but are never entries (the product's
rule). Unfiltered, Node Similarity compares every node with a neighbour, so with the
citing papers as neighbours every one of SYNERGY's ~175,000 references known only by
id: it had not finished after more than 100 s there, against 11 s for coupling.

Each GDS way is timed from the projection to its last streamed row, the node ids
read and the projection dropped (topK 30). GDS works in the server and writes
nothing back, so its time sits beside the index's read and score phases; the
index's write is apart.

Figures printed:

* seconds of each way, the index's with its phases (read / score / write);
* the six SYNERGY reviews loaded as one graph (5,980 works; expert judgements):
  recall@20 and nDCG@20 of each way's list for every work the reviewers included,
  the other included works of its review as hits (the protocol of
  bench/synergy_quality.py, with each way's top 20 instead of a ranking of every
  work), pooled over the reviews, and how many queries have no list at all;
* with ``--synthetic``: the share of the index's top 10 a paper that each GDS way's
  top 10 holds (no judgements there).

    python bench/index_gds.py                       # the six SYNERGY reviews
    python bench/index_gds.py --no-synergy --synthetic DIR/works.jsonl.gz --works 100000
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_test import load_average  # noqa: E402
from bench.synergy_quality import DATA, DISCOUNT, REVIEWS, load_review  # noqa: E402
from cypher.access.graph import Graph, connect  # noqa: E402
from cypher.access.schema import ensure_schema  # noqa: E402
from cypher.access.settings import load_settings  # noqa: E402
from explorer.views import related_index  # noqa: E402
from loaders import pipeline  # noqa: E402
from loaders.writer import GraphWriter  # noqa: E402
from tests import neo4j_server  # noqa: E402

K = 30
SEED = 7
WAYS = {"gds coupling": (False, False, "similarity"),  # reverse, undirected, algorithm
        "gds co-citation": (True, False, "similarity"),
        "gds citations": (False, True, "similarity"),
        "gds fastrp+knn": (False, True, "knn")}


def load(graph: Graph, paths: list[Path]) -> tuple[float, int]:
    """Load ``paths`` through the product's pipeline and writer: (seconds, works)."""
    planned, refused = pipeline.plan_usable([str(p) for p in paths])
    assert not refused, refused
    started = time.perf_counter()
    stats = GraphWriter(graph).write(pipeline.iter_records(planned))
    return time.perf_counter() - started, stats.loaded


def index_lists(graph: Graph, ids: list[str]) -> dict[str, list[str]]:
    """The index's list of each paper of ``ids``, best first."""
    lists: dict[str, list[str]] = {}
    for at in range(0, len(ids), 2000):
        for row in graph.read_values("read/related_of", ids=ids[at:at + 2000]):
            ranked = sorted(row["related"], key=lambda r: (-r[1], r[0]))
            lists[row["id"]] = [r[0] for r in ranked]
    return lists


def gds_lists(graph: Graph, reverse: bool, undirected: bool,
              kind: str) -> tuple[dict[str, list[str]], float]:
    """One GDS way's list of every loaded paper (best first, at most :data:`K`) and its
    seconds."""
    name = f"bench-similarity-{uuid.uuid4().hex[:10]}"
    started = time.perf_counter()
    graph.call("gds/project_citations_labelled", graph=name, reverse=reverse,
               undirected=undirected)
    try:
        if kind == "knn":  # embeddings of every paper, then kNN among the loaded ones
            graph.call("gds/fastrp_mutate", graph=name, dimension=256, seed=SEED)
            graph.call("gds/filter_works", subgraph=name + "-works", graph=name)
            rows = graph.stream("gds/knn_stream", graph=name + "-works", k=K, seed=SEED)
        else:
            rows = graph.stream("gds/node_similarity_stream", graph=name, k=K)
        found: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for node1, node2, similarity in rows:
            found[node1].append((similarity, node2))
        papers = {row[0]: row[1] for row in graph.stream("gds/paper_node_ids")}
    finally:
        graph.call("gds/drop_graph", graph=name)
        graph.call("gds/drop_graph", graph=name + "-works")  # nothing when not made
    lists = {}
    for node, near in found.items():
        near.sort(key=lambda sn: (-sn[0], papers[sn[1]]))
        lists[papers[node]] = [papers[n] for _, n in near][:K]
    return lists, time.perf_counter() - started


def quality(lists: dict[str, list[str]], reviews: dict[str, set[str]]) -> tuple[float, float, int]:
    """Pooled recall@20 and nDCG@20 over every included work of every review, and the
    number of those works without a list."""
    recalls, gains, missing = [], [], 0
    for included in reviews.values():
        m = min(20, len(included) - 1)
        for query in sorted(included):
            top = lists.get(query, [])[:20]
            missing += not top
            hit = np.array([p in included for p in top] + [False] * (20 - len(top)))
            recalls.append(hit.sum() / m)
            gains.append((hit * DISCOUNT).sum() / DISCOUNT[:m].sum())
    return float(np.mean(recalls)), float(np.mean(gains)), missing


def overlap(ours: dict[str, list[str]], theirs: dict[str, list[str]], top: int = 10) -> float:
    """The mean share of the index's top ``top`` a paper that ``theirs`` top ``top`` holds."""
    shares = [len(set(ours[p][:top]) & set(theirs.get(p, [])[:top])) / len(ours[p][:top])
              for p in ours if ours[p]]
    return float(np.mean(shares)) if shares else 0.0


def run_field(label: str, paths: list[Path], work: Path, heap: str,
              reviews: dict[str, set[str]] | None) -> None:
    slug = label.split()[0].lower()
    server = neo4j_server.start(work / f"{slug}-data", work / f"{slug}.log", heap=heap)
    try:
        graph = connect(load_settings({"EXPLORER_HOME": str(work / f"{slug}-home"),
                                       **server.environ()}), autostart=False)
        try:
            ensure_schema(graph)
            seconds, works = load(graph, paths)
            print(f"\n## {label}: {works:,} works loaded in {seconds:.1f} s "
                  f"(load average {load_average()})", flush=True)
            started = time.perf_counter()
            run = related_index.build(graph)
            took = time.perf_counter() - started
            papers = [row[1] for row in graph.stream("gds/paper_node_ids") if not row[2]]
            ours = index_lists(graph, papers)
            results = {"index": (ours, took, f"read {run['read_seconds']:.1f} / score "
                                 f"{run['score_seconds']:.1f} / write "
                                 f"{run['write_seconds']:.1f}, {run['links']:,} links")}
            for way, (reverse, undirected, kind) in WAYS.items():
                lists, took = gds_lists(graph, reverse, undirected, kind)
                results[way] = (lists, took, f"{sum(map(len, lists.values())):,} entries")
                print(f"{way}: {took:.1f} s", flush=True)
        finally:
            graph.close()
    finally:
        server.stop()
    print("\n| way | seconds | | papers with a list |"
          + (" recall@20 | nDCG@20 | included works without a list |" if reviews
             else " index's top 10 held |"))
    print("|---|---:|---|---:|" + ("---:|---:|---:|" if reviews else "---:|"))
    for way, (lists, took, note) in results.items():
        row = f"| {way} | {took:.1f} | {note} | {sum(1 for v in lists.values() if v):,} |"
        if reviews:
            recall, ndcg, missing = quality(lists, reviews)
            row += f" {recall:.3f} | {ndcg:.3f} | {missing} |"
        else:
            row += " — |" if way == "index" else f" {overlap(ours, lists):.2f} |"
        print(row, flush=True)


def synthetic_part(source: Path, works: int, folder: Path) -> Path:
    """The first ``works`` lines of a ``bench/synthetic.py --openalex`` file."""
    out = folder / f"works-{works}.jsonl.gz"
    with gzip.open(source, "rt", encoding="utf-8") as src, \
            gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as dst:
        dst.writelines(itertools.islice(src, works))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-synergy", action="store_true")
    parser.add_argument("--synthetic", type=Path, help="a bench/synthetic.py --openalex file")
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--heap", default="4g", help="the Neo4j server's heap")
    args = parser.parse_args()
    took = neo4j_server.build()
    print(f"nproc {os.cpu_count()}, Neo4j test server built in {took:.0f} s, "
          f"index scoring processes {related_index.scoring_workers()}, "
          f"load average {load_average()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="index-gds-") as tmp:
        work = Path(tmp)
        if not args.no_synergy:
            reviews = {name: load_review(name)[1] for name in REVIEWS}
            run_field("SYNERGY (six reviews in one graph)",
                      [DATA / f"{name}.zip" for name in REVIEWS], work, args.heap, reviews)
        if args.synthetic:
            part = synthetic_part(args.synthetic, args.works, work)
            run_field(f"synthetic {args.works:,}", [part], work, args.heap, None)
    print(f"\nload average at the end {load_average()}")


if __name__ == "__main__":
    main()

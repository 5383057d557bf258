"""Held-out quality of suggested adjacent work on cit-HepPh.

Protocol (test year Y, 1999 by default; validation year 1998 with --tune):

* train graph: every citation whose citing *and* cited paper are dated <= Y-1
  (a few citations point to newer preprint versions; they are left out);
* test papers: papers dated Y citing at least 5 papers dated <= Y-1;
* for each test paper, 30 % of those references (at least 2, round half to
  even), drawn with ``random.Random(f"{seed}-{paper}")``, are the seeds; the
  rest are hidden and must be recovered;
* each method ranks the papers of ``bounded_neighbourhood(train, seeds)``
  (the same bounded subgraph the product fetches), seeds excluded;
* recall@k = hidden papers in the top k / hidden papers; nDCG@20 with binary
  relevance; MRR = 1 / rank of the first hidden paper within the top 100
  (0 if none). All are averaged over test papers. ``ms`` is the median wall
  time per query of bounded_neighbourhood + all signals + combination.

Text (``--text``): cit-HepPh has no text, so the text signal
(``explorer.algorithms.text``, TF-IDF cosine over titles and abstracts) is
measured on the bundled demo set of real OpenAlex works with abstracts
(``loaders/sample/openalex-demo-works.jsonl.gz``): for every work W citing at
least 3 works of the set, each of those references in turn is hidden and the
others are the seeds; W's own citations are removed from the graph (W is the
paper being written). The full citation graph (references to works outside the
set kept as stubs) gives the citation signals; candidates are every paper.
Reported: citation signals alone (default weights), text alone, and citation
plus text at several text weights.

Usage::

    python bench/suggest_quality.py                 # full 1999 run
    python bench/suggest_quality.py --text          # text signal on the OpenAlex demo set
    python bench/suggest_quality.py --limit 500     # quick run
    python bench/suggest_quality.py --tune --limit 800   # choose weights on 1998
"""

from __future__ import annotations

import argparse
import gzip
import math
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.algorithms import ranking, signal_registry
from explorer.algorithms.subgraph import bounded_neighbourhood

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "snap-cit-hep"
EDGES = DATA / "cit-HepPh-1992-1999.edges.tsv.gz"
YEARS = DATA / "cit-HepPh-1992-1999.years.tsv.gz"

# every citation signal of the registry, measured alone and tuned (server signals
# such as shared authors need the graph server and have no benchmark here)
SINGLE = list(signal_registry.citation_signals())
KS = (10, 20)
MRR_DEPTH = 100


def read_pairs(path: Path) -> list[tuple[int, int]]:
    """Integer pairs from a gzipped two-column TSV."""
    with gzip.open(path, "rt") as fh:
        return [(int(a), int(b)) for a, b in (line.split() for line in fh if line.strip())]


def build_protocol(year: int, *, seed: int, limit: int | None):
    """Return (train graph, queries) where a query is (paper, seeds, hidden)."""
    years = dict(read_pairs(YEARS))
    edges = read_pairs(EDGES)
    train = nx.DiGraph()
    train.add_nodes_from(p for p, y in years.items() if y < year)
    refs: dict[int, list[int]] = defaultdict(list)
    for u, v in edges:
        yu, yv = years[u], years[v]
        if yu < year and yv < year:
            train.add_edge(u, v)
        elif yu == year and yv < year:
            refs[u].append(v)
    for n, d in train.in_degree():
        train.nodes[n]["cited_by_count"] = d
    papers = sorted(p for p, r in refs.items() if len(r) >= 5)
    random.Random(seed).shuffle(papers)
    if limit:
        papers = papers[:limit]
    queries = []
    for p in papers:
        r = sorted(refs[p])
        rng = random.Random(f"{seed}-{p}")
        n_seeds = max(2, round(0.3 * len(r)))
        seeds = rng.sample(r, n_seeds)
        hidden = set(r) - set(seeds)
        queries.append((p, seeds, hidden))
    return train, queries


def metrics(ranked: list, hidden: set) -> dict[str, float]:
    """recall@10, recall@20, nDCG@20 and MRR of one ranked id list."""
    out = {f"recall@{k}": len(hidden.intersection(ranked[:k])) / len(hidden) for k in KS}
    dcg = sum(1.0 / math.log2(i + 2) for i, c in enumerate(ranked[:20]) if c in hidden)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(20, len(hidden))))
    out["nDCG@20"] = dcg / ideal
    out["MRR"] = next((1.0 / (i + 1) for i, c in enumerate(ranked[:MRR_DEPTH]) if c in hidden), 0.0)
    return out


def run_query(train, seeds, weights, max_nodes):
    """Rankings of every single signal and of the combination, plus the time taken."""
    active = [n for n, w in weights.items() if w]
    t0 = time.perf_counter()  # what suggest() costs: the bounded subgraph and weighted signals
    sub = bounded_neighbourhood(train, seeds, max_nodes=max_nodes)
    signals = ranking.compute_signals(sub, seeds, active)
    scores = {n: s.scores for n, s in signals.items()}
    combined = ranking.combine(scores, weights, exclude=seeds)
    elapsed = time.perf_counter() - t0
    rest = [n for n in SINGLE if n not in scores]
    scores.update({n: s.scores for n, s in ranking.compute_signals(sub, seeds, rest).items()})
    rankings = {"combined": [c for c, _ in combined[:MRR_DEPTH]]}
    for name in SINGLE:
        rankings[name] = [c for c, _ in ranking.combine({name: scores[name]}, {name: 1.0},
                                                        exclude=seeds)[:MRR_DEPTH]]
    return rankings, elapsed, scores


def evaluate(year: int, *, seed: int, limit: int | None, weights, max_nodes: int):
    train, queries = build_protocol(year, seed=seed, limit=limit)
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    times = []
    for _paper, seeds, hidden in queries:
        rankings, elapsed, _ = run_query(train, seeds, weights, max_nodes)
        times.append(elapsed)
        for name, ranked in rankings.items():
            for m, v in metrics(ranked, hidden).items():
                totals[name][m] += v
    n = len(queries)
    table = {name: {m: v / n for m, v in ms.items()} for name, ms in totals.items()}
    return table, n, statistics.median(times) * 1000, train


def print_table(table, n, ms, title):
    cols = ["recall@10", "recall@20", "nDCG@20", "MRR"]
    print(f"\n{title} ({n} test papers, median {ms:.1f} ms per query)\n")
    print("| method | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for name in SINGLE + ["combined"]:
        row = table[name]
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")


# --------------------------------------------------------------------------
# tuning: coordinate search over weights on cached, normalised signal matrices
# --------------------------------------------------------------------------

ANCHOR = "ppr"  # fixed at 1; the other weights are relative to it
TUNED = [ANCHOR, *(name for name in SINGLE if name != ANCHOR)]
GRID = [0.0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]
POOL = 300


def cache_matrices(train, queries, max_nodes):
    """Per query: candidates (union of each signal's top POOL), normalised signal matrix."""
    cached = []
    for _paper, seeds, hidden in queries:
        sub = bounded_neighbourhood(train, seeds, max_nodes=max_nodes)
        signals = ranking.compute_signals(sub, seeds, TUNED)
        seed_set = set(seeds)
        pool: set = set()
        for s in signals.values():
            top = sorted(s.scores.items(), key=lambda kv: -kv[1])
            pool.update(c for c, _ in top[: POOL + len(seed_set)] if c not in seed_set)
        cands = sorted(pool, key=str)
        mat = np.zeros((len(cands), len(TUNED)))
        for j, name in enumerate(TUNED):
            sc = signals[name].scores
            top = max(sc.values(), default=0.0)
            if top > 0:
                mat[:, j] = [sc.get(c, 0.0) / top for c in cands]
        relevant = np.array([c in hidden for c in cands])
        cached.append((mat, relevant, len(hidden)))
    return cached


def mean_recall20(cached, w):
    total = 0.0
    for mat, relevant, n_hidden in cached:
        if not len(mat):
            continue
        score = mat @ w
        k = min(20, len(score))
        top = np.argpartition(-score, k - 1)[:k]
        total += relevant[top].sum() / n_hidden
    return total / len(cached)


def tune(*, seed: int, limit: int | None, max_nodes: int):
    train, queries = build_protocol(1998, seed=seed, limit=limit)
    print(f"tuning on 1998 ({len(queries)} test papers, train <= 1997)")
    t0 = time.perf_counter()
    cached = cache_matrices(train, queries, max_nodes)
    print(f"signals cached in {time.perf_counter() - t0:.0f} s")
    defaults = signal_registry.default_weights(citation_only=True)
    w = np.array([defaults[n] for n in TUNED])
    w[0] = 1.0  # the anchor; the others are relative to it
    best = mean_recall20(cached, w)
    print("start", dict(zip(TUNED, w.tolist(), strict=True)), f"recall@20 {best:.4f}")
    for _round in range(3):
        improved = False
        for j in range(1, len(TUNED)):
            for value in GRID:
                trial = w.copy()
                trial[j] = value
                r = mean_recall20(cached, trial)
                if r > best + 1e-9:
                    best, w, improved = r, trial, True
            print(f"  {TUNED[j]} -> {w[j]}  recall@20 {best:.4f}")
        if not improved:
            break
    weights = {n: float(v) for n, v in zip(TUNED, w, strict=True)}
    print("tuned weights:", weights, f"validation recall@20 {best:.4f}")
    return weights


DEMO = ROOT / "loaders" / "sample" / "openalex-demo-works.jsonl.gz"
TEXT_WEIGHTS = (0.25, 0.5, 1.0, 2.0)


def text_protocol(min_refs: int = 3):
    """(citation graph, documents, queries) on the demo set; see the module docstring."""
    import json

    from explorer.algorithms.text import document
    from loaders.openalex import rebuild_abstract

    with gzip.open(DEMO, "rt", encoding="utf-8") as fh:
        works = {w["id"].rsplit("/", 1)[-1]: w for w in map(json.loads, fh)}
    full = nx.DiGraph()
    docs = {}
    for wid, w in works.items():
        docs[wid] = document(w.get("title"), rebuild_abstract(w.get("abstract_inverted_index")))
        full.add_node(wid)
        for ref in w.get("referenced_works") or []:
            full.add_edge(wid, ref.rsplit("/", 1)[-1])
    queries = []
    for wid in sorted(works):
        inside = sorted(r for r in full.successors(wid) if r in works and docs[r])
        if len(inside) < min_refs:
            continue
        train = full.copy()
        train.remove_edges_from([(wid, r) for r in list(full.successors(wid))])
        for hidden in inside:
            queries.append((wid, train, [r for r in inside if r != hidden], {hidden}))
    return docs, queries


def evaluate_text():
    from explorer.algorithms.text import rank_by_text

    docs, queries = text_protocol()
    methods = ["citation", "text"] + [f"citation + text x{w}" for w in TEXT_WEIGHTS]
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    weights = signal_registry.default_weights(citation_only=True)
    active = [n for n, w in weights.items() if w]
    for paper, train, seeds, hidden in queries:
        sub = bounded_neighbourhood(train, seeds)
        scores = {n: s.scores for n, s in ranking.compute_signals(sub, seeds, active).items()}
        exclude = set(seeds) | {paper}
        text = {m.id: m.score for m in rank_by_text(docs, seeds, exclude=exclude)}
        runs = {"citation": ranking.combine(scores, weights, exclude=exclude),
                "text": ranking.combine({"text": text}, {"text": 1.0}, exclude=exclude)}
        for w in TEXT_WEIGHTS:
            runs[f"citation + text x{w}"] = ranking.combine(
                {**scores, "text": text}, {**weights, "text": w}, exclude=exclude)
        for name, ranked in runs.items():
            ids = [c for c, _ in ranked[:MRR_DEPTH]]
            for m, v in metrics(ids, hidden).items():
                totals[name][m] += v
    n = len(queries)
    cols = ["recall@10", "recall@20", "nDCG@20", "MRR"]
    papers = len({q[0] for q in queries})
    print(f"\nOpenAlex demo set, leave-one-reference-out ({n} queries from {papers} papers)\n")
    print("| method | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for name in methods:
        print(f"| {name} | " + " | ".join(f"{totals[name][c] / n:.3f}" for c in cols) + " |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="number of test papers")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--max-nodes", type=int, default=5000, help="bounded_neighbourhood cap")
    ap.add_argument("--tune", action="store_true", help="choose weights on 1998, not 1999")
    ap.add_argument("--year", type=int, default=1999, help="test year (1998 = validation)")
    ap.add_argument("--text", action="store_true",
                    help="measure the text signal on the bundled OpenAlex demo set")
    args = ap.parse_args(argv)
    if args.text:
        evaluate_text()
        return
    weights = signal_registry.default_weights(citation_only=True)
    if args.tune:
        weights = tune(seed=args.seed, limit=args.limit, max_nodes=args.max_nodes)
        args.year = 1998
    t0 = time.perf_counter()
    table, n, ms, _ = evaluate(args.year, seed=args.seed, limit=args.limit, weights=weights,
                               max_nodes=args.max_nodes)
    print_table(table, n, ms, f"cit-HepPh, test year {args.year}, seed {args.seed}, "
                f"max_nodes {args.max_nodes}, weights {weights}")
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

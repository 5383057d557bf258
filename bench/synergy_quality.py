"""Related-work quality on the SYNERGY systematic reviews (expert judgements), with baselines.

Protocol, per review (``<Review>.zip`` of OpenAlex works + ``<Review>.labels.csv``):

* the review's works are the whole field: citations among them, references
  outside the set kept as stubs (known by id only: they count for coupling);
* each work the experts included is a query; every other work of the set is
  ranked (ties by OpenAlex id); hits = other included works in the top 20;
* recall@20 = hits / min(20, included - 1); nDCG@20 with binary relevance and
  the ideal list of min(20, included - 1) hits;
* "overall" = the mean over all query works of all reviews (pooled, so a
  review weighs by its number of included works); "macro" = the mean of the
  six reviews' means.

Methods, all in the same run: ``tfidf`` (scikit-learn TF-IDF of title +
abstract, English stop words, cosine); ``count`` (co-citations + shared
references, stubs included); ``tfidf+count`` (the sum of the two after
per-query max-normalisation: the best simple combination); ``related``
(``explorer.algorithms.relatedness``) with weights chosen *leave-one-review-out*:
for each review a coordinate search over a weight grid maximises pooled
recall@20 on the five other reviews, and the review is scored with those
weights; ``related (defaults)`` is the shipped ``DEFAULT_WEIGHTS`` (chosen on
all six: in-sample, for reference only).

``related (LOO)`` is first order + second order (see
``explorer.algorithms.relatedness``); ``related 1st order (LOO)`` the first
order alone, same weights.

``--hep`` also runs the citation-only seed scorer (``related_to_seeds`` with
:data:`HEP_WEIGHTS`, text weights 0) through the cit-HepPh protocol of
``bench/suggest_quality.py`` (same test papers, seeds and hidden references;
every train paper is a candidate, seeds excluded), next to the product's
``suggest`` blend on the same queries and that blend with the seed scorer
added as one more max-normalised signal of weight 1 (fixed, not tuned).

Usage::

    python bench/synergy_quality.py                  # six reviews, LOO weights
    python bench/synergy_quality.py --quick          # one review (Nelson_2002), default weights
    python bench/synergy_quality.py --tune           # also print weights chosen on all six
    python bench/synergy_quality.py --hep --hep-limit 500   # + cit-HepPh, 500 test papers
    python bench/synergy_quality.py --tune --hep --hep-limit 0   # everything (~6 min)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.algorithms import relatedness
from explorer.algorithms.map_selection import rank_candidates
from explorer.views import related_index

DATA = ROOT.parent / "shared" / "data" / "synergy-openalex-2023"
REVIEWS = ["Jeyaraman_2020", "Meijboom_2021", "Oud_2018", "Chou_2004", "Nelson_2002",
           "Menon_2022"]
QUICK = "Nelson_2002"
GRID = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0)
EXPANDS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
START = {"text": 1.0, "lsa": 1.0, "cocited": 1.0, "citation_cosine": 0.5}
DISCOUNT = 1.0 / np.log2(np.arange(2, 22))


def short(openalex_id: str | None) -> str | None:
    return openalex_id.rsplit("/", 1)[-1] if openalex_id else None


def abstract(inverted: dict | None) -> str:
    """The abstract text of an OpenAlex ``abstract_inverted_index``."""
    words = [(p, w) for w, ps in (inverted or {}).items() for p in ps]
    return " ".join(w for _, w in sorted(words))


def load_review(name: str, data: Path = DATA) -> tuple[dict, set]:
    """(works by short id, included ids) of one review, read from its zip in place."""
    works = {}
    with zipfile.ZipFile(data / f"{name}.zip") as z:
        for member in sorted(z.namelist()):
            if member.endswith(".json"):
                for w in json.loads(z.read(member)):
                    works[short(w["id"])] = w
    with open(data / f"{name}.labels.csv", newline="") as fh:
        included = {short(r["openalex_id"]) for r in csv.DictReader(fh)
                    if r["label_included"] == "1"}
    return works, included & set(works)


def inputs(works: dict) -> dict:
    """The plain inputs of :func:`relatedness.build_index` for a review's works."""
    ids = sorted(works)
    return dict(
        papers=ids,
        citations=[(i, short(r)) for i in ids for r in works[i].get("referenced_works") or []],
        texts={i: (works[i].get("title"), abstract(works[i].get("abstract_inverted_index")))
               for i in ids},
        concepts={i: [(short(c["id"]), float(c["score"])) for c in works[i].get("concepts") or []]
                  for i in ids},
        venues={i: short((works[i].get("host_venue") or {}).get("id")) for i in ids},
        authors={i: [short(a["author"]["id"]) for a in works[i].get("authorships") or []
                     if (a.get("author") or {}).get("id")] for i in ids},
    )


def baselines(inp: dict, queries: list[int]) -> dict[str, np.ndarray]:
    """Dense query x paper scores of the three baselines."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = inp["papers"]
    docs = [f"{t or ''} {a or ''}" for t, a in (inp["texts"][i] for i in ids)]
    x = TfidfVectorizer(stop_words="english").fit_transform(docs)
    tfidf = (x[queries] @ x.T).toarray()
    pos = {p: i for i, p in enumerate(ids)}
    stubs: dict = {}
    rows, cols = zip(*{(pos[a], pos.get(b, len(ids) + stubs.setdefault(b, len(stubs))))
                       for a, b in inp["citations"]}, strict=True)
    a = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids) + len(stubs)))
    inner = a[:, : len(ids)]
    count = ((inner.T[queries] @ inner) + (a[queries] @ a.T)).toarray()
    count[np.arange(len(queries)), queries] = 0

    def norm(m):
        top = m.max(axis=1, keepdims=True)
        return m / np.where(top > 0, top, 1)

    return {"tfidf": tfidf, "count": count, "tfidf+count": norm(tfidf) + norm(count)}


def metrics(scores: np.ndarray, queries: list[int], relevant: np.ndarray) -> np.ndarray:
    """Per query (recall@20, nDCG@20); the query itself never ranks."""
    m = min(20, int(relevant.sum()) - 1)
    out = []
    for row, q in zip(scores, queries, strict=True):
        s = row.astype(float).copy()
        s[q] = -np.inf
        top = np.argsort(-s, kind="stable")[:20]
        hit = relevant[top]
        out.append((hit.sum() / m, (hit * DISCOUNT).sum() / DISCOUNT[:m].sum()))
    return np.array(out)


def prepare(name: str) -> dict:
    """Everything one review needs: baselines' scores and our normalised signal matrices."""
    works, included = load_review(name)
    inp = inputs(works)
    ids = inp["papers"]
    queries = [i for i, p in enumerate(ids) if p in included]
    relevant = np.array([p in included for p in ids])
    index = relatedness.build_index(**inp, seed=0)
    every = list(range(len(ids)))
    signals = {k: v.toarray().astype(np.float32)
               for k, v in relatedness.signal_matrices(index, every).items()}
    return {"queries": queries, "relevant": relevant, "base": baselines(inp, queries),
            "signals": signals, "n": len(ids), "ids": ids, "citations": inp["citations"]}


def walks(review: dict, extra: np.ndarray | None = None, weight: float = 0.0) -> np.ndarray:
    """The suggestion blend (citation walks of ``explorer.algorithms.ranking``) for each
    query work alone, dense; with ``extra`` (query x paper scores) added as one more
    max-normalised signal of ``weight``."""
    import networkx as nx

    from bench import suggest_quality as sq
    from explorer.algorithms import ranking

    g = nx.DiGraph(review["citations"])
    g.add_nodes_from(review["ids"])
    pos = {p: i for i, p in enumerate(review["ids"])}
    out = np.zeros((len(review["queries"]), review["n"]))
    for row, q in enumerate(review["queries"]):
        seed = review["ids"][q]
        _r, _t, scores = sq.run_query(g, [seed], ranking.DEFAULT_WEIGHTS, 5000)
        weights = dict(ranking.DEFAULT_WEIGHTS)
        if extra is not None:
            scores = {**scores, "related": {review["ids"][j]: float(v)
                                            for j, v in enumerate(extra[row]) if v > 0}}
            weights["related"] = weight
        for cid, score in ranking.combine(scores, weights, exclude=[seed]):
            if cid in pos:
                out[row, pos[cid]] = score
    return out


def first(review: dict, weights: dict, rows=None) -> np.ndarray:
    """The weighted sum of the normalised signals (before the pool is taken), dense."""
    rows = review["queries"] if rows is None else rows
    return sum(w * review["signals"][k][rows] for k, w in weights.items() if w)


def ours(review: dict, weights: dict, expand: float = relatedness.DEFAULT_EXPAND,
         pool: int = relatedness.DEFAULT_POOL) -> np.ndarray:
    """Scores of the query works by the library's first and second order, dense."""
    full = sp.csr_matrix(first(review, weights, slice(None)))
    table = relatedness.top_rows(full, pool)
    q = review["queries"]
    return relatedness.second_order(table[q], table, q, expand=expand,
                                    support=full[q]).toarray()


def pooled_recall(reviews: list[dict], score) -> float:
    return float(np.concatenate([metrics(score(r), r["queries"], r["relevant"])[:, 0]
                                 for r in reviews]).mean())


def search(reviews: list[dict]) -> tuple[dict, float]:
    """Weights, then expand, maximising pooled recall@20 over ``reviews``.

    Weights: coordinate search over GRID (``text`` fixed at 1), two rounds, on
    the first order (the pool does not change its top 20). Then ``expand``
    over EXPANDS with those weights.
    """
    w = {k: START.get(k, 0.0) for k in relatedness.SIGNALS}
    best = pooled_recall(reviews, lambda r: first(r, w))
    for _ in range(2):
        for k in relatedness.SIGNALS:
            if k == "text":
                continue
            for g in GRID:
                trial = {**w, k: g}
                score = pooled_recall(reviews, lambda r, t=trial: first(r, t))
                if score > best + 1e-9:
                    best, w = score, trial
    expand = max(EXPANDS, key=lambda e: (pooled_recall(reviews, lambda r: ours(r, w, e)), -e))
    return w, expand


def table(results: dict, names: list[str]) -> None:
    methods = list(next(iter(results.values())))
    print("| review | queries | " + " | ".join(f"{m} R@20 / nDCG" for m in methods) + " |")
    print("|---|---:|" + "---:|" * len(methods))
    for name in names:
        cells = [f"{results[name][m][:, 0].mean():.3f} / {results[name][m][:, 1].mean():.3f}"
                 for m in methods]
        print(f"| {name} | {len(results[name][methods[0]])} | " + " | ".join(cells) + " |")
    pooled = {m: np.concatenate([results[n][m] for n in names]) for m in methods}
    macro = {m: np.mean([results[n][m].mean(axis=0) for n in names], axis=0) for m in methods}
    print(f"| **overall (pooled)** | {len(pooled[methods[0]])} | " + " | ".join(
        f"**{pooled[m][:, 0].mean():.3f}** / {pooled[m][:, 1].mean():.3f}" for m in methods) + " |")
    print("| macro (mean of reviews) | | " + " | ".join(
        f"{macro[m][0]:.3f} / {macro[m][1]:.3f}" for m in methods) + " |")


def run_synergy(names: list[str], *, loo: bool, tune: bool) -> dict:
    t0 = time.perf_counter()
    prepared = {n: prepare(n) for n in names}
    print(f"loaded and computed signals of {len(names)} review(s) in "
          f"{time.perf_counter() - t0:.1f} s")
    results: dict = {}
    for name, r in prepared.items():
        res = {m: metrics(s, r["queries"], r["relevant"]) for m, s in r["base"].items()}
        if loo:
            w, expand = search([prepared[o] for o in names if o != name])
            print(f"  chosen on the others for {name}: expand {expand},",
                  {k: v for k, v in w.items() if v})
            res["related 1st order (LOO)"] = metrics(first(r, w), r["queries"], r["relevant"])
            res["related (LOO)"] = metrics(ours(r, w, expand), r["queries"], r["relevant"])
        res["related (defaults)"] = metrics(ours(r, relatedness.DEFAULT_WEIGHTS), r["queries"],
                                            r["relevant"])
        if WALKS:
            res["walks"] = metrics(walks(r), r["queries"], r["relevant"])
            base = ours(r, relatedness.DEFAULT_WEIGHTS)
            for w in RELATED_WEIGHTS:
                res[f"walks + related w{w}"] = metrics(walks(r, base, w), r["queries"],
                                                       r["relevant"])
        results[name] = res
    print()
    table(results, names)
    if tune:
        w, expand = search(list(prepared.values()))
        print(f"\nchosen on all reviews: expand {expand}, weights {w}")
    return results


#: citation-only weights for seed sets, chosen on cit-HepPh's validation year (1998, 200 test
#: papers, seed 42) by a small grid (direct, cocited in {0.5, 1, 2}, citation_cosine in
#: {0.5, 1}); pool 1000, no second order (it lowered validation recall there)
HEP_WEIGHTS = {"cocited": 1.0, "citation_cosine": 0.5, "coupled_rare": 0.25, "direct": 0.5}
HEP_POOL, HEP_EXPAND = 1000, 0.0
#: entries a paper keeps in the stored related-work index
STORED_K = related_index.DEFAULT_K
RELATED_WEIGHTS = (0.25, 0.5, 1.0)
WALKS = False


def run_hep(limit: int | None) -> None:
    """The citation-only seed scorer on the cit-HepPh protocol, next to the product's blend."""
    from bench import suggest_quality as sq
    from explorer.algorithms import ranking

    train, queries = sq.build_protocol(1999, seed=42, limit=limit)
    t0 = time.perf_counter()
    index = relatedness.build_index(list(train.nodes), list(train.edges), lsa_dims=2)
    print(f"\ncit-HepPh index ({len(index.ids)} papers) built in {time.perf_counter() - t0:.1f} s")
    weights = {k: HEP_WEIGHTS.get(k, 0.0) for k in relatedness.SIGNALS}
    names = ["suggest (product blend)", "related_to_seeds (citation only)",
             "product blend + related_to_seeds x1", "stored index, summed over seeds",
             "stored index + walks"]
    t0 = time.perf_counter()
    seed_papers = list(dict.fromkeys(s for _p, seeds, _h in queries for s in seeds))
    stored: dict = {}
    for paper, other, score, _ev in relatedness.related_rows(index, seed_papers,
                                                             k=STORED_K):
        stored.setdefault(paper, []).append([other, score])
    print(f"stored index rows of {len(stored)} seed papers (default weights, k {STORED_K}) "
          f"in {time.perf_counter() - t0:.1f} s")
    totals: dict[str, list] = {n: [] for n in names[:4]}
    times = []
    for _paper, seeds, hidden in queries:
        t1 = time.perf_counter()
        ours = relatedness.related_to_seeds(index, seeds, k=1000, weights=weights,
                                            pool=HEP_POOL, expand=HEP_EXPAND)
        times.append(time.perf_counter() - t1)
        totals[names[1]].append(sq.metrics([c for c, _ in ours[:sq.MRR_DEPTH]], hidden))
        rankings, _, scores = sq.run_query(train, seeds, ranking.DEFAULT_WEIGHTS, 5000)
        totals[names[0]].append(sq.metrics(rankings["combined"], hidden))
        both = ranking.combine({**scores, "related": dict(ours)},
                               {**ranking.DEFAULT_WEIGHTS, "related": 1.0}, exclude=seeds)
        totals[names[2]].append(sq.metrics([c for c, _ in both[:sq.MRR_DEPTH]], hidden))
        product = relatedness.related_to_seeds(index, seeds, k=1000)
        totals.setdefault("related_to_seeds (product weights)", []).append(
            sq.metrics([c for c, _ in product[:sq.MRR_DEPTH]], hidden))
        for w in RELATED_WEIGHTS:
            mixed = ranking.combine({**scores, "related": dict(product)},
                                    {**ranking.DEFAULT_WEIGHTS, "related": w}, exclude=seeds)
            totals.setdefault(f"walks + related_to_seeds (product) w{w}", []).append(
                sq.metrics([c for c, _ in mixed[:sq.MRR_DEPTH]], hidden))
        summed = rank_candidates(seeds, stored, limit=sq.MRR_DEPTH)
        totals[names[3]].append(sq.metrics([c for c, _s, _h in summed], hidden))
        for w in RELATED_WEIGHTS:
            blended = ranking.combine({**scores, "related": {c: s for c, s, _h in summed}},
                                      {**ranking.DEFAULT_WEIGHTS, "related": w}, exclude=seeds)
            totals.setdefault(f"{names[4]} w{w}", []).append(
                sq.metrics([c for c, _ in blended[:sq.MRR_DEPTH]], hidden))
    print(f"cit-HepPh 1999, seed 42, {len(queries)} test papers; related_to_seeds "
          f"{HEP_WEIGHTS}, pool {HEP_POOL}, expand {HEP_EXPAND}: median "
          f"{1000 * float(np.median(times)):.1f} ms a query\n")
    cols = ["recall@10", "recall@20", "nDCG@20", "MRR"]
    print("| method | " + " | ".join(cols) + " |\n|---|" + "---:|" * len(cols))
    for name, rows in totals.items():
        print(f"| {name} | " + " | ".join(f"{np.mean([r[c] for r in rows]):.3f}"
                                          for c in cols) + " |")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"one review ({QUICK}), no LOO")
    ap.add_argument("--tune", action="store_true", help="also choose weights on all reviews")
    ap.add_argument("--hep", action="store_true", help="also the cit-HepPh protocol")
    ap.add_argument("--hep-limit", type=int, default=500, help="cit-HepPh test papers (0 = all)")
    ap.add_argument("--walks", action="store_true",
                    help="also the suggestion blend's citation walks, alone and with the index")
    args = ap.parse_args(argv)
    global WALKS
    WALKS = args.walks
    t0 = time.perf_counter()
    if args.quick:
        run_synergy([QUICK], loo=False, tune=False)
    else:
        run_synergy(REVIEWS, loo=True, tune=args.tune)
    print(f"\nSYNERGY part {time.perf_counter() - t0:.0f} s")
    if args.hep:
        run_hep(args.hep_limit or None)
    print(f"\ntotal {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()

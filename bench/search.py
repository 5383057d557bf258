"""Search at field scale: the search page's work beside the index's own, in one run.

On a loaded field (``--home DIR``, its server started unless it runs, and left running),
queries are drawn from the field's own titles (seeded): the words most titles hold (the
worst case: a common word of the field), words of middling frequency, two-word phrases
and the first letters of a common word (prefix matching, as a search of a word being
typed). For each query it times, side by side:

* ``search``: :func:`explorer.views.search.search` (the search page's and
  ``/api/search``'s work: every type's index read, the ranking, the cards);
* ``read``: the papers' index read alone (``read/search_fulltext``, as the product reads
  it: the index hands over its best ``SEARCH_POOL`` matches);
* ``every match``: the previous form of that read, kept here as the baseline: the index
  hands over every match, each read before the sort and the limit, a record each;
* ``count``: the index counting its matches (the floor of any read of them).

    python bench/search.py --home DIR [--queries 5] [--rounds 3] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load_test import load_average  # noqa: E402
from bench.related_maps import kept_arcadedb  # noqa: E402
from explorer.views.search import SEARCH_POOL, _lucene_query, search  # noqa: E402

EVERY_MATCH = (  # the baseline: the statement as it was before the index took the limit
    "CALL db.index.fulltext.queryNodes($index, $q) YIELD node, score "
    "RETURN node.id AS id, node.title AS title, node.name AS name, node.year AS year, "
    "coalesce(node.cited_by_count, node.indegree) AS citations, score "
    "ORDER BY score DESC LIMIT $limit")
COUNT = "CALL db.index.fulltext.queryNodes($index, $q) YIELD node RETURN count(node) AS n"
_WORD = re.compile(r"[^\W\d_]{4,}")


def field_queries(graph, n: int, seed: int) -> dict[str, list[str]]:
    """Queries of four kinds drawn from 5,000 titles of the field (seeded)."""
    rows = graph.run_text("MATCH (p:Paper) WHERE p.title IS NOT NULL "
                          "RETURN p.title AS title LIMIT 200000").records
    rng = random.Random(seed)
    titles = [r["title"] for r in rng.sample(rows, min(5000, len(rows)))]
    counts = Counter(w for t in titles for w in set(_WORD.findall(t.casefold())))
    ranked = [w for w, _ in counts.most_common()]
    common = ranked[:n]
    middle = ranked[len(ranked) // 4: len(ranked) // 4 + n] if len(ranked) > 4 * n else ranked[-n:]
    phrases = []
    for title in rng.sample(titles, min(len(titles), 50 * n)):
        words = _WORD.findall(title.casefold())
        if len(words) >= 2:
            at = rng.randrange(len(words) - 1)
            phrases.append(f"{words[at]} {words[at + 1]}")
        if len(phrases) == n:
            break
    prefixes = list(dict.fromkeys(w[:4] for w in ranked[:3 * n]))[:n]
    return {"common word": common, "middling word": middle, "two words": phrases,
            "prefix": prefixes}


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=5, help="queries of each kind")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="5g")
    args = parser.parse_args()
    print(f"load average at start {load_average()}", flush=True)
    with kept_arcadedb(args.home, args.heap) as graph:
        index = graph.backend.fulltext_index("Paper")
        papers = graph.run_text("MATCH (p:Paper) RETURN count(p) AS n").records[0]["n"]
        print(f"{papers:,} paper nodes (stubs included); pool {SEARCH_POOL}", flush=True)
        kinds = field_queries(graph, args.queries, args.seed)
        for text in [q for qs in kinds.values() for q in qs][:3]:
            search(graph, text)  # warm-up: plans, the index's first pages
        for kind, queries in kinds.items():
            figures: dict[str, list[float]] = {"search": [], "read": [], "every match": [],
                                               "count": []}
            matches = []
            for _ in range(args.rounds):
                for text in queries:
                    q = _lucene_query(text)
                    params = {"index": index, "q": q, "limit": SEARCH_POOL}
                    figures["search"].append(timed(partial(search, graph, text))[0])
                    figures["read"].append(timed(partial(
                        graph.read_table, "read/search_fulltext", **params))[0])
                    figures["every match"].append(timed(partial(
                        graph.run_text, EVERY_MATCH, params))[0])
                    seconds, counted = timed(partial(graph.run_text, COUNT, params))
                    figures["count"].append(seconds)
                    matches.append(counted.records[0]["n"])
            shown = ", ".join(f"{name} {statistics.median(v) * 1000:.0f} / {max(v) * 1000:.0f}"
                              for name, v in figures.items())
            print(f"{kind} ({', '.join(queries)}): matches median {statistics.median(matches):,.0f}"
                  f", max {max(matches):,}; ms median / max: {shown}", flush=True)
    print(f"load average at end {load_average()}")


if __name__ == "__main__":
    main()

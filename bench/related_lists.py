"""Map reads from the related-work lists against the same reads from the links, side by side.

On a graph whose index is built (each indexed paper with its ``(:RelatedList)`` node),
times the product's map statements (``read/related_map_far``, depth 2 / 300, and
``read/related_map_near``, depth 1 / 40) as shipped, and the same statements with the
list lookup turned off (the lookup given an id no list has, so every card is read from
its ``RELATED`` links, as for a graph indexed before the lists were kept), alternating
paper by paper; each timing includes the driver's decode and, for the lists, the JSON
parse. Median and p95 in ms, and the links each way read (at depth 2 the same: the
lists hold the links; at depth 1 the links way reads only those inside the map).

    python bench/related_lists.py --home DIR [--papers 1000000] [--maps 30] [--passes 4]

``--home``: the ``EXPLORER_HOME`` of a running local server (``--work DIR`` of
``bench/related_maps.py`` keeps one at ``DIR/home``), or with ``NEO4J_URI`` and its
settings in the environment, a running Neo4j. The papers are the seeded random sample
of ``bench/related_maps.py`` (``--papers``: the synthetic field's size).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import cypher  # noqa: E402
from bench.synthetic import paper_id  # noqa: E402
from cypher.access.graph import connect  # noqa: E402
from explorer.views.related_map import CITES_DRAWN_UP_TO, DEPTH1_PAPERS, HOP_READ  # noqa: E402
from loaders.related_lists import read_links  # noqa: E402

NO_LIST = "\x00no list"


def statements(name: str) -> dict[str, str]:
    """The shipped statement, and the same with its list lookup finding nothing."""
    text = cypher.get(name).text
    lookup = "OPTIONAL MATCH (l:RelatedList {id: "
    start = text.index(lookup) + len(lookup)
    end = text.index("})", start)
    return {"lists": text, "links": text[:start] + "$no_list" + text[end:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--maps", type=int, default=30)
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["EXPLORER_HOME"] = str(args.home)
    graph = connect(autostart=False)
    sample = random.Random(args.seed).sample([paper_id(i) for i in range(args.papers)],
                                             args.maps)
    print(f"{graph.backend.name} at {args.papers:,} papers, {args.maps} maps, "
          f"{args.passes} passes", flush=True)
    for name, limit in (("read/related_map_far", 299), ("read/related_map_near", DEPTH1_PAPERS)):
        texts = statements(name)
        times: dict[str, list[float]] = {way: [] for way in texts}
        links = dict.fromkeys(texts, 0)
        params = {"limit": limit, "hop_read": HOP_READ, "low": None, "high": None,
                  "undated": True, "cites_up_to": CITES_DRAWN_UP_TO, "people": False,
                  "topics": False, "institutions": False, "no_list": NO_LIST}
        for attempt in range(args.passes + 1):  # the first pass warms up, uncounted
            for paper in sample:
                for way in (texts if attempt % 2 else reversed(list(texts))):
                    started = time.perf_counter()
                    records = graph._auto_read(texts[way], {**params, "id": paper})
                    rows = [dict(zip(records[0]["columns"], row, strict=True))
                            for row in records[0]["rows"]] if records else []
                    count = sum(len(read_links(row["links"]) if row["links"] is not None
                                    else row["related"] or []) for row in rows)
                    if attempt:
                        times[way].append((time.perf_counter() - started) * 1000)
                        links[way] += count
        for way, spent in times.items():
            spent.sort()
            print(f"| {name} | {way} | {statistics.median(spent):.1f} / "
                  f"{spent[int(len(spent) * 0.95)]:.1f} ms | {links[way]:,} links |",
                  flush=True)
    graph.close()


if __name__ == "__main__":
    main()

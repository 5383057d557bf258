"""Patching the stored lists of the papers around an index update.

An update (:func:`explorer.views.related_index.update`) rescores the lists of the
papers a load wrote. Their neighbours — the loaded papers they cite or are cited
by — keep their stored lists, *patched*: each new paper that lists a neighbour is
offered to that neighbour's list with the same score and evidence seen from the
other side (a citation reversed), and takes a place when it ranks among the
neighbour's ``k`` best, pushing out the weakest entry. So a new paper appears at
once in the lists of the papers it cites, and an update costs about its own
papers rather than everything around them. What one more citing paper changes
between two older papers (one more co-citation) waits for the next
``explorer index``.
"""

from __future__ import annotations

from collections.abc import Iterable

from cypher.access.graph import Graph

#: papers whose stored lists one read or one write transaction handles
BATCH = 2_000


def mirrored(row: dict) -> dict:
    """A ``write/merge_related_index`` row seen from its other end: same score and
    evidence, the citation reversed.

    >>> mirrored({"src": "n", "dst": "x", "score": 2.5, "cocited": 0, "coupled": 3,
    ...           "cites": 1, "text": 0.1, "shared": "knee"})["cites"]
    -1
    """
    cites = int(row.get("cites") or 0)
    return {**row, "src": row["dst"], "dst": row["src"],
            "cites": -cites if cites in (1, -1) else cites}


def plan(current: dict[str, list[tuple[str, float]]], offers: Iterable[dict], k: int
         ) -> tuple[list[dict], list[dict]]:
    """What patching ``current`` lists (paper -> [(related id, score)]) with ``offers``
    (mirrored rows) does: ``(links to delete [{src, dst}], rows to create)``.

    A paper's list keeps its ``k`` best entries, best score first, ties by id; an
    offer for a pair already listed replaces it; offers that do not rank are dropped.

    >>> plan({"x": [("a", 3.0), ("b", 1.0)]}, [{"src": "x", "dst": "n", "score": 2.0}], 2)
    ([{'src': 'x', 'dst': 'b'}], [{'src': 'x', 'dst': 'n', 'score': 2.0}])
    """
    by_paper: dict[str, dict[str, dict]] = {}
    for offer in offers:
        best = by_paper.setdefault(offer["src"], {})
        if offer["dst"] not in best or offer["score"] > best[offer["dst"]]["score"]:
            best[offer["dst"]] = offer
    deletions: list[dict] = []
    creations: list[dict] = []
    for paper, offered in by_paper.items():
        entries = {dst: float(score) for dst, score in current.get(paper, ())}
        listed = set(entries)
        entries.update((dst, float(row["score"])) for dst, row in offered.items())
        kept = {dst for dst, _ in sorted(entries.items(), key=lambda e: (-e[1], e[0]))[:k]}
        deletions += [{"src": paper, "dst": dst} for dst in sorted(listed)
                      if dst not in kept or dst in offered]
        creations += [row for dst, row in offered.items() if dst in kept]
    return deletions, creations


def patch(graph: Graph, rows: list[dict], neighbours: Iterable[str], k: int) -> int:
    """Offer the new lists' ``rows`` (``write/merge_related_index`` rows of the
    rewritten papers) to the stored lists of ``neighbours``; return how many lists
    changed. One read and one write transaction a :data:`BATCH` papers."""
    wanted = set(neighbours)
    offers: dict[str, list[dict]] = {}
    for row in rows:
        if row["dst"] in wanted:
            offers.setdefault(row["dst"], []).append(mirrored(row))
    papers = list(offers)
    changed = 0
    for start in range(0, len(papers), BATCH):
        part = papers[start:start + BATCH]
        current = {r["id"]: [(dst, score) for dst, score in r["related"] or ()]
                   for r in graph.read_values("read/related_scores", ids=part)}
        deletions, creations = plan(current, (o for p in part for o in offers[p]), k)
        if creations:
            graph.write_many([("write/delete_related_links", deletions),
                              ("write/merge_related_index", creations)])
            changed += len({row["src"] for row in creations})
    return changed

"""Which related papers a map shows, which of their links it draws, and how it says why.

Pure functions over the related-work index's entries (``(paper, related,
score)`` lists as read from the graph); no database.

* :func:`rank_candidates` — the papers of a map: the seeds' own related
  papers first (summed over the seeds), then, for a deeper map, papers related
  to those (each reached through a first-hop paper, its score times the
  link's), best first;
* :func:`strongest_links` — the links to draw: each paper's few strongest
  links to other papers of the map, one per pair;
* :func:`evidence_text` — a link's evidence in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Any

#: a link between two papers: ``(a, b, score, ...)``, anything after the score riding along
Link = tuple[Any, ...]

Entries = Mapping[str, Sequence[Sequence]]


def rank_candidates(seeds: Sequence[str], first: Entries, second: Entries | None = None,
                    *, limit: int) -> list[tuple[str, float, int]]:
    """``(id, score, hop)`` of at most ``limit`` papers other than the seeds, best first.

    ``first`` maps each seed to its ``[related, score]`` entries; ``second``
    maps first-hop papers to theirs. Hop-1 papers all come before hop-2 ones
    (a deeper map adds papers, it never drops the closest); ties go by id.

    >>> first = {"s": [["a", 1.0], ["b", 0.5]]}
    >>> second = {"a": [["c", 1.0], ["s", 1.0]], "b": [["c", 0.4], ["d", 1.0]]}
    >>> rank_candidates(["s"], first, second, limit=3)
    [('a', 1.0, 1), ('b', 0.5, 1), ('c', 1.2, 2)]
    >>> rank_candidates(["s"], first, limit=1)
    [('a', 1.0, 1)]
    """
    seeds_set = set(seeds)
    hop1: dict[str, float] = defaultdict(float)
    for seed in seeds:
        for other, score in ((e[0], e[1]) for e in first.get(seed, ())):
            if other not in seeds_set:
                hop1[other] += float(score or 0)
    ranked = sorted(hop1.items(), key=lambda kv: (-kv[1], kv[0]))
    out = [(pid, round(score, 6), 1) for pid, score in ranked[:limit]]
    if second and len(out) < limit:
        hop2: dict[str, float] = defaultdict(float)
        for via, via_score in ranked:
            for other, score in ((e[0], e[1]) for e in second.get(via, ())):
                if other not in seeds_set and other not in hop1:
                    hop2[other] += via_score * float(score or 0)
        more = sorted(hop2.items(), key=lambda kv: (-kv[1], kv[0]))[:limit - len(out)]
        out.extend((pid, round(score, 6), 2) for pid, score in more)
    return out


def strongest_links(links: Iterable[Link], *, per_paper: int = 5) -> list[Link]:
    """One ``(a, b, score, ...)`` per pair (the stronger direction), kept when it is among
    the ``per_paper`` strongest links of ``a`` or of ``b``; strongest first. Each link is
    kept as given (what follows its score rides along); scores are floats.

    >>> links = [("a", "b", 0.9), ("b", "a", 0.7), ("a", "c", 0.5), ("c", "b", 0.2)]
    >>> strongest_links(links, per_paper=1)
    [('a', 'b', 0.9), ('a', 'c', 0.5)]
    """
    best: dict[tuple[str, str], Link] = {}
    for link in links:
        a, b = link[0], link[1]
        if a == b:
            continue
        key = (a, b) if a < b else (b, a)
        held = best.get(key)
        if held is None or link[2] > held[2]:
            best[key] = link
    # strongest first, ties by the two ids: two stable sorts by C key functions
    ordered = sorted(best.values(), key=itemgetter(0, 1))
    ordered.sort(key=itemgetter(2), reverse=True)
    count: dict[str, int] = defaultdict(int)
    kept = []
    for link in ordered:
        a, b = link[0], link[1]
        if count[a] < per_paper or count[b] < per_paper:
            kept.append(link)
        count[a] += 1
        count[b] += 1
    return kept


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def evidence_text(evidence: Mapping, *, other: str | None = None) -> list[str]:
    """The evidence of one index link in words, strongest kind first.

    >>> for line in evidence_text({"cocited": 7, "coupled": 12, "cites": 1, "text": 0.3,
    ...                            "shared": "cartilage, knee"}):
    ...     print(line)
    cited together by 7 papers
    shares 12 references
    cites it
    similar words: cartilage, knee
    >>> evidence_text({"cocited": 1, "coupled": 0, "cites": -1, "text": 0, "shared": ""},
    ...               other="Knutsen 2004")
    ['cited together with Knutsen 2004 by 1 paper', 'cited by Knutsen 2004']
    """
    out = []
    cocited = int(evidence.get("cocited") or 0)
    coupled = int(evidence.get("coupled") or 0)
    cites = int(evidence.get("cites") or 0)
    if cocited:
        noun = "paper" if cocited == 1 else "papers"
        out.append(f"cited together with {other} by {cocited} {noun}" if other
                   else f"cited together by {cocited} {noun}")
    if coupled:
        out.append(f"shares {coupled} reference{'s' if coupled != 1 else ''}"
                   + (f" with {other}" if other else ""))
    if cites:
        target = other or "it"
        out.append({1: f"cites {target}", -1: f"cited by {target}",
                    2: f"cites and is cited by {target}"}.get(cites, ""))
    shared = str(evidence.get("shared") or "").strip()
    if shared:
        out.append(f"similar words: {shared}")
    return [line for line in out if line]

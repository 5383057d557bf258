"""Similar work: the related-work index's ranking for seed papers, with its evidence in words.

One ranking behind every list of related papers: the page's Similar list
(:mod:`explorer.views.adjacent`), ``explorer suggest`` and the notebook's
``suggest()`` for one paper (:mod:`explorer.views.suggestions`) and the map
(:mod:`explorer.views.related_map`) all read the same index entries. The
evidence names papers by "First-author Year": the papers that cite the seed
and the item together, the references they share, a direct citation, the
words they share. Papers known only by id never take a slot.
"""

from __future__ import annotations

from typing import Any

from cypher.access.graph import Graph
from explorer.algorithms.map_selection import rank_candidates
from explorer.views.map_nodes import surname

MAX_NAMED = 3
#: citing papers read a paper for the evidence (the lists read are capped; the counts
#: come from the index itself)
CITERS_READ = 200


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it takes.

    >>> plural(1, "paper"), plural(3, "paper")
    ('1 paper', '3 papers')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"


def short_name(card: dict) -> str:
    """"Surname Year" as researchers cite a paper, else the start of its title.

    >>> short_name({"first_author": "Gunnar Knutsen", "year": 2004, "title": "ACI"})
    'Knutsen 2004'
    >>> short_name({"first_author": None, "year": None, "title": "A very long title " * 4})
    'A very long title A very long title A ve…'
    """
    if card.get("first_author"):
        return f"{surname(card['first_author'])} {card.get('year') or ''}".strip()
    if not card.get("title"):  # an edge list's paper: its id and year, as the map labels it
        return f"{card.get('id') or ''} {card.get('year') or ''}".strip()
    title = str(card["title"])
    return title if len(title) <= 40 else title[:40] + "…"


def card_item(cid: str, card: dict, score: float, top: float, evidence: list[str],
              papers: list[dict]) -> dict[str, Any]:
    """A listed paper: its card, its score (and relative to ``top``), its evidence."""
    return {"id": cid, "type": "Paper", "title": card.get("title") or cid,
            "first_author": card.get("first_author"),
            "authors": card.get("authors") or 0, "short": short_name(card),
            "year": card.get("year"), "venue": card.get("venue"),
            "citations": max(int(card.get("indegree") or 0), int(card.get("cited_by_count") or 0)),
            "score": round(float(score), 4),
            "relative": round(float(score) / top, 3) if top else 0.0,
            "evidence": evidence, "evidence_papers": papers, "stub": False, "link": None}


def named_papers(ids: list[str], cards: dict[str, dict]) -> list[dict]:
    """The first ``MAX_NAMED`` papers of ``ids`` a list may name (:func:`listable`):
    id, title (the id when it has none), year, "Surname Year"."""
    return [{"id": i, "title": cards[i].get("title") or i, "year": cards[i].get("year"),
             "short": short_name(cards[i])}
            for i in ids if listable(cards.get(i))][:MAX_NAMED]


def listable(card: dict | None) -> bool:
    """A paper a list may name: loaded (not a stub) with a title, or named by an edge
    list (a paper of the field that has none; read/paper_cards' ``listed``).

    >>> [listable(c) for c in ({"title": "T"}, {"title": None}, {"listed": True},
    ...                        {"title": "T", "stub": True}, None)]
    [True, False, True, False, False]
    """
    return bool(card) and not card.get("stub") and bool(  # type: ignore[union-attr]
        card.get("title") or card.get("listed"))  # type: ignore[union-attr]


def _among(names: list[dict]) -> str:
    """", among them Knutsen 2004" for the first named paper, else nothing."""
    return f", among them {names[0]['short']}" if names else ""


def similar_evidence_ids(seeds: list[str], related: list, links: dict) -> set[str]:
    """The papers a similar item's sentences may name: co-citing papers and shared
    references of the seeds and each item."""
    ids: set[str] = set()
    seed_refs = {r for s in seeds for r in (links.get(s) or {}).get("refs") or []}
    seed_citers = {c for s in seeds for c in (links.get(s) or {}).get("citers") or []}
    for pid, _, _ in related:
        row = links.get(pid) or {}
        ids |= set(sorted(seed_citers & set(row.get("citers") or []))[:MAX_NAMED])
        ids |= set(sorted(seed_refs & set(row.get("refs") or []))[:MAX_NAMED])
    return ids


def similar_items(related: list, seeds: list[str], links: dict, first: dict, cards: dict,
                  one: str) -> list[dict]:
    """The index's ranking for the seeds, with its evidence in words."""
    entries = {entry[0]: entry for s in seeds for entry in first.get(s) or []}
    seed_refs = {r for s in seeds for r in (links.get(s) or {}).get("refs") or []}
    seed_citers = {c for s in seeds for c in (links.get(s) or {}).get("citers") or []}
    top = related[0][1] if related else 0.0
    items = []
    for pid, score, _hop in related:
        card = cards.get(pid) or {}
        if not listable(card):
            continue
        row = links.get(pid) or {}
        together = sorted(seed_citers & set(row.get("citers") or []),
                          key=lambda c: (not listable(cards.get(c)), c))
        shared = sorted(seed_refs & set(row.get("refs") or []),
                        key=lambda c: (not listable(cards.get(c)), c))
        named_together, named_shared = named_papers(together, cards), named_papers(shared, cards)
        entry = entries.get(pid)
        # the index's exact counts where it has them (the lists read are capped)
        n_together = max(len(together), int(entry[3] or 0) if entry and len(entry) > 3 else 0)
        n_shared = max(len(shared), int(entry[4] or 0) if entry and len(entry) > 4 else 0)
        lines = []
        if n_together:
            lines.append(f"cited together with {one} by {plural(n_together, 'paper')}"
                         + _among(named_together))
        if n_shared:
            head = f"both cite {named_shared[0]['short']}" if named_shared else "both cite"
            more = n_shared - (1 if named_shared else 0)
            lines.append(head + (f" and {more} more" if more and named_shared else
                                 f" {plural(more, 'reference')}" if more else ""))
        if pid in seed_refs:
            lines.append(f"cited by {one}")
        elif set(seeds) & set(row.get("refs") or []):
            lines.append(f"cites {one}")
        words = _shared_words(entry)
        if words:
            lines.append(f"similar words: {words}")
        if not lines:
            lines.append("close to papers close to " + one)
        items.append(card_item(pid, card, score, top, lines, named_together or named_shared))
    return items


def _shared_words(entry: list | None) -> str:
    """The words an index entry ``[id, score, shared]`` says the two papers share."""
    return str(entry[2]) if entry and len(entry) > 2 and entry[2] else ""


def similar_work(graph: Graph, seeds: list[str], *, k: int, one: str = "this paper"
                 ) -> list[dict[str, Any]]:
    """The ``k`` papers most related to ``seeds`` in the index, best first, with evidence.

    Three round trips whatever the graph's size: the seeds' index entries,
    the references and (capped) citers of the seeds and candidates, and the
    cards of the papers listed or named. Papers known only by id are skipped (:func:`listable`).
    """
    first = {row["id"]: row["related"] for row in graph.read_values("read/related_of",
                                                                     ids=seeds)}
    related = rank_candidates(seeds, first, limit=2 * k)
    members = [*seeds, *(pid for pid, _, _ in related)]
    links = {row["id"]: row for row in graph.read_table(
        "read/index_region", ids=members, cap=CITERS_READ)}
    wanted = set(members) | similar_evidence_ids(seeds, related, links)
    cards = {r["id"]: r for r in graph.read("read/paper_cards", ids=sorted(wanted))}
    return similar_items(related, seeds, links, first, cards, one)[:k]

"""Adjacent work in three lists, as Connected Papers defines them, over the map's papers.

The *map* is the focus paper (for a person, topic or institution, its leading
papers: the *seeds*) and its most related papers from the related-work index.

* **Prior work**: the papers most cited by the papers of the map — the
  ancestors of the field; the focus's own references are marked ("cited by
  this paper").
* **Derivative work**: the papers that cite most papers of the map — surveys
  and later work that build on the field.
* **Similar work**: the index's ranking for the seeds, with its evidence:
  co-citation and shared references naming papers by "First-author Year",
  direct citation, and the words they share.

Every item carries its title, first author, year and venue, a relative score
(0–1, for a bar) and its evidence in words. Papers known only by id (untitled
stubs) are counted, never listed: ``left_out_stubs`` says how many. It reads
the graph in four round trips whatever its size: the seeds' index entries, the
map papers' references and citers (citers capped per paper), and the cards
of the papers it lists or names.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.algorithms.map_selection import rank_candidates
from explorer.views.entity import node_type
from explorer.views.map_nodes import surname
from explorer.views.suggestions import suggestions

SEED_PAPERS = 15
MAP_PAPERS = 40
CITERS_READ = 200
MAX_NAMED = 3


def _seed_papers(graph: Graph, node_id: str, kind: str) -> list[str]:
    if kind == "Paper":
        return [node_id]
    query = {"Person": "read/person_papers", "Topic": "read/topic_papers",
             "Institution": "read/institution_papers"}[kind]
    return [r["id"] for r in graph.read(query, id=node_id, limit=SEED_PAPERS)]


def _plural(n: int, one: str, many: str | None = None) -> str:
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
    title = str(card.get("title") or card.get("id") or "")
    return title if len(title) <= 40 else title[:40] + "…"


def _item(cid: str, card: dict, score: float, top: float, evidence: list[str],
          papers: list[dict]) -> dict[str, Any]:
    return {"id": cid, "type": "Paper", "title": card.get("title") or cid,
            "first_author": card.get("first_author"),
            "authors": card.get("authors") or 0, "short": short_name(card),
            "year": card.get("year"), "venue": card.get("venue"),
            "citations": max(int(card.get("indegree") or 0), int(card.get("cited_by_count") or 0)),
            "score": round(float(score), 4),
            "relative": round(float(score) / top, 3) if top else 0.0,
            "evidence": evidence, "evidence_papers": papers, "stub": False, "link": None}


def _named(ids: list[str], cards: dict[str, dict]) -> list[dict]:
    return [{"id": i, "title": cards[i]["title"], "year": cards[i].get("year"),
             "short": short_name(cards[i])}
            for i in ids if (cards.get(i) or {}).get("title")][:MAX_NAMED]


def _among(names: list[dict]) -> str:
    return f", among them {names[0]['short']}" if names else ""


def adjacent_work(graph: Graph, node_id: str, *, k: int = 15) -> dict[str, Any]:
    """Prior, derivative and similar work for any node (see the module docstring)."""
    if not 1 <= k <= 100:
        raise InputError("k must be between 1 and 100")
    kind, _props = node_type(graph, node_id)
    seeds = _seed_papers(graph, node_id, kind)
    result: dict[str, Any] = {"id": node_id, "kind": kind, "seeds": seeds,
                              "prior": [], "derivative": [], "similar": [], "people": [],
                              "left_out_stubs": 0, "map_papers": 0}
    if kind != "Paper":
        people = suggestions(graph, [node_id], k=k)
        result["people"] = [
            {"id": p["id"], "title": p.get("title"), "type": "Person",
             "score": p.get("score"), "evidence": p.get("explanation") or []}
            for p in (people.get("suggestions") if people.get("kind") == "people"
                      else people.get("people")) or []][:k]
    if not seeds:
        return result
    first = {row["id"]: row["related"] for row in graph.read_values("read/related_of",
                                                                     ids=seeds)}
    related = rank_candidates(seeds, first, limit=MAP_PAPERS)
    members = [*seeds, *(pid for pid, _, _ in related)]
    links = {row["id"]: row for row in graph.read_values(
        "read/index_region", ids=members, cap=CITERS_READ)}
    cited_by: dict[str, list[str]] = {}
    citing: dict[str, list[str]] = {}
    for pid in members:
        for ref in (links.get(pid) or {}).get("refs") or []:
            cited_by.setdefault(ref, []).append(pid)
        for citer in (links.get(pid) or {}).get("citers") or []:
            citing.setdefault(citer, []).append(pid)
    seed_set = set(seeds)
    prior = Counter({c: len(v) for c, v in cited_by.items() if c not in seed_set})
    derivative = Counter({c: len(v) for c, v in citing.items() if c not in seed_set})
    wanted = {c for c, _ in prior.most_common(4 * k)} | {c for c, _ in
                                                          derivative.most_common(4 * k)}
    evidence_ids = _similar_evidence_ids(seeds, related[:k], links)
    cards = {r["id"]: r for r in graph.read(
        "read/paper_cards", ids=sorted(wanted | set(members) | evidence_ids))}
    one = "this paper" if kind == "Paper" and len(seeds) == 1 else "the leading papers here"
    result["prior"], stubs_prior = _listed(
        prior, cited_by, cards, seeds, k, lambda by, own: link_sentence("cited by", by, own, one))
    result["derivative"], stubs_derivative = _listed(
        derivative, citing, cards, seeds, k,
        lambda builds_on, own: link_sentence("cites", builds_on, own, one))
    result["similar"] = _similar(related[:k], seeds, links, first, cards, one)
    result["left_out_stubs"] = stubs_prior + stubs_derivative
    result["map_papers"] = len(members)
    return result


def link_sentence(verb: str, linked: list[str], own: int, one: str) -> str:
    """Why a paper is prior ("cited by") or derivative ("cites") work of the map.

    >>> link_sentence("cited by", ["s", "a", "b"], 1, "this paper")
    'cited by this paper and by 2 other papers of this map'
    >>> link_sentence("cites", ["a"], 0, "this paper")
    'cites 1 other paper of this map'
    """
    others = len(linked) - own
    rest = f"{_plural(others, 'other paper')} of this map" if others else ""
    joiner = " and by " if verb == "cited by" else " and "
    if own:
        return f"{verb} {one}" + (joiner + rest if rest else "")
    return f"{verb} {rest}"


def _listed(counts: Counter, linked: dict[str, list[str]], cards: dict[str, dict],
            seeds: list[str], k: int, sentence) -> tuple[list[dict], int]:
    """The ``k`` titled papers with the highest counts (then most cited), and how many
    untitled ones (known only by id) were left out above the last one listed."""
    seed_set = set(seeds)

    def titled(c: str) -> bool:
        card = cards.get(c) or {}
        return bool(card.get("title")) and not card.get("stub")

    ranked = sorted(counts, key=lambda c: (-counts[c],
                                           -int((cards.get(c) or {}).get("indegree") or 0), c))
    items, left_out = [], 0
    top = counts[ranked[0]] if ranked else 0
    for c in ranked:
        if len(items) >= k:
            break
        if not titled(c):
            left_out += 1
            continue
        own = sum(1 for u in linked[c] if u in seed_set)
        item = _item(c, cards[c], counts[c], top, [sentence(linked[c], own)],
                     _named([u for u in linked[c] if u not in seed_set], cards))
        item["own"] = bool(own)
        items.append(item)
    return items, left_out


def _similar_evidence_ids(seeds: list[str], related: list, links: dict) -> set[str]:
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


def _similar(related: list, seeds: list[str], links: dict, first: dict, cards: dict,
             one: str) -> list[dict]:
    """The index's ranking for the seeds, with its evidence in words."""
    entries = {entry[0]: entry for s in seeds for entry in first.get(s) or []}
    seed_refs = {r for s in seeds for r in (links.get(s) or {}).get("refs") or []}
    seed_citers = {c for s in seeds for c in (links.get(s) or {}).get("citers") or []}
    top = related[0][1] if related else 0.0
    items = []
    for pid, score, _hop in related:
        card = cards.get(pid) or {}
        if not card.get("title") or card.get("stub"):
            continue
        row = links.get(pid) or {}
        together = sorted(seed_citers & set(row.get("citers") or []),
                          key=lambda c: (not (cards.get(c) or {}).get("title"), c))
        shared = sorted(seed_refs & set(row.get("refs") or []),
                        key=lambda c: (not (cards.get(c) or {}).get("title"), c))
        named_together, named_shared = _named(together, cards), _named(shared, cards)
        entry = entries.get(pid)
        # the index's exact counts where it has them (the lists read are capped)
        n_together = max(len(together), int(entry[3] or 0) if entry and len(entry) > 3 else 0)
        n_shared = max(len(shared), int(entry[4] or 0) if entry and len(entry) > 4 else 0)
        lines = []
        if n_together:
            lines.append(f"cited together with {one} by {_plural(n_together, 'paper')}"
                         + _among(named_together))
        if n_shared:
            head = f"both cite {named_shared[0]['short']}" if named_shared else "both cite"
            more = n_shared - (1 if named_shared else 0)
            lines.append(head + (f" and {more} more" if more and named_shared else
                                 f" {_plural(more, 'reference')}" if more else ""))
        if pid in seed_refs:
            lines.append(f"cited by {one}")
        elif set(seeds) & set(row.get("refs") or []):
            lines.append(f"cites {one}")
        words = _shared_words(entry)
        if words:
            lines.append(f"similar words: {words}")
        if not lines:
            lines.append("close to papers close to " + one)
        items.append(_item(pid, card, score, top, lines, named_together or named_shared))
    return items


def _shared_words(entry: list | None) -> str:
    """The words an index entry ``[id, score, shared]`` says the two papers share."""
    return str(entry[2]) if entry and len(entry) > 2 and entry[2] else ""

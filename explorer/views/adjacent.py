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
stubs) are counted, never listed: ``left_out_stubs`` says how many. A paper
citing itself is no evidence of its own. It reads the graph in four round trips
whatever its size: the seeds' index entries, the map papers' references and
citers (citers capped per paper), and the cards of the papers it lists or
names; more cards only when untitled papers rank above the titled ones listed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.algorithms.map_selection import rank_candidates
from explorer.views.entity import node_type
from explorer.views.similar_work import (
    card_item,
    listable,
    named_papers,
    plural,
    similar_evidence_ids,
    similar_items,
)
from explorer.views.suggestions import suggestions

SEED_PAPERS = 15
MAP_PAPERS = 40
CITERS_READ = 200

#: each list's name and what it holds, as the page and ``explorer adjacent`` say it
LISTS = (
    ("prior", "Prior work: the papers the papers of this map cite most "
              "(its own references marked \"cited by this paper\")."),
    ("derivative", "Derivative work: the papers that cite the most papers of this map "
                   "(work that builds on them: studies and reviews)."),
    ("similar", "Similar work: the most related papers (cited together, shared references, "
                "similar words), as on the map."),
    ("people", "People to look at next."),
)


def stubs_note(left_out: int) -> str:
    """What the lists say of the references they leave out (known only by id).

    >>> stubs_note(0), stubs_note(1)[:36]
    ('', '1 more reference is known only by id')
    """
    if not left_out:
        return ""
    return (f"{left_out} more reference{' is' if left_out == 1 else 's are'} known only by "
            "id (explorer fetch openalex --resolve-stubs fills them in).")


def _seed_papers(graph: Graph, node_id: str, kind: str) -> list[str]:
    if kind == "Paper":
        return [node_id]
    if kind == "Person":
        return [r["id"] for r in graph.read("read/person_papers", id=node_id,
                                            limit=SEED_PAPERS)]
    # a topic's or institution's first page of papers: from its kept lead
    query = "read/topic_papers_page" if kind == "Topic" else "read/institution_papers_page"
    return [r["id"] for r in graph.read(query, id=node_id, skip=0, limit=SEED_PAPERS)]


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
        listed = ((people.get("suggestions") if people.get("kind") == "people"
                   else people.get("people")) or [])[:k]
        top = max((float(p.get("score") or 0) for p in listed), default=0.0) or 1.0
        result["people"] = [
            {"id": p["id"], "title": p.get("title"), "type": "Person",
             "score": p.get("score"), "relative": round(float(p.get("score") or 0) / top, 3),
             "evidence": p.get("explanation") or []}
            for p in listed]
    if not seeds:
        return result
    first = {row["id"]: row["related"] for row in graph.read_values("read/related_of",
                                                                     ids=seeds)}
    related = rank_candidates(seeds, first, limit=MAP_PAPERS)
    members = [*seeds, *(pid for pid, _, _ in related)]
    links = {row["id"]: row for row in graph.read_table(
        "read/index_region", ids=members, cap=CITERS_READ)}
    cited_by: dict[str, list[str]] = {}
    citing: dict[str, list[str]] = {}
    for pid in members:  # a paper listing itself among its references is no evidence
        for ref in (links.get(pid) or {}).get("refs") or []:
            if ref != pid:
                cited_by.setdefault(ref, []).append(pid)
        for citer in (links.get(pid) or {}).get("citers") or []:
            if citer != pid:
                citing.setdefault(citer, []).append(pid)
    seed_set = set(seeds)
    prior = Counter({c: len(v) for c, v in cited_by.items() if c not in seed_set})
    derivative = Counter({c: len(v) for c, v in citing.items() if c not in seed_set})
    wanted = {c for c, _ in prior.most_common(4 * k)} | {c for c, _ in
                                                          derivative.most_common(4 * k)}
    evidence_ids = similar_evidence_ids(seeds, related[:k], links)
    asked = wanted | set(members) | evidence_ids
    cards = {r["id"]: r for r in graph.read("read/paper_cards", ids=sorted(asked))}

    def more(ids: list[str]) -> None:  # cards of candidates past the first read
        asked.update(ids)
        cards.update((r["id"], r) for r in graph.read("read/paper_cards", ids=ids))

    one = "this paper" if kind == "Paper" and len(seeds) == 1 else "the leading papers here"
    result["prior"], stubs_prior = _listed(
        prior, cited_by, cards, seeds, k, lambda by, own: link_sentence("cited by", by, own, one),
        asked, more)
    result["derivative"], stubs_derivative = _listed(
        derivative, citing, cards, seeds, k,
        lambda builds_on, own: link_sentence("cites", builds_on, own, one), asked, more)
    result["similar"] = similar_items(related[:k], seeds, links, first, cards, one)
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
    rest = f"{plural(others, 'other paper')} of this map" if others else ""
    joiner = " and by " if verb == "cited by" else " and "
    if own:
        return f"{verb} {one}" + (joiner + rest if rest else "")
    return f"{verb} {rest}"


def _listed(counts: Counter, linked: dict[str, list[str]], cards: dict[str, dict],
            seeds: list[str], k: int, sentence, asked: set[str],
            more: Callable[[list[str]], None]) -> tuple[list[dict], int]:
    """The ``k`` titled papers with the highest counts (then most cited), and how many
    untitled ones (known only by id) were left out above the last one listed. A
    candidate whose card was not read (not in ``asked``) has the cards of the next
    ones read (``more``, twice as many each time), so a titled paper ranked below many
    untitled ones is listed, and only untitled papers are counted as left out."""
    seed_set = set(seeds)

    def titled(c: str) -> bool:  # titled, or an edge list's paper (they have none)
        return listable(cards.get(c))

    ranked = sorted(counts, key=lambda c: (-counts[c],
                                           -int((cards.get(c) or {}).get("indegree") or 0), c))
    items, left_out = [], 0
    top = counts[ranked[0]] if ranked else 0
    for at, c in enumerate(ranked):
        if len(items) >= k:
            break
        if c not in asked:
            more([x for x in ranked[at:at + max(4 * k, at)] if x not in asked])
        if not titled(c):
            left_out += 1
            continue
        own = sum(1 for u in linked[c] if u in seed_set)
        item = card_item(c, cards[c], counts[c], top, [sentence(linked[c], own)],
                     named_papers([u for u in linked[c] if u not in seed_set], cards))
        item["own"] = bool(own)
        items.append(item)
    return items, left_out

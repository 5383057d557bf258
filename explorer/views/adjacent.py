"""Adjacent work in three lists, as Connected Papers users read it: prior, derivative, similar.

* **Prior work**: what the focus (or, for a person, topic or institution, its
  leading papers, the *seed set*) cites, and what several papers of its
  neighbourhood cite, ranked by how many papers of the neighbourhood build on
  it.
* **Derivative work**: what cites the seeds, and what cites several papers of
  the neighbourhood, ranked by how many of them it builds on.
* **Similar work**: neither cited nor citing: the combined citation signals of
  :mod:`explorer.views.suggestions` (coupling, co-citation, PageRank…) and,
  when available, text similarity of titles and abstracts.

Every item carries its title, first author, year and venue, a relative score
(0–1, for a bar) and its evidence in words, naming papers by title. Papers
known only as a reference (untitled stubs) are never listed; how many were
left out is said.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.views.entity import node_type
from explorer.views.map_nodes import stub_link, stub_name, surname
from explorer.views.suggestions import citation_subgraph, paper_suggestions, suggestions

SEED_PAPERS = 15
MIN_SHARED = 2
MAX_NAMED = 3


def _seed_papers(graph: Graph, node_id: str, kind: str) -> list[str]:
    if kind == "Paper":
        return [node_id]
    query = {"Person": "read/person_papers", "Topic": "read/topic_papers",
             "Institution": "read/institution_papers"}[kind]
    return [r["id"] for r in graph.read(query, id=node_id, limit=SEED_PAPERS)]


def _cards(graph: Graph, ids: set[str]) -> dict[str, dict]:
    if not ids:
        return {}
    return {r["id"]: r for r in graph.read("read/paper_cards", ids=sorted(ids))}


def _named(ids: list[str], cards: dict[str, dict]) -> list[dict]:
    titled = [i for i in ids if (cards.get(i) or {}).get("title")]
    return [{"id": i, "title": cards[i]["title"], "year": cards[i].get("year")}
            for i in titled[:MAX_NAMED]]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _split(g: nx.DiGraph, seeds: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(prior candidate -> the neighbourhood papers citing it,
    derivative candidate -> the neighbourhood papers it cites)."""
    seed_set = set(seeds)
    cited = {v for s in seeds if s in g for v in g.succ[s]}
    citing = {u for s in seeds if s in g for u in g.pred[s]}
    hood = seed_set | cited | citing
    prior: dict[str, list[str]] = {}
    derivative: dict[str, list[str]] = {}
    for v in g.nodes:
        if v in seed_set:
            continue
        by = sorted(u for u in g.pred[v] if u in hood and u != v)
        builds_on = sorted(w for w in g.succ[v] if w in hood and w != v)
        # beyond the direct links, what the citing papers build on is prior work, and
        # what builds on the citing papers is derivative work; shared references alone
        # (bibliographic coupling) make a paper similar, not derivative
        cited_by_citing = sum(1 for u in by if u in citing)
        cites_citing = sum(1 for w in builds_on if w in citing)
        if v in cited or (v not in citing and cited_by_citing >= MIN_SHARED
                          and cited_by_citing >= cites_citing):
            prior[v] = by
        elif v in citing or cites_citing >= MIN_SHARED:
            derivative[v] = builds_on
    return prior, derivative


def _focus_words(kind: str, seeds: list[str]) -> tuple[str, str]:
    if kind == "Paper" and len(seeds) == 1:
        return "this paper", "this paper"
    return "the leading papers here", "these papers"


def _item(cid: str, card: dict, score: float, top: float, evidence: list[str],
          papers: list[dict]) -> dict[str, Any]:
    return {"id": cid, "type": "Paper", "title": card.get("title") or cid,
            "first_author": card.get("first_author"),
            "authors": card.get("authors") or 0,
            "short": (f"{surname(card.get('first_author'))} {card.get('year') or ''}".strip()
                      if card.get("first_author") else str(card.get("title") or cid)[:40]),
            "year": card.get("year"), "venue": card.get("venue"),
            "citations": max(int(card.get("indegree") or 0), int(card.get("cited_by_count") or 0)),
            "score": round(float(score), 4),
            "relative": round(float(score) / top, 3) if top else 0.0,
            "evidence": evidence, "evidence_papers": papers}


def _ranked(found: dict[str, list[str]], cards: dict[str, dict], seeds: list[str], k: int,
            sentence) -> tuple[list[dict], int]:
    """Rank candidates by how many neighbourhood papers back them, then by citations."""
    seed_set = set(seeds)

    def score(c: str) -> float:
        direct = sum(1 for u in found[c] if u in seed_set)
        return len(found[c]) + 0.5 * direct

    def titled(c: str) -> bool:
        return bool((cards.get(c) or {}).get("title"))

    # titled papers first; references known only by id after them, named as such
    order = sorted((c for c in found if c in cards), key=lambda c: (
        not titled(c), -score(c), -int(cards[c].get("indegree") or 0), c))[:k]
    top = max((score(c) for c in order), default=0.0)
    items = []
    for c in order:
        card = dict(cards[c])
        if not titled(c):
            card["title"] = stub_name(card)
        item = _item(c, card, score(c), top, [sentence(c, found[c])],
                     _named([u for u in found[c] if u not in seed_set], cards))
        item["stub"] = not titled(c)
        item["link"] = stub_link(card) if item["stub"] else None
        items.append(item)
    return items, sum(1 for c in found if not titled(c)) - sum(1 for i in items if i["stub"])


def adjacent_work(graph: Graph, node_id: str, *, k: int = 15) -> dict[str, Any]:
    """Prior, derivative and similar work for any node (see the module docstring)."""
    if not 1 <= k <= 100:
        raise InputError("k must be between 1 and 100")
    kind, _props = node_type(graph, node_id)
    seeds = _seed_papers(graph, node_id, kind)
    result: dict[str, Any] = {"id": node_id, "kind": kind, "seeds": seeds,
                              "prior": [], "derivative": [], "similar": [], "people": [],
                              "left_out_stubs": 0}
    if kind != "Paper":
        people = suggestions(graph, [node_id], k=k)
        result["people"] = [
            {"id": p["id"], "title": p.get("title"), "type": "Person",
             "score": p.get("score"), "evidence": p.get("explanation") or []}
            for p in (people.get("suggestions") if people.get("kind") == "people"
                      else people.get("people")) or []][:k]
    if not seeds:
        return result
    g = citation_subgraph(graph, seeds)
    prior, derivative = _split(g, seeds)
    cards = _cards(graph, set(prior) | set(derivative) | {u for v in prior.values() for u in v}
                   | {w for v in derivative.values() for w in v})
    one, these = _focus_words(kind, seeds)
    seed_set = set(seeds)

    def sentence(verb: str, joiner: str):
        """'cited by this paper and by 3 other papers of this map' (verb 'cited by')."""
        def say(_candidate: str, linked: list[str]) -> str:
            direct = [u for u in linked if u in seed_set]
            others = len(linked) - len(direct)
            head = f"{verb} {one}" if direct and len(seeds) == 1 else (
                f"{verb} {len(direct)} of {these}" if direct else "")
            rest = f"{_plural(others, 'other paper')} of this map" if others else ""
            if head and rest:
                return f"{head} and {joiner}{rest}"
            return head or f"{verb} {rest}"
        return say

    prior_sentence = sentence("cited by", "by ")
    derivative_sentence = sentence("cites", "")

    result["prior"], stubs_prior = _ranked(prior, cards, seeds, k, prior_sentence)
    result["derivative"], stubs_derivative = _ranked(derivative, cards, seeds, k,
                                                      derivative_sentence)
    result["similar"] = _similar(graph, seeds, g, set(prior) | set(derivative), k)
    result["left_out_stubs"] = stubs_prior + stubs_derivative
    return result


def _similar(graph: Graph, seeds: list[str], g: nx.DiGraph, linked: set[str],
             k: int) -> list[dict]:
    """Neither cited nor citing: the citation-signal ranking, then text similarity."""
    ranked = paper_suggestions(graph, seeds, k=k * 3, subgraph=g)["suggestions"]
    chosen = [s for s in ranked if s["id"] not in linked and not s.get("stub")
              and s.get("title") and s["title"] != s["id"]]
    by_id = {s["id"]: s for s in chosen}
    try:
        from explorer.views.similar import similar_by_text
    except ImportError:  # text similarity not installed in this build
        similar_by_text = None
    text_items: list[dict] = []
    if similar_by_text is not None:
        text_items = similar_by_text(graph, seeds, k=k, exclude=set(seeds) | linked)
    cards = _cards(graph, set(by_id) | {t["id"] for t in text_items})
    merged: dict[str, dict] = {}
    top = max((s["score"] for s in chosen), default=0.0) or 1.0
    for s in chosen:
        card = cards.get(s["id"]) or {}
        merged[s["id"]] = _item(s["id"], card or s, s["score"] / top, 1.0,
                                list(s.get("explanation") or []), [])
    for t in text_items:
        terms = [str(x) for x in (t.get("terms") or [])][:6]
        sentence = "similar words in title and abstract: " + ", ".join(terms) if terms else \
            "similar title and abstract"
        if t["id"] in merged:
            merged[t["id"]]["evidence"].append(sentence)
            merged[t["id"]]["score"] = round(merged[t["id"]]["score"] + float(t["score"]), 4)
        else:
            card = cards.get(t["id"]) or t
            merged[t["id"]] = _item(t["id"], card, float(t["score"]), 1.0, [sentence], [])
    items = sorted(merged.values(), key=lambda i: (-i["score"], i["id"]))[:k]
    best = items[0]["score"] if items else 0.0
    for item in items:
        item["relative"] = round(item["score"] / best, 3) if best else 0.0
    return items

"""Full-text search over papers, people, topics and institutions.

``search`` ranks by match, then by citations: the full-text index finds the
matches (up to ``SEARCH_POOL`` a type), then a title or name that is the query
itself comes first, then one whose *title* (or name) holds the whole query as a
phrase, then one whose title holds every query word, then a paper written by a
person whose name holds every query word
(so a surname finds all of that person's papers, whatever their titles say),
then a title holding some of the words, then matches in the abstract only.
Within a tier the most cited comes first, then the index's score. Topics and
institutions of the same name are one result. Groups are paged; each paper
result carries its full title (markup stripped, and in formatted pieces), first
author, year, venue and citations.
"""

from __future__ import annotations

import re
from typing import Any

from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.algorithms.topics import normalise_name
from explorer.views.entity import short_label
from explorer.views.markup import plain, title_parts
from explorer.views.options import NODE_TYPES

SEARCH_MAX = 100
# matches read from the index before re-ranking (per type): every one of them is reachable
SEARCH_POOL = 2000
# papers read for the people a search matched by name
AUTHOR_POOL = 500
# types whose results of the same name are one result (people of one name may be several)
MERGED_BY_NAME = ("Topic", "Institution")
# rank of a paper written by a person the query names, between "every word" and "some words"
AUTHOR_TIER = 1.5
# orders a group can be read in: match (then citations), or by one column
SORTS = ("match", "citations", "year", "title")
NOUNS = {"Paper": ("paper", "papers"), "Person": ("person", "people"),
         "Topic": ("topic", "topics"), "Institution": ("institution", "institutions")}
_WORD = re.compile(r"\w+", re.UNICODE)


def count_text(n: int, label: str) -> str:
    """``"1 paper"``, ``"2 papers"``, ``"1 person"``, ``"3 people"``.

    >>> count_text(1, "Paper"), count_text(0, "Person"), count_text(2, "Institution")
    ('1 paper', '0 people', '2 institutions')
    """
    one, many = NOUNS[label]
    return f"{n:,} {one if n == 1 else many}"


def _words(text: object) -> list[str]:
    return _WORD.findall(str(text or "").casefold())


def title_tier(title: object, query: str) -> int:
    """0: the title holds the query as a phrase; 1: every query word; 2: some; 3: none.
    The last query word also matches as a prefix (as the index query does).

    >>> q = "open access"
    >>> [title_tier(t, q) for t in ("The state of Open Access", "Open data and access",
    ...                              "Open-circuit voltage", "Solar cells")]
    [0, 1, 2, 3]
    >>> title_tier("Deep learning", "deep learn")
    0
    """
    words, terms = _words(title), _words(query)
    if not terms or not words:
        return 3

    n = len(terms)
    last = terms[-1]

    def match(word: str, i: int) -> bool:
        return word == terms[i] or (i == n - 1 and word.startswith(last))

    # a phrase can start only where its first word matches (most titles: nowhere)
    for start in range(len(words) - n + 1):
        if match(words[start], 0) and all(match(words[start + i], i) for i in range(1, n)):
            return 0
    present = set(words)
    found = sum(term in present for term in terms[:-1]) + (
        last in present or any(word.startswith(last) for word in words))
    return 1 if found == n else 2 if found else 3


def _lucene_query(text: str) -> str:
    """Quote every term so user text cannot use query syntax; prefix-match the last.

    >>> _lucene_query('deep learn')
    'deep learn*'
    >>> _lucene_query('a:b (c)')
    'a\\\\:b \\\\(c\\\\)*'
    """
    special = set('+-&|!(){}[]^"~*?:\\/')
    terms = ["".join("\\" + c if c in special else c for c in t) for t in text.split()]
    terms = [t for t in terms if t]
    if not terms:
        return ""
    terms[-1] += "*"
    return " ".join(terms)


def _read(graph: Graph, label: str, query: str) -> list[dict[str, Any]]:
    index = graph.backend.fulltext_index(label)
    try:
        rows = graph.read_table("read/search_fulltext", index=index, q=query,
                                limit=SEARCH_POOL)
    except Neo4jError:
        rows = []
    return [r for r in rows if r["id"]]


def _by_author(graph: Graph, people: list[dict[str, Any]], q: str) -> list[dict[str, Any]]:
    """The papers of the people whose name holds every word of ``q``."""
    named = [p["id"] for p in people if title_tier(p["name"], q) <= 1]
    if not named:
        return []
    return [dict(r) for r in graph.read("read/search_person_papers", ids=named[:50],
                                        limit=AUTHOR_POOL)]


def _rank(rows: list[dict[str, Any]], q: str) -> list[dict[str, Any]]:
    """Rows with their ``tier`` (-1: the title or name is the query itself; else
    :func:`title_tier`, or ``AUTHOR_TIER`` for a paper of a person the query names), by
    tier, then citations, then the index's score."""
    exact = normalise_name(q)
    for r in rows:
        text = plain(r["title"] or r["name"])
        tier = -1.0 if normalise_name(text) == exact else float(title_tier(text, q))
        r["tier"] = min(tier, AUTHOR_TIER) if r.get("author") else tier
    return sorted(rows, key=lambda r: (r["tier"], -(r.get("citations") or 0),
                                       -float(r.get("score") or 0)))


def _sort(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Rows already in match order, re-read by ``sort`` (stable: ties keep match order)."""
    if sort == "citations":
        return sorted(rows, key=lambda r: -(r.get("citations") or 0))
    if sort == "year":
        return sorted(rows, key=lambda r: -(r.get("year") or 0))
    if sort == "title":
        return sorted(rows, key=lambda r: plain(r["title"] or r["name"]).casefold())
    return rows


def _merge(rows: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """One row per paper id; for topics and institutions one per normalised name (its
    other ids in ``ids``), in the order given."""
    seen: dict[str, dict[str, Any]] = {}
    out = []
    for r in rows:
        key = r["id"]
        if label in MERGED_BY_NAME:
            key = normalise_name(r["name"] or r["title"]) or r["id"]
        if key in seen:
            if r["id"] not in seen[key]["ids"]:
                seen[key]["ids"].append(r["id"])
            continue
        r["ids"] = [r["id"]]
        seen[key] = r
        out.append(r)
    return out


def search(graph: Graph, q: str, *, types: list[str] | None = None,
           limit: int = 20, page: int = 1, sort: str = "match") -> dict[str, Any]:
    """Full-text search over paper titles and abstracts and the names of people,
    topics and institutions; results grouped by type, ranked by match then citations.

    Each group: ``total`` (results, duplicates merged; every match the index returns,
    at most ``SEARCH_POOL``), ``capped`` (the index had more), ``count_text`` (the total
    in words: "1 paper", "12 papers", "3 people"), ``page`` and ``pages`` (``limit``
    results a page, in ``sort`` order: one of ``SORTS``), ``count`` (items on this page)
    and ``items``. ``order`` lists the
    types, the group with the best match first. Each item: ``id``, ``ids`` (every node
    merged into it), ``type``, ``label`` (short), ``title`` (full title or name, markup
    stripped), ``title_parts`` (the same with its formatting, see
    :func:`explorer.views.markup.title_parts`), ``year``, ``citations``, ``first_author``
    and ``venue`` (papers; else null), ``author`` (the person the query named, for a
    paper found through its author), ``score`` and ``in_title`` (the query's words are
    in the title or name).
    """
    if not q or not q.strip():
        raise InputError("the search text is empty")
    if not 1 <= limit <= SEARCH_MAX:
        raise InputError(f"limit must be between 1 and {SEARCH_MAX}")
    if page < 1:
        raise InputError("page must be 1 or more")
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort!r}; choose from {', '.join(SORTS)}")
    query = _lucene_query(q.strip())
    wanted = types or list(NODE_TYPES)
    found = {label: _read(graph, label, query) for label in wanted}
    if "Paper" in found:
        people = found.get("Person") or _read(graph, "Person", query)
        found["Paper"] += _by_author(graph, people, q)
    groups: dict[str, dict[str, Any]] = {}
    for label, rows in found.items():
        capped = len([r for r in rows if not r.get("author")]) >= SEARCH_POOL
        ranked = _sort(_merge(_rank(rows, q), label), sort)
        pages = max(1, -(-len(ranked) // limit))
        top = ranked[(page - 1) * limit: page * limit]
        groups[label] = {"count": len(top), "total": len(ranked), "capped": capped,
                         "count_text": count_text(len(ranked), label) + ("+" if capped else ""),
                         "page": page, "pages": pages, "sort": sort,
                         "best": min((r["tier"] for r in ranked), default=9),
                         "items": _items(graph, label, top, q)}
    order = sorted(groups, key=lambda label: (groups[label].pop("best"), wanted.index(label)))
    return {"query": q, "order": order, "groups": {label: groups[label] for label in order}}


def _items(graph: Graph, label: str, top: list[dict[str, Any]], q: str) -> list[dict]:
    cards: dict[str, dict] = {}
    if label == "Paper" and top:
        cards = {c["id"]: c for c in graph.read("read/paper_texts", ids=[r["id"] for r in top])}
    items = []
    for r in top:
        card = cards.get(r["id"], {})
        text = r["title"] or r["name"] or r["id"]
        items.append({"id": r["id"], "ids": r["ids"], "type": label,
                      "label": short_label({"title": plain(text)}),
                      "title": plain(text), "title_parts": title_parts(text),
                      "year": r["year"], "citations": r.get("citations"),
                      "first_author": card.get("first_author"), "venue": card.get("venue"),
                      "author": r.get("author"), "score": round(float(r.get("score") or 0), 4),
                      "in_title": r["tier"] <= 1})
    return items

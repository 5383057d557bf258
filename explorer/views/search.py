"""Full-text search over papers, people, topics and institutions.

``search`` ranks by relevance: the full-text index finds the matches, then a
match whose *title* (or name) holds the whole query as a phrase comes first,
then one whose title holds every query word, then one whose title holds some,
then matches in the abstract only; the index's score orders each tier. Each
paper result carries its full title, first author, year and venue.
"""

from __future__ import annotations

import re
from typing import Any

from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.views.entity import short_label
from explorer.views.options import NODE_TYPES

SEARCH_MAX = 100
# matches read from the index before re-ranking by title (per type)
SEARCH_POOL = 200
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

    def match(word: str, i: int) -> bool:
        return word == terms[i] or (i == len(terms) - 1 and word.startswith(terms[i]))

    n = len(terms)
    for start in range(len(words) - n + 1):
        if all(match(words[start + i], i) for i in range(n)):
            return 0
    found = sum(any(match(w, i) for w in words) for i in range(n))
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


def search(graph: Graph, q: str, *, types: list[str] | None = None,
           limit: int = 20) -> dict[str, Any]:
    """Full-text search over paper titles and abstracts and the names of people,
    topics and institutions; results grouped by type, ranked by relevance.

    Each group: ``count`` (items returned), ``total`` (matches found, at most
    ``SEARCH_POOL``), ``count_text`` (the total in words: "1 paper", "12 papers",
    "3 people"), ``items`` (at most ``limit``). Each item: ``id``,
    ``type``, ``label`` (short), ``title`` (full title or name), ``year``,
    ``first_author`` and ``venue`` (papers; else null), ``score`` and ``in_title``
    (the query's words are in the title or name).
    """
    if not q or not q.strip():
        raise InputError("the search text is empty")
    if not 1 <= limit <= SEARCH_MAX:
        raise InputError(f"limit must be between 1 and {SEARCH_MAX}")
    query = _lucene_query(q.strip())
    groups: dict[str, dict[str, Any]] = {}
    for label in types or NODE_TYPES:
        index = graph.backend.fulltext_index(label)
        try:
            rows = graph.read("read/search_fulltext", index=index, q=query, limit=SEARCH_POOL)
        except Neo4jError:
            rows = []
        rows = [r for r in rows if r["id"]]
        ranked = sorted(enumerate(rows), key=lambda ir: (
            title_tier(ir[1]["title"] or ir[1]["name"], q), -float(ir[1]["score"] or 0), ir[0]))
        top = [r for _, r in ranked[:limit]]
        cards: dict[str, dict] = {}
        if label == "Paper" and top:
            cards = {c["id"]: c for c in graph.read("read/paper_texts",
                                                    ids=[r["id"] for r in top])}
        items = []
        for r in top:
            card = cards.get(r["id"], {})
            text = r["title"] or r["name"]
            items.append({"id": r["id"], "type": label, "label": short_label(r),
                          "title": text, "year": r["year"],
                          "first_author": card.get("first_author"),
                          "venue": card.get("venue"),
                          "score": round(float(r["score"] or 0), 4),
                          "in_title": title_tier(text, q) <= 1})
        groups[label] = {"count": len(items), "total": len(rows),
                         "count_text": count_text(len(rows), label), "items": items}
    return {"query": q, "groups": groups}

"""Similar work by text: papers whose titles and abstracts resemble the seeds'.

``similar_by_text`` works for any paper with a title or an abstract, with or
without citation links: the seeds' most frequent content words are sent to the
papers' full-text index (``read/search_fulltext``, at most ``CANDIDATES``
matches), the matches' texts are read (``read/paper_texts``) and re-ranked by
TF-IDF cosine to the seeds (:func:`explorer.algorithms.text.rank_by_text`),
whose shared distinctive terms are the evidence. Stubs are never suggested.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from neo4j.exceptions import Neo4jError

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.algorithms.text import document, query_terms, rank_by_text

CANDIDATES = 200
QUERY_TERMS = 12


def _escape(term: str) -> str:
    special = set('+-&|!(){}[]^"~*?:\\/')
    return "".join("\\" + c if c in special else c for c in term)


def _candidates(graph: Graph, terms: list[str]) -> list[str]:
    if not terms:
        return []
    index = graph.backend.fulltext_index("Paper")
    try:
        rows = graph.read("read/search_fulltext", index=index,
                          q=" ".join(_escape(t) for t in terms), limit=CANDIDATES)
    except Neo4jError:
        return []
    return [r["id"] for r in rows if r["id"]]


def similar_by_text(graph: Graph, seed_ids: list[str], *, k: int = 20,
                    exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Papers most similar in text to the seed papers, best first, at most ``k``.

    Each item: ``id``, ``title``, ``first_author``, ``year``, ``venue``, ``score``
    (TF-IDF cosine to the seeds, 0..1) and ``terms`` (the shared distinctive
    terms, most telling first). Seeds, ids in ``exclude`` and stub papers are
    never returned; seeds without a title or abstract give an empty list.
    """
    if not 1 <= k <= 200:
        raise InputError("k must be between 1 and 200")
    seeds = list(dict.fromkeys(seed_ids))
    seed_rows = graph.read("read/paper_texts", ids=seeds)
    seed_docs = {r["id"]: document(r["title"], r["abstract"]) for r in seed_rows}
    texts = [seed_docs[s] for s in seeds if seed_docs.get(s)]
    skip = set(seeds) | set(exclude)
    found = [c for c in _candidates(graph, query_terms(texts, QUERY_TERMS)) if c not in skip]
    if not texts or not found:
        return []
    rows = {r["id"]: r for r in graph.read("read/paper_texts", ids=found)}
    docs = dict(seed_docs)
    for cid, row in rows.items():
        if not row["stub"]:
            docs[cid] = document(row["title"], row["abstract"])
    out = []
    for match in rank_by_text(docs, seeds, k=k, exclude=skip):
        row = rows[match.id]
        out.append({"id": match.id, "title": row["title"] or match.id,
                    "first_author": row["first_author"], "year": row["year"],
                    "venue": row["venue"], "score": match.score, "terms": match.terms})
    return out

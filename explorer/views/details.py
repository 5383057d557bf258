"""Search and entity details."""

from __future__ import annotations

from typing import Any

from neo4j.exceptions import Neo4jError

from cypher.access.backends import dialect
from cypher.access.graph import Graph
from explorer.views.common import NODE_TYPES, node_type, short_label

SEARCH_MAX = 100
DETAIL_LIMIT = 50


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
    topics and institutions; results grouped by type with counts."""
    if not q or not q.strip():
        raise ValueError("the search text is empty")
    if not 1 <= limit <= SEARCH_MAX:
        raise ValueError(f"limit must be between 1 and {SEARCH_MAX}")
    query = _lucene_query(q.strip())
    groups: dict[str, dict[str, Any]] = {}
    for label in types or NODE_TYPES:
        index = dialect.fulltext_index_name(graph.backend, label)
        try:
            rows = graph.read("read/search_fulltext", index=index, q=query, limit=limit)
        except Neo4jError:
            rows = []
        items = [{"id": r["id"], "type": label, "label": short_label(r), "year": r["year"],
                  "title": r["title"] or r["name"]} for r in rows if r["id"]]
        groups[label] = {"count": len(items), "items": items}
    return {"query": q, "groups": groups}


def node_details(graph: Graph, node_id: str) -> dict[str, Any]:
    """Return a node's properties and its closest context (see the web API docs)."""
    label, props = node_type(graph, node_id)
    details: dict[str, Any] = {"id": node_id, "type": label, "properties": props,
                               "label": short_label(props)}
    limit = DETAIL_LIMIT
    if label == "Paper":
        details["authors"] = graph.read("read/paper_authors", id=node_id, limit=limit)
        details["topics"] = graph.read("read/paper_topic_list", id=node_id, limit=limit)
        counts = graph.read("read/paper_citation_counts", id=node_id)[0]
        details["citations"] = {**counts, "cited_by_count": props.get("cited_by_count")}
    elif label == "Person":
        details["papers"] = graph.read("read/person_papers", id=node_id, limit=limit)
        details["institutions"] = graph.read("read/person_institutions", id=node_id,
                                             limit=limit)
        details["people"] = graph.read("read/person_collaborators", id=node_id, limit=limit)
    elif label == "Topic":
        details["papers"] = graph.read("read/topic_papers", id=node_id, limit=limit)
        details["people"] = graph.read("read/topic_people", id=node_id, limit=limit)
        details["broader"] = graph.read("read/topic_parents", id=node_id, limit=limit)
    else:
        details["papers"] = graph.read("read/institution_papers", id=node_id, limit=limit)
        details["people"] = graph.read("read/institution_people", id=node_id, limit=limit)
    return details

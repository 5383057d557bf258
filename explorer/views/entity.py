"""One node as its page shows it: its type, a short label, its properties and context.

:func:`node_details` answers ``/api/nodes/<id>``: a paper's authors, topics
(once per concept, ``explorer.algorithms.topics``) and citation counts; a
person's papers, institutions and collaborators; a topic's papers, people and
broader topics; an institution's papers and people. Unknown ids raise
:class:`cypher.access.errors.NotFound`.
"""

from __future__ import annotations

from typing import Any

from cypher.access.errors import NotFound
from cypher.access.graph import Graph
from explorer.algorithms.topics import merge_same_name
from explorer.views.options import NODE_TYPES

DETAIL_LIMIT = 50


def short_label(node: dict[str, Any], width: int = 60) -> str:
    """A display label of at most ``width`` characters.

    >>> short_label({"title": "A" * 70})[-1], len(short_label({"title": "A" * 70}))
    ('…', 60)
    """
    text = node.get("title") or node.get("name") or node.get("id") or ""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def node_type(graph: Graph, node_id: str) -> tuple[str, dict[str, Any]]:
    """Return (label, properties) of a node; raise NotFound."""
    rows = graph.read_records("read/node_by_id", id=node_id)
    if not rows:
        raise NotFound(f"no node with id {node_id!r}")
    node = rows[0]["node"]
    labels = [label for label in rows[0]["labels"] if label in NODE_TYPES]
    return (labels[0] if labels else "Paper"), dict(node)


def node_details(graph: Graph, node_id: str) -> dict[str, Any]:
    """Return a node's properties and its closest context (see the web API docs)."""
    label, props = node_type(graph, node_id)
    details: dict[str, Any] = {"id": node_id, "type": label, "properties": props,
                               "label": short_label(props)}
    limit = DETAIL_LIMIT
    if label == "Paper":
        details["authors"] = graph.read("read/paper_authors", id=node_id, limit=limit)
        details["topics"] = merge_same_name(
            graph.read("read/paper_topic_list", id=node_id, limit=limit))
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

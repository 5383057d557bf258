"""One node as its page shows it: its type, a short label, its properties and context.

:func:`node_details` answers ``/api/nodes/<id>``: a paper's authors, topics
(once per concept, ``explorer.algorithms.topics``) and citation counts; a
person's papers, institutions and collaborators; a topic's papers, people and
broader topics; an institution's papers and people. A person's, topic's or
institution's papers come DETAIL_LIMIT at a time: :func:`node_papers` answers
``/api/node-papers/<id>`` with the next page. Unknown ids raise
:class:`cypher.access.errors.NotFound`.
"""

from __future__ import annotations

from typing import Any

from cypher.access.errors import InputError, NotFound
from cypher.access.graph import Graph
from explorer.algorithms.topics import merge_same_name
from explorer.views.options import NODE_TYPES

DETAIL_LIMIT = 50
#: the most papers one request for a node's papers returns
PAPERS_PAGE_MAX = 200
PAPER_PAGES = {"Person": "read/person_papers_page", "Topic": "read/topic_papers_page",
               "Institution": "read/institution_papers_page"}


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
    else:
        page = _papers_page(graph, label, node_id, 0, limit)
        details["papers"], details["papers_more"] = page["papers"], page["more"]
    if label == "Person":
        details["institutions"] = graph.read("read/person_institutions", id=node_id,
                                             limit=limit)
        details["people"] = graph.read("read/person_collaborators", id=node_id, limit=limit)
    elif label == "Topic":
        details["people"] = graph.read("read/topic_people", id=node_id, limit=limit)
        details["broader"] = graph.read("read/topic_parents", id=node_id, limit=limit)
    elif label == "Institution":
        details["people"] = graph.read("read/institution_people", id=node_id, limit=limit)
    return details


def _papers_page(graph: Graph, label: str, node_id: str, offset: int,
                 limit: int) -> dict[str, Any]:
    rows = graph.read(PAPER_PAGES[label], id=node_id, skip=offset, limit=limit + 1)
    return {"papers": rows[:limit], "more": len(rows) > limit}


def node_papers(graph: Graph, node_id: str, offset: int = 0,
                limit: int = DETAIL_LIMIT) -> dict[str, Any]:
    """One page of a person's, topic's or institution's papers, in the order of its page:
    {"id", "type", "offset", "papers" (at most ``limit``), "more" (whether a page follows)}.

    Raises NotFound for an unknown id, InputError for a paper (it has no papers), a
    negative ``offset`` or a ``limit`` outside 1..PAPERS_PAGE_MAX."""
    if offset < 0:
        raise InputError(f"offset must be 0 or more, got {offset}")
    if not 1 <= limit <= PAPERS_PAGE_MAX:
        raise InputError(f"limit must be between 1 and {PAPERS_PAGE_MAX}, got {limit}")
    label, _ = node_type(graph, node_id)
    if label not in PAPER_PAGES:
        raise InputError(f"{node_id!r} is a {label.lower()}: it has no papers of its own")
    return {"id": node_id, "type": label, "offset": offset,
            **_papers_page(graph, label, node_id, offset, limit)}

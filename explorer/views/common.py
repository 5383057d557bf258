"""The product's operations on the graph, shared by the CLI and the web app.

Each function takes a :class:`cypher.access.graph.Graph` and plain parameters and
returns plain dicts in the shapes documented in ``docs/VIEW_SHAPE.md``.
Unknown ids raise :class:`NotFound`; bad parameters raise ``ValueError``.
"""

from __future__ import annotations

from typing import Any

from cypher.access.graph import Graph

NODE_TYPES = ("Paper", "Person", "Topic", "Institution")
RELATIONSHIP_TYPES = ("CITES", "AUTHORED", "AFFILIATED_WITH", "ABOUT", "RELATED_TO", "PART_OF")
MAX_DEPTH = 3
MAX_LIMIT = 3000
DEFAULT_LIMIT = 300


class NotFound(LookupError):
    """No node has this id."""


def parse_types(text: str | None) -> list[str]:
    """Parse ``"Paper,Person"`` into an allow-listed list of labels.

    >>> parse_types("paper, Person"), parse_types(None) == list(NODE_TYPES)
    (['Paper', 'Person'], True)
    """
    if not text:
        return list(NODE_TYPES)
    wanted = []
    for part in text.split(","):
        name = part.strip().capitalize()
        if not name:
            continue
        if name not in NODE_TYPES:
            raise ValueError(f"unknown node type {part.strip()!r}; "
                             f"choose from {', '.join(NODE_TYPES)}")
        wanted.append(name)
    return wanted or list(NODE_TYPES)


def parse_years(text: str | None) -> tuple[int | None, int | None] | None:
    """Parse ``"2015:2020"``, ``"2015:"`` or ``":2020"`` into a year range.

    >>> parse_years("2015:2020"), parse_years(":1999"), parse_years(None)
    ((2015, 2020), (None, 1999), None)
    """
    if not text:
        return None
    if ":" not in text:
        raise ValueError(f"years must look like 2015:2020, got {text!r}")
    low, high = (part.strip() for part in text.split(":", 1))
    try:
        years = (int(low) if low else None, int(high) if high else None)
    except ValueError:
        raise ValueError(f"years must look like 2015:2020, got {text!r}") from None
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise ValueError(f"the year range {text!r} is empty")
    return years


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

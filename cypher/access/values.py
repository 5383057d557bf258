"""Driver values (nodes, relationships, paths, temporal types) as plain JSON values."""

from __future__ import annotations

from typing import Any

from neo4j.graph import Node, Path, Relationship


def to_plain(value: Any) -> Any:
    """Turn driver values (nodes, relationships, paths, dates) into JSON values."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": to_plain(dict(value))}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {"type": value.type, "start": start.get("id") if start is not None else None,
                "end": end.get("id") if end is not None else None,
                "properties": to_plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)

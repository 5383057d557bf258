"""Bounded neighbourhoods: the research map of a node, with communities and layout.

Hubs do not explode the view: at each hop the neighbours of every frontier
node are ranked on the server (citations inside the graph, then the source's
citation count, then recency) and capped; groups (e.g. citing papers, authors,
topics) take turns so that every kind of neighbour is represented. Every cap
that left nodes out is reported in ``truncated`` with the rule used.
"""

from __future__ import annotations

import heapq
from typing import Any

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.views.entity import node_type
from explorer.views.map_view import build_map
from explorer.views.options import (
    DEFAULT_LIMIT,
    MAX_DEPTH,
    MAX_LIMIT,
    NODE_TYPES,
    RELATIONSHIP_TYPES,
)

_GROUP_NOUNS = {
    ("CITES", True): "cited papers", ("CITES", False): "citing papers",
    ("AUTHORED", True): "papers", ("AUTHORED", False): "authors",
    ("ABOUT", True): "topics", ("ABOUT", False): "papers on this topic",
    ("AFFILIATED_WITH", True): "institutions", ("AFFILIATED_WITH", False): "people",
    ("RELATED_TO", True): "related papers", ("RELATED_TO", False): "related papers",
    ("PART_OF", True): "broader topics", ("PART_OF", False): "narrower topics",
}


# Later hops expand the previous hop's nodes in rank order until about this many
# neighbours would be scanned: the neighbours of a hub's most cited neighbours run
# to tens of thousands, and reading them all cost seconds (docs/BENCHMARKS.md).
SCAN_BUDGET = 12_000
DEGREE_ALLOWANCE = 25  # references, authors and topics not counted in `indegree`
MIN_EXPANDED = 10
EDGE_ROWS_PER_NODE = 20


def _round_robin(groups: list[list[str]], budget: int) -> list[str]:
    """Take ids from the ranked groups in turn until ``budget`` distinct ids are taken.

    >>> _round_robin([["a", "b", "c"], ["b", "d"], []], 4)
    ['a', 'b', 'd', 'c']
    """
    taken: dict[str, None] = {}
    index = 0
    while len(taken) < budget and any(index < len(g) for g in groups):
        for group in groups:
            if index < len(group) and len(taken) < budget:
                taken.setdefault(group[index], None)
        index += 1
    return list(taken)


def _top(candidates: list[list], seen: set[str] | dict, k: int) -> list[str]:
    """The ``k`` best unseen candidates: most cited in the graph, then by the
    source's count, then newest, then by id.

    >>> _top([[2, 0, 1999, "a"], [5, 0, 1990, "b"], [2, 9, 1990, "c"], [5, 0, 1990, "d"]],
    ...      {"d"}, 3)
    ['b', 'c', 'a']
    """
    fresh = (c for c in candidates if c[3] is not None and c[3] not in seen)
    best = heapq.nsmallest(k, fresh, key=lambda c: (-c[0], -c[1], -c[2], c[3]))
    return [c[3] for c in best]


def _check(depth: int, limit: int) -> None:
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")


def collect_nodes(graph: Graph, center: str, *, depth: int, limit: int, labels: list[str],
                  years: tuple | None, keep_undated: bool = False,
                  encountered: set[str] | None = None) -> tuple[dict[str, dict], list[dict], dict]:
    """Breadth-first, server-ranked and capped; returns (nodes, truncated, params).

    ``encountered``, when given, collects the id of every neighbour the caps
    considered, shown or not, so the caller can say how many were left out.
    """
    year_from, year_to = years or (None, None)
    nodes: dict[str, dict] = {}
    truncated: list[dict] = []
    frontier = [center]
    params: dict[str, Any] = {}
    for hop in range(1, depth + 1):
        budget = limit - len(nodes) - 1
        if hop < depth:
            budget = max(1, budget // 2)  # leave room for the next hop
        if budget <= 0 or not frontier:
            break
        if hop > 1:
            frontier, skipped = _within_scan_budget(frontier, nodes)
            if skipped:
                truncated.append(_scan_note(hop, len(frontier), skipped))
        per_node = max(3, min(budget, budget // max(1, len(frontier)) + 1))
        params = {"ids": frontier, "labels": labels, "types": list(RELATIONSHIP_TYPES),
                  "year_from": year_from, "year_to": year_to,
                  "keep_undated": bool(keep_undated), "limit": 50_000}
        rows = graph.read_values("read/neighbours", **params)
        if encountered is not None:
            encountered.update(c[3] for row in rows for c in row["candidates"])
        seen = {center, *nodes}
        groups = [_top(row["candidates"], seen, per_node) for row in rows]
        taken_ids = _round_robin(groups, budget)
        shown_ids = set(taken_ids)
        cards = {r["id"]: r for r in graph.read("read/view_nodes", ids=taken_ids)}
        taken = [cards[i] for i in taken_ids if i in cards]
        for m in taken:
            nodes[m["id"]] = {**m, "hop": hop}
        for row, group in zip(rows, groups, strict=True):
            shown = sum(1 for i in group if i in shown_ids)
            before = sum(1 for c in row["candidates"] if c[3] in seen)
            left_out = row["total"] - before - shown
            if left_out > 0:
                noun = _GROUP_NOUNS.get((row["rel"], row["outgoing"]), "neighbours")
                truncated.append({
                    "hop": hop, "source": row["source"], "type": row["rel"],
                    "direction": "out" if row["outgoing"] else "in", "total": row["total"],
                    "shown": shown, "rule": "most cited in the graph first",
                    "message": f"{left_out} more {noun} of {row['source']}, "
                               f"showing the {shown} most cited",
                })
        frontier = [m["id"] for m in taken if m["type"] != "Topic" or depth == 1]
    return nodes, _merge_later_hops(truncated), params


def _within_scan_budget(frontier: list[str], nodes: dict[str, dict]) -> tuple[list[str], int]:
    """The leading frontier nodes whose neighbours fit in :data:`SCAN_BUDGET`
    (estimated from the stored in-graph citations plus :data:`DEGREE_ALLOWANCE`),
    at least :data:`MIN_EXPANDED`; and how many were left unexpanded.

    >>> hubs = {f"h{i}": {"indegree": 2000} for i in range(12)}
    >>> kept, skipped = _within_scan_budget(list(hubs), hubs)
    >>> len(kept), skipped
    (10, 2)
    >>> _within_scan_budget(["a", "b"], {"a": {"indegree": 3}})
    (['a', 'b'], 0)
    """
    kept, spent = [], 0
    for node_id in frontier:
        cost = int(nodes.get(node_id, {}).get("indegree") or 0) + DEGREE_ALLOWANCE
        if len(kept) >= MIN_EXPANDED and spent + cost > SCAN_BUDGET:
            break
        kept.append(node_id)
        spent += cost
    return kept, len(frontier) - len(kept)


def _scan_note(hop: int, expanded: int, skipped: int) -> dict:
    return {"hop": hop, "source": None, "type": None, "direction": None, "total": 0,
            "shown": 0, "rule": "scan budget",
            "message": f"hop {hop}: neighbours of the {expanded} most relevant nodes of the "
                       f"previous hop only; {skipped} more nodes not expanded (scan budget "
                       f"of about {SCAN_BUDGET:,} neighbours)"}


def _merge_later_hops(truncated: list[dict]) -> list[dict]:
    """Keep hop-1 notes per source; sum later hops per (hop, type, direction)."""
    merged: dict[tuple, dict] = {}
    out = [t for t in truncated if t["hop"] == 1 or t["rule"] == "scan budget"]
    for cut in truncated:
        if cut["hop"] == 1 or cut["rule"] == "scan budget":
            continue
        key = (cut["hop"], cut["type"], cut["direction"])
        into = merged.setdefault(key, {**cut, "source": None, "total": 0, "shown": 0,
                                       "sources": 0})
        into["total"] += cut["total"]
        into["shown"] += cut["shown"]
        into["sources"] += 1
    for (hop, rel, direction), cut in sorted(merged.items()):
        noun = _GROUP_NOUNS.get((rel, direction == "out"), "neighbours")
        cut["message"] = (f"hop {hop}: {cut['total'] - cut['shown']} more {noun} of "
                          f"{cut['sources']} nodes, showing the {cut['shown']} most cited")
        out.append(cut)
    return out


def neighbourhood(graph: Graph, node_id: str, *, depth: int = 1, limit: int = DEFAULT_LIMIT,
                  types: list[str] | None = None, years: tuple | None = None,
                  keep_undated: bool = False, resolution: float = 1.0,
                  seed: int = 42) -> dict[str, Any]:
    """Return the research map of ``node_id`` (see ``docs/VIEW_SHAPE.md``).

    ``total_nodes`` counts every node the caps considered (shown or left out),
    so "showing N of M" is true; with a year range, undated papers are left
    out unless ``keep_undated``.
    """
    _check(depth, limit)
    labels = [t for t in (types or NODE_TYPES) if t in NODE_TYPES]
    center_type, center_props = node_type(graph, node_id)
    encountered: set[str] = set()
    found, truncated, params = collect_nodes(graph, node_id, depth=depth, limit=limit,
                                             labels=labels, years=years,
                                             keep_undated=keep_undated, encountered=encountered)
    ids = [node_id, *found]
    center = graph.read("read/view_nodes", ids=[node_id])[0]
    found = {node_id: {**center, "hop": 0}, **found}
    edges, total_edges = _edges_among(graph, ids, found)
    if total_edges > len(edges):
        truncated.append({"hop": None, "source": None, "type": None, "direction": None,
                          "total": total_edges, "shown": len(edges), "rule": "edge cap",
                          "message": f"only {len(edges):,} of the {total_edges:,} links "
                                     f"among the {len(ids)} nodes are drawn"})
    topics = {row["id"]: row["topics"] for row in graph.read(
        "read/paper_topics", ids=[i for i in ids if found[i].get("type") == "Paper"])}
    drawn = build_map(graph, node_id, found, edges, topics, resolution=resolution, seed=seed)
    shown = {n["id"] for n in drawn["nodes"]}
    left_out = encountered - set(ids) - set(drawn["merged_topics"])
    return {
        "center": node_id, "center_type": center_type, "depth": depth,
        "nodes": drawn["nodes"],
        "edges": [{"source": e["source"], "target": e["target"], "type": e["type"],
                   "weight": float(e["weight"] or 1)} for e in drawn["edges"]],
        "communities": drawn["communities"], "modularity": drawn["modularity"],
        "resolution": resolution, "seed": seed, "truncated": truncated,
        "total_nodes": len(shown) + len(left_out), "shown_nodes": len(shown),
        "left_out_nodes": len(left_out), "merged_topics": len(drawn["merged_topics"]),
        "stubs": sum(1 for n in drawn["nodes"] if n["unresolved"]),
        "center_title": center_props.get("title") or center_props.get("name"),
        "query": {"name": "read/neighbours", "params": {
            "id": node_id, "depth": depth, "limit": limit, "types": labels,
            "year_from": params.get("year_from"), "year_to": params.get("year_to"),
            "keep_undated": bool(keep_undated)}},
    }


def _edges_among(graph: Graph, ids: list[str], found: dict[str, dict]) -> tuple[list[dict], int]:
    """The links among the view's nodes (at most :data:`EDGE_ROWS_PER_NODE` times
    as many as nodes), and how many there are in all."""
    by_label: dict[str, list[str]] = {label: [] for label in NODE_TYPES}
    for nid in ids:
        by_label.get(found[nid].get("type") or "Paper", by_label["Paper"]).append(nid)
    limit = max(EDGE_ROWS_PER_NODE * len(ids), 1000)
    rows = graph.read_values("read/edges_among", ids=ids, papers=by_label["Paper"],
                      people=by_label["Person"], topics=by_label["Topic"],
                      institutions=by_label["Institution"], types=list(RELATIONSHIP_TYPES),
                      limit=len(ids))
    edges = [{"source": row["source"], "target": target, "type": rel, "weight": weight}
             for row in rows for target, rel, weight in row["out"]]
    return edges[:limit], len(edges)

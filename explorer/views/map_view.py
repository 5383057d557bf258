"""From the collected nodes and links to the drawn research map.

Given what :mod:`explorer.views.neighbourhood` read from the graph, this
module merges topics of one name, labels every node ("First-author Year"
for papers), ranks nodes for label priority, finds and names communities by
their distinctive terms, and lays the map out by community with the focus at
the centre.
"""

from __future__ import annotations

import hashlib
from typing import Any

import networkx as nx

from cypher.access.graph import Graph
from explorer.algorithms.communities import detect_communities, label_communities
from explorer.algorithms.community_terms import distinctive_terms
from explorer.algorithms.map_layout import community_layout
from explorer.views import map_nodes

#: every map finds its communities with igraph's Leiden: 3-7x faster than python-louvain
#: on maps of 40-160 papers with the same or a higher modularity in 9 maps of 10, and
#: 10-45x at 300-1,000 nodes (docs/BENCHMARKS.md, "Views: layout and communities" and
#: "A 300-paper map's client time")
COMMUNITIES = "leiden"


def paper_cards(graph: Graph, ids: list[str]) -> dict[str, dict]:
    """First author, venue, DOI and citation counts of the papers in ``ids``."""
    if not ids:
        return {}
    return {row["id"]: row for row in graph.read("read/paper_cards", ids=ids)}


def _community_key(members: list[str]) -> str:
    """A key that names a community by its members, stable across reloads of one view."""
    digest = hashlib.sha1("|".join(sorted(members)).encode()).hexdigest()[:10]
    return "c" + digest


def _name(term: str) -> str:
    return term[:1].upper() + term[1:]


def describe_communities(view_graph: nx.Graph, membership: dict[str, int],
                         labels: dict[str, str], rank: dict[str, int]) -> list[dict]:
    """Each community with a label of its distinctive terms, its key and its leading node."""
    base = label_communities(view_graph, membership)
    terms = distinctive_terms(view_graph, membership, k=2)
    members: dict[int, list[str]] = {}
    for node, cid in membership.items():
        members.setdefault(cid, []).append(node)
    out = []
    for entry in base:
        cid = entry["id"]
        nodes = members.get(cid, [])
        lead = min(nodes, key=lambda n: rank.get(n, 10**9)) if nodes else None
        chosen = terms.get(cid) or []
        if chosen:
            label = " · ".join(_name(t) for t in chosen)
        elif lead is not None:
            label = labels.get(lead) or str(lead)
        else:
            label = f"community {cid}"
        top_paper = entry.get("top_paper")
        if top_paper and view_graph.nodes[top_paper].get("stub") \
                and not view_graph.nodes[top_paper].get("title"):
            top_paper = None
        out.append({**entry, "label": map_nodes.shorten(label, 60), "terms": chosen,
                    "key": _community_key(nodes), "lead": lead, "top_paper": top_paper})
    return out


def unique_edges(edges: list[dict]) -> list[dict]:
    """Each link once: the first of the edges with one source, target and type, with the
    highest weight among them (a person with one institution reached through several of
    their papers, two topics of one name merged), in first-seen order.

    >>> unique_edges([{"source": "a", "target": "i", "type": "T", "weight": 1.0},
    ...               {"source": "a", "target": "i", "type": "T", "weight": 2.0}])
    [{'source': 'a', 'target': 'i', 'type': 'T', 'weight': 2.0}]
    """
    kept: dict[tuple, dict] = {}
    for edge in edges:
        key = (edge["source"], edge["target"], edge["type"])
        held = kept.get(key)
        if held is None:
            kept[key] = dict(edge)
        elif float(edge.get("weight") or 0) > float(held.get("weight") or 0):
            held["weight"] = edge["weight"]
    return list(kept.values())


def build_map(graph: Graph | None, center: str, found: dict[str, dict], edges: list[dict],
              topics: dict[str, list[str]], *, resolution: float, seed: int,
              cards: dict[str, dict] | None = None) -> dict[str, Any]:
    """Nodes (with labels, ranks, communities, positions), edges (each link once) and
    communities of a view.

    The papers' cards (first author, venue, DOI, counts) are read from ``graph``
    unless ``cards`` already holds them."""
    merged, edges = map_nodes.merge_topics(found, edges)
    edges = unique_edges(edges)
    ids = list(found)
    if cards is None:
        assert graph is not None
        cards = paper_cards(graph, [i for i in ids if found[i].get("type") == "Paper"])
    view_graph = nx.Graph()
    labels: dict[str, str] = {}
    names = {nid: map_nodes.unique_names(topics.get(nid, [])) for nid in ids}
    for nid in ids:
        node = {**found[nid], **{k: v for k, v in cards.get(nid, {}).items() if v is not None}}
        found[nid] = node
        labels[nid] = map_nodes.node_label(node, node.get("first_author"))
        view_graph.add_node(nid, type=node.get("type"), title=node.get("title") or node.get(
            "name"), cited_by_count=node.get("indegree") or node.get("cited_by_count") or 0,
            topics=names[nid], name=node.get("name"),
            stub=bool(node.get("stub")))
    for edge in edges:
        view_graph.add_edge(edge["source"], edge["target"], weight=float(edge["weight"] or 1))
    score = {nid: map_nodes.importance(found[nid], view_graph.degree(nid)) for nid in ids}
    score[center] = float("inf")
    order = sorted(ids, key=lambda n: (-score[n], str(n)))
    rank = {nid: i for i, nid in enumerate(order)}
    partition = detect_communities(
        view_graph, resolution=resolution, seed=seed,
        algorithm=COMMUNITIES)
    communities = describe_communities(view_graph, partition.membership, labels, rank)
    positions = community_layout(view_graph, partition.membership, center, seed=seed)
    nodes = []
    for nid in ids:
        node = found[nid]
        x, y = positions.get(nid, (0.0, 0.0))
        stub = bool(node.get("stub")) and not node.get("title")
        nodes.append({
            "id": nid, "type": node.get("type"), "label": labels[nid],
            "title": (map_nodes.stub_name(node) if stub else
                      node.get("title") or node.get("name") or nid),
            "year": node.get("year"), "venue": node.get("venue"),
            "first_author": node.get("first_author"), "authors": node.get("authors"),
            "doi": node.get("doi"),
            "cited_by_count": node.get("cited_by_count"), "indegree": node.get("indegree") or 0,
            "community": partition.membership.get(nid, 0), "rank": rank[nid],
            "degree": view_graph.degree(nid),
            "x": round(float(x), 2), "y": round(float(y), 2),
            "stub": bool(node.get("stub")), "unresolved": stub,
            "link": map_nodes.stub_link(node) if node.get("stub") else None,
            "hop": node.get("hop", 0), "topics": list(names[nid]),
        })
    return {"nodes": nodes, "edges": edges, "communities": communities,
            "modularity": partition.modularity, "merged_topics": merged}

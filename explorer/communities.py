"""Communities of a view and of the whole graph.

Pure functions over networkx graphs or edge lists; seeded and reproducible.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx


@dataclass(frozen=True)
class Partition:
    """A partition: ``membership`` maps node -> community id (0 = largest)."""

    membership: dict = field(default_factory=dict)
    modularity: float = 0.0
    resolution: float = 1.0
    seed: int = 42
    algorithm: str = "louvain"


def _renumber(membership: dict) -> dict:
    """Number communities by decreasing size, ties by smallest member."""
    groups: dict[int, list] = {}
    for node, community in membership.items():
        groups.setdefault(community, []).append(node)
    order = sorted(groups.values(), key=lambda members: (-len(members), min(map(str, members))))
    return {node: rank for rank, members in enumerate(order) for node in members}


def detect_communities(graph: nx.Graph, *, resolution: float = 1.0, seed: int = 42,
                       weight: str = "weight") -> Partition:
    """Louvain (python-louvain) on the undirected view of ``graph``.

    Examples
    --------
    >>> g = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> p = detect_communities(g)
    >>> p.membership[1] == p.membership[2] != p.membership[5], round(p.modularity, 3)
    (True, 0.357)
    """
    import community as community_louvain

    undirected = graph.to_undirected() if graph.is_directed() else graph
    if undirected.number_of_nodes() == 0:
        return Partition({}, 0.0, resolution, seed)
    if undirected.number_of_edges() == 0:
        membership = _renumber({node: i for i, node in enumerate(undirected.nodes)})
        return Partition(membership, 0.0, resolution, seed)
    raw = community_louvain.best_partition(undirected, weight=weight, resolution=resolution,
                                           random_state=seed)
    membership = _renumber(raw)
    modularity = community_louvain.modularity(membership, undirected, weight=weight)
    return Partition(membership, float(modularity), resolution, seed)


def _shorten(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def label_communities(graph: nx.Graph, membership: dict, *, top: int = 2) -> list[dict]:
    """Name each community by its most frequent topics, else its most cited paper.

    Node attributes read: ``type``, ``topics`` (list of names), ``title``,
    ``name``, ``cited_by_count``.

    >>> g = nx.Graph()
    >>> g.add_node("a", type="Paper", title="Alpha", topics=["Graphs"], cited_by_count=3)
    >>> g.add_node("b", type="Paper", title="Beta", topics=["Graphs", "Trees"])
    >>> label_communities(g, {"a": 0, "b": 0})[0]["label"]
    'Graphs · Trees'
    """
    groups: dict[int, list] = {}
    for node, community in membership.items():
        groups.setdefault(community, []).append(node)
    out = []
    for community in sorted(groups):
        members = groups[community]
        counts: Counter = Counter()
        for node in members:
            attrs = graph.nodes[node]
            if attrs.get("type") == "Topic" and attrs.get("name"):
                counts[attrs["name"]] += 2
            for topic in attrs.get("topics") or []:
                counts[topic] += 1
        top_topics = [name for name, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
                      ][:top]
        papers = [n for n in members if graph.nodes[n].get("type") == "Paper"] or members
        top_paper = max(papers, key=lambda n: (graph.nodes[n].get("cited_by_count") or 0,
                                               graph.degree(n), str(n)))
        if top_topics:
            label = " · ".join(top_topics)
        else:
            attrs = graph.nodes[top_paper]
            label = attrs.get("title") or attrs.get("name") or str(top_paper)
        out.append({"id": community, "label": _shorten(label), "size": len(members),
                    "top_topics": top_topics, "top_paper": top_paper})
    return out


def partition_whole_graph(edges: Iterable[tuple], *, algorithm: str = "leiden",
                          resolution: float = 1.0, seed: int = 42) -> Partition:
    """Partition a large graph given as edge pairs (undirected), with igraph.

    ``leiden`` optimises modularity with igraph's Leiden; ``louvain`` uses
    igraph's multilevel method. Both are seeded.

    >>> p = partition_whole_graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> p.membership[1] == p.membership[3] != p.membership[6]
    True
    """
    import random

    import igraph as ig

    index: dict = {}
    pairs = []
    for u, v in edges:
        pairs.append((index.setdefault(u, len(index)), index.setdefault(v, len(index))))
    g = ig.Graph(n=len(index), edges=pairs, directed=False)
    g.simplify(multiple=True, loops=True)
    random.seed(seed)
    ig.set_random_number_generator(random.Random(seed))
    if algorithm == "leiden":
        clusters = g.community_leiden(objective_function="modularity",
                                      resolution=resolution, n_iterations=-1)
    elif algorithm == "louvain":
        clusters = g.community_multilevel(resolution=resolution)
    else:
        raise ValueError(f"unknown algorithm {algorithm!r}; use leiden or louvain")
    names = list(index)
    membership = _renumber({names[i]: c for i, c in enumerate(clusters.membership)})
    modularity = g.modularity(clusters.membership, resolution=resolution)
    return Partition(membership, float(modularity), resolution, seed, algorithm)

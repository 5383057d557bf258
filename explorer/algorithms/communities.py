"""Communities of a view graph and of the whole graph, with readable labels.

Pure functions over networkx graphs or edge lists; no database.

* :func:`detect_communities` - igraph's Leiden (the maps' choice) or python-louvain on
  a view graph (hundreds to a few thousand nodes), reproducible with ``seed``.
* :func:`label_communities` - id, label, size, top topics and top paper of
  every community, as in the ``communities`` list of the view shape
  (docs/VIEW_SHAPE.md).
* :func:`partition_whole_graph` - igraph Leiden or Louvain for whole-graph
  runs (hundreds of thousands of edges), also seeded.

Community ids are always renumbered ``0..k-1`` by decreasing size, ties
broken by the smallest node id, so the same input gives the same ids.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import community as community_louvain
import igraph as ig
import networkx as nx
import numpy as np

__all__ = [
    "Partition",
    "detect_communities",
    "label_communities",
    "partition_whole_graph",
]

Node = Hashable
LABEL_MAX = 60


@dataclass(frozen=True)
class Partition:
    """A partition of the nodes into communities.

    ``membership`` maps each node to its community id (``0`` is the largest
    community); ``modularity`` is the Newman modularity of the partition on
    the undirected graph at ``resolution``.
    """

    membership: dict[Node, int] = field(default_factory=dict)
    modularity: float = 0.0
    resolution: float = 1.0
    seed: int | None = 42
    algorithm: str = "louvain"

    @property
    def communities(self) -> list[list[Node]]:
        """Members of each community, indexed by community id."""
        groups: list[list[Node]] = [[] for _ in range(len(set(self.membership.values())))]
        for node, cid in self.membership.items():
            groups[cid].append(node)
        return groups


def _node_rank(nodes: Iterable[Node]) -> dict[Node, int]:
    """Rank nodes by their natural order, or by ``str`` when not comparable."""
    nodes = list(nodes)
    ordered: list[Node]
    try:
        ordered = sorted(nodes)  # type: ignore[type-var]  # TypeError handled below
    except TypeError:
        ordered = sorted(nodes, key=lambda n: (type(n).__name__, str(n)))
    return {n: i for i, n in enumerate(ordered)}


def _renumber(raw: Mapping[Node, int]) -> dict[Node, int]:
    """Renumber community ids 0..k-1 by decreasing size, then smallest node."""
    rank = _node_rank(raw)
    groups: dict[int, list[Node]] = defaultdict(list)
    for node, cid in raw.items():
        groups[cid].append(node)
    order = sorted(groups.values(), key=lambda g: (-len(g), min(rank[n] for n in g)))
    return {node: new_id for new_id, group in enumerate(order) for node in group}


def _undirected(graph: nx.Graph, weight: str | None) -> nx.Graph:
    """Simple undirected copy: reciprocal edges merged, weights summed; no self-loops."""
    und = nx.Graph()
    und.add_nodes_from(graph)
    if not graph.is_directed() and not graph.is_multigraph():  # each link once already
        und.add_weighted_edges_from(
            (u, v, float(data.get(weight, 1.0)) if weight else 1.0)
            for u, v, data in graph.edges(data=True) if u != v)
        return und
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        w = float(data.get(weight, 1.0)) if weight else 1.0
        if und.has_edge(u, v):
            if weight:
                und[u][v]["weight"] += w
        else:
            und.add_edge(u, v, weight=w)
    return und


def detect_communities(
    graph: nx.Graph,
    *,
    resolution: float = 1.0,
    seed: int | None = 42,
    weight: str | None = "weight",
    algorithm: str = "louvain",
) -> Partition:
    """Louvain communities of a (view) graph, reproducible with ``seed``.

    With ``algorithm="louvain"`` (the default) runs python-louvain's
    ``best_partition``; ``algorithm="leiden"`` runs igraph's weighted Leiden
    (modularity, 2 iterations), 10-45 times faster on 300-3,000 node views
    with a slightly higher modularity. Either runs on the undirected version of
    ``graph`` (directed edges become undirected; reciprocal edges are merged
    with their weights summed; self-loops are ignored; edges without the
    ``weight`` attribute weigh 1, and every edge weighs 1 when ``weight`` is
    None). Higher ``resolution`` gives more, smaller communities (the
    networkx and igraph convention). A graph without edges gives one community
    per node and modularity 0.

    Examples
    --------
    Two triangles joined by one edge:

    >>> g = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)])
    >>> p = detect_communities(g, seed=1)
    >>> p.communities
    [[0, 1, 2], [3, 4, 5]]
    >>> round(p.modularity, 4)
    0.3571
    """
    if algorithm not in ("louvain", "leiden"):
        raise ValueError(f"algorithm must be 'louvain' or 'leiden', not {algorithm!r}")
    if algorithm == "leiden":
        return _leiden(graph, resolution=resolution, seed=seed, weight=weight)
    und = _undirected(graph, weight)
    if und.number_of_nodes() == 0:
        return Partition({}, 0.0, resolution, seed, algorithm)
    if und.number_of_edges() == 0:
        return Partition(_renumber({n: i for i, n in enumerate(und)}), 0.0, resolution, seed,
                         algorithm)
    membership = _renumber(community_louvain.best_partition(
        und, weight="weight", resolution=resolution, random_state=seed))
    return Partition(membership, _modularity(und, membership, resolution), resolution, seed,
                     algorithm)


def _leiden(graph: nx.Graph, *, resolution: float, seed: int | None,
            weight: str | None) -> Partition:
    """:func:`detect_communities` with igraph's Leiden, its modularity from igraph too. A
    simple undirected graph's links are read in place, with no networkx copy (a
    300-paper map's copy and networkx's modularity cost about 3 ms)."""
    if graph.is_directed() or graph.is_multigraph():
        graph = _undirected(graph, weight)
        weight = "weight" if weight else None
    nodes = list(graph)
    if not nodes:
        return Partition({}, 0.0, resolution, seed, "leiden")
    index = {n: i for i, n in enumerate(nodes)}
    pairs, weights = [], []
    for u, v, w in graph.edges(data=weight or "weight", default=1.0):
        if u != v:
            pairs.append((index[u], index[v]))
            weights.append(float(w) if weight else 1.0)
    if not pairs:
        return Partition(_renumber({n: i for i, n in enumerate(nodes)}), 0.0, resolution,
                         seed, "leiden")
    g = ig.Graph(n=len(nodes), edges=pairs)
    labels = _seeded_igraph(seed, lambda: g.community_leiden(
        objective_function="modularity", weights=weights, resolution=resolution,
        n_iterations=2).membership)
    membership = _renumber(dict(zip(nodes, labels, strict=True)))
    quality = g.modularity([membership[n] for n in nodes], weights=weights,
                           resolution=resolution)
    return Partition(membership, float(quality), resolution, seed, "leiden")


def _seeded_igraph(seed: int | None, run):
    """Call ``run()`` with igraph drawing from ``random.Random(seed)``; restore afterwards."""
    previous = random.getstate()
    ig.set_random_number_generator(random.Random(seed))
    try:
        return run()
    finally:
        ig.set_random_number_generator(random)
        random.setstate(previous)


def _modularity(und: nx.Graph, membership: Mapping[Node, int], resolution: float) -> float:
    groups: dict[int, set] = defaultdict(set)
    for node, cid in membership.items():
        groups[cid].add(node)
    return float(nx.community.modularity(und, groups.values(), weight="weight",
                                         resolution=resolution))


# --------------------------------------------------------------------------
# labels
# --------------------------------------------------------------------------


def _shorten(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _is_paper(attrs: Mapping) -> bool:
    return attrs.get("type", "Paper") == "Paper"


def label_communities(
    graph: nx.Graph, membership: Mapping[Node, int], *, top: int = 2
) -> list[dict]:
    """Describe each community: ``id``, ``label``, ``size``, ``top_topics``, ``top_paper``.

    * ``top_topics``: the ``top`` most frequent topic names in the
      community, counting the ``topics`` attribute (a list of names) of its
      Paper nodes and the ``name`` of its Topic nodes (node attribute
      ``type``; nodes without one are taken as papers); ties by name.
    * ``top_paper``: id of its most cited paper (attribute ``cited_by_count``,
      then degree in ``graph``, then smallest id), or ``None``.
    * ``label``: the top topics joined by `` · ``; without topics the title
      of the top paper; without papers the name of the best connected node;
      at most 60 characters.

    The list is sorted by community id.

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("c", "d")])
    >>> g.add_node("a", topics=["Dark matter", "Axions"], cited_by_count=5, title="A")
    >>> g.add_node("b", topics=["Axions"], cited_by_count=9, title="B")
    >>> g.add_node("c", title="A very long title " * 5, cited_by_count=1)
    >>> g.add_node("d", type="Person", name="Ada")
    >>> for c in label_communities(g, {"a": 0, "b": 0, "c": 1, "d": 1}):
    ...     print(c["id"], c["label"], c["size"], c["top_topics"], c["top_paper"])
    0 Axions · Dark matter 2 ['Axions', 'Dark matter'] b
    1 A very long title A very long title A very long title A ver… 2 [] c
    """
    members: dict[int, list[Node]] = defaultdict(list)
    for node, cid in membership.items():
        if node in graph:
            members[cid].append(node)
    rank = _node_rank(membership)
    result: list[dict[str, Any]] = []
    for cid in sorted(members):
        nodes = members[cid]
        topics: Counter = Counter()
        papers = []
        for n in nodes:
            attrs = graph.nodes[n]
            if attrs.get("type") == "Topic":
                topics[str(attrs.get("name") or attrs.get("label") or n)] += 1
            elif _is_paper(attrs):
                papers.append(n)
                topics.update(str(t) for t in attrs.get("topics") or ())
        top_topics = [t for t, _ in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]

        def importance(n: Node) -> tuple:
            cited = graph.nodes[n].get("cited_by_count")
            return (-(cited if cited is not None else -1), -graph.degree(n), rank[n])

        top_paper = min(papers, key=importance) if papers else None
        if top_topics:
            label = " · ".join(top_topics)
        elif top_paper is not None:
            attrs = graph.nodes[top_paper]
            label = attrs.get("title") or attrs.get("label") or str(top_paper)
        else:
            hub = min(nodes, key=lambda n: (-graph.degree(n), rank[n]))
            attrs = graph.nodes[hub]
            label = attrs.get("name") or attrs.get("label") or attrs.get("title") or str(hub)
        result.append({
            "id": cid,
            "label": _shorten(label),
            "size": len(nodes),
            "top_topics": top_topics,
            "top_paper": top_paper,
        })
    return result


# --------------------------------------------------------------------------
# whole graph
# --------------------------------------------------------------------------

ALGORITHMS = ("leiden", "louvain", "python-louvain")


def _igraph_from_edges(edges: Iterable[tuple[Node, Node]]) -> tuple[ig.Graph, list[Node]]:
    """Simple undirected igraph graph (no loops, no multi-edges) and its vertex ids."""
    index: dict[Node, int] = {}
    src, dst = array("q"), array("q")
    for u, v in edges:
        src.append(index.setdefault(u, len(index)))
        dst.append(index.setdefault(v, len(index)))
    return _igraph_from_arrays(len(index), np.frombuffer(src, dtype=np.int64),
                               np.frombuffer(dst, dtype=np.int64)), list(index)


def _igraph_from_arrays(n: int, src: np.ndarray, dst: np.ndarray) -> ig.Graph:
    """Simple undirected igraph graph of ``n`` vertices from two integer arrays."""
    keep = src != dst
    pairs = np.stack([src[keep], dst[keep]], axis=1).astype(np.int64)
    g = ig.Graph(n=n, directed=False)
    for start in range(0, len(pairs), 1_000_000):  # no Python tuple per edge
        g.add_edges(pairs[start:start + 1_000_000])
    g.simplify(multiple=True, loops=True)
    return g


def partition_whole_graph(
    edges: Iterable[tuple[Node, Node]],
    *,
    algorithm: str = "leiden",
    resolution: float = 1.0,
    seed: int | None = 42,
    n_iterations: int = 2,
) -> Partition:
    """Communities of a whole graph given as ``(u, v)`` pairs.

    The edges are taken as undirected, without self-loops or repeats.
    ``algorithm`` is ``"leiden"`` (igraph ``community_leiden`` optimising
    modularity with ``n_iterations`` passes, -1 meaning until stable - the
    default: a higher modularity than any Louvain measured, in about a second
    on cit-HepTh, see docs/BENCHMARKS.md), ``"louvain"`` (igraph
    ``community_multilevel``) or ``"python-louvain"`` (the reference). igraph
    draws from a ``random.Random(seed)`` installed for the duration of the
    call, so runs are reproducible; the previous generator is restored (not
    thread-safe: igraph's generator is process-wide). ``modularity`` is
    computed by igraph on the same simple graph for every algorithm.

    Examples
    --------
    >>> edges = [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"),
    ...          ("d", "f"), ("c", "d")]
    >>> p = partition_whole_graph(edges)
    >>> p.communities
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    >>> round(p.modularity, 4)
    0.3571
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}, not {algorithm!r}")
    g, ids = _igraph_from_edges(edges)
    return _partition(g, ids, algorithm=algorithm, resolution=resolution, seed=seed,
                      n_iterations=n_iterations)


def partition_arrays(names: Sequence[Node], src: np.ndarray, dst: np.ndarray, *,
                     algorithm: str = "leiden", resolution: float = 1.0,
                     seed: int | None = 42, n_iterations: int = 2) -> Partition:
    """:func:`partition_whole_graph` of edges given as two integer arrays of positions in
    ``names`` (``src[i]`` to ``dst[i]``): no Python object per edge, so a graph of tens of
    millions of edges fits in a few hundred megabytes. Only nodes with an edge are
    partitioned (as with pairs); vertices are numbered by position in ``names``.

    >>> p = partition_arrays(list("abcdef"), np.array([0, 1, 0, 3, 4, 3, 2]),
    ...                      np.array([1, 2, 2, 4, 5, 5, 3]))
    >>> p.communities, round(p.modularity, 4)
    ([['a', 'b', 'c'], ['d', 'e', 'f']], 0.3571)
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}, not {algorithm!r}")
    src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
    used = np.unique(np.concatenate([src, dst]))
    g = _igraph_from_arrays(len(used), np.searchsorted(used, src), np.searchsorted(used, dst))
    return _partition(g, [names[i] for i in used.tolist()], algorithm=algorithm,
                      resolution=resolution, seed=seed, n_iterations=n_iterations)


def _partition(g: ig.Graph, ids: list[Node], *, algorithm: str, resolution: float,
               seed: int | None, n_iterations: int) -> Partition:
    """Partition the simple graph ``g`` whose vertex ``i`` is ``ids[i]``."""
    if g.vcount() == 0:
        return Partition({}, 0.0, resolution, seed, algorithm)
    if g.ecount() == 0:
        return Partition(_renumber({n: i for i, n in enumerate(ids)}), 0.0, resolution, seed,
                         algorithm)
    if algorithm == "python-louvain":
        und = nx.Graph()
        und.add_nodes_from(range(g.vcount()))
        und.add_edges_from(g.get_edgelist())
        raw = community_louvain.best_partition(und, resolution=resolution, random_state=seed)
        labels = [raw[i] for i in range(g.vcount())]
    else:
        if algorithm == "leiden":
            labels = _seeded_igraph(seed, lambda: g.community_leiden(
                objective_function="modularity", resolution=resolution,
                n_iterations=n_iterations).membership)
        else:
            labels = _seeded_igraph(
                seed, lambda: g.community_multilevel(resolution=resolution).membership)
    modularity = g.modularity(labels, resolution=resolution)
    membership = _renumber({ids[i]: c for i, c in enumerate(labels)})
    return Partition(membership, float(modularity), resolution, seed, algorithm)

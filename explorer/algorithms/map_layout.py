"""A research-map layout that shows structure: communities in space, the focus in the middle.

Each community is laid out on its own (Fruchterman-Reingold over its core,
see :mod:`explorer.algorithms.layout`) and becomes a disc; the focus's
community sits at the centre with the focus at the origin, and the other
discs are packed around it, largest first, so groups read as groups. Leaves
(nodes with one link, such as a paper's authors or topics) are not left to
the force layout, which draws them as a ring of dots: they are set on short
arcs beside their parent, one arc per kind, turned away from the middle of
their community. Deterministic for a given ``seed``; pure.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np

from explorer.algorithms.layout import _component_layout

__all__ = ["community_layout"]

Node = Hashable
LEAF_RING = 0.9      # distance of a leaf from its parent, in core units
LEAF_STEP = 0.42     # spacing of leaves along their arc
DISC_GAP = 0.9


def _parts(adjacency: Mapping[Node, list[Node]]) -> list[list[Node]]:
    """The connected parts of a graph given as each node's neighbours, largest first,
    each sorted by name (ties by the first name)."""
    parts, seen = [], set()
    for start in adjacency:
        if start in seen:
            continue
        seen.add(start)
        part, frontier = [start], [start]
        while frontier:
            for other in adjacency[frontier.pop()]:
                if other not in seen:
                    seen.add(other)
                    part.append(other)
                    frontier.append(other)
        parts.append(sorted(part, key=str))
    return sorted(parts, key=lambda c: (-len(c), str(c[0])))


def _core_positions(graph: nx.Graph, core: list[Node], seed: int) -> dict[Node, np.ndarray]:
    rng = np.random.default_rng(seed)
    inside = set(core)
    # the core's links read once from the graph's own adjacency (a subgraph view filters
    # every step of every walk over it: a third of a 300-paper map's layout)
    sub = {node: [other for other in graph.adj[node] if other in inside] for node in core}
    parts = _parts(sub)
    placed: dict[Node, np.ndarray] = {}
    angle = 0.0
    offset = 0.0
    for i, comp in enumerate(parts):
        coords = _component_layout(sub, comp, rng, seed) * 1.6
        if i == 0:
            centre = np.zeros(2)
            offset = float(np.abs(coords).max()) + 1.0 if len(comp) > 1 else 1.0
        else:
            centre = np.array([math.cos(angle), math.sin(angle)]) * (offset + math.sqrt(len(comp)))
            angle += 2.4  # golden-angle-like spread of small parts
        for node, xy in zip(comp, coords, strict=True):
            placed[node] = xy + centre
    return placed


def _place_leaves(graph: nx.Graph, placed: dict[Node, np.ndarray], leaves: list[Node],
                  parent_of: Mapping[Node, Node]) -> None:
    centroid = np.mean(np.array(list(placed.values())), axis=0) if placed else np.zeros(2)
    by_parent: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for leaf in sorted(leaves, key=str):
        kind = str(graph.nodes[leaf].get("type") or "")
        by_parent[parent_of[leaf]][kind].append(leaf)
    for parent, kinds in by_parent.items():
        origin = placed[parent]
        away = origin - centroid
        base = math.atan2(away[1], away[0]) if np.linalg.norm(away) > 1e-6 else -math.pi / 2
        groups = [kinds[k] for k in sorted(kinds)]
        total = sum(len(g) for g in groups)
        ring = LEAF_RING + LEAF_STEP * total / (2 * math.pi)
        span = min(2 * math.pi, (total + len(groups)) * LEAF_STEP / ring)
        theta = base - span / 2
        step = span / max(total + len(groups), 1)
        for group in groups:
            for leaf in group:
                theta += step
                placed[leaf] = origin + ring * np.array([math.cos(theta), math.sin(theta)])
            theta += step  # a gap between kinds


def _disc(placed: dict[Node, np.ndarray], nodes: list[Node], anchor: Node | None
          ) -> tuple[dict[Node, np.ndarray], float]:
    points = np.array([placed[n] for n in nodes])
    centre = placed[anchor] if anchor is not None else points.mean(axis=0)
    moved = {n: placed[n] - centre for n in nodes}
    radius = max((float(np.linalg.norm(p)) for p in moved.values()), default=0.0) + 0.6
    return moved, radius


def _pack(discs: list[tuple[float, int]]) -> list[np.ndarray]:
    """Centres for discs (radius, index) around the first one, greedily, no overlaps.

    Each disc tries the points of rings of growing distance from the first one
    in turn and takes the first point that keeps clear of every disc placed
    (all points of a ring are checked against all discs at once).
    """
    centres = np.zeros((0, 2))
    radii = np.zeros(0)
    out = []
    for n, (radius, _i) in enumerate(discs):
        centre: np.ndarray | None = None
        if not len(centres):
            centre = np.zeros(2)
        else:
            distance = radii[0] + radius + DISC_GAP
            start = -math.pi / 2 + n * 2.39996  # golden angle: discs spread all round
            while centre is None:
                steps = max(12, int(2 * math.pi * distance / max(radius, 0.5)))
                angles = start + 2 * math.pi * np.arange(steps) / steps
                trials = distance * np.column_stack((np.cos(angles), np.sin(angles)))
                gaps = np.sqrt(((trials[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2))
                clear = np.flatnonzero((gaps >= radii + radius + DISC_GAP).all(axis=1))
                if len(clear):
                    centre = trials[clear[0]]
                distance += radius * 0.5 + DISC_GAP
        assert centre is not None
        centres = np.vstack((centres, centre))
        radii = np.append(radii, radius)
        out.append(centre)
    return out


def community_layout(graph: nx.Graph, membership: Mapping[Node, int], center: Node, *,
                     seed: int = 42, scale: float = 1000.0) -> dict[Node, tuple[float, float]]:
    """Positions inside ``[-scale, scale]`` with the focus ``center`` at the origin.

    Examples
    --------
    >>> g = nx.Graph([("c", "a1"), ("c", "a2"), ("c", "p"), ("p", "q"), ("q", "r"), ("r", "p")])
    >>> pos = community_layout(g, {"c": 0, "a1": 0, "a2": 0, "p": 1, "q": 1, "r": 1}, "c")
    >>> pos["c"]
    (0.0, 0.0)
    >>> max(abs(v) for xy in pos.values() for v in xy)
    1000.0
    >>> pos == community_layout(g, {"c": 0, "a1": 0, "a2": 0, "p": 1, "q": 1, "r": 1}, "c")
    True
    """
    if graph.number_of_nodes() == 0:
        return {}
    members: dict[int, list[Node]] = defaultdict(list)
    for node in graph:
        members[membership.get(node, -1)].append(node)
    focus = membership.get(center, -1) if center in graph else None
    order = sorted(members, key=lambda c: (c != focus, -len(members[c]), c))
    discs: list[tuple[dict[Node, np.ndarray], float]] = []
    for cid in order:
        nodes = members[cid]
        parent_of = {}
        for n in nodes:
            nbrs = list(graph.neighbors(n))
            if len(nbrs) == 1 and n != center and membership.get(nbrs[0], -1) == cid \
                    and graph.degree(nbrs[0]) > 1:
                parent_of[n] = nbrs[0]
        core = [n for n in nodes if n not in parent_of] or nodes[:1]
        placed = _core_positions(graph, core, seed)
        leaves = [n for n in nodes if n in parent_of and parent_of[n] in placed]
        _place_leaves(graph, placed, leaves, parent_of)
        for n in nodes:  # leaves of leaves, if any, beside the centre
            placed.setdefault(n, np.zeros(2))
        anchor = center if cid == focus else None
        discs.append(_disc(placed, nodes, anchor))
    centres = _pack([(radius, i) for i, (_m, radius) in enumerate(discs)])
    final: dict[Node, np.ndarray] = {}
    for (moved, _radius), centre in zip(discs, centres, strict=True):
        for node, xy in moved.items():
            final[node] = xy + centre
    extent = max(float(np.abs(p).max()) for p in final.values())
    factor = scale / extent if extent > 0 else 0.0
    return {node: (round(float(final[node][0] * factor), 2) + 0.0,
                   round(float(final[node][1] * factor), 2) + 0.0) for node in graph}

"""Whole-graph communities inside Neo4j with the Graph Data Science plugin.

When the graph is a Neo4j server whose ``gds.version()`` answers, the citation
graph is projected into the GDS catalogue (undirected), partitioned there with
``gds.louvain.write`` or ``gds.leiden.write`` (single-threaded, so a run is
repeatable), the ids are written to ``Paper.community`` by GDS itself, and the
projection is dropped again whatever happens. Every statement is a named file in
``cypher/gds/``.

Differences from the in-process path, which the caller reports: GDS partitions
every ``:Paper`` (isolated papers become one-paper communities) and GDS Louvain
takes neither a random seed nor a resolution, so a Louvain run asking for a
resolution other than 1.0 stays in-process.
"""

from __future__ import annotations

import uuid
from typing import Any

from neo4j.exceptions import Neo4jError

from cypher.access.graph import Graph, error_message

STATEMENTS = {"louvain": "gds/louvain_write", "leiden": "gds/leiden_write"}


class GdsUnavailable(RuntimeError):
    """GDS cannot run this partition here; the message says why."""


def gds_version(graph: Graph) -> str | None:
    """The GDS library version on this server, or None when it has none (asked of
    the backend: only Neo4j has GDS, and only with the plugin)."""
    return graph.backend.gds_version(graph)


def unsupported_reason(graph: Graph, algorithm: str, resolution: float) -> str | None:
    """Why GDS cannot run this partition here, or None when it can."""
    if algorithm not in STATEMENTS:
        return f"unknown algorithm {algorithm!r}"
    if gds_version(graph) is None:
        return graph.backend.no_gds
    if algorithm == "louvain" and resolution != 1.0:
        return "GDS Louvain has no resolution setting"
    return None


def run_in_gds(graph: Graph, *, algorithm: str, resolution: float,
               seed: int) -> dict[str, Any]:
    """Partition the citation graph in GDS and write ``Paper.community``.

    Returns ``{communities, modularity, nodes, edges}``; raises
    :class:`GdsUnavailable` when GDS cannot do it (nothing is left projected)."""
    reason = unsupported_reason(graph, algorithm, resolution)
    if reason:
        raise GdsUnavailable(reason)
    name = f"explorer-communities-{uuid.uuid4().hex[:12]}"
    try:
        projected = graph.call("gds/project_citations", graph=name)[0]
        params = {"graph": name, "resolution": float(resolution), "seed": int(seed)}
        try:
            result = graph.call(STATEMENTS[algorithm], **params)[0]
        except Neo4jError as exc:
            if algorithm != "leiden" or "ProcedureNotFound" not in (exc.code or ""):
                raise
            result = graph.call("gds/leiden_write_beta", **params)[0]  # GDS before 2.5
    except Neo4jError as exc:
        raise GdsUnavailable(f"GDS {algorithm} failed: {error_message(exc)}") from exc
    finally:
        try:
            graph.call("gds/drop_graph", graph=name)
        except Neo4jError:
            pass
    return {"communities": int(result["communities"]),
            "modularity": float(result["modularity"]),
            "nodes": int(result["written"]), "edges": int(projected["relationships"])}

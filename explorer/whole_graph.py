"""Whole-graph communities: read the citation graph, partition it, store the ids.

On Neo4j with the Graph Data Science plugin the partition could run inside
the database (``gds.louvain``); this module runs it in-process with the
fastest sound library measured here (igraph Leiden, see docs/BENCHMARKS.md).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from explorer.graph import Graph

WRITE_BATCH = 10_000


def run_whole_graph(graph: Graph, *, algorithm: str = "leiden", resolution: float = 1.0,
                    seed: int = 42) -> dict[str, Any]:
    """Partition every paper of the citation graph; store ``Paper.community`` and a
    ``:CommunityRun`` record; return the run's summary with timings."""
    from explorer.communities import partition_whole_graph

    started = time.perf_counter()
    edges = [(r["src"], r["dst"]) for r in graph.stream("read/all_citation_edges")]
    read_s = time.perf_counter() - started
    partition = partition_whole_graph(edges, algorithm=algorithm, resolution=resolution,
                                      seed=seed)
    part_s = time.perf_counter() - started - read_s
    rows = [{"id": node, "community": int(c)} for node, c in partition.membership.items()]
    batches = [rows[i:i + WRITE_BATCH] for i in range(0, len(rows), WRITE_BATCH)]
    for _counters in graph.write_batches("write/set_communities", batches):
        pass
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    summary = {
        "algorithm": algorithm, "seed": seed, "resolution": resolution,
        "modularity": round(float(partition.modularity), 6), "date": now,
        "communities": len(set(partition.membership.values())), "nodes": len(rows),
        "edges": len(edges),
    }
    graph.write_many([("write/record_community_run",
                       [{"id": f"{algorithm}-{now}", "props": summary}])])
    summary.update(seconds=round(time.perf_counter() - started, 2),
                   read_seconds=round(read_s, 2), partition_seconds=round(part_s, 2))
    return summary

"""Whole-graph communities: read the citation graph, partition it, store the ids.

On Neo4j with the Graph Data Science plugin the partition runs inside the
database (``gds.louvain`` / ``gds.leiden``, :mod:`cypher.access.gds`); otherwise, or
when GDS cannot do what was asked, it runs in-process with the fastest sound
library measured here (igraph Leiden, see docs/BENCHMARKS.md), over the citations read
as integer arrays (:mod:`explorer.views.field_arrays`, the index build's reading path),
so the client holds about 8 bytes a citation.
"""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone
from typing import Any

from cypher.access.errors import InputError
from cypher.access.graph import Graph

WRITE_BATCH = 10_000


ENGINES = ("auto", "gds", "in-process")


def run_whole_graph(graph: Graph, *, algorithm: str = "leiden", resolution: float = 1.0,
                    seed: int = 42, engine: str = "auto") -> dict[str, Any]:
    """Partition every paper of the citation graph; store ``Paper.community`` and a
    ``:CommunityRun`` record; return the run's summary with timings.

    ``engine`` ``auto`` uses GDS when the server has it and it can do the run
    (falling back in-process, with a ``note``, when the GDS run fails); ``gds``
    insists on it (:class:`cypher.access.gds.GdsUnavailable` otherwise); ``in-process``
    never uses it."""
    from cypher.access import gds

    if engine not in ENGINES:
        raise InputError(f"engine must be one of {', '.join(ENGINES)}")
    note = None
    if engine == "gds" or (engine == "auto" and gds.gds_version(graph) is not None):
        started = time.perf_counter()
        try:
            found = gds.run_in_gds(graph, algorithm=algorithm, resolution=resolution,
                                   seed=seed)
        except gds.GdsUnavailable as exc:
            if engine == "gds":
                raise
            note = f"{exc}; ran in-process instead"
        else:
            return _record_run(graph, started, {  # GDS Louvain takes no seed
                "algorithm": algorithm, "engine": "gds",
                "seed": seed if algorithm == "leiden" else None,
                "resolution": resolution, **found})
    summary = _run_in_process(graph, algorithm=algorithm, resolution=resolution, seed=seed)
    if note:
        summary["note"] = note
    return summary


def _run_id(summary: dict[str, Any], now: str) -> str:
    """Unique per run: two runs in the same second (two engines, one after the
    other) are two records, not one overwriting the other."""
    return f"{summary['algorithm']}-{summary.get('engine', '')}-{now}-{uuid.uuid4().hex[:8]}"


def _record_run(graph: Graph, started: float, summary: dict[str, Any],
                **timings: float) -> dict[str, Any]:
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    summary["modularity"] = round(float(summary["modularity"]), 6)
    summary["date"] = now
    graph.write_many([("write/record_community_run",
                       [{"id": _run_id(summary, now), "props": dict(summary)}])])
    graph.mark_changed()
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary.update({k: round(v, 2) for k, v in timings.items()})
    return summary


def _run_in_process(graph: Graph, *, algorithm: str, resolution: float,
                    seed: int) -> dict[str, Any]:
    from explorer.algorithms.communities import partition_arrays
    from explorer.views.field_arrays import read_field

    started = time.perf_counter()
    data = read_field(graph, content=False, stubs=True)  # the index build's reading path
    read_s = time.perf_counter() - started
    edges = len(data.citing)
    partition = partition_arrays([*data.ids, *data.stubs], data.citing, data.cited,
                                 algorithm=algorithm, resolution=resolution, seed=seed)
    del data
    part_s = time.perf_counter() - started - read_s
    members = list(partition.membership.items())
    batches = ([{"id": node, "community": int(c)} for node, c in members[i:i + WRITE_BATCH]]
               for i in range(0, len(members), WRITE_BATCH))  # one batch of dicts at a time
    for _counters in graph.write_batches("write/set_communities", batches):
        pass
    return _record_run(graph, started, {
        "algorithm": algorithm, "engine": "in-process", "seed": seed,
        "resolution": resolution, "modularity": partition.modularity,
        "communities": len(set(partition.membership.values())), "nodes": len(members),
        "edges": edges}, read_seconds=read_s, partition_seconds=part_s)

"""What the loads keep on each paper so reads need not walk its links, filled in on a
graph loaded before they kept it (``explorer index`` calls these; each does nothing
once done).

* ``author_count``, ``first_author``, ``author_ids``: ``write/summarize_authors``;
* ``ref_ids``, the ids of every paper it cites: ``write/summarize_refs``
  (``write/merge_cites`` keeps it as citations are added).
"""

from __future__ import annotations

from cypher.access.graph import Graph

#: papers a statement writes
BATCH = 2_000


def _fill(graph: Graph, missing: str, summary: str) -> int:
    done = 0
    while ids := [row["id"] for row in graph.read_values(missing, limit=50 * BATCH)]:
        for start in range(0, len(ids), BATCH):
            graph.write_many([(summary, [{"id": pid} for pid in ids[start:start + BATCH]])])
        done += len(ids)
    return done


def summarize_authors(graph: Graph) -> int:
    """Fill in ``author_count``, ``first_author`` and ``author_ids`` on the loaded papers
    that lack them, so maps and updates read them with the paper; return how many papers
    were filled in (none once done)."""
    return _fill(graph, "read/papers_without_author_count", "write/summarize_authors")


def summarize_refs(graph: Graph) -> int:
    """Fill in ``ref_ids`` on the papers that cite papers but lack it, so index updates
    and whole-graph reads take a paper's references with the paper; return how many
    papers were filled in (none once done)."""
    return _fill(graph, "read/papers_without_ref_ids", "write/summarize_refs")

"""No write is waited for without end: a write blocked on the server (here by a
lock another transaction holds) ends the load with one clear error after
WRITE_TIMEOUT, on the split-and-retry and `indegree` paths as on the background one."""

from __future__ import annotations

import time

import pytest

from cypher.access.graph import GraphUnavailable
from loaders import writer as writer_module
from loaders.writer import GraphWriter

pytestmark = [pytest.mark.server,
              pytest.mark.neo4j_only("holds the write on another transaction's node lock, "
                                     "which Neo4j waits on; no way to hold a local-server "
                                     "write from outside is known")]


def test_a_write_blocked_on_a_lock_ends_after_write_timeout(empty_graph, monkeypatch):
    empty_graph.run_text("CREATE (:Paper {id: 'wt:locked', title: 'Locked'})")
    monkeypatch.setattr(writer_module, "WRITE_TIMEOUT", 2.0)
    writer = GraphWriter(empty_graph)
    with empty_graph.driver.session(database=empty_graph.database) as session:
        holder = session.begin_transaction()
        holder.run("MATCH (p:Paper {id: 'wt:locked'}) SET p.held = true").consume()
        started = time.monotonic()
        try:
            with pytest.raises(GraphUnavailable, match="did not answer a write within 2 s"):
                writer._bounded([("write/update_indegree", [{"id": "wt:locked"}])])
            assert time.monotonic() - started < 10
        finally:
            holder.rollback()
    writer._abandon()
    # the lock released, the same write goes through
    assert GraphWriter(empty_graph)._bounded([("write/update_indegree",
                                               [{"id": "wt:locked"}])]) is not None

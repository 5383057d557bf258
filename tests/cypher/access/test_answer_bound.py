"""The byte budget of ad-hoc answers (:mod:`cypher.access.answer_bound`), on both
backends: an answer past it is cut as it arrives, reads and writes alike, and one
within it comes back unchanged through the relay."""

from __future__ import annotations

import socket

import pytest
from neo4j.addressing import Address

from cypher.access.answer_bound import AnswerBound, AnswerTooLarge

pytestmark = pytest.mark.server

BUDGET = 256 * 1024
STRING = "y" * 400
BIG = f"RETURN [x IN range(1, 5000) | '{STRING}'] AS l"  # about 2 MB in one row
MANY_ROWS = f"UNWIND range(1, 20000) AS i RETURN i, '{STRING}' AS s"  # about 8 MB of rows


@pytest.mark.parametrize("query", [BIG, MANY_ROWS])
@pytest.mark.parametrize("read_only", [True, False])
def test_an_answer_past_the_budget_is_refused_naming_the_setting(graph, query, read_only):
    with pytest.raises(AnswerTooLarge) as info:
        graph.run_text(query, timeout=60, read_only=read_only, max_bytes=BUDGET)
    message = str(info.value)
    assert "EXPLORER_MAX_RESULT_BYTES=262144" in message and "\n" not in message
    # the connection was cut, not the graph: the next query answers
    assert graph.run_text("RETURN 1 AS one", read_only=True).records[0]["one"] == 1


def test_an_answer_within_the_budget_comes_back_unchanged(graph):
    result = graph.run_text("UNWIND range(1, 50) AS i RETURN i, $s AS s", {"s": STRING},
                            read_only=True, max_bytes=BUDGET)
    assert [(r["i"], r["s"]) for r in result.records] == [(i, STRING) for i in range(1, 51)]


def test_a_write_within_the_budget_commits_once(empty_graph):
    empty_graph.run_text("CREATE (:Topic {id: 'bound:1'})", max_bytes=BUDGET)
    rows = empty_graph.run_text("MATCH (t:Topic {id: 'bound:1'}) RETURN count(t) AS n",
                                read_only=True).records
    assert rows[0]["n"] == 1


def test_the_relays_are_closed_with_the_bound(server_settings):
    with AnswerBound(1024) as bound:
        (relay,) = bound.resolver(Address(("127.0.0.1", server_settings.bolt_port)))
        assert relay[0] == "127.0.0.1" and relay[1] != server_settings.bolt_port
    with pytest.raises(OSError), socket.create_connection(tuple(relay)[:2], timeout=2):
        pass

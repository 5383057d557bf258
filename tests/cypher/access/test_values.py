"""Driver values as JSON (:mod:`cypher.access.values`): containers and scalars
without a database; nodes, relationships, paths and dates from a real server."""

from __future__ import annotations

import datetime
import json

import pytest

from cypher.access.values import to_plain


def test_scalars_stay_and_containers_are_walked():
    value = {"a": [1, 2.5, ("x", None)], "b": {"c": True}}
    assert to_plain(value) == {"a": [1, 2.5, ["x", None]], "b": {"c": True}}


def test_anything_else_becomes_its_text():
    assert to_plain(datetime.date(2020, 5, 17)) == "2020-05-17"
    assert to_plain({"when": b"x"}) == {"when": "b'x'"}


@pytest.mark.server
def test_graph_values_become_json(empty_graph):
    empty_graph.run_text("CREATE (:Paper {id: 'v:1', year: 2020})-[:CITES {w: 1}]->"
                         "(:Paper {id: 'v:2'})")
    record = empty_graph.run_text(
        "MATCH p = (a:Paper {id: 'v:1'})-[r:CITES]->(b) "
        "RETURN a, r, p, date('2021-02-03') AS d", read_only=True).records[0]
    plain = {key: to_plain(record[key]) for key in record.keys()}
    assert plain["a"] == {"labels": ["Paper"], "properties": {"id": "v:1", "year": 2020}}
    assert plain["r"] == {"type": "CITES", "start": "v:1", "end": "v:2",
                          "properties": {"w": 1}}
    assert [n["properties"]["id"] for n in plain["p"]["nodes"]] == ["v:1", "v:2"]
    assert plain["p"]["relationships"][0]["type"] == "CITES"
    assert plain["d"] == "2021-02-03"
    json.dumps(plain)  # all of it is JSON

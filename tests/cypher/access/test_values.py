"""Driver values as JSON (:mod:`cypher.access.values`): containers and scalars
without a database; nodes, relationships, paths and dates from a real server."""

from __future__ import annotations

import datetime
import json

import pytest

from cypher.access.errors import InputError
from cypher.access.values import check_params, to_plain


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


@pytest.mark.parametrize("params", [
    {"\ud800": 1},                                 # a lone surrogate as a parameter name
    {"m": {"\udfff": 1}},                          # ... as a key of a map in a value
    {"m": [{"ok": {"\ud800x": 1}}]},               # ... deeper, inside a list
    {"s": ["a", "\ud800"]},                        # ... in a string
    {"n": 99999999999999999999},                   # beyond 64 bits
    {"n": -(2**63) - 1},
    {"x": float("nan")}, {"x": [float("inf")]},
    {"x": b"bytes"},                               # a type the driver would not send as such
])
def test_parameters_the_driver_cannot_send_are_input_errors(params):
    with pytest.raises(InputError) as info:
        check_params(params)
    assert "\n" not in str(info.value)


def test_deep_nesting_is_refused_without_recursion():
    nested: object = 1
    for _ in range(3000):
        nested = [nested]
    with pytest.raises(InputError, match="nested more than"):
        check_params({"x": nested})


def test_sendable_parameters_pass():
    check_params({"a": [1, 2.5, ("x", None)], "b": {"c": True}, "n": 2**63 - 1,
                  "m": -(2**63), "é": "ünïcode ✓"})

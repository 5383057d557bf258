"""explorer.views.export_state: the page's state read from a URL and applied to a map as
the page applies it (merge order, placement, hidden and unresolved nodes, timeline, colours).
The maps are hand-built views; the browser comparison is in tests/webui/test_exports.py."""

from __future__ import annotations

import pytest

from cypher.access.errors import InputError, NotFound
from explorer.views.export_state import (
    default_state,
    parse_state,
    screen_view,
    state_flags,
    state_query,
    timeline_positions,
    year_colour,
)
from explorer.views.palette import COMMUNITY_COLOURS, OTHER_COLOUR


def paper(pid, x=0.0, y=0.0, **extra):
    return {"id": pid, "type": "Paper", "label": pid, "title": f"Title {pid}", "x": x, "y": y,
            "community": 0, "rank": 0, "year": 2010, **extra}


MAPS = {
    "C": {"center": "C", "nodes": [paper("C"), paper("A", 100, 0), paper("S", 0, 50,
                                                                         stub=True, title=None)],
          "edges": [{"source": "C", "target": "A", "type": "RELATED"},
                    {"source": "C", "target": "S", "type": "CITES"}],
          "communities": [{"id": 0, "key": "k0", "label": "c"}], "total_nodes": 3},
    "A": {"center": "A", "nodes": [paper("A", 10, 10), paper("B", 110, 10, year=2020),
                                   paper("D", 10, 210)],
          "edges": [{"source": "A", "target": "B", "type": "RELATED"},
                    {"source": "B", "target": "E", "type": "RELATED"}]},
    "E": {"center": "E", "nodes": [paper("E"), paper("B", 5, 7)],
          "edges": [{"source": "B", "target": "E", "type": "RELATED"}]},
}


def map_of(node_id, **options):
    if node_id not in MAPS:
        raise NotFound(node_id)
    view = MAPS[node_id]
    return {**view, "nodes": [dict(n) for n in view["nodes"]], "options": options}


def test_parse_state_reads_the_page_keys_and_refuses_bad_values():
    state = parse_state({"expand": "W1,W2,W1", "add": "", "hide": "W3", "stubs": "show",
                         "colour": "community", "size": "off", "layout": "timeline",
                         "labels": "all", "community": "c4b583e6b4f", "mode": "list"})
    assert state["expand"] == ["W1", "W2"] and state["hide"] == ["W3"] and state["add"] == []
    assert (state["stubs"], state["colour"], state["size"], state["layout"], state["labels"]) \
        == (True, "community", False, "timeline", "all")
    assert parse_state({}) == default_state()
    for bad in ({"colour": "red"}, {"layout": "circle"}, {"community": "<b>"},
                {"hide": ",".join(f"W{i}" for i in range(201))}):
        with pytest.raises(InputError):
            parse_state(bad)


def test_the_state_round_trips_through_links_and_flags():
    state = parse_state({"expand": "W1", "hide": "W3", "layout": "timeline", "size": "off"})
    assert parse_state(state_query(state)) == state
    assert state_flags(state) == ["--expand", "W1", "--hide", "W3", "--size", "off",
                                  "--layout", "timeline"]
    assert state_flags(default_state()) == []


def test_default_state_hides_unresolved_references_but_not_the_centre():
    view = screen_view(map_of, "C", {"kind": "related"}, default_state())
    assert [n["id"] for n in view["nodes"]] == ["C", "A"]
    assert view["edges"] == [{"source": "C", "target": "A", "type": "RELATED"}]
    assert view["hidden"] == {"by_you": [], "unresolved": 1}
    shown = screen_view(map_of, "C", {}, parse_state({"stubs": "show"}))
    assert [n["id"] for n in shown["nodes"]] == ["C", "A", "S"]


def test_expand_then_add_in_url_order_placed_as_the_page_places_them():
    state = parse_state({"expand": "A,nowhere", "add": "E", "hide": "D"})
    view = screen_view(map_of, "C", {"kind": "related", "types": None}, state)
    nodes = {n["id"]: n for n in view["nodes"]}
    assert list(nodes) == ["C", "A", "B", "E"]  # D hidden; an unknown id skipped
    # B around its anchor A (at 100, 0): offset from A's own map's centre, scaled 0.35
    assert (nodes["B"]["x"], nodes["B"]["y"]) == pytest.approx((135.0, 0.0))
    assert nodes["B"]["community"] is None and nodes["B"]["hop"] == 2
    # E alone, 60 right and down of the first node of its own map already shown (B, at
    # that map's coordinates, as map.js places it)
    assert (nodes["E"]["x"], nodes["E"]["y"]) == pytest.approx((65.0, 67.0))
    # every link between two shown nodes, whichever map brought it
    assert {(e["source"], e["target"]) for e in view["edges"]} == {("C", "A"), ("A", "B"),
                                                                  ("B", "E")}
    assert view["hidden"]["by_you"] == ["D"]


def test_an_added_node_is_shown_even_when_hidden_or_unresolved():
    view = screen_view(map_of, "C", {}, parse_state({"add": "E", "hide": "E"}))
    assert "E" in {n["id"] for n in view["nodes"]}


def test_colours_follow_the_mode():
    by_year = screen_view(map_of, "A", {}, default_state())
    colours = {n["id"]: n["colour"] for n in by_year["nodes"]}
    assert colours["A"] == year_colour(2010, 2010, 2020) == "#ffd666"
    assert colours["B"] == "#2d1f80"
    by_community = screen_view(map_of, "A", {}, parse_state({"colour": "community"}))
    assert {n["colour"] for n in by_community["nodes"]} == {COMMUNITY_COLOURS[0]}
    by_type = screen_view(map_of, "A", {}, parse_state({"colour": "type"}))
    assert {n["colour"] for n in by_type["nodes"]} == {"#4e79a7"}
    assert year_colour(None, 2000, 2010) != OTHER_COLOUR


def test_timeline_places_papers_by_year_and_others_near_their_neighbours():
    nodes = [paper("P1", year=2000, community=0, rank=0), paper("P2", year=2010, community=0,
                                                                rank=1),
             {"id": "T", "type": "Topic", "community": None}]
    pos = timeline_positions(nodes, [{"source": "P1", "target": "T"}])
    assert pos["P1"][0] < pos["P2"][0]
    assert pos["P2"][0] - pos["P1"][0] == pytest.approx(2000 + 8)  # the width, one jitter step
    assert pos["T"][1] > pos["P1"][1]  # just below its neighbour
    view = screen_view(map_of, "A", {}, parse_state({"layout": "timeline"}))
    xs = {n["id"]: n["x"] for n in view["nodes"]}
    assert xs["B"] > xs["A"]

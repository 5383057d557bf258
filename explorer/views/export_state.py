"""The view on screen: a research map with the page's own state applied, for exports.

The entity page keeps its whole view in its URL (``webui/static/mapstate.js``):
besides the map's options (kind, depth, limit, types, years) it names the
nodes expanded (``expand``), added (``add``), pinned (``pin``) and hidden
(``hide``), whether unresolved references are shown (``stubs=show``), the
layout (``layout=timeline``), the colouring (``colour``), node sizes
(``size=off``), label density (``labels``) and the highlighted community
(``community``, by key). :func:`parse_state` reads those keys and
:func:`screen_view` rebuilds the map exactly as ``webui/static/map.js`` draws
it: the base map, then for each expanded node its own depth-1 map of at most
40 papers merged around it, then each added node alone, in the URL's order;
every link of those maps between two nodes shown; hidden nodes and (unless
shown) unresolved references dropped; timeline positions as
``webui/static/timeline.js`` computes them; each node's colour as
``webui/static/palette.js`` paints it. An export of the result is the view on
screen, node by node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from cypher.access.errors import InputError, NotFound
from explorer.views.palette import COMMUNITY_COLOURS, OTHER_COLOUR

LIST_KEYS = ("expand", "add", "pin", "hide")
COLOURS = ("year", "community", "type")
LAYOUTS = ("structure", "timeline")
LABELS = ("fewer", "more", "all")
MAX_LIST = 200  # ids per list a URL may name
SUB_LIMIT = 40  # the page's expand/add maps: depth 1, at most 40 nodes
TYPE_COLOURS = {"Paper": "#4e79a7", "Person": "#e15759", "Topic": "#59a14f",
                "Institution": "#b07aa1"}
UNDATED = "#c9ced4"
_YEAR_FROM, _YEAR_TO = (255, 214, 102), (45, 31, 128)
_KEY = re.compile(r"^[\w.:-]{1,80}$")


def default_state() -> dict[str, Any]:
    """The state of a page whose URL names nothing but the map's options."""
    return {"expand": [], "add": [], "pin": [], "hide": [], "stubs": False,
            "colour": "year", "size": True, "layout": "structure", "labels": "more",
            "community": ""}


def _choice(args: Mapping[str, str], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = args.get(key) or default
    if value not in allowed:
        raise InputError(f"{key} must be one of {', '.join(allowed)}, not {value[:40]!r}")
    return value


def parse_state(args: Mapping[str, str]) -> dict[str, Any]:
    """The page state named by query-string ``args`` (keys as in ``mapstate.js``).

    Unknown keys are ignored; a bad value raises :class:`InputError`.

    >>> s = parse_state({"expand": "W1,W2", "hide": "W3", "layout": "timeline"})
    >>> s["expand"], s["hide"], s["layout"], s["stubs"]
    (['W1', 'W2'], ['W3'], 'timeline', False)
    """
    state = default_state()
    for key in LIST_KEYS:
        ids = [i for i in dict.fromkeys((args.get(key) or "").split(",")) if i]
        if len(ids) > MAX_LIST:
            raise InputError(f"{key} names {len(ids)} nodes; at most {MAX_LIST}")
        state[key] = ids
    state["stubs"] = args.get("stubs") == "show"
    state["colour"] = _choice(args, "colour", COLOURS, "year")
    state["size"] = args.get("size") != "off"
    state["layout"] = _choice(args, "layout", LAYOUTS, "structure")
    state["labels"] = _choice(args, "labels", LABELS, "more")
    community = args.get("community") or ""
    if community and not _KEY.match(community):
        raise InputError("community must be a community key")
    state["community"] = community
    return state


def state_query(state: Mapping[str, Any]) -> dict[str, str]:
    """The query-string keys of ``state`` that differ from the default (for links)."""
    base, out = default_state(), {}
    for key in LIST_KEYS:
        if state.get(key):
            out[key] = ",".join(state[key])
    if state.get("stubs"):
        out["stubs"] = "show"
    if state.get("size") is False:
        out["size"] = "off"
    for key in ("colour", "layout", "labels", "community"):
        if state.get(key) and state[key] != base[key]:
            out[key] = str(state[key])
    return out


def state_flags(state: Mapping[str, Any]) -> list[str]:
    """The ``explorer export`` flags that give ``state`` (empty for the default).

    >>> state_flags(parse_state({"hide": "W3", "colour": "community", "stubs": "show"}))
    ['--hide', 'W3', '--stubs', 'show', '--colour', 'community']
    """
    flags: list[str] = []
    for key, value in state_query(state).items():
        flags += [f"--{key}", value]
    return flags


# -- the page's merge, as map.js does it ---------------------------------------------------

def _merge(known: dict[str, dict], edges: dict[tuple, dict], sub: dict[str, Any],
           anchor_id: str, only_center: bool) -> None:
    """Merge map ``sub`` into ``known`` (map.js ``merge``): new nodes placed around the
    anchor at 0.35 scale, in no community, hop 2; every link kept for later filtering."""
    anchor = known.get(anchor_id)
    sub_center = sub["nodes"][0] if sub["nodes"] else {"x": 0, "y": 0}
    for node in sub["nodes"]:
        if node["id"] in known or (only_center and node["id"] != sub["center"]):
            continue
        copy = dict(node, community=None, hop=2, rank=(node.get("rank") or 0) + len(known))
        if anchor is not None:
            copy["x"] = anchor.get("x", 0) + (node.get("x", 0) - sub_center.get("x", 0)) * 0.35
            copy["y"] = anchor.get("y", 0) + (node.get("y", 0) - sub_center.get("y", 0)) * 0.35
        known[node["id"]] = copy
    for edge in sub["edges"]:
        edges.setdefault((edge["source"], edge["target"], edge["type"]), edge)


def is_unresolved(node: Mapping[str, Any]) -> bool:
    """A paper known only by its id (drawn hollow; hidden unless the page shows them)."""
    return bool(node.get("unresolved") or (node.get("stub") and not node.get("title")))


def screen_view(map_of: Callable[..., dict[str, Any]], node_id: str,
                options: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
    """The view on screen for ``node_id`` with ``options`` and page ``state``.

    ``map_of(node_id, **options)`` builds one research map (the base map and
    each expanded or added node's own map, as the page asks the API). A node
    to expand or add that is unknown is skipped, as the page skips it. The
    answer has the view shape plus ``state`` (the state applied), ``hidden``
    (nodes hidden by the state: ``by_you`` and ``unresolved``) and each node's
    ``colour`` as the page paints it.
    """
    view = map_of(node_id, **options)
    known = {n["id"]: dict(n) for n in view["nodes"]}
    edges: dict[tuple, dict] = {}
    for edge in view["edges"]:
        edges.setdefault((edge["source"], edge["target"], edge["type"]), edge)
    sub_options = {k: options[k] for k in ("kind", "types", "years", "keep_undated")
                   if k in options}
    sub_options.update(depth=1, limit=SUB_LIMIT)
    for ids, only_center in ((state["expand"], False), (state["add"], True)):
        for sub_id in ids:
            try:
                sub = map_of(sub_id, **sub_options)
            except (NotFound, InputError):
                continue
            was_known, place = sub_id in known, None
            if only_center:
                linked = [n for n in sub["nodes"] if n["id"] in known]
                place = linked[0] if linked else known.get(view["center"])
            _merge(known, edges, sub, sub_id, only_center)
            if only_center and not was_known and sub_id in known and place is not None:
                known[sub_id]["x"] = place.get("x", 0) + 60
                known[sub_id]["y"] = place.get("y", 0) + 60
    added = set(state["add"])
    hide = set(state["hide"]) - added
    unresolved = [i for i, n in known.items() if not state["stubs"] and is_unresolved(n)
                  and i != view["center"] and i not in added and i not in hide]
    shown = [n for i, n in known.items() if i not in hide and i not in set(unresolved)]
    ids = {n["id"] for n in shown}
    out = dict(view, nodes=shown,
               edges=[e for e in edges.values() if e["source"] in ids and e["target"] in ids])
    out["state"] = dict(state)
    out["hidden"] = {"by_you": sorted(hide & set(known)), "unresolved": len(unresolved)}
    if state["layout"] == "timeline":
        positions = timeline_positions(shown, out["edges"])
        for node in shown:
            node["x"], node["y"] = positions[node["id"]]
    colour_nodes(out, state)
    return out


# -- layout and colours, as timeline.js and palette.js compute them ------------------------

def timeline_positions(nodes: list[dict], edges: list[dict]) -> dict[str, tuple[float, float]]:
    """x = year, y = community band (largest first), as ``timeline.js`` ``layout``."""
    import math

    width, heightall, undated_x = 2000, 1600, -1150
    years = [n["year"] for n in nodes if n.get("type") == "Paper" and n.get("year")]
    low = min(years) if years else 2000
    span = max((max(years) if years else low) - low, 1)
    bands: dict[int, list[dict]] = {}
    for node in nodes:
        community = node.get("community")
        bands.setdefault(-1 if community is None else community, []).append(node)
    order = sorted(bands, key=lambda c: (-len(bands[c]), c))
    total, top = len(nodes) or 1, -heightall / 2
    pos: dict[str, tuple[float, float]] = {}
    for community in order:
        members = bands[community]
        height = max(90, heightall * len(members) / total)
        ranked = sorted((n for n in members if n.get("type") == "Paper"),
                        key=lambda n: n.get("rank") or 0)
        for i, node in enumerate(ranked):
            x = (-width / 2 + width * (node["year"] - low) / span if node.get("year")
                 else undated_x)
            y = top + 20 + (height - 40) * (i / (len(ranked) - 1) if len(ranked) > 1 else 0.5)
            pos[node["id"]] = (x + ((i % 3) - 1) * 8, y)
        top += height + 60
    neighbours: dict[str, list[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge["source"], []).append(edge["target"])
        neighbours.setdefault(edge["target"], []).append(edge["source"])
    for i, node in enumerate(nodes):
        if node["id"] in pos:
            continue
        near = [pos[j] for j in neighbours.get(node["id"], []) if j in pos]
        if near:
            x = sum(p[0] for p in near) / len(near)
            y = sum(p[1] for p in near) / len(near)
            pos[node["id"]] = (x + 14 * math.cos(i), y + 24 + 10 * math.sin(i))
        else:
            pos[node["id"]] = (undated_x - 120, -heightall / 2 + 30 * (i % 50))
    return pos


def year_colour(year: int | None, low: int | None, high: int | None) -> str:
    """A paper's colour by year (old light yellow, recent dark indigo), as ``palette.js``.

    >>> year_colour(2000, 2000, 2010), year_colour(2010, 2000, 2010), year_colour(None, 1, 2)
    ('#ffd666', '#2d1f80', '#c9ced4')
    """
    if not year or low is None or high is None:
        return UNDATED
    t = (year - low) / (high - low) if high > low else 1.0
    rgb = [int(a + (b - a) * t + 0.5) for a, b in zip(_YEAR_FROM, _YEAR_TO, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def colour_nodes(view: dict[str, Any], state: Mapping[str, Any]) -> None:
    """Set each node's ``colour`` as the page paints it in ``state["colour"]`` mode."""
    years = [n["year"] for n in view["nodes"] if n.get("year")]
    low, high = (min(years), max(years)) if years else (None, None)
    for node in view["nodes"]:
        if state["colour"] == "type":
            node["colour"] = TYPE_COLOURS.get(node.get("type"), OTHER_COLOUR)
        elif state["colour"] == "year":
            node["colour"] = (year_colour(node.get("year"), low, high)
                              if node.get("type") == "Paper" else OTHER_COLOUR)
        else:
            community = node.get("community")
            node["colour"] = (OTHER_COLOUR if community is None or community < 0
                              else COMMUNITY_COLOURS[community % len(COMMUNITY_COLOURS)])

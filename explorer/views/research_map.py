"""The research map of any node, of one of two kinds; the one entry point of every caller.

* ``related`` (the default): the node's most related papers from the
  related-work index, laid out by relatedness (:mod:`explorer.views.related_map`);
  people, topics and institutions are overlays chosen by ``types``;
* ``links``: what lies within ``depth`` links of the node — papers, people,
  topics, institutions and references — capped hop by hop
  (:mod:`explorer.views.neighbourhood`).

The web app's JSON API, the page, ``explorer neighbourhood``, exports and
notebooks all call :func:`research_map`, so each shows the same map for the same
options.
"""

from __future__ import annotations

import time
from typing import Any

from cypher.access.errors import InputError
from cypher.access.graph import Graph
from explorer.views.gc_pause import paused
from explorer.views.neighbourhood import neighbourhood
from explorer.views.options import DEFAULT_LIMIT, MAP_KINDS
from explorer.views.related_map import related_map

KINDS = MAP_KINDS
DEFAULT_KIND = "related"


def parse_kind(text: str | None) -> str:
    """The map kind named by ``text`` (empty: the default).

    >>> parse_kind(None), parse_kind("Links")
    ('related', 'links')
    """
    kind = (text or DEFAULT_KIND).strip().lower()
    if kind not in KINDS:
        raise InputError(f"unknown map kind {text!r}; choose from {', '.join(KINDS)}")
    return kind


def research_map(graph: Graph, node_id: str, *, kind: str = DEFAULT_KIND,
                 **options: Any) -> dict[str, Any]:
    """The research map of ``node_id`` (``docs/VIEW_SHAPE.md``); ``options`` are
    ``depth``, ``limit``, ``types``, ``years``, ``keep_undated``, ``resolution``, ``seed``.
    Built with the cycle collector held back (:func:`explorer.views.gc_pause.paused`)."""
    with paused():
        if parse_kind(kind) == "links":
            view = neighbourhood(graph, node_id, **options)
            view["kind"] = "links"
            return view
        return related_map(graph, node_id, **options)


#: papers whose maps :func:`warm_up` builds, and the seconds it may take at most
WARM_UP_PAPERS = 20
WARM_UP_SECONDS = 10.0


def warm_up(graph: Graph, *, papers: int = WARM_UP_PAPERS,
            seconds: float = WARM_UP_SECONDS) -> int:
    """Build the page's default and depth-2 map of up to ``papers`` papers with a
    related-work list and throw them away; return how many maps were built. The graph
    server plans and compiles its map reads on their first runs (measured on a million
    papers: the first 30 default maps after a start took 19–22 ms at the median, 11–15
    ms after these maps; a first map's own data pages stay cold), so the web app runs
    this once at its start, in the background. Stops after ``seconds``."""
    deadline = time.monotonic() + seconds
    built = 0
    for row in graph.read_values("read/warm_up_papers", limit=papers):
        for depth in (1, 2):
            if time.monotonic() > deadline:
                return built
            research_map(graph, row["id"], depth=depth, limit=DEFAULT_LIMIT)
            built += 1
    return built

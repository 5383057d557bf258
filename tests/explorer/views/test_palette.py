"""explorer.views.palette: the one list of community colours."""

from __future__ import annotations

import re

from explorer.views import export_graph
from explorer.views.palette import COMMUNITY_COLOURS, OTHER_COLOUR, page_palette


def test_colours_are_distinct_hex_colours():
    colours = [*COMMUNITY_COLOURS, OTHER_COLOUR]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert len(set(colours)) == len(colours) == 21


def test_page_palette_is_a_copy_the_pages_cannot_change():
    palette = page_palette()
    assert palette == {"community": COMMUNITY_COLOURS, "other": OTHER_COLOUR}
    palette["community"].append("#000000")
    assert page_palette()["community"] == COMMUNITY_COLOURS


def test_gexf_colours_come_from_the_palette():
    assert [export_graph.community_colour(i) for i in range(len(COMMUNITY_COLOURS))] == \
        COMMUNITY_COLOURS
    assert export_graph.community_colour(None) == OTHER_COLOUR

"""The map's community colours: the one list every output draws communities with.

The web pages render :func:`page_palette` as JSON on their root element
(``data-palette``, read by ``webui/static/palette.js``), the standalone HTML
export does the same, and the GEXF export writes these colours as
``viz:color``. A change of colour is made here and nowhere else.
"""

from __future__ import annotations

from typing import Any

# community i is drawn in COMMUNITY_COLOURS[i] (the map cycles through them)
COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                     "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#a0cbe8",
                     "#ffbe7d", "#8cd17d", "#b6992d", "#499894", "#f1ce63", "#fabfd2",
                     "#d4a6c8", "#79706e"]
# a node in no community (and, on the map, people, topics and institutions coloured by year)
OTHER_COLOUR = "#9aa5b1"


def page_palette() -> dict[str, Any]:
    """The palette as the page scripts read it: ``{"community": [...], "other": "#..."}``.

    >>> page_palette()["community"][:2], page_palette()["other"]
    (['#4e79a7', '#f28e2b'], '#9aa5b1')
    """
    return {"community": list(COMMUNITY_COLOURS), "other": OTHER_COLOUR}

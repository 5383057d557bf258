"""The product's operations on the graph, shared by the CLI and the web app.

One import for the callers: each function takes a
:class:`cypher.access.graph.Graph` and plain parameters and returns plain dicts
in the shapes documented in ``docs/VIEW_SHAPE.md``. Unknown ids raise
:class:`NotFound`; bad parameters raise ``ValueError``. The functions live in
the sibling modules; this module only gathers them.
"""

from __future__ import annotations

from explorer.views.common import (
    DEFAULT_LIMIT,
    MAX_DEPTH,
    MAX_LIMIT,
    NODE_TYPES,
    RELATIONSHIP_TYPES,
    NotFound,
    node_type,
    parse_types,
    parse_years,
    short_label,
)
from explorer.views.details import node_details, search
from explorer.views.neighbourhood import neighbourhood
from explorer.views.suggestions import suggestions

__all__ = ["DEFAULT_LIMIT", "MAX_DEPTH", "MAX_LIMIT", "NODE_TYPES", "RELATIONSHIP_TYPES",
           "NotFound", "neighbourhood", "node_details", "node_type", "parse_types",
           "parse_years", "search", "short_label", "suggestions"]

"""Exports of a research map: ``/export/<id>.<format>`` with the view's options.

The formats, their media types and file names come from the registry
(:mod:`explorer.views.export_formats`), which also fills the entity page's
export menu (``export_formats`` in every template). The files are downloads
(``Content-Disposition: attachment``) and are served under a sandboxing CSP,
so even an opened export cannot act as this origin. Each carries its
provenance (see :mod:`explorer.views.provenance`).
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from explorer.views import export, export_formats
from explorer.views.export_biblio import left_out
from explorer.views.export_state import parse_state
from webui.graphdb import get_graph
from webui.params import map_options_from_query

bp = Blueprint("exports", __name__, url_prefix="/export")
FORMAT_RULE = "any(" + ", ".join(export_formats.names()) + ")"
EXPORT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data:; sandbox allow-scripts allow-downloads")


@bp.app_context_processor
def export_menu() -> dict[str, object]:
    """``export_formats``: the registered formats, for the page's export menu."""
    return {"export_formats": export_formats.formats()}


@bp.get(f"/<path:node_id>.<{FORMAT_RULE}:fmt>")
def download(node_id: str, fmt: str):
    """The view on screen as a file: the map's options and the page's state
    (expanded, added and hidden nodes, stubs, layout, colour...; the keys of
    ``webui/static/mapstate.js``) from the query string, as the page's export
    links carry them."""
    options = map_options_from_query(request.args)
    state = parse_state(request.args)
    if not options.get("keep_undated"):
        options.pop("keep_undated", None)
    name = export.file_name({"center": node_id}, fmt)
    body, view, _ = export.export_view(get_graph(), node_id, fmt, output=name, state=state,
                                    **options)
    # content_type, not mimetype: Flask would add a second charset to text/html
    response = Response(body, content_type=export_formats.get(fmt).media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = EXPORT_CSP
    if export_formats.get(fmt).bibliographic:
        # how many references known only by id the file leaves out (BibTeX says so too)
        response.headers["X-Left-Out-References"] = str(left_out(view))
    return response

"""Exports of a research map: ``/export/<id>.<format>`` with the view's options.

The files are downloads (``Content-Disposition: attachment``) and are served
under a sandboxing CSP, so even an opened export cannot act as this origin.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from explorer.views import export, service
from webui.graphdb import get_graph
from webui.params import view_options

bp = Blueprint("exports", __name__, url_prefix="/export")
FORMAT_RULE = "any(" + ", ".join(export.FORMATS) + ")"
EXPORT_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
              "img-src data:; sandbox allow-scripts allow-downloads")


@bp.get(f"/<path:node_id>.<{FORMAT_RULE}:fmt>")
def download(node_id: str, fmt: str):
    options = view_options(request.args)
    graph = get_graph()
    view = service.neighbourhood(graph, node_id, **options)
    details = None
    if fmt in ("bibtex", "ris"):
        ids = [n["id"] for n in view["nodes"] if n.get("type") == "Paper"]
        details = export.bibliography_details(graph, ids)
    body = export.render(view, fmt, details)
    response = Response(body, mimetype=export.FORMATS[fmt][0])
    name = export.file_name(view, fmt)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = EXPORT_CSP
    return response

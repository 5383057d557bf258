"""Exports of a view: one entry point for the CLI, the web app and notebooks.

:func:`export_view` builds the view of a node through a
:class:`explorer.views.provenance.RecordingGraph` (so every named statement is
noted with its real parameters), reads the bibliographic details when the
format needs them, and renders it with its provenance. The writers live in
the sibling modules: ``export_graph`` (GraphML, GEXF, JSON, CSV),
``export_biblio`` (BibTeX, RIS, CSL-JSON) and ``export_html`` (the offline
page); this module gathers them under :data:`FORMATS`.
"""

from __future__ import annotations

import re
from typing import Any

from cypher.access.errors import InputError
from explorer.views.export_biblio import (
    bibliography_details,
    csl_items,
    split_name,
    to_bibtex,
    to_csljson,
    to_ris,
    work_type,
)
from explorer.views.export_graph import (
    EDGE_FIELDS,
    NODE_FIELDS,
    csv_cell,
    to_csv,
    to_csv_zip,
    to_gexf,
    to_graphml,
    to_json,
    to_networkx,
)
from explorer.views.export_html import comment_text, to_html
from explorer.views.provenance import EXTENSIONS, RecordingGraph, command_line, provenance

FORMATS = {  # format -> (Content-Type, file extension)
    "html": ("text/html; charset=utf-8", "html"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
    "gexf": ("application/gexf+xml; charset=utf-8", "gexf"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csljson": ("application/vnd.citationstyles.csl+json", "json"),
}
BIBLIOGRAPHIC = ("bibtex", "ris", "csljson")
assert all(EXTENSIONS[f] == ext for f, (_, ext) in FORMATS.items())


def render(view: dict[str, Any], fmt: str, details: dict[str, dict] | None = None,
           provenance: dict[str, Any] | None = None) -> bytes:
    """The export of ``view`` in ``fmt`` (a key of :data:`FORMATS`) as bytes.

    ``provenance`` (from :func:`export_view`) goes into the HTML comment, the
    GraphML/GEXF metadata, the JSON ``graph`` field and the CSV zip; the
    bibliographic formats carry records only, so their provenance is the
    ``provenance`` of :func:`export_view`'s answer.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "csv":
        return to_csv_zip(view, provenance)
    if fmt in BIBLIOGRAPHIC:
        writer = {"bibtex": to_bibtex, "ris": to_ris, "csljson": to_csljson}[fmt]
        return writer(view, details).encode()
    text = {"html": to_html, "graphml": to_graphml, "gexf": to_gexf, "json": to_json}[fmt]
    return text(view, provenance).encode()


def view_with_provenance(graph: Any, node_id: str, fmt: str, *, output: str | None = None,
                         **options: Any) -> tuple[dict[str, Any], dict | None, dict[str, Any]]:
    """(view, bibliographic details or None, provenance) of ``node_id`` for ``fmt``.

    ``options`` are those of :func:`explorer.views.neighbourhood.neighbourhood`
    (``depth``, ``limit``, ``types``, ``years``, ``resolution``, ``seed``).
    """
    from explorer.views.neighbourhood import neighbourhood

    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    options = {"depth": 1, "limit": 300, "types": None, "years": None, "resolution": 1.0,
               "seed": 42, **options}
    recording = RecordingGraph(graph)
    view = neighbourhood(recording, node_id, **options)  # type: ignore[arg-type]
    details = None
    if fmt in BIBLIOGRAPHIC:
        details = bibliography_details(recording, [n["id"] for n in view["nodes"]
                                                   if n.get("type") == "Paper"])
    record = provenance(recording, view, fmt, options=options, output=output)
    return view, details, record


def export_view(graph: Any, node_id: str, fmt: str, *, output: str | None = None,
                **options: Any) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    """(file bytes, view, provenance) of the research map of ``node_id`` in ``fmt``."""
    view, details, record = view_with_provenance(graph, node_id, fmt, output=output,
                                                 **options)
    return render(view, fmt, details, record), view, record


def file_name(view: dict[str, Any], fmt: str) -> str:
    """A safe download name such as ``research-map-W123.graphml``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(view.get("center") or "view"))[:80]
    suffix = ".csl.json" if fmt == "csljson" else "." + FORMATS[fmt][1]
    return f"research-map-{stem}{suffix}"


__all__ = ["BIBLIOGRAPHIC", "EDGE_FIELDS", "FORMATS", "NODE_FIELDS", "RecordingGraph",
           "bibliography_details", "command_line", "comment_text", "csl_items", "csv_cell",
           "export_view", "file_name", "provenance", "render", "split_name", "to_bibtex",
           "to_csljson", "to_csv", "to_csv_zip", "to_gexf", "to_graphml", "to_html",
           "to_json", "to_networkx", "to_ris", "view_with_provenance", "work_type"]

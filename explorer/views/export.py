"""Exports of a view: one entry point for the CLI, the web app and notebooks.

:func:`export_view` builds the view of a node through a
:class:`explorer.views.provenance.RecordingGraph` (so every named statement is
noted with its real parameters), reads the bibliographic details when the
format needs them, and renders it with its provenance. The formats and their
writers are registered in :mod:`explorer.views.export_formats`; the writers
live in ``export_graph`` (GraphML, GEXF, JSON, CSV), ``export_biblio`` (BibTeX,
RIS, CSL-JSON) and ``export_html`` (the offline page).
"""

from __future__ import annotations

import re
from typing import Any

from explorer.views import export_formats
from explorer.views.export_biblio import bibliography_details
from explorer.views.export_state import default_state, screen_view, state_flags
from explorer.views.provenance import RecordingGraph, provenance
from explorer.views.research_map import research_map


def render(view: dict[str, Any], fmt: str, details: dict[str, dict] | None = None,
           provenance: dict[str, Any] | None = None) -> bytes:
    """The export of ``view`` in ``fmt`` (a registered format's name) as bytes.

    ``provenance`` (from :func:`export_view`) goes into the HTML comment, the
    GraphML/GEXF metadata, the JSON ``graph`` field and the CSV zip; the
    bibliographic formats carry records only, so their provenance is the
    ``provenance`` of :func:`export_view`'s answer. An unknown ``fmt`` raises
    :class:`cypher.access.errors.InputError`.
    """
    return export_formats.get(fmt).render(view, details, provenance)


def view_with_provenance(graph: Any, node_id: str, fmt: str, *, output: str | None = None,
                         state: dict[str, Any] | None = None,
                         **options: Any) -> tuple[dict[str, Any], dict | None, dict[str, Any]]:
    """(view, bibliographic details or None, provenance) of ``node_id`` for ``fmt``.

    ``options`` are those of :func:`explorer.views.research_map.research_map`
    (``kind``, ``depth``, ``limit``, ``types``, ``years``, ``resolution``, ``seed``);
    ``state`` is the page's state (:func:`explorer.views.export_state.parse_state`;
    by default a page whose URL names only the options), applied as the page
    applies it, so the export is the view on screen; ``output`` is the file
    named in the rebuild command (by default ``research-map`` with the format's
    extension).
    """
    spec = export_formats.get(fmt)
    options = {"kind": "related", "depth": 1, "limit": 300, "types": None, "years": None,
               "resolution": 1.0, "seed": 42, **options}
    state = state or default_state()
    recording = RecordingGraph(graph)
    view = screen_view(lambda centre, **o: research_map(recording, centre, **o),  # type: ignore[arg-type]
                       node_id, options, state)
    details = None
    if spec.bibliographic:
        details = bibliography_details(recording, [n["id"] for n in view["nodes"]
                                                   if n.get("type") == "Paper"])
    record = provenance(recording, view, fmt, options=options,
                        output=output or spec.file_name("research-map"))
    flags = state_flags(state)
    if flags:
        import shlex

        record["command"] += " " + shlex.join(flags)
        record["state"] = dict(state)
    return view, details, record


def export_view(graph: Any, node_id: str, fmt: str, *, output: str | None = None,
                state: dict[str, Any] | None = None,
                **options: Any) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    """(file bytes, view, provenance) of the view on screen of ``node_id`` in ``fmt``
    (``state`` and ``options`` as in :func:`view_with_provenance`)."""
    view, details, record = view_with_provenance(graph, node_id, fmt, output=output,
                                                 state=state, **options)
    return render(view, fmt, details, record), view, record


def file_name(view: dict[str, Any], fmt: str) -> str:
    """A safe download name such as ``research-map-W123.graphml``.

    >>> file_name({"center": "doi:10.1/a b"}, "csljson")
    'research-map-doi_10.1_a_b.csl.json'
    """
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(view.get("center") or "view"))[:80]
    return export_formats.get(fmt).file_name(f"research-map-{stem}")

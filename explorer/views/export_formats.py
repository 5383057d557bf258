"""The one registry of export formats: every other list of formats is read from here.

Each :class:`ExportFormat` names a format (``--format`` of ``explorer export``,
``/export/<id>.<name>`` in the web app), its label in the page's export menu,
its file extension, its media type and its writer. The command's choices, the
web route and its headers, the page's menu, the rebuild command in the
provenance, the download names and the notebook's guess from a file's
extension are all derived from :func:`formats`, in registration order.

Adding a format: a writer (``write(view, provenance) -> str | bytes``, or
``write(view, details)`` with ``bibliographic=True``) in a module of its own or
beside its kind (``export_graph``, ``export_biblio``, ``export_html``), one
:func:`register` call below, its tests, and its row in README.md's table of
exports (a test checks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cypher.access.errors import InputError
from explorer.views.export_biblio import to_bibtex, to_csljson, to_ris
from explorer.views.export_graph import to_csv_zip, to_gexf, to_graphml, to_json
from explorer.views.export_html import to_html

#: ``write(view, provenance)``, or ``write(view, details)`` for bibliographic formats
Writer = Callable[[dict[str, Any], Any], str | bytes]
_NAME = re.compile(r"[a-z][a-z0-9]*")
_EXTENSION = re.compile(r"[a-z0-9]+(\.[a-z0-9]+)*")


@dataclass(frozen=True)
class ExportFormat:
    """One export format.

    ``name`` is what users type (lower-case letters and digits); ``label`` is
    shown in the page's export menu; ``extension`` ends file names (no leading
    dot, e.g. ``csl.json``); ``media_type`` is the web download's
    ``Content-Type``. ``bibliographic`` formats carry records only: their
    writer gets the papers' bibliographic details instead of the provenance.
    """

    name: str
    label: str
    extension: str
    media_type: str
    write: Writer
    bibliographic: bool = False

    def render(self, view: dict[str, Any], details: dict[str, dict] | None = None,
               provenance: dict[str, Any] | None = None) -> bytes:
        """The file's bytes: the writer's text as UTF-8, or its bytes as they are."""
        data = self.write(view, details if self.bibliographic else provenance)
        return data.encode("utf-8") if isinstance(data, str) else data

    def file_name(self, stem: str) -> str:
        """``stem`` with this format's extension.

        >>> get("csljson").file_name("research-map")
        'research-map.csl.json'
        """
        return f"{stem}.{self.extension}"


_REGISTRY: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add ``fmt`` to the registry (after the others); a name used twice, or a
    name or extension that could not appear in a URL or a file name, is refused."""
    if fmt.name in _REGISTRY:
        raise ValueError(f"export format {fmt.name!r} is registered twice")
    if not _NAME.fullmatch(fmt.name) or not _EXTENSION.fullmatch(fmt.extension):
        raise ValueError(f"export format {fmt.name!r}: name or extension "
                         f"{fmt.extension!r} is not plain lower-case text")
    if not fmt.media_type or not fmt.label:
        raise ValueError(f"export format {fmt.name!r} needs a media type and a label")
    _REGISTRY[fmt.name] = fmt
    return fmt


def formats() -> tuple[ExportFormat, ...]:
    """Every registered format, in registration order (the order of menus and lists)."""
    return tuple(_REGISTRY.values())


def names() -> tuple[str, ...]:
    """The names of :func:`formats`.

    >>> names()
    ('html', 'graphml', 'gexf', 'json', 'csv', 'bibtex', 'ris', 'csljson')
    """
    return tuple(_REGISTRY)


def get(name: str) -> ExportFormat:
    """The format called ``name``; :class:`InputError` naming the choices otherwise."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise InputError(f"unknown export format {name!r}; choose from "
                         f"{', '.join(_REGISTRY)}") from None


def for_extension(extension: str) -> ExportFormat | None:
    """The first registered format whose extension is ``extension`` (no dot), if any.

    >>> for_extension("bib").name, for_extension("json").name, for_extension("exe")
    ('bibtex', 'json', None)
    """
    return next((f for f in _REGISTRY.values() if f.extension == extension), None)


register(ExportFormat("html", "HTML", "html", "text/html; charset=utf-8", to_html))
register(ExportFormat("graphml", "GraphML", "graphml", "application/graphml+xml; charset=utf-8",
                      to_graphml))
register(ExportFormat("gexf", "GEXF", "gexf", "application/gexf+xml; charset=utf-8", to_gexf))
register(ExportFormat("json", "JSON", "json", "application/json", to_json))
register(ExportFormat("csv", "CSV", "zip", "application/zip", to_csv_zip))
register(ExportFormat("bibtex", "BibTeX", "bib", "application/x-bibtex; charset=utf-8",
                      to_bibtex, bibliographic=True))
register(ExportFormat("ris", "RIS", "ris", "application/x-research-info-systems; charset=utf-8",
                      to_ris, bibliographic=True))
register(ExportFormat("csljson", "CSL-JSON", "csl.json",
                      "application/vnd.citationstyles.csl+json", to_csljson, bibliographic=True))

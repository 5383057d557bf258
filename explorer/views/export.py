"""Exports of a view (``docs/VIEW_SHAPE.md``): HTML, GraphML, GEXF, JSON, CSV, BibTeX, RIS.

Every ``to_*`` function is pure: a view dict in, text or bytes out. The HTML
export is a standalone pyvis page drawn with the web app's own template
(``webui/templates/export.html``) and scripts: vis-network, its CSS and the
map script are inlined, so the file makes no network request at all. Data is
embedded as escaped JSON and always rendered as text. BibTeX and RIS take
optional bibliographic ``details`` per paper id, fetched with
:func:`bibliography_details`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

FORMATS = {  # format -> (media type, file extension)
    "html": ("text/html; charset=utf-8", "html"),
    "graphml": ("application/graphml+xml; charset=utf-8", "graphml"),
    "gexf": ("application/gexf+xml; charset=utf-8", "gexf"),
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}
NODE_FIELDS = ["id", "type", "label", "title", "year", "cited_by_count", "indegree",
               "community", "x", "y", "stub", "hop"]
EDGE_FIELDS = ["source", "target", "type", "weight"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """Values GraphML/GEXF can hold: no None, lists joined, no XML-illegal characters."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    return value


def to_networkx(view: dict[str, Any]) -> nx.MultiDiGraph:
    """The view as a networkx multigraph; node and edge attributes from the view."""
    graph = nx.MultiDiGraph(center=view.get("center", ""), modularity=view.get("modularity") or 0)
    for node in view["nodes"]:
        attrs = {k: _xml_safe(node.get(k)) for k in NODE_FIELDS[1:] if node.get(k) is not None}
        graph.add_node(_xml_safe(node["id"]), **attrs)
    for edge in view["edges"]:
        graph.add_edge(_xml_safe(edge["source"]), _xml_safe(edge["target"]),
                       type=edge.get("type") or "", weight=float(edge.get("weight") or 1.0))
    return graph


def to_graphml(view: dict[str, Any]) -> str:
    return "\n".join(nx.generate_graphml(to_networkx(view)))


def to_gexf(view: dict[str, Any]) -> str:
    graph = to_networkx(view)
    for _, attrs in graph.nodes(data=True):
        attrs["viz"] = {"position": {"x": float(attrs.get("x", 0.0)),
                                     "y": float(attrs.get("y", 0.0)), "z": 0.0}}
    return "\n".join(nx.generate_gexf(graph))


def to_json(view: dict[str, Any]) -> str:
    """Node-link JSON (the shape of ``networkx.node_link_data``) plus the view's context."""
    context = {k: view.get(k) for k in ("center", "depth", "communities", "modularity",
                                        "resolution", "seed", "truncated", "total_nodes",
                                        "query")}
    data = {"directed": True, "multigraph": True, "graph": context,
            "nodes": view["nodes"], "links": view["edges"]}
    return json.dumps(data, indent=1, ensure_ascii=False)


def to_csv(view: dict[str, Any]) -> dict[str, str]:
    """``{"nodes.csv": text, "edges.csv": text}``."""
    files = {}
    for name, fields, rows in (("nodes.csv", NODE_FIELDS, view["nodes"]),
                               ("edges.csv", EDGE_FIELDS, view["edges"])):
        out = io.StringIO()
        writer = csv.DictWriter(out, fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[name] = out.getvalue()
    return files


def to_csv_zip(view: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in to_csv(view).items():
            archive.writestr(name, text)
    return buffer.getvalue()


# --- bibliographies ---------------------------------------------------------
BIBTEX_TYPES = {"article": ("article", "journal"), "journal-article": ("article", "journal"),
                "book": ("book", "publisher"), "proceedings-article": ("inproceedings",
                                                                       "booktitle"),
                "inproceedings": ("inproceedings", "booktitle")}
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}",
                   "}": r"\textbraceright{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                   "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibliography_details(graph: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """DOI, venue, kind, arXiv id and ordered author names of the papers ``ids``.

    Runs one read-only query through :meth:`cypher.access.graph.Graph.run_text`.
    """
    if not ids:
        return {}
    rows = graph.read("read/paper_bibliography", ids=list(ids))
    return {record["id"]: {"doi": record["doi"], "venue": record["venue"],
                           "kind": record["kind"], "arxiv": record["arxiv"],
                           "authors": [a for a in record["authors"] if a]}
            for record in rows}


def _one_line(value: Any) -> str:
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def bibtex_escape(value: Any) -> str:
    """Text safe inside a braced BibTeX field: braces always balanced, specials escaped.

    >>> bibtex_escape("a {b} 50% & c}")
    'a \\\\textbraceleft{}b\\\\textbraceright{} 50\\\\% \\\\& c\\\\textbraceright{}'
    """
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in _one_line(value))


def _papers(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in view["nodes"] if n.get("type") == "Paper"]


def to_bibtex(view: dict[str, Any], details: dict[str, dict] | None = None) -> str:
    """One BibTeX entry per paper of the view (stubs included, marked in ``note``)."""
    details = details or {}
    entries, used = [], set()
    for node in _papers(view):
        extra = details.get(node["id"], {})
        entry_type, venue_field = BIBTEX_TYPES.get(str(extra.get("kind") or "").lower(),
                                                   ("misc", "howpublished"))
        key = re.sub(r"[^A-Za-z0-9_:.-]+", "_", node["id"])[:60] or "paper"
        base, n = key, 1
        while key in used:
            n += 1
            key = f"{base}_{n}"
        used.add(key)
        fields = [("title", node.get("title")),
                  ("author", " and ".join(_one_line(a) for a in extra.get("authors") or [])),
                  ("year", node.get("year")), (venue_field, extra.get("venue")),
                  ("doi", extra.get("doi")), ("eprint", extra.get("arxiv")),
                  ("note", "graph id " + node["id"] + (" (stub)" if node.get("stub") else ""))]
        body = ",\n".join(f"  {name} = {{{bibtex_escape(value)}}}"
                          for name, value in fields if value not in (None, ""))
        entries.append(f"@{entry_type}{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


RIS_TYPES = {"article": "JOUR", "journal-article": "JOUR", "book": "BOOK",
             "preprint": "UNPB", "proceedings-article": "CPAPER", "inproceedings": "CPAPER"}


def to_ris(view: dict[str, Any], details: dict[str, dict] | None = None) -> str:
    """One RIS record per paper of the view; every value on one line."""
    details = details or {}
    lines: list[str] = []
    for node in _papers(view):
        extra = details.get(node["id"], {})
        lines.append(f"TY  - {RIS_TYPES.get(str(extra.get('kind') or '').lower(), 'GEN')}")
        tags = [("ID", node["id"]), ("TI", node.get("title"))]
        tags += [("AU", a) for a in extra.get("authors") or []]
        tags += [("PY", node.get("year")), ("T2", extra.get("venue")), ("DO", extra.get("doi"))]
        lines += [f"{tag}  - {_one_line(value)}" for tag, value in tags
                  if value not in (None, "")]
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


# --- standalone HTML --------------------------------------------------------
WEBUI = Path(__file__).resolve().parents[2] / "webui"
EXPORT_OPTIONS = {
    "physics": {"enabled": False},
    "edges": {"smooth": False, "color": {"inherit": False, "color": "#b8c2cc"},
              "width": 0.6, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}},
    "nodes": {"shape": "dot", "font": {"size": 11}},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
}


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    import pyvis

    vis = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    static = WEBUI / "static"
    read = lambda path: path.read_text(encoding="utf-8")  # noqa: E731
    return {"vis_js": read(vis / "vis-network.min.js"), "vis_css": read(vis / "vis-network.css"),
            "map_js": read(static / "palette.js") + "\n" + read(static / "export-map.js"),
            "map_css": read(static / "export.css")}


def comment_text(value: Any) -> str:
    """Text that cannot end an HTML comment: every ``--`` is broken up.

    >>> comment_text("a -- b ---> c")
    'a - - b - - -> c'
    """
    text = str(value)
    while "--" in text:
        text = text.replace("--", "- -")
    return text


def _query_comment(view: dict[str, Any]) -> str:
    query = view.get("query") or {}
    text = ""
    try:
        import cypher

        text = cypher.get(query.get("name", "")).text
    except Exception:  # noqa: BLE001 - the statement text is a courtesy
        text = ""
    params = json.dumps(query.get("params") or {}, ensure_ascii=False, default=str)
    return comment_text(f"Produced by the Cypher statement {query.get('name', '?')} "
                        f"with parameters {params}\n{text}".strip())


def to_html(view: dict[str, Any]) -> str:
    """A standalone HTML page of the view that works offline (no network request)."""
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line",
                  heading=str(view.get("center_title") or view.get("center") or ""))
    net.nodes = [{k: node.get(k) for k in (*NODE_FIELDS, "topics")} for node in view["nodes"]]
    net.edges = [dict(edge, **{"from": edge["source"], "to": edge["target"]})
                 for edge in view["edges"]]
    net.options = EXPORT_OPTIONS
    env = Environment(loader=FileSystemLoader(str(WEBUI / "templates")), autoescape=True)
    env.globals.update({k: Markup(v) for k, v in _assets().items()})
    env.globals["view"] = {k: v for k, v in view.items() if k not in ("nodes", "edges")}
    # Inside a comment only "--" matters, and comment_text() breaks every one of them,
    # so the Cypher stays readable (and re-runnable) without HTML escaping.
    env.globals["query_comment"] = Markup(_query_comment(view))
    net.templateEnv, net.path = env, "export.html"
    return net.generate_html()

def render(view: dict[str, Any], fmt: str, details: dict[str, dict] | None = None) -> bytes:
    """The export of ``view`` in ``fmt`` (a key of :data:`FORMATS`) as bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "csv":
        return to_csv_zip(view)
    text = {"html": to_html, "graphml": to_graphml, "gexf": to_gexf, "json": to_json}.get(fmt)
    if text is not None:
        return text(view).encode()
    writer = to_bibtex if fmt == "bibtex" else to_ris
    return writer(view, details).encode()


def file_name(view: dict[str, Any], fmt: str) -> str:
    """A safe download name such as ``research-map-W123.graphml``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(view.get("center") or "view"))[:80]
    return f"research-map-{stem}.{FORMATS[fmt][1]}"


__all__ = ["FORMATS", "bibliography_details", "file_name", "render", "to_bibtex", "to_csv",
           "to_csv_zip", "to_gexf", "to_graphml", "to_html", "to_json", "to_networkx",
           "to_ris"]

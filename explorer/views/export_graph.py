"""Graph exports of a view: GraphML 1.0, GEXF 1.3, node-link JSON and CSV.

Every ``to_*`` function is pure: a view dict (``docs/VIEW_SHAPE.md``) in, text
out. The XML writers build their documents with ElementTree, so every value is
escaped by the serialiser; characters XML cannot hold are dropped first.

* GraphML: node ids ``n0, n1, …`` (valid ``NMTOKEN``s) with the product id in
  the ``node_id`` data key; edge ids ``e0, e1, …``; every key typed.
* GEXF 1.3: product ids as node ids, directed edges whose relationship type is
  the ``kind`` attribute and the label, ``viz:color`` the node's ``colour`` as the
  page paints it (``export_state``; else its community's colour), ``viz:size`` from
  citations (constant with ``size=off``), ``viz:position`` from the layout.
* JSON: node-link data under ``nodes``/``edges`` (networkx's default reader)
  with communities, truncation notes and provenance in ``graph``.
* CSV: cells starting with ``= + - @``, tab or CR get a leading ``'`` (OWASP).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import networkx as nx

from explorer.views.palette import COMMUNITY_COLOURS, OTHER_COLOUR  # GEXF viz:color
from explorer.views.provenance import PRODUCT, as_text, product_version

NODE_FIELDS = ["id", "type", "label", "title", "year", "cited_by_count", "indegree",
               "community", "x", "y", "stub", "hop", "colour"]
EDGE_FIELDS = ["source", "target", "type", "weight"]
# GraphML / GEXF attribute types of the node fields (the id is the node itself)
NODE_KEYS = {"node_id": "string", "type": "string", "label": "string", "title": "string",
             "year": "int", "cited_by_count": "int", "indegree": "int", "community": "int",
             "x": "double", "y": "double", "stub": "boolean", "hop": "int", "topics": "string",
             "colour": "string"}
EDGE_KEYS = {"type": "string", "weight": "double"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS, VIZ_NS = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def xml_text(value: Any) -> str:
    """A value as text XML can hold: lists joined with ``; ``, illegal characters dropped.

    >>> xml_text(["a", "b\\x01"]), xml_text(True), xml_text(2.5)
    ('a; b', 'true', '2.5')
    """
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _CONTROL.sub("", str(value))


def _node_values(node: dict[str, Any]) -> dict[str, Any]:
    values = {"node_id": node["id"], **{k: node.get(k) for k in NODE_KEYS if k != "node_id"}}
    return {k: v for k, v in values.items() if v is not None and v != [] and v != ""}


def to_networkx(view: dict[str, Any]) -> nx.MultiDiGraph:
    """The view as a networkx multigraph keyed by product id, attributes from the view."""
    graph = nx.MultiDiGraph(center=view.get("center", ""), modularity=view.get("modularity") or 0)
    for node in view["nodes"]:
        attrs = {k: node.get(k) for k in NODE_FIELDS[1:] if node.get(k) is not None}
        if node.get("topics"):
            attrs["topics"] = list(node["topics"])
        graph.add_node(node["id"], **attrs)
    for edge in view["edges"]:
        graph.add_edge(edge["source"], edge["target"], type=edge.get("type") or "",
                       weight=float(edge.get("weight") or 1.0))
    return graph


def _serialise(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_graphml(view: dict[str, Any], provenance: dict[str, Any] | None = None) -> str:
    """GraphML 1.0 valid against the official schema (see the module doc)."""
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("xsi", XSI)
    q = lambda tag: f"{{{GRAPHML_NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("graphml"), {f"{{{XSI}}}schemaLocation": f"{GRAPHML_NS} "
                                     "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    graph_keys = {"center": "string", "modularity": "double", "provenance": "string"}
    for prefix, domain, keys in (("g", "graph", graph_keys), ("n", "node", NODE_KEYS),
                                 ("e", "edge", EDGE_KEYS)):
        for name, kind in keys.items():
            ET.SubElement(root, q("key"), {"id": f"{prefix}_{name}", "for": domain,
                                           "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, q("graph"), {"id": "G", "edgedefault": "directed"})
    graph_values = {"center": view.get("center"), "modularity": view.get("modularity") or 0.0,
                    "provenance": json.dumps(provenance, ensure_ascii=False)
                    if provenance else None}
    for name, value in graph_values.items():
        if value is not None:
            ET.SubElement(graph, q("data"), {"key": f"g_{name}"}).text = xml_text(value)
    index = {}
    for number, node in enumerate(view["nodes"]):
        index[node["id"]] = f"n{number}"
        element = ET.SubElement(graph, q("node"), {"id": f"n{number}"})
        for name, value in _node_values(node).items():
            ET.SubElement(element, q("data"), {"key": f"n_{name}"}).text = xml_text(value)
    edges = [e for e in view["edges"] if e["source"] in index and e["target"] in index]
    for number, edge in enumerate(edges):
        element = ET.SubElement(graph, q("edge"), {"id": f"e{number}",
                                                   "source": index[edge["source"]],
                                                   "target": index[edge["target"]]})
        ET.SubElement(element, q("data"), {"key": "e_type"}).text = xml_text(edge.get("type"))
        ET.SubElement(element, q("data"), {"key": "e_weight"}).text = xml_text(
            float(edge.get("weight") or 1.0))
    return _serialise(root)


def community_colour(index: Any) -> str:
    """The map's colour of community ``index`` (``#rrggbb``).

    >>> community_colour(0), community_colour(21), community_colour(None)
    ('#4e79a7', '#9aa5b1', '#9aa5b1')
    """
    if isinstance(index, int) and 0 <= index < len(COMMUNITY_COLOURS):
        return COMMUNITY_COLOURS[index]
    return OTHER_COLOUR


def node_size(node: dict[str, Any]) -> float:
    """GEXF ``viz:size``: grows with the logarithm of the citations.

    >>> node_size({}), node_size({"cited_by_count": 99})
    (4.0, 17.82)
    """
    cited = max(int(node.get("cited_by_count") or 0), int(node.get("indegree") or 0))
    return round(4.0 + 3.0 * math.log1p(cited), 2)


def to_gexf(view: dict[str, Any], provenance: dict[str, Any] | None = None) -> str:
    """GEXF 1.3 that Gephi, graphology-gexf and networkx read (see the module doc)."""
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI)
    q = lambda tag: f"{{{GEXF_NS}}}{tag}"  # noqa: E731
    v = lambda tag: f"{{{VIZ_NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("gexf"), {"version": "1.3", f"{{{XSI}}}schemaLocation":
                                  f"{GEXF_NS} http://gexf.net/1.3/gexf.xsd"})
    meta = ET.SubElement(root, q("meta"))
    if provenance:
        meta.set("lastmodifieddate", provenance["date"][:10])
    ET.SubElement(meta, q("creator")).text = f"{PRODUCT} {product_version()}"
    ET.SubElement(meta, q("description")).text = xml_text(
        as_text(provenance) if provenance else f"research map of {view.get('center')}")
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": "directed", "mode": "static"})
    node_keys = {k: t for k, t in NODE_KEYS.items() if k not in ("label", "x", "y")}
    for domain, keys in (("node", node_keys), ("edge", {"kind": "string"})):
        attributes = ET.SubElement(graph, q("attributes"), {"class": domain, "mode": "static"})
        for name, kind in keys.items():
            ET.SubElement(attributes, q("attribute"), {"id": name, "title": name, "type": kind})
    nodes, known = ET.SubElement(graph, q("nodes")), set()
    for node in view["nodes"]:
        known.add(node["id"])
        element = ET.SubElement(nodes, q("node"), {"id": xml_text(node["id"]),
                                                   "label": xml_text(node.get("label") or "")})
        values = ET.SubElement(element, q("attvalues"))
        for name, value in _node_values(node).items():
            if name in node_keys:
                ET.SubElement(values, q("attvalue"), {"for": name, "value": xml_text(value)})
        colour = node.get("colour") or community_colour(node.get("community"))  # as drawn
        red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        ET.SubElement(element, v("color"), {"r": str(red), "g": str(green), "b": str(blue)})
        ET.SubElement(element, v("position"), {"x": xml_text(float(node.get("x") or 0.0)),
                                               "y": xml_text(float(node.get("y") or 0.0)),
                                               "z": "0.0"})
        sized = (view.get("state") or {}).get("size", True)
        ET.SubElement(element, v("size"), {"value": xml_text(node_size(node) if sized else 8.0)})
    edges = ET.SubElement(graph, q("edges"))
    kept = [e for e in view["edges"] if e["source"] in known and e["target"] in known]
    for number, edge in enumerate(kept):
        kind = xml_text(edge.get("type") or "")
        element = ET.SubElement(edges, q("edge"), {
            "id": str(number), "source": xml_text(edge["source"]),
            "target": xml_text(edge["target"]), "label": kind,
            "weight": xml_text(float(edge.get("weight") or 1.0))})
        values = ET.SubElement(element, q("attvalues"))
        ET.SubElement(values, q("attvalue"), {"for": "kind", "value": kind})
    return _serialise(root)


def to_json(view: dict[str, Any], provenance: dict[str, Any] | None = None) -> str:
    """Node-link JSON that ``networkx.node_link_graph(data)`` reads with its defaults."""
    context = {k: view.get(k) for k in ("center", "center_type", "center_title", "depth",
                                        "communities", "modularity", "resolution", "seed",
                                        "truncated", "total_nodes", "shown_nodes", "state",
                                        "hidden")}
    context["provenance"] = provenance
    data = {"directed": True, "multigraph": True, "graph": context,
            "nodes": view["nodes"],
            "edges": [dict(edge, key=number) for number, edge in enumerate(view["edges"])]}
    return json.dumps(data, indent=1, ensure_ascii=False)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: text starting with ``= + - @``, tab or CR
    gets a leading ``'`` (OWASP's advice); everything else is unchanged.

    >>> csv_cell("=1+2"), csv_cell("-"), csv_cell("a=b"), csv_cell(-3), csv_cell(None)
    ("'=1+2", "'-", 'a=b', -3, None)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(view: dict[str, Any]) -> dict[str, str]:
    """``{"nodes.csv": text, "edges.csv": text}`` with guarded cells."""
    files = {}
    for name, fields, rows in (("nodes.csv", NODE_FIELDS, view["nodes"]),
                               ("edges.csv", EDGE_FIELDS, view["edges"])):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([csv_cell(row.get(field)) for field in fields])
        files[name] = out.getvalue()
    return files


def to_csv_zip(view: dict[str, Any], provenance: dict[str, Any] | None = None) -> bytes:
    """A zip of ``nodes.csv``, ``edges.csv`` and (with provenance) ``provenance.json``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in to_csv(view).items():
            archive.writestr(name, text)
        if provenance:
            archive.writestr("provenance.json", json.dumps(provenance, indent=1,
                                                           ensure_ascii=False))
    return buffer.getvalue()

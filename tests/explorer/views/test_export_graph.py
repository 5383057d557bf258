"""Graph exports (GraphML, GEXF, JSON, CSV) of a hand-built view: schema, readers, escaping."""

from __future__ import annotations

import io
import json
import zipfile

import igraph
import networkx as nx
import pytest
import xmlschema

from explorer.views.export_graph import (
    csv_cell,
    node_size,
    to_csv,
    to_csv_zip,
    to_gexf,
    to_graphml,
    to_json,
)
from tests.explorer.views.export_samples import SCHEMA, SCRIPT, hostile_view


def test_graphml_is_valid_against_the_official_schema(tmp_path):
    text = to_graphml(hostile_view(), {"command": "explorer export x", "n": 1})
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)
    path = tmp_path / "v.graphml"
    path.write_text(text, encoding="utf-8")
    graph = nx.read_graphml(path)
    view = hostile_view()
    assert graph.number_of_nodes() == len(view["nodes"])
    assert graph.number_of_edges() == len(view["edges"])
    by_id = {data["node_id"]: data for _, data in graph.nodes(data=True)}
    first = view["nodes"][1]
    assert by_id[first["id"]]["title"] == first["title"].replace("\x01", "")
    assert by_id[first["id"]]["year"] == 2001 and by_id[first["id"]]["stub"] is False
    assert "year" not in by_id["W1"]
    assert json.loads(graph.graph["provenance"])["n"] == 1
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert sorted(ig.vs["node_id"]) == sorted(by_id)
    assert sorted(ig.es["type"]) == sorted(e["type"] for e in view["edges"])
    assert ig.vs.find(node_id="W1")["x"] == pytest.approx(-3.0)


def test_gexf_keeps_relationship_types_colours_and_sizes(tmp_path):
    path = tmp_path / "v.gexf"
    path.write_text(to_gexf(hostile_view()), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    assert 'version="1.3"' in text and "networkx_key" not in text
    graph = nx.read_gexf(path)
    assert graph.number_of_edges() == 5 and graph.is_directed()
    kinds = sorted(d["kind"] for _, _, d in graph.edges(data=True))
    assert kinds == sorted(e["type"] for e in hostile_view()["edges"])
    centre = graph.nodes["doi:10.1002/mcda.70036"]
    assert centre["viz"]["color"] == {"r": 0xf2, "g": 0x8e, "b": 0x2b, "a": 1.0}
    assert centre["viz"]["position"]["x"] == pytest.approx(-1.5)
    assert centre["viz"]["size"] == pytest.approx(node_size({"indegree": 1,
                                                             "cited_by_count": 10}))
    assert centre["label"].startswith(SCRIPT)


def test_json_is_read_by_networkx_defaults():
    data = json.loads(to_json(hostile_view(), {"command": "c"}))
    graph = nx.node_link_graph(data)
    assert graph.number_of_edges() == 5 and graph.number_of_nodes() == 6
    assert graph.graph["provenance"] == {"command": "c"}
    assert graph.graph["truncated"][0]["message"].endswith(SCRIPT)
    assert graph.graph["communities"][0]["label"] == SCRIPT


def test_csv_neutralises_formulas_and_keeps_other_cells():
    files = to_csv(hostile_view())
    import csv

    rows = list(csv.DictReader(io.StringIO(files["nodes.csv"], newline="")))
    assert rows[5]["id"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["id"] == "doi:10.1002/mcda.70036"
    assert rows[1]["title"] == hostile_view()["nodes"][1]["title"]
    assert rows[2]["x"] == "-3.0"
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"], newline="")))
    assert edges[4]["target"].startswith("'=")
    for cell in ("+1", "-1", "@SUM(1)", "\tx", "\rx"):
        assert csv_cell(cell) == "'" + cell
    archive = zipfile.ZipFile(io.BytesIO(to_csv_zip(hostile_view(), {"a": 1})))
    assert json.loads(archive.read("provenance.json")) == {"a": 1}

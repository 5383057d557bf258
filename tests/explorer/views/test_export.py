"""Export writers on hand-built views (no database): schema, readers, escaping."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import bibtexparser
import igraph
import networkx as nx
import pybtex.database
import pytest
import rispy
import xmlschema

from explorer.views import export
from explorer.views.export_biblio import bibtex_braces, citation_key, split_name
from explorer.views.export_graph import node_size

SCHEMA = Path(__file__).resolve().parents[2] / "data" / "graphml" / "graphml.xsd"
SCRIPT = "<script>alert(1)</script>"
AUTHORS = ["Ada Lovelace", "Ludwig van Beethoven", "Gabriel García\u00a0Márquez", "Plato",
           f"Eve {SCRIPT}"]


def hostile_view() -> dict:
    ids = ["name:manuel lopez ibanez|bibtex|articles.bib", "doi:10.1002/mcda.70036",
           "W1", "arxiv:2001.00001", "T1", "=cmd|' /C calc'!A0"]
    nodes = [{"id": nid, "type": "Person" if nid.startswith("name:") else
              "Topic" if nid == "T1" else "Paper", "label": f"{SCRIPT} {n}",
              "title": f"{SCRIPT} The {{RNA}} world & 50% {n} \x01 ]]> --> \"q\" 'a'",
              "year": 2000 + n if n != 2 else None, "cited_by_count": 10 * n,
              "indegree": n, "community": n % 3, "x": -1.5 * n, "y": 2.25 * n,
              "stub": n == 3, "hop": min(n, 2), "topics": ["+SUM(A1)", "t"]}
             for n, nid in enumerate(ids)]
    edges = [{"source": ids[0], "target": ids[1], "type": "AUTHORED", "weight": 1.0},
             {"source": ids[1], "target": ids[2], "type": "CITES", "weight": 1.0},
             {"source": ids[1], "target": ids[2], "type": "RELATED_TO", "weight": 0.5},
             {"source": ids[2], "target": ids[4], "type": "ABOUT", "weight": 0.9},
             {"source": ids[3], "target": ids[5], "type": "CITES", "weight": 1.0}]
    return {"center": ids[1], "center_title": f"{SCRIPT} centre", "depth": 2, "nodes": nodes,
            "edges": edges, "communities": [{"id": 0, "label": SCRIPT, "size": 2}],
            "modularity": 0.25, "resolution": 1.0, "seed": 42, "total_nodes": 9,
            "truncated": [{"message": f"3 more {SCRIPT}"}]}


DETAILS = {
    "doi:10.1002/mcda.70036": {"doi": "10.1002/mcda.70036", "venue": "J {Decision} & Co",
                               "kind": "article", "authors": AUTHORS[:3],
                               "abstract": "An {unbalanced abstract", "keywords": ["k1"]},
    "W1": {"kind": "book-chapter", "authors": AUTHORS[3:], "venue": "Handbook"},
    "arxiv:2001.00001": {"kind": "preprint", "arxiv": "2001.00001", "authors": ["Ada Lovelace"]},
    "=cmd|' /C calc'!A0": {"kind": "dissertation", "authors": ["Ada Lovelace"]},
}


def test_graphml_is_valid_against_the_official_schema(tmp_path):
    text = export.to_graphml(hostile_view(), {"command": "explorer export x", "n": 1})
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
    path.write_text(export.to_gexf(hostile_view()), encoding="utf-8")
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
    data = json.loads(export.to_json(hostile_view(), {"command": "c"}))
    graph = nx.node_link_graph(data)
    assert graph.number_of_edges() == 5 and graph.number_of_nodes() == 6
    assert graph.graph["provenance"] == {"command": "c"}
    assert graph.graph["truncated"][0]["message"].endswith(SCRIPT)
    assert graph.graph["communities"][0]["label"] == SCRIPT


def test_csv_neutralises_formulas_and_keeps_other_cells():
    files = export.to_csv(hostile_view())
    import csv

    rows = list(csv.DictReader(io.StringIO(files["nodes.csv"], newline="")))
    assert rows[5]["id"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["id"] == "doi:10.1002/mcda.70036"
    assert rows[1]["title"] == hostile_view()["nodes"][1]["title"]
    assert rows[2]["x"] == "-3.0"
    edges = list(csv.DictReader(io.StringIO(files["edges.csv"], newline="")))
    assert edges[4]["target"].startswith("'=")
    for cell in ("+1", "-1", "@SUM(1)", "\tx", "\rx"):
        assert export.csv_cell(cell) == "'" + cell
    archive = zipfile.ZipFile(io.BytesIO(export.to_csv_zip(hostile_view(), {"a": 1})))
    assert json.loads(archive.read("provenance.json")) == {"a": 1}


def test_bibtex_round_trips_through_pybtex_and_bibtexparser():
    view = hostile_view()
    text = export.to_bibtex(view, DETAILS)
    assert "@article{lovelace2001script," in text and "@incollection{" in text
    assert "archiveprefix = {arXiv}" in text and "@phdthesis{" in text
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    papers = [n for n in view["nodes"] if n["type"] == "Paper"]
    assert len(library.entries) == len(papers)
    assert len({e.key for e in library.entries}) == len(papers)
    pyb = pybtex.database.parse_string(text, "bibtex")
    for entry, node in zip(library.entries, papers, strict=True):
        title = " ".join(node["title"].replace("\x01", " ").split())
        assert entry["title"] == title
        assert pyb.entries[entry.key].fields["title"] == title
    centre = pyb.entries[library.entries[0].key]
    assert [(" ".join(p.prelast_names + p.last_names), " ".join(p.first_names))
            for p in centre.persons["author"]] == [
        ("Lovelace", "Ada"), ("van Beethoven", "Ludwig"), ("García Márquez", "Gabriel")]
    assert library.entries[0]["journal"] == "J {Decision} & Co"
    assert library.entries[0]["abstract"] == "An \\textbraceleft{}unbalanced abstract"


def test_ris_round_trips_through_rispy():
    text = export.to_ris(hostile_view(), DETAILS)
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["JOUR", "CHAP", "UNPB", "THES"]
    assert entries[0]["authors"] == ["Lovelace, Ada", "van Beethoven, Ludwig",
                                     "García Márquez, Gabriel"]
    assert entries[0]["doi"] == "10.1002/mcda.70036"
    title = hostile_view()["nodes"][1]["title"]
    assert entries[0]["title"] == " ".join(title.replace("\x01", " ").split())
    assert entries[1]["authors"][0] == "Plato" and "year" not in entries[1]


def test_csljson_items():
    items = json.loads(export.to_csljson(hostile_view(), DETAILS))
    assert [i["type"] for i in items] == ["article-journal", "chapter", "article", "thesis"]
    assert items[0]["author"][2] == {"family": "García Márquez", "given": "Gabriel"}
    assert items[1]["author"][0] == {"literal": "Plato"}
    assert items[0]["issued"] == {"date-parts": [[2001]]} and items[0]["DOI"]


@pytest.mark.parametrize(("name", "parts"), [
    ("Ada Lovelace", ("Lovelace", "Ada")), ("Lovelace, Ada", ("Lovelace", "Ada")),
    ("J. R. R. Tolkien", ("Tolkien", "J. R. R.")), ("Plato", ("Plato", "")),
    ("Jean de la Fontaine", ("de la Fontaine", "Jean")), ("", ("", ""))])
def test_split_name(name, parts):
    assert split_name(name) == parts


def test_bibtex_braces_and_keys():
    assert bibtex_braces("{a} {b}") == "{a} {b}"
    assert bibtex_braces("}{") == "\\textbraceright{}\\textbraceleft{}"
    assert bibtex_braces("ends with \\") == "ends with \\textbackslash{}"
    assert citation_key(["Émile Zola"], 1880, "À la recherche") == "zola1880recherche"


def test_html_has_a_main_landmark_and_escaped_provenance():
    record = {"product": "Research Graph Explorer", "version": "0", "date": "d",
              "command": f"explorer export '{SCRIPT}' --format html", "data_sources": [],
              "statements": [{"name": "read/view_nodes", "params": {"ids": ["-->"]}}]}
    html = export.to_html(hostile_view(), record)
    head, page = html.split("<html", 1)
    assert "<main" in page and SCRIPT not in page
    assert head.count("-->") == 1 and "read/view_nodes" in head and "UNWIND $ids" in head

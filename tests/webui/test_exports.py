"""Exports: every format parses, hostile text stays text, the HTML needs no network."""

from __future__ import annotations

import io
import json
import re
import zipfile

import bibtexparser
import networkx as nx
import pytest
import rispy

from explorer.views import export
from tests.webui.conftest import DOTTED_ID, HOSTILE_ID, SCRIPT

URL = f"/export/{HOSTILE_ID}"


def get(client, fmt, query="depth=2&limit=100"):
    response = client.get(f"{URL}.{fmt}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    return response


def test_graphml_parses(client, tmp_path):
    path = tmp_path / "view.graphml"
    path.write_bytes(get(client, "graphml").data)
    graph = nx.read_graphml(path)
    assert HOSTILE_ID in graph and DOTTED_ID in graph
    assert graph.nodes[HOSTILE_ID]["title"].startswith(SCRIPT)


def test_gexf_parses(client, tmp_path):
    path = tmp_path / "view.gexf"
    path.write_bytes(get(client, "gexf").data)
    graph = nx.read_gexf(path)
    assert HOSTILE_ID in graph and graph.number_of_edges() > 0


def test_node_link_json(client):
    data = json.loads(get(client, "json").data)
    assert data["graph"]["center"] == HOSTILE_ID
    graph = nx.node_link_graph(data, edges="links")
    assert graph.has_edge(HOSTILE_ID, DOTTED_ID)


def test_csv_zip(client):
    archive = zipfile.ZipFile(io.BytesIO(get(client, "csv").data))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = archive.read("nodes.csv").decode()
    assert nodes.startswith("id,type,label,title") and HOSTILE_ID in nodes
    assert archive.read("edges.csv").decode().startswith("source,target,type,weight")


def test_bibtex_parses_with_balanced_braces(client):
    text = get(client, "bibtex").data.decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    keys = {entry.key for entry in library.entries}
    assert "doi:10.1234_xss-1" in keys
    classic = [e for e in library.entries if e.key == "W100"][0]
    assert "textbraceleft" in classic["title"]
    hostile = [e for e in library.entries if e.key == "doi:10.1234_xss-1"][0]
    assert "Ada Lovelace" in hostile["author"] and hostile["doi"] == "10.1234/xss-1"


def test_ris_parses(client):
    entries = rispy.loads(get(client, "ris").data.decode())
    titles = {entry["title"] for entry in entries}
    assert any(t.startswith(SCRIPT) for t in titles)
    hostile = [e for e in entries if e.get("doi") == "10.1234/xss-1"][0]
    assert "Ada Lovelace" in hostile["authors"]


def test_html_export_is_standalone_and_escaped(client):
    response = get(client, "html")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    html = response.data.decode()
    assert "vis.Network" in html or "vis-network" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "<script src" not in html
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", html)
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html and "bootstrap@" not in html
    assert SCRIPT not in html
    assert "\\u003cscript\\u003ealert(1)" in html
    comment = html.split("<!--", 1)[1].split("-->", 1)[0]
    assert "read/neighbours" in comment and "--" not in comment


@pytest.mark.parametrize("args", ["depth=7", "years=nope", "types=Planet"])
def test_export_bad_parameters(client, args):
    response = client.get(f"{URL}.json?{args}")
    assert response.status_code == 400 and response.get_json()["error"]


def test_export_unknown_id_and_format(client):
    assert client.get("/export/W9999999.json").status_code == 404
    assert client.get(f"{URL}.exe").status_code == 404


def test_ids_with_dots_route_to_the_right_format(client):
    data = json.loads(client.get(f"/export/{DOTTED_ID}.json").data)
    assert data["graph"]["center"] == DOTTED_ID


def test_comment_text_cannot_close_a_comment():
    view = {"nodes": [], "edges": [], "center": "x", "communities": [], "truncated": [],
            "query": {"name": "read/neighbours", "params": {"id": "--><script>alert(1)</script>"}}}
    html = export.to_html(view)
    head = html.split("<html", 1)[0]
    assert head.count("-->") == 1 and "--!>" not in head
    assert html.split("-->", 1)[1].lstrip().startswith("<html")


def test_bibtex_escaping_is_balanced():
    view = {"nodes": [{"id": "p,1 {x}", "type": "Paper", "title": "a } b { c \\ d % e",
                       "year": 2020}], "edges": []}
    library = bibtexparser.parse_string(export.to_bibtex(view))
    assert not library.failed_blocks and len(library.entries) == 1

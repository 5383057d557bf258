"""Exports of a real view served by the app, opened by readers the product did not write.

Python readers (xmlschema with the official GraphML schema, networkx, igraph,
rispy, pybtex, bibtexparser) and Node.js readers (graphology-gexf,
citation-js, installed into tests/readers by ``scripts/test.sh``); hostile
text stays text; provenance re-runs.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import shutil
import subprocess
import zipfile
from pathlib import Path

import bibtexparser
import igraph
import networkx as nx
import pybtex.database
import pytest
import rispy
import xmlschema

from explorer.views import export_formats
from explorer.views.export_biblio import bibliography_details, split_name
from tests.webui.conftest import DOTTED_ID, DRAWN_FROM_JSON, HOSTILE_ID, SCRIPT

TESTS = Path(__file__).resolve().parents[1]
SCHEMA = TESTS / "data" / "graphml" / "graphml.xsd"
READERS = TESTS / "readers"
URL = f"/export/{HOSTILE_ID}"
QUERY = "kind=links&depth=2&limit=100"


def get(client, fmt, query=QUERY):
    response = client.get(f"{URL}.{fmt}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    return response


def node_reader(script: str, *args: str) -> object:
    if shutil.which("node") is None or not (READERS / "node_modules").is_dir():
        pytest.fail("Node.js readers missing: run scripts/test.sh (npm ci in tests/readers)")
    done = subprocess.run(["node", str(READERS / script), *args], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def view(app):
    return json.loads(get(app.test_client(), "json").data)


def graph_papers(view):
    return {n["id"]: n for n in view["nodes"] if n["type"] == "Paper"}


def test_graphml_schema_networkx_and_igraph_agree(client, view, tmp_path):
    text = get(client, "graphml").data.decode()
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)
    path = tmp_path / "view.graphml"
    path.write_text(text, encoding="utf-8")
    graph = nx.read_graphml(path)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert graph.number_of_nodes() == ig.vcount() == len(view["nodes"])
    assert graph.number_of_edges() == ig.ecount() == len(view["edges"])
    titles = {d["node_id"]: d["title"] for _, d in graph.nodes(data=True)}
    assert titles == dict(zip(ig.vs["node_id"], ig.vs["title"], strict=True))
    assert titles[HOSTILE_ID].startswith(SCRIPT) and DOTTED_ID in titles
    provenance = json.loads(graph.graph["provenance"])
    assert provenance["command"].startswith(f"explorer export {HOSTILE_ID} --depth 2 "
                                            "--limit 100")


def test_gexf_read_by_graphology_and_networkx(client, view, tmp_path):
    path = tmp_path / "view.gexf"
    path.write_bytes(get(client, "gexf").data)
    read = node_reader("read_gexf.js", str(path))
    assert read["type"] == "directed"
    assert len(read["nodes"]) == len(view["nodes"]) and len(read["edges"]) == len(view["edges"])
    nodes = {n["key"]: n["attributes"] for n in read["nodes"]}
    labels = {n["id"]: n["label"] for n in view["nodes"]}
    assert nodes[HOSTILE_ID]["label"] == labels[HOSTILE_ID] and "alert(1)" in labels[HOSTILE_ID]
    assert re.fullmatch(r"rgb\(\d+,\d+,\d+\)|#[0-9a-f]{6}", nodes[HOSTILE_ID]["color"])
    assert nodes[HOSTILE_ID]["size"] > nodes[DOTTED_ID]["size"] > 0
    kinds = sorted(e["attributes"]["kind"] for e in read["edges"])
    assert kinds == sorted(e["type"] for e in view["edges"])
    graph = nx.read_gexf(path)
    assert graph.number_of_edges() == len(view["edges"])
    assert sorted(d["kind"] for *_, d in graph.edges(data=True)) == kinds
    assert all("networkx_key" not in d for *_, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", export_formats.formats(), ids=lambda f: f.name)
def test_every_registered_format_is_served_with_its_type_and_name(client, fmt):
    response = get(client, fmt.name, "depth=1&limit=50")
    assert response.headers["Content-Type"] == fmt.media_type
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="research-map-doi_10.1234_xss-1.{fmt.extension}"')
    assert "sandbox" in response.headers["Content-Security-Policy"] and response.data


def test_the_page_menu_offers_every_registered_format(client):
    page = client.get(f"/paper/{HOSTILE_ID}").get_data(as_text=True)
    menu = page.split('<div class="exports">', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a data-export="(\w+)" href="([^"]+)">([^<]+)</a>', menu)
    assert [(name, label) for name, _, label in links] == [
        (f.name, f.label) for f in export_formats.formats()]
    assert all(href.startswith("/export/") and href.endswith(f".{name}")
               for name, href, _ in links)


def test_node_link_json_networkx_default(view):
    graph = nx.node_link_graph(view)
    assert graph.has_edge(HOSTILE_ID, DOTTED_ID)
    assert graph.graph["communities"] and graph.graph["provenance"]["statements"]


def test_csv_zip_guarded(client, view):
    archive = zipfile.ZipFile(io.BytesIO(get(client, "csv").data))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv", "provenance.json"]
    nodes = archive.read("nodes.csv").decode()
    assert nodes.startswith("id,type,label,title") and HOSTILE_ID in nodes
    assert archive.read("edges.csv").decode().startswith("source,target,type,weight")


def expected_names(details, paper):
    return [split_name(a) for a in details[paper]["authors"]]


@pytest.fixture(scope="module")
def details(loaded_graph, view):
    return bibliography_details(loaded_graph, list(graph_papers(view)))


def test_bibtex_read_back_by_three_readers(client, view, details, tmp_path):
    text = get(client, "bibtex").data.decode()
    papers = graph_papers(view)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == len(papers)
    by_title = {e["title"]: e for e in library.entries}
    assert set(by_title) == {p["title"] for p in papers.values()}
    classic = by_title[papers["W100"]["title"]]
    assert "{brace}" in classic["title"] and classic.entry_type == "article"
    assert by_title[papers[DOTTED_ID]["title"]]["eprint"] == "2001.00001"
    pyb = pybtex.database.parse_string(text, "bibtex")
    hostile = next(e for e in pyb.entries.values() if e.fields.get("doi") == "10.1234/xss-1")
    assert hostile.fields["title"] == papers[HOSTILE_ID]["title"]
    unbrace = lambda parts: " ".join(parts).replace("{", "").replace("}", "")  # noqa: E731
    assert [(unbrace(p.prelast_names + p.last_names), unbrace(p.first_names + p.middle_names))
            for p in hostile.persons["author"]] == expected_names(details, HOSTILE_ID)
    path = tmp_path / "view.bib"
    path.write_text(text, encoding="utf-8")
    items = {i["DOI"]: i for i in node_reader("read_citations.js", str(path), "bibtex")
             if i.get("DOI")}
    cited = items["10.1234/xss-1"]
    assert [(a.get("family"), a.get("given")) for a in cited["author"]] == \
        expected_names(details, HOSTILE_ID)
    assert cited["issued"]["date-parts"][0][0] == 2019


def test_ris_read_back_by_rispy_and_citation_js(client, view, details, tmp_path):
    data = get(client, "ris").data
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    entries = rispy.loads(data.decode())
    papers = graph_papers(view)
    assert len(entries) == len(papers)
    hostile = next(e for e in entries if e.get("doi") == "10.1234/xss-1")
    assert hostile["type_of_reference"] == "JOUR" and hostile["title"] == \
        papers[HOSTILE_ID]["title"]
    assert hostile["authors"] == [f"{f}, {g}" for f, g in expected_names(details, HOSTILE_ID)]
    assert next(e for e in entries if e["id"] == DOTTED_ID)["type_of_reference"] == "UNPB"
    path = tmp_path / "view.ris"
    path.write_bytes(data)
    items = node_reader("read_citations.js", str(path), "ris")
    assert len(items) == len(papers)
    cited = next(i for i in items if i.get("DOI") == "10.1234/xss-1")
    assert cited["title"] == papers[HOSTILE_ID]["title"]
    assert [(a["family"], a["given"]) for a in cited["author"]] == \
        expected_names(details, HOSTILE_ID)


def test_csljson_read_by_citation_js(client, view, tmp_path):
    response = get(client, "csljson")
    assert response.headers["Content-Disposition"].endswith('.csl.json"')
    path = tmp_path / "view.json"
    path.write_bytes(response.data)
    items = node_reader("read_citations.js", str(path), "csljson")
    assert {i["title"] for i in items} == {p["title"] for p in graph_papers(view).values()}


def test_html_charset_once_and_standalone(client):
    response = get(client, "html")
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    html = response.data.decode()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "<script src" not in html
    page = html.split("-->", 1)[1]
    assert SCRIPT not in page and "\\u003cscript\\u003ealert(1)" in page
    assert "<main" in page
    comment = html.split("<!--", 1)[1].split("-->", 1)[0]
    assert "read/neighbours" in comment and "--" not in comment


def test_provenance_statements_rerun_to_the_same_view(loaded_graph, view):
    record = view["graph"]["provenance"]
    assert record["version"] and record["date"] and record["data_sources"]
    assert {s["source"] for s in record["data_sources"]} >= {"test"}
    reruns = [(s["name"], loaded_graph.read(s["name"], **s["params"]))
              for s in record["statements"]]
    names = [name for name, _ in reruns]
    assert names.count("read/neighbours") == 2  # one per hop of depth 2
    cards = {row["id"] for name, rows in reruns if name == "read/view_nodes" for row in rows}
    assert cards == {n["id"] for n in view["nodes"]}
    edges = {(row["source"], target, rel) for name, rows in reruns
             if name == "read/edges_among" for row in rows for target, rel, _ in row["out"]}
    assert edges == {(e["source"], e["target"], e["type"]) for e in view["edges"]}


def test_provenance_command_rebuilds_the_same_view(loaded_graph, cli, view, tmp_path):
    command = shlex.split(view["graph"]["provenance"]["command"])
    assert command[:3] == ["explorer", "export", HOSTILE_ID]
    out = command.index("-o")
    command[out + 1] = str(tmp_path / "again.json")
    done = cli(*command[1:])
    assert done.returncode == 0, done.stderr
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["nodes"] == view["nodes"] and again["edges"] == view["edges"]
    assert again["graph"]["provenance"]["statements"] == view["graph"]["provenance"][
        "statements"]


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


@pytest.mark.browser
@DRAWN_FROM_JSON
def test_html_export_draws_offline_and_passes_axe(client, tmp_path, browser):
    """The exported page opened from disk in Chromium: drawn with no request, no
    script from the data run, and no axe-core violation (main landmark included)."""
    path = tmp_path / "map.html"
    path.write_bytes(get(client, "html").data)
    axe = READERS / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail("axe-core missing: run scripts/test.sh (npm ci in tests/readers)")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.__mapStats && window.__mapStats.drawn", timeout=60_000)
    stats = page.evaluate("window.__mapStats")
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    page.close()
    assert stats["nodes"] > 5 and not dialogs
    assert [u for u in requests if not u.startswith("file:")] == []
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    assert {"landmark-one-main", "region"} <= {rule["id"] for rule in result["passes"]}


def test_undated_option_reaches_the_command_line(client, cli, tmp_path):
    response = get(client, "json", "depth=1&limit=50&years=2015:2020&undated=keep")
    command = shlex.split(json.loads(response.data)["graph"]["provenance"]["command"])
    assert command[command.index("--undated") + 1] == "keep"
    assert command[command.index("--years") + 1] == "2015:2020"
    command[command.index("-o") + 1] = str(tmp_path / "undated.json")
    done = cli(*command[1:])
    assert done.returncode == 0, done.stderr
    again = json.loads((tmp_path / "undated.json").read_text(encoding="utf-8"))
    assert again["nodes"] == json.loads(response.data)["nodes"]


def test_related_map_export_names_its_statements_and_rebuilds(loaded_graph, client, cli,
                                                              tmp_path):
    """The default map (related papers): its provenance re-reads the same papers and its
    command rebuilds the same view."""
    view = json.loads(get(client, "json", "depth=2&limit=30").data)
    record = view["graph"]["provenance"]
    names = [s["name"] for s in record["statements"]]
    assert names == ["read/related_map_far"]  # a paper's depth-2 map: one read
    papers_read = names[0]
    assert "read/neighbours" not in names
    papers = [s for s in record["statements"] if s["name"] == papers_read][-1]
    rows = loaded_graph.read_table(papers_read, **papers["params"])  # one record: a table
    assert {n["id"] for n in view["nodes"]} <= {row["id"] for row in rows}
    assert "--kind" not in record["command"]
    command = shlex.split(record["command"])
    command[command.index("-o") + 1] = str(tmp_path / "again.json")
    done = cli(*command[1:])
    assert done.returncode == 0, done.stderr
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["nodes"] == view["nodes"] and again["edges"] == view["edges"]


# -- the view on screen: every export link rebuilds the page's state -----------------------

# a links map with an expanded node, an added node, two hidden ones, the timeline layout
# and community colours: all of it in the page's URL
SCREEN_STATE = (f"kind=links&depth=1&limit=100&expand=W100&add=W101&hide={DOTTED_ID},W102"
                "&layout=timeline&colour=community&stubs=show&labels=all")
WAIT = "window.__mapStats && window.__mapStats.drawn"


def poll(page, expression, timeout=30.0):
    """Wait for a JS expression (page.wait_for_function would need 'unsafe-eval')."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(f"(() => {{ try {{ return {expression}; }} catch (e) "
                            "{ return false; } })()"):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def on_screen(page) -> dict:
    """The nodes (id -> shape, colour, position) and edges the page's map draws."""
    return page.evaluate("""import('/static/map.js').then(m => {
        const net = m.currentNetwork(), data = net.body.data, pos = net.getPositions();
        const nodes = {};
        data.nodes.get().forEach(n => { nodes[n.id] = {shape: n.shape,
            colour: n.color.background, x: pos[n.id].x, y: pos[n.id].y}; });
        return {nodes, edges: data.edges.get().map(e => [e.from, e.to]).sort()};
    })""")


def screen_papers(screen: dict) -> set[str]:
    return {i for i, n in screen["nodes"].items() if n["shape"] == "dot"}


@pytest.fixture(scope="module")
def screen_exports(browser, live_server):
    """The page opened with SCREEN_STATE, what it draws, and every export its links give."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server)
    page = context.new_page()
    page.goto(f"/paper/{HOSTILE_ID}?{SCREEN_STATE}")
    poll(page, WAIT)
    screen = on_screen(page)
    links = dict(page.eval_on_selector_all(
        "a[data-export]", "els => els.map(e => [e.dataset.export, e.getAttribute('href')])"))
    files = {fmt: context.request.get(live_server + href) for fmt, href in links.items()}
    out = {"screen": screen, "links": links,
           "files": {fmt: (r.status, r.body(), r.headers) for fmt, r in files.items()}}
    context.close()
    return out


@pytest.mark.browser
@DRAWN_FROM_JSON
def test_export_links_carry_the_whole_state(screen_exports):
    assert set(screen_exports["links"]) == set(export_formats.names())
    for href in screen_exports["links"].values():
        for part in ("expand=W100", "add=W101", "layout=timeline", "colour=community",
                     "stubs=show", "kind=links"):
            assert part in href, href
        assert "hide=" in href and "mode=" not in href


@pytest.mark.browser
@DRAWN_FROM_JSON
def test_the_state_changes_the_view_and_the_json_export_is_it_node_by_node(screen_exports,
                                                                           client):
    screen = screen_exports["screen"]
    status, body, _ = screen_exports["files"]["json"]
    assert status == 200
    data = json.loads(body)
    exported = {n["id"]: n for n in data["nodes"]}
    assert set(exported) == set(screen["nodes"])
    assert DOTTED_ID not in exported and "W102" not in exported and "W101" in exported
    base = json.loads(get(client, "json", "kind=links&depth=1&limit=100").data)
    assert {n["id"] for n in base["nodes"]} != set(exported)  # the state made a difference
    graph = nx.node_link_graph(data, edges="edges")
    assert sorted([u, v] for u, v, _ in graph.edges(keys=True)) == screen["edges"]
    for node_id, drawn in screen["nodes"].items():
        node = exported[node_id]
        # the timeline's positions (vis-network gives whole pixels), the colour painted
        assert abs(node["x"] - drawn["x"]) <= 1 and abs(node["y"] - drawn["y"]) <= 1  # vis rounds
        assert node["colour"].lower() == drawn["colour"].lower(), node_id
    assert data["graph"]["state"]["layout"] == "timeline"
    command = data["graph"]["provenance"]["command"]
    assert "--expand W100" in command and "--add W101" in command


@pytest.mark.browser
@DRAWN_FROM_JSON
def test_every_export_holds_the_nodes_on_screen(screen_exports, tmp_path, browser):
    """GraphML and GEXF read by networkx, the CSV zip, the HTML export drawn offline in
    Chromium, and the bibliographies (read by rispy, bibtexparser and citation-js) hold
    exactly the nodes (papers) the page draws."""
    screen, files = screen_exports["screen"], screen_exports["files"]
    ids, papers = set(screen["nodes"]), screen_papers(screen)
    assert all(status == 200 for status, _, _ in files.values())
    graphml = tmp_path / "v.graphml"
    graphml.write_bytes(files["graphml"][1])
    assert {d["node_id"] for _, d in nx.read_graphml(graphml).nodes(data=True)} == ids
    gexf = tmp_path / "v.gexf"
    gexf.write_bytes(files["gexf"][1])
    read = nx.read_gexf(gexf)
    assert set(read.nodes) == ids
    for node_id, attrs in read.nodes(data=True):
        colour = attrs["viz"]["color"]
        assert "#{:02x}{:02x}{:02x}".format(colour["r"], colour["g"], colour["b"]) == \
            screen["nodes"][node_id]["colour"].lower()
    with zipfile.ZipFile(io.BytesIO(files["csv"][1])) as archive:
        rows = list(csv_rows(archive.read("nodes.csv").decode()))
    assert {r["id"] for r in rows} == ids
    html = tmp_path / "v.html"
    html.write_bytes(files["html"][1])
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(html.as_uri())
    poll(page, WAIT)
    stats = page.evaluate("window.__mapStats")
    page.close()
    assert set(stats["ids"]) == ids and stats["colour"] == "community"
    assert stats["edges"] == len(screen["edges"])
    assert {e["id"] for e in rispy.loads(files["ris"][1].decode())} == papers
    assert {i["id"] for i in json.loads(files["csljson"][1])} == papers
    library = bibtexparser.parse_string(files["bibtex"][1].decode())
    assert not library.failed_blocks and len(library.entries) == len(papers)
    bib = tmp_path / "v.bib"
    bib.write_bytes(files["bibtex"][1])
    assert len(node_reader("read_citations.js", str(bib), "bibtex")) == len(papers)


def csv_rows(text: str):
    import csv

    return csv.DictReader(io.StringIO(text))


def test_bibliographies_leave_out_references_known_only_by_id_and_say_so(loaded_graph, client):
    """A map that shows unresolved references: the bibliographic exports list loaded
    works only and say how many were left out."""
    loaded_graph.run_text("MERGE (p:Paper {id: 'W999000111'}) SET p.stub = true "
                          "WITH p MATCH (h:Paper {id: $id}) MERGE (h)-[:CITES]->(p)",
                          {"id": HOSTILE_ID})
    try:
        query = "kind=links&depth=1&limit=100&stubs=show"
        view = json.loads(get(client, "json", query).data)
        assert "W999000111" in {n["id"] for n in view["nodes"]}
        bib = get(client, "bibtex", query)
        assert bib.headers["X-Left-Out-References"] == "1"
        text = bib.data.decode()
        assert "1 reference known only by id left out" in text and "W999000111" not in text
        assert "W999000111" not in get(client, "ris", query).data.decode()
        assert "W999000111" not in get(client, "csljson", query).data.decode()
        hidden = get(client, "ris", "kind=links&depth=1&limit=100")  # hidden by default
        assert hidden.headers["X-Left-Out-References"] == "1"
    finally:
        loaded_graph.run_text("MATCH (p:Paper {id: 'W999000111'}) DETACH DELETE p")


@pytest.mark.browser
@DRAWN_FROM_JSON
def test_the_png_keeps_shapes_and_a_legend_that_fits(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=live_server,
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"/paper/{HOSTILE_ID}?kind=links&depth=2&colour=community")
    poll(page, WAIT)
    with page.expect_download():
        page.click("#map-png")
    png = page.evaluate("window.__mapPng")
    fits = page.evaluate("""(legend) => {
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = "12px system-ui, -apple-system, 'Segoe UI', sans-serif";
        return legend.lines.every(l => ctx.measureText(l).width <= legend.width - 30 + 0.5);
    }""", png["legend"])
    context.close()
    assert fits
    assert {"Paper", "Person", "Topic"} <= set(png["legend"]["shapes"])
    assert png["width"] > png["legend"]["width"] * 2


def test_the_state_command_line_rebuilds_the_same_view(client, cli, tmp_path):
    """The export's rebuild command carries the state as flags (--expand, --add, --hide,
    --layout, --colour ...), and ``explorer export`` with them writes the same nodes."""
    response = get(client, "json", SCREEN_STATE)
    data = json.loads(response.data)
    command = shlex.split(data["graph"]["provenance"]["command"])
    for flag, value in (("--expand", "W100"), ("--add", "W101"), ("--layout", "timeline"),
                        ("--colour", "community"), ("--stubs", "show"), ("--labels", "all")):
        assert command[command.index(flag) + 1] == value
    assert set(command[command.index("--hide") + 1].split(",")) == {DOTTED_ID, "W102"}
    command[command.index("-o") + 1] = str(tmp_path / "state.json")
    done = cli(*command[1:])
    assert done.returncode == 0, done.stderr
    again = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))
    assert again["nodes"] == data["nodes"] and again["edges"] == data["edges"]
    bad = cli("export", HOSTILE_ID, "--format", "json", "-o", str(tmp_path / "x.json"),
              "--hide", ",".join(f"W{i}" for i in range(300)))
    assert bad.returncode == 2 and "at most 200" in bad.stderr


def test_the_json_twin_with_the_state_is_the_export_node_by_node(client):
    """``/api/neighbourhood`` with the page's state in its query string answers the view
    on screen: the same nodes (ids, positions, colours) and links as every export."""
    api = client.get(f"/api/neighbourhood/{HOSTILE_ID}?{SCREEN_STATE}").get_json()
    exported = json.loads(get(client, "json", SCREEN_STATE).data)
    assert api["nodes"] == exported["nodes"]
    assert [(e["source"], e["target"], e["type"]) for e in api["edges"]] == \
        [(e["source"], e["target"], e["type"]) for e in exported["edges"]]
    assert api["hidden"] == exported["graph"]["hidden"]
    plain = client.get(f"/api/neighbourhood/{HOSTILE_ID}?kind=links&depth=1&limit=100")
    assert "state" not in plain.get_json()  # the page's own requests: the map as it is
    assert client.get(f"/api/neighbourhood/{HOSTILE_ID}?layout=spiral").status_code == 400

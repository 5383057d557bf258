"""The research map on the bundled demo, in real headless Chromium, read as a researcher would.

The demo field as the README's main command loads it (``explorer sample`` into a fresh
home: real CC0 OpenAlex works and the five seed papers; ``demo_field`` in
tests/conftest.py). Each test reads the rule it checks from the page (label sizes and
boxes, counts, legends, positions) and compares it with the JSON API or with
Cypher. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import struct
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import REPO
from tests.webui.test_browser import ALERT_HOOK, MAP_MODULE, wait_until
from webui.app import create_app

pytestmark = pytest.mark.browser
AXE = REPO / "tests" / "readers" / "node_modules" / "axe-core" / "axe.min.js"
W_ID = re.compile(r"^W\d+$")


@pytest.fixture(scope="module")
def demo(demo_field):
    """The demo field loaded by ``explorer sample`` (tests/conftest.py), and the app on a
    free port."""
    loaded = demo_field["loaded"]
    assert loaded.returncode == 0, loaded.stderr
    graph = demo_field["graph"]
    app = create_app({"TESTING": True, "GRAPH": graph})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "graph": graph,
           "client": app.test_client()}
    server.shutdown()


def _best_paper(graph) -> str:
    rows = graph.run_text(
        "MATCH (p:Paper) WHERE p.title IS NOT NULL "
        "WITH p, COUNT { (p)-[:CITES]-(:Paper) } AS links "
        "RETURN p.id AS id ORDER BY links DESC, id LIMIT 1", {}).records
    return rows[0]["id"]


@pytest.fixture(scope="module")
def paper(demo) -> str:
    return _best_paper(demo["graph"])


def _open(chromium, demo, path, width=1400, height=900):
    context = chromium.new_context(viewport={"width": width, "height": height},
                                   base_url=demo["url"], accept_downloads=True)
    context.add_init_script(ALERT_HOOK)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path)
    page.errors = errors
    return page


def _drawn(page, loads=1):
    wait_until(page, f"window.__mapStats && window.__mapStats.loads >= {loads}", timeout=40)
    page.wait_for_timeout(200)
    return page.evaluate("window.__mapStats")


def _overlap(a, b) -> bool:
    return (a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"])


def test_paper_map_is_labelled_readably_at_the_default_zoom(browser, demo, paper, artifacts):
    page = _open(browser, demo, f"/paper/{paper}?depth=2")
    _drawn(page)
    labels = page.evaluate("window.__mapLabels")
    view = demo["client"].get(f"/api/neighbourhood/{paper}?depth=2&limit=300").get_json()
    by_id = {n["id"]: n for n in view["nodes"]}
    shown = {box["id"]: box for box in labels["shown"]}
    assert paper in shown, "the focus carries a label"
    assert len(shown) >= 10
    assert all(box["px"] >= 11 for box in labels["shown"])
    boxes = labels["shown"]
    assert not [(a["id"], b["id"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if _overlap(a, b)]
    assert all(b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["w"] <= labels["width"]
               and b["y"] + b["h"] <= labels["height"] for b in boxes), "clipped label"
    first_ring = [n for n in view["nodes"] if n["hop"] == 1 and not n["unresolved"]]
    assert sum(1 for n in first_ring if n["id"] in shown) >= min(5, len(first_ring))
    papers = [by_id[i] for i in shown if by_id.get(i, {}).get("type") == "Paper"]
    with_author = [p for p in papers if p.get("first_author") and p.get("year")]
    assert with_author
    for p in with_author:  # "First-author Year", as researchers cite them
        assert shown[p["id"]]["label"].endswith(str(p["year"]))
        assert p["first_author"].split()[-1].split(",")[0] in shown[p["id"]]["label"] or \
            p["first_author"].split(",")[0] in shown[p["id"]]["label"]
    assert not [b for b in boxes if W_ID.match(b["label"])], "raw ids as labels"
    page.screenshot(path=artifacts / "map-paper-1400x900.png")
    assert page.errors == []
    narrow = _open(browser, demo, f"/paper/{paper}?depth=2", width=800)
    _drawn(narrow)
    small = narrow.evaluate("window.__mapLabels")
    assert paper in {b["id"] for b in small["shown"]}
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= small["width"] for b in small["shown"])
    narrow.screenshot(path=artifacts / "map-paper-800.png", full_page=True)


def test_counts_legends_and_stubs_tell_the_truth(browser, demo, paper, artifacts):
    page = _open(browser, demo, f"/paper/{paper}?kind=links&depth=2&colour=community")
    stats = _drawn(page)
    view = demo["client"].get(f"/api/neighbourhood/{paper}?kind=links&depth=2&limit=300"
                              ).get_json()
    unresolved = [n for n in view["nodes"] if n["unresolved"]]
    status = page.inner_text("#map-status")
    visible = len(view["nodes"]) - len(unresolved)
    assert stats["nodes"] == visible
    assert f"showing {visible} of {view['total_nodes']} nodes" in status
    assert view["total_nodes"] == len(view["nodes"]) + view["left_out_nodes"]
    if unresolved:
        assert f"{len(unresolved)} unresolved reference" in status
    assert page.locator("#map-legend .legend-entry").count() == len(view["communities"])
    assert not [c for c in view["communities"] if W_ID.match(c["label"])]
    assert page.locator("#map-key li").count() >= 8  # shapes, hollow stubs, size, edge styles
    page.select_option("select[name=colour]", "type")
    assert page.inner_text("#legend-heading").startswith("Node types")
    assert page.locator("#map-legend li svg").count() == 4
    page.select_option("select[name=colour]", "year")
    assert page.inner_text("#legend-heading").startswith("Publication year")
    assert page.locator("#map-legend .year-bar").count() == 1
    assert "undated" in page.inner_text("#map-legend")
    page.screenshot(path=artifacts / "map-year-colours.png")
    page.check("input[name=stubs]")
    shown_all = wait_until(page, f"window.__mapStats.nodes === {len(view['nodes'])} && "
                                 "window.__mapStats.nodes")
    assert shown_all == len(view["nodes"])


def test_highlight_is_kept_by_community_key_across_a_reload(browser, demo, paper):
    page = _open(browser, demo, f"/paper/{paper}?depth=2&colour=community")
    _drawn(page)
    entries = page.locator("#map-legend .legend-entry")
    assert entries.count() >= 2
    second = entries.nth(1)
    key, label = second.get_attribute("data-community"), second.inner_text()
    second.click()
    assert f"community={key}" in page.url
    page.reload()
    _drawn(page)
    pressed = page.locator("#map-legend .legend-entry[aria-pressed=true]")
    assert pressed.count() == 1
    assert pressed.get_attribute("data-community") == key and pressed.inner_text() == label


def test_sizes_span_the_maps_citations_and_the_key_names_them(browser, demo, paper):
    """Sizes are read against the map: its least cited paper smallest, its most cited
    largest, in the order of their citations; the key gives the two counts."""
    page = _open(browser, demo, f"/paper/{paper}?depth=2")
    _drawn(page)
    view = demo["client"].get(f"/api/neighbourhood/{paper}?depth=2&limit=300").get_json()
    cited = {n["id"]: max(n["indegree"] or 0, n["cited_by_count"] or 0)
             for n in view["nodes"] if n["type"] == "Paper" and not n["unresolved"]}
    assert len(set(cited.values())) >= 5
    sizes = page.evaluate(f"""{MAP_MODULE}.then(m => {{
        const nodes = m.currentNetwork().body.data.nodes;
        return Object.fromEntries(nodes.getIds().map(id => [id, nodes.get(id).size]));
    }})""")
    ranked = sorted(cited, key=cited.get)
    assert ranked[0] != paper
    zoom = sizes[ranked[0]] / 5  # labels.screenSize: radii grow alike when zoomed out
    own = {i: sizes[i] / zoom - (4 if i == paper else 0) for i in cited}
    assert own[ranked[-1]] == pytest.approx(17)
    assert all(own[a] <= own[b] + 1e-9 for a, b in zip(ranked, ranked[1:], strict=False))
    low, high = min(cited.values()), max(cited.values())
    assert f"size = citations, {low:,} (smallest) to {high:,} (largest)" in page.inner_text(
        "#map-key")
    page.uncheck("input[name=size]")
    wait_until(page, "!document.getElementById('map-key').innerText.includes('citations,')")
    alike = page.evaluate(f"""{MAP_MODULE}.then(m => {{
        const nodes = m.currentNetwork().body.data.nodes;
        return nodes.getIds().filter(id => id !== {json.dumps(paper)})
                    .map(id => nodes.get(id).size); }})""")
    assert len(alike) == len(cited) - 1 and max(alike) == pytest.approx(min(alike))


def test_timeline_puts_years_in_order_and_expand_keeps_places(browser, demo, paper, artifacts):
    page = _open(browser, demo, f"/paper/{paper}?depth=2&layout=timeline")
    _drawn(page)
    points = page.evaluate("""(async () => {
        const net = (await import('/static/map.js')).currentNetwork(), pos = net.getPositions();
        return Object.keys(pos).map(id => ({id, x: pos[id].x}));
    })()""")
    view = demo["client"].get(f"/api/neighbourhood/{paper}?depth=2&limit=300").get_json()
    years = {n["id"]: n["year"] for n in view["nodes"] if n["type"] == "Paper" and n["year"]}
    dated = sorted((years[p["id"]], p["x"]) for p in points if p["id"] in years)
    assert len({y for y, _ in dated}) >= 3
    assert all(x1 < x2 for (y1, x1), (y2, x2) in zip(dated, dated[1:], strict=False) if y1 < y2)
    page.screenshot(path=artifacts / "map-timeline.png")
    page.select_option("select[name=layout]", "structure")
    _drawn(page, 2)
    before = page.evaluate(f"{MAP_MODULE}.then(m => m.currentNetwork().getPositions())")
    target = next(n["id"] for n in view["nodes"] if n["hop"] == 1 and n["type"] == "Paper"
                  and not n["unresolved"])
    page.evaluate(f"{MAP_MODULE}.then(m => m.expand({json.dumps(target)}))")
    _drawn(page, 3)
    after = page.evaluate(f"{MAP_MODULE}.then(m => m.currentNetwork().getPositions())")
    moved = [i for i in before if i in after
             and (abs(before[i]["x"] - after[i]["x"]) > 0.5
                  or abs(before[i]["y"] - after[i]["y"]) > 0.5)]
    assert moved == []


def test_find_in_map_and_the_sortable_list(browser, demo, paper, artifacts):
    page = _open(browser, demo, f"/paper/{paper}?depth=1")
    _drawn(page)
    view = demo["client"].get(f"/api/neighbourhood/{paper}?depth=1&limit=300").get_json()
    target = next(n for n in sorted(view["nodes"], key=lambda n: -n["rank"])
                  if n["type"] == "Paper" and not n["unresolved"] and n["id"] != paper)
    page.fill("#map-find", target["title"][:25])
    page.wait_for_selector("#map-find-options li")
    page.press("#map-find", "Enter")
    wait_until(page, f"{MAP_MODULE}.then(m => m.currentNetwork().getSelectedNodes()[0] === "
                     f"{json.dumps(target['id'])}).catch(() => false)")
    page.wait_for_selector("#node-panel:not([hidden])")
    box = page.evaluate("""(() => {
        const p = document.getElementById('node-panel').getBoundingClientRect();
        const m = document.getElementById('map-canvas').getBoundingClientRect();
        return p.width * p.height / (m.width * m.height); })()""")
    assert box <= 0.25, "the node panel hides more than a quarter of the map"
    page.click("button[data-mode=list]")
    assert "mode=list" in page.url
    page.click("#map-list button[data-sort=year]")  # numbers sort largest first
    cells = page.locator("#map-list tbody tr td:nth-child(5)")
    years = [c.strip() for c in cells.all_inner_texts()]
    numbers = [int(y) for y in years if y.isdigit()]
    assert numbers and numbers == sorted(numbers, reverse=True)
    assert page.locator("#map-list tbody tr").count() == page.evaluate("window.__mapStats.nodes")
    page.screenshot(path=artifacts / "map-list-view.png")


def _neighbours(graph, paper):
    cited = {r["id"] for r in graph.run_text(
        "MATCH (:Paper {id: $id})-[:CITES]->(p:Paper) RETURN p.id AS id", {"id": paper}).records}
    citing = {r["id"] for r in graph.run_text(
        "MATCH (:Paper {id: $id})<-[:CITES]-(p:Paper) RETURN p.id AS id", {"id": paper}).records}
    return cited, citing


def test_three_adjacent_lists_agree_with_the_graph(browser, demo, paper, artifacts):
    work = demo["client"].get(f"/api/adjacent/{paper}").get_json()
    cited, citing = _neighbours(demo["graph"], paper)
    assert work["prior"] and work["similar"]
    for item in work["prior"]:
        if "cited by this paper" in item["evidence"][0]:
            assert item["id"] in cited
    for item in work["derivative"]:
        if item["evidence"][0].startswith("cites this paper"):
            assert item["id"] in citing
    for item in work["similar"]:  # the index's ranking: its claims hold
        if "cited by this paper" in item["evidence"]:
            assert item["id"] in cited
        if "cites this paper" in item["evidence"]:
            assert item["id"] in citing
    assert not [i for i in work["prior"] + work["derivative"] + work["similar"]
                if i.get("stub")]
    for item in work["prior"] + work["derivative"] + work["similar"]:
        assert 0 < item["relative"] <= 1 and item["title"]
        assert not [line for line in item["evidence"] if re.search(r"\bW\d{6,}\b", line)
                    and "unresolved" not in line]
    page = _open(browser, demo, f"/paper/{paper}")
    page.wait_for_selector("#adjacent[data-state=loaded]")
    assert page.locator("#list-prior .suggestion").count() == len(work["prior"])
    first = page.locator("#list-prior .suggestion").first
    assert first.locator(".score-bar").count() == 1
    assert first.locator(".byline").inner_text().strip()
    page.click("#tab-similar")
    assert page.locator("#list-similar").is_visible()
    assert page.locator("#list-prior").is_hidden()
    page.screenshot(path=artifacts / "adjacent-similar.png")


@pytest.mark.parametrize("kind", ["person", "topic", "institution"])
def test_other_pages_suggest_papers_and_people(browser, demo, kind, artifacts):
    pattern = {"person": "(n:Person)-[:AUTHORED]->(p:Paper)",
               "topic": "(n:Topic)<-[:ABOUT]-(p:Paper)",
               "institution": "(n:Institution)<-[:AFFILIATED_WITH]-(:Person)"
                              "-[:AUTHORED]->(p:Paper)"}
    node = demo["graph"].run_text(
        f"MATCH {pattern[kind]} WHERE p.title IS NOT NULL "  # noqa: S608 - fixed patterns
        "WITH n, count(DISTINCT p) AS papers RETURN n.id AS id ORDER BY papers DESC, id LIMIT 1",
        {}).records[0]["id"]
    work = demo["client"].get(f"/api/adjacent/{node}").get_json()
    assert work["seeds"], "a person, topic or institution is read through its papers"
    assert work["prior"] or work["derivative"] or work["similar"]
    sentences = [line for name in ("prior", "derivative", "similar")
                 for item in work[name] for line in item["evidence"]]
    assert not [line for line in sentences if re.search(r"papers{2}|\b1 papers\b", line)]
    page = _open(browser, demo, f"/{kind}/{node}?depth=1")
    _drawn(page)
    page.wait_for_selector("#adjacent[data-state=loaded]")
    assert page.locator("#tab-people").count() == 1
    assert node in {b["id"] for b in page.evaluate("window.__mapLabels")["shown"]}
    page.screenshot(path=artifacts / f"map-{kind}-1400x900.png")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_png_is_twice_the_canvas_with_labels_and_legend(browser, demo, paper, artifacts):
    page = _open(browser, demo, f"/paper/{paper}")
    _drawn(page)
    width, height = page.evaluate("""(() => { const c = document.getElementById('map-canvas');
        return [c.clientWidth, c.clientHeight]; })()""")
    with page.expect_download() as download:
        page.click("#map-png")
    target = artifacts / "map-download.png"
    download.value.save_as(target)
    w, h = _png_size(target)
    assert w >= 2 * width and h >= 2 * height


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})"
                           ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
                           " nodes: v.nodes.length})))")
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violation_on_any_page(browser, demo, paper):
    assert AXE.exists(), "axe-core is installed by the test command (tests/readers)"
    graph = demo["graph"]
    ids = {label: graph.run_text(f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id LIMIT 1",  # noqa: S608
                                 {}).records[0]["id"]
           for label in ("Person", "Topic", "Institution")}
    # the pages a dense field fills (its search results at the phone's width); the home
    # page, the console and the not-found page are checked at both widths on other data
    # by tests/webui/test_everyday.py
    maps = [f"/paper/{paper}", f"/person/{ids['Person']}", f"/topic/{ids['Topic']}",
            f"/institution/{ids['Institution']}"]
    checks = [(width, path) for width in (390, 1440) for path in maps]
    checks.append((390, "/search?q=cartilage&type=Paper&page=2"))
    found = {}
    for width, path in checks:
        page = _open(browser, demo, path, width=width)
        if path in maps:
            _drawn(page)
            page.wait_for_selector("#adjacent:not([data-state=loading])")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        serious = _axe(page)
        if serious:
            found[(width, path)] = serious
        page.context.close()
    assert found == {}


def test_references_known_only_by_id_are_counted_not_listed(browser, demo, artifacts):
    """Prior work lists works that can be read; those known only by id are counted, and
    the page says how many."""
    paper = "W2223297936"  # Knutsen 2004: many of the map's references are outside the set
    work = demo["client"].get(f"/api/adjacent/{paper}").get_json()
    assert work["prior"] and not [i for i in work["prior"] if i.get("stub")]
    assert all(i["title"] and not re.fullmatch(r"W\d+", i["title"]) for i in work["prior"])
    assert work["left_out_stubs"] > 0
    page = _open(browser, demo, f"/paper/{paper}")
    page.wait_for_selector("#adjacent[data-state=loaded]")
    direct = page.eval_on_selector_all("ol[data-list=prior] > li.suggestion",
                                       "items => items.map(i => i.dataset.id)")
    assert direct == [i["id"] for i in work["prior"]]
    assert f"{work['left_out_stubs']} more reference" in page.inner_text("#adjacent")
    page.screenshot(path=artifacts / "adjacent-stubs-counted.png")


def test_adjacent_show_more_asks_for_the_next_page(browser, demo):
    """A list shows its first 15; "find more" asks the server for 15 more, in rank order."""
    paper = "W2223297936"
    first = demo["client"].get(f"/api/adjacent/{paper}?k=15").get_json()["prior"]
    longer = demo["client"].get(f"/api/adjacent/{paper}?k=30").get_json()["prior"]
    assert len(longer) > len(first) == 15
    page = _open(browser, demo, f"/paper/{paper}")
    page.wait_for_selector("#adjacent[data-state=loaded]")
    items = page.locator("ol[data-list=prior] > li.suggestion")
    assert [i.get_attribute("data-id") for i in items.all()] == [s["id"] for s in first]
    page.click("#list-prior .show-more")
    wait_until(page, "document.querySelectorAll('ol[data-list=prior] > li.suggestion')"
                     f".length === {len(longer)}")
    assert [i.get_attribute("data-id") for i in items.all()] == [s["id"] for s in longer]

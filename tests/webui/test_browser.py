"""The app in real headless Chromium: map, side panel, suggestions, console, exports.

Every page gets a hook on ``window.alert`` before its scripts run, and the
console is watched for CSP violations and errors: hostile titles must never
run script.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import quote

import pytest

from tests.webui.conftest import DOTTED_ID, DRAWN_FROM_JSON, HOSTILE_ID, IMG, JS_URL, QUOTE, SCRIPT

pytestmark = pytest.mark.browser
ALERT_HOOK = """
window.__alerts = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__alerts.push([name, ...args.map(String)]); };
}
"""
# The page's own map module: a dynamic import of the URL the page loaded returns the same
# module instance, so tests reach the map's exports (currentNetwork, expand, ...) with it.
MAP_MODULE = "import('/static/map.js')"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1500, "height": 950},
                                  base_url=live_server, accept_downloads=True)
    context.add_init_script(ALERT_HOOK)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on("dialog", lambda d: (page.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield page
    assert page.evaluate("window.__alerts || []") == [], "a script from the data ran"
    assert not [p for p in page.problems if "Content Security Policy" in p or "dialog" in p]
    assert not [p for p in page.problems if "page error" in p], page.problems
    context.close()


def wait_until(page, expression, timeout=20.0):
    """Poll a JS expression (page.wait_for_function would need 'unsafe-eval' under our CSP)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"(() => {{ try {{ return {expression}; }} catch (e) "
                              "{ return false; } })()")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(100)


def wait_for_map(page, loads=1):
    wait_until(page, f"window.__mapStats && window.__mapStats.loads >= {loads}")
    return page.evaluate("window.__mapStats")


@DRAWN_FROM_JSON
def test_search_then_open_a_paper(page, artifacts):
    page.goto("/")
    page.fill("main input[name=q]", "hostile maps")
    page.press("main input[name=q]", "Enter")
    page.wait_for_selector("#group-paper")
    page.screenshot(path=artifacts / "search.png", full_page=True)
    link = page.locator("#group-paper a.result-title").first
    # tags in a title are dropped (never run, never shown raw): the text around them stays
    assert link.inner_text().startswith("alert(1) Hostile maps")
    assert page.locator("main script, main img").count() == 0
    link.click()
    page.wait_for_url(re.compile("/paper/"))
    assert page.locator("#entity-title").inner_text().startswith("alert(1) Hostile maps")
    assert page.locator("#entity-title *").count() == 0
    stats = wait_for_map(page)
    assert stats["nodes"] > 3


@DRAWN_FROM_JSON
def test_map_draws_the_view_and_reacts_to_controls(page, client, artifacts):
    expected = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=1&limit=300").get_json()
    page.goto(f"/paper/{HOSTILE_ID}?colour=community")
    stats = wait_for_map(page)
    assert stats["nodes"] == len(expected["nodes"])
    assert stats["edges"] == len(expected["edges"])
    status = page.inner_text("#map-status")
    assert f"showing {len(expected['nodes'])} of {expected['total_nodes']}" in status
    assert page.locator("#map-legend .legend-entry").count() == len(expected["communities"])
    page.wait_for_selector("#adjacent[data-state=loaded]")
    page.screenshot(path=artifacts / "paper.png")

    page.select_option("select[name=depth]", "2")
    stats = wait_for_map(page, 2)
    deeper = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=2&limit=300").get_json()
    assert stats["nodes"] == len(deeper["nodes"]) >= len(expected["nodes"])
    assert "depth=2" in page.url

    page.fill("input[name=year_from]", "2009")
    page.fill("input[name=year_to]", "2016")
    page.press("input[name=year_to]", "Tab")
    wait_until(page, "window.__mapStats.query.indexOf('years=2009%3A2016') >= 0")
    stats = page.evaluate("window.__mapStats")
    ranged = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=2&limit=300&years=2009:2016"
                        ).get_json()
    assert stats["nodes"] == len(ranged["nodes"])
    assert "years=2009%3A2016" in page.url or "years=2009:2016" in page.url
    page.locator("#map-legend .legend-entry").first.click()
    assert page.locator("#map-legend .legend-entry[aria-pressed=true]").count() == 1
    page.screenshot(path=artifacts / "paper-depth2-years.png")

    shared = page.url  # the URL reproduces the view
    page.goto(shared)
    assert wait_for_map(page)["nodes"] == len(ranged["nodes"])
    assert page.input_value("select[name=depth]") == "2"


def node_point(page, node_id):
    return page.evaluate("""async (id) => {
        const net = (await import('/static/map.js')).currentNetwork();
        const pos = net.canvasToDOM(net.getPositions([id])[id]);
        const box = document.querySelector('#map-canvas canvas').getBoundingClientRect();
        return {x: box.left + pos.x, y: box.top + pos.y};
    }""", node_id)


def click_node(page, node_id):
    """Click a node on the canvas at its drawn position."""
    point = node_point(page, node_id)
    page.mouse.click(point["x"], point["y"])


def move_to_node(page, node_id):
    point = node_point(page, node_id)
    page.mouse.move(point["x"] - 3, point["y"] - 3)
    page.mouse.move(point["x"], point["y"])


@DRAWN_FROM_JSON
def test_click_a_node_then_expand_pin_and_hide(page, artifacts):
    page.goto(f"/paper/{HOSTILE_ID}")
    before = wait_for_map(page)
    click_node(page, DOTTED_ID)
    page.wait_for_selector("#node-panel:not([hidden]) #panel-expand")
    assert "Graph methods" in page.inner_text("#node-panel h3")
    page.wait_for_selector("#node-panel .panel-body h4")
    page.screenshot(path=artifacts / "node-panel.png")
    assert page.locator("#node-panel .panel-abstract").count() == 0  # it has none
    click_node(page, HOSTILE_ID)  # its abstract, shown as the text it is
    wait_until(page, "document.querySelector('#node-panel .panel-abstract')")
    assert page.inner_text("#node-panel .panel-abstract") == (
        f"An abstract with {IMG} and {JS_URL} and {QUOTE}.")
    assert page.locator("#node-panel .panel-abstract img").count() == 0
    page.click("#node-panel .panel-close")  # the panel lies over part of the map
    click_node(page, DOTTED_ID)
    wait_until(page, "document.querySelector('#node-panel h3').textContent"
                     ".includes('Graph methods')")
    page.wait_for_selector("#node-panel .panel-body h4")
    page.click("#panel-expand")
    after = wait_for_map(page, 2)
    assert after["nodes"] >= before["nodes"]
    assert "expand=" + quote(DOTTED_ID, safe="") in page.url or "expand=arxiv" in page.url
    page.click("#panel-pin")
    assert "pin=" in page.url
    page.click("#panel-hide")
    wait_until(page, f"window.__mapStats.nodes < {after['nodes']}")
    assert "hide=" in page.url and "hidden" in page.inner_text("#map-status")
    assert page.locator("#trail a").count() >= 2
    page.screenshot(path=artifacts / "expanded.png")


@DRAWN_FROM_JSON
def test_suggestion_add_to_map_and_open(page):
    page.goto(f"/paper/{HOSTILE_ID}?types=Paper&kind=links")  # W120 is not linked to it
    before = wait_for_map(page)
    page.wait_for_selector("#adjacent[data-state=loaded]")
    page.click("#tab-similar")  # shares references, neither cites nor is cited: similar work
    more = page.locator("#list-similar .show-more")
    while more.is_visible() and not page.locator("#list-similar .suggestion",
                                                 has_text="Coupled paper sharing refs").count():
        more.click()
    item = page.locator("#list-similar .suggestion", has_text="Coupled paper sharing refs")
    assert item.locator(".explanation li").count() >= 1
    assert "both cite" in item.locator(".explanation").inner_text()  # names a shared work
    item.locator(".add-to-map").click()
    after = wait_for_map(page, 2)
    assert after["nodes"] == before["nodes"] + 1
    assert "add=W120" in page.url
    item.locator("a.suggestion-title").click()
    page.wait_for_url(re.compile("/paper/W120"))
    assert "Coupled paper" in page.inner_text("#entity-title")


def test_cypher_console_table_and_graph(page, artifacts):
    page.goto("/cypher")
    page.fill("#cypher-query", "MATCH (a:Person)-[r:AUTHORED]->(p:Paper {id: $id}) "
                               "RETURN a, r, p, p.title AS title LIMIT 10")
    page.fill("#cypher-params", json.dumps({"id": HOSTILE_ID}))
    page.click("#cypher-run")
    wait_until(page, "window.__cypherStats && window.__cypherStats.state === 'done'")
    stats = page.evaluate("window.__cypherStats")
    assert stats["rows"] >= 1 and stats["nodes"] >= 2 and stats["edges"] >= 1
    wait_until(page, "window.__cypherStats.graphDrawn === true")
    assert page.locator("#cypher-table th").count() == 4
    assert SCRIPT in page.inner_text("#cypher-table") and IMG in page.inner_text("#cypher-table")
    page.screenshot(path=artifacts / "cypher.png", full_page=True)
    page.fill("#cypher-params", "")
    page.fill("#cypher-query", "CREATE (:Paper {id: 'from-the-browser'})")
    page.click("#cypher-run")
    wait_until(page, "window.__cypherStats.state === 'error'")
    assert "read-only" in page.inner_text("#cypher-message")
    page.fill("#cypher-query", "MATCH (n RETURN n")
    page.click("#cypher-run")
    wait_until(page, "window.__cypherStats.state === 'error'")
    assert page.inner_text("#cypher-message").strip()
    page.locator("button[data-example]").first.click()
    wait_until(page, "window.__cypherStats.state === 'done'")


@DRAWN_FROM_JSON
def test_html_export_draws_offline(page, browser, tmp_path, artifacts):
    page.goto(f"/paper/{HOSTILE_ID}?depth=2")
    wait_for_map(page)
    with page.expect_download() as download:
        page.click("a[data-export=html]")
    path = tmp_path / "map.html"
    download.value.save_as(path)
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    context.add_init_script(ALERT_HOOK)
    offline = context.new_page()
    requests = []

    def block(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    offline.route("**/*", block)
    offline.goto(path.as_uri())
    wait_until(offline, "window.__mapStats && window.__mapStats.drawn")
    assert offline.evaluate("window.__mapStats.nodes") > 3
    assert offline.evaluate("window.__alerts") == []
    assert [u for u in requests if not u.startswith("file://")] == []
    assert SCRIPT in offline.inner_text("h1")
    offline.screenshot(path=artifacts / "export-offline.png")
    context.close()


@DRAWN_FROM_JSON
def test_page_and_html_export_draw_communities_in_one_palette(page, browser, client, tmp_path):
    """The colours palette.js gives communities on the app's page and in the offline export
    are the same, and are the server's list (explorer.views.palette), cycled."""
    from explorer.views.palette import COMMUNITY_COLOURS, OTHER_COLOUR

    colours = ("import('{}').then(p => Array.from({{length: 25}}, (_, i) => "
               "p.communityColour(i)).concat([p.communityColour(null)]))")
    swatches = ("Array.from(document.querySelectorAll('#map-legend .swatch'), "
                "s => getComputedStyle(s).backgroundColor)")
    page.goto(f"/paper/{HOSTILE_ID}?colour=community")
    wait_for_map(page)
    on_page, page_swatches = page.evaluate(colours.format("/static/palette.js")), \
        page.evaluate(swatches)
    path = tmp_path / "map.html"
    # the export carries the page's colouring, as the page's export link does
    path.write_bytes(client.get(f"/export/{HOSTILE_ID}.html?depth=1&limit=300&colour=community").data)
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    offline = context.new_page()
    offline.goto(path.as_uri())
    wait_until(offline, "window.__mapStats && window.__mapStats.drawn")
    in_export, export_swatches = offline.evaluate(colours.format("rge/palette.js")), \
        offline.evaluate(swatches)
    context.close()
    assert on_page == in_export
    assert on_page == COMMUNITY_COLOURS + COMMUNITY_COLOURS[:5] + [OTHER_COLOUR]
    assert page_swatches and page_swatches == export_swatches


@DRAWN_FROM_JSON
def test_titles_keep_their_formatting_in_the_trail_and_tooltips(page):
    """<i>, <sup> of a title are elements in the trail and the hover card, never raw tags."""
    page.goto("/paper/W101")
    stats = wait_for_map(page)
    move_to_node(page, stats["center"])
    page.wait_for_selector(".vis-tooltip", state="visible")
    tooltip = page.inner_text(".vis-tooltip")
    assert tooltip.startswith("Co-citation analysis revisited2") and "<" not in tooltip
    assert page.locator(".vis-tooltip .map-tooltip i").inner_text() == "analysis"
    assert page.locator(".vis-tooltip .map-tooltip sup").inner_text() == "2"
    page.goto(f"/paper/{HOSTILE_ID}")
    wait_for_map(page)
    item = page.locator("#trail a.trail-item", has_text="Co-citation")
    assert item.inner_text() == "Co-citation analysis revisited2"
    assert item.locator("i").inner_text() == "analysis" and item.locator("sup").count() == 1
    assert "<" not in page.inner_text("#trail")


@DRAWN_FROM_JSON
def test_png_download(page):
    page.goto(f"/paper/{HOSTILE_ID}")
    wait_for_map(page)
    with page.expect_download() as download:
        page.click("#map-png")
    assert download.value.suggested_filename.endswith(".png")


@DRAWN_FROM_JSON
@pytest.mark.parametrize("path", [f"/paper/{HOSTILE_ID}", "/person/orcid:0000-0002-1825-0097",
                                  "/topic/kw:hostile", "/institution/inst:evil",
                                  f"/paper/{DOTTED_ID}", "/paper/W100", "/search?q=hostile"])
def test_hostile_text_never_runs_on_any_page(page, path, artifacts):
    page.goto(path)
    if "search" not in path:
        stats = wait_for_map(page)
        page.wait_for_selector("#adjacent:not([data-state=loading])")
        move_to_node(page, stats["center"])
        page.wait_for_selector(".vis-tooltip", state="visible")
        tooltip = page.inner_text(".vis-tooltip")
        allowed = ".map-tooltip, .map-tooltip strong, .map-tooltip span, .map-tooltip i, " \
            ".map-tooltip b, .map-tooltip sub, .map-tooltip sup"
        assert page.locator(f".vis-tooltip *:not({allowed})").count() == 0
        assert tooltip.strip()
        if HOSTILE_ID in path:  # tags outside the allow-list are dropped, the text stays
            assert tooltip.startswith("alert(1) Hostile maps")
            assert "<" not in tooltip.splitlines()[0]  # names and venues stay plain text
    body = page.inner_text("body")
    assert any(text in body for text in (SCRIPT, IMG, "javascript:alert(1)", QUOTE))
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    page.screenshot(path=artifacts / f"page-{name}.png")


def test_a_thousand_node_export_draws_at_its_own_positions(browser, tmp_path):
    """Precomputed positions, physics off, straight edges: 1,000 nodes drawn in one
    pass (how fast is measured by bench/map_draw.py, not here)."""
    import math
    import random

    from explorer.views.export_html import to_html

    rng = random.Random(7)
    nodes = [{"id": f"W{i}", "type": "Paper", "label": f"Paper {i}", "title": f"Paper {i}",
              "year": 2000 + i % 20, "cited_by_count": rng.randint(0, 500), "indegree": 0,
              "community": i % 12, "x": 1000 * math.cos(i) * rng.random(),
              "y": 1000 * math.sin(i) * rng.random(), "stub": False, "hop": 1}
             for i in range(1000)]
    edges = [{"source": f"W{i}", "target": f"W{rng.randrange(1000)}", "type": "CITES",
              "weight": 1.0} for i in range(1000) for _ in range(2)]
    view = {"center": "W0", "depth": 2, "nodes": nodes, "edges": edges, "modularity": 0.5,
            "communities": [{"id": c, "label": f"c{c}", "size": 84} for c in range(12)],
            "truncated": [], "total_nodes": 1000, "query": {"name": "read/neighbours"}}
    path = tmp_path / "big.html"
    path.write_text(to_html(view), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    page = context.new_page()
    page.goto(path.as_uri())
    stats = wait_until(page, "window.__mapStats && window.__mapStats.drawn && window.__mapStats")
    data = json.loads(page.evaluate("document.getElementById('view-data').textContent"))
    assert stats["nodes"] == 1000 and stats["edges"] == len(data["edges"]) > 1000
    placed = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    assert placed == {n["id"]: (n["x"], n["y"]) for n in nodes}  # no layout in the page
    assert isinstance(stats["drawMs"], int | float) and stats["drawMs"] >= 0
    options = json.loads(data["options"])
    assert options["physics"]["enabled"] is False and options["edges"]["smooth"] is False
    context.close()

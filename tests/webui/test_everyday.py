"""Everyday use in real headless Chromium: phone and narrow windows, keyboard, axe-core.

Every page (home, search, paper, person, topic, institution, console, 404) is opened at
390, 800 and 1440 px on the live server with the hostile test graph: no horizontal
scroll, the header's search and console link on screen, the map before the details, and
no serious or critical axe-core violation at 390 and 1440 px. The keyboard walk: skip
links, the map's nodes selected and opened from the canvas and from the list, find-in-map
with the arrow keys, focus always visible. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO
from tests.webui.conftest import HOSTILE_ID
from tests.webui.test_browser import ALERT_HOOK, MAP_MODULE, wait_for_map, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.arcadedb_only(
    "layout, keyboard and accessibility are the browser's rendering of the JSON the "
    "app answers, which the API tests check on both backends")]
AXE = REPO / "tests" / "readers" / "node_modules" / "axe-core" / "axe.min.js"
ENTITY_PAGES = {"paper": f"/paper/{HOSTILE_ID}", "person": "/person/orcid:0000-0001-5109-3700",
                "topic": "/topic/kw:hostile", "institution": "/institution/inst:evil"}
PAGES = {"home": "/", "search": "/search?q=citation", **ENTITY_PAGES, "console": "/cypher",
         "404": "/paper/W999999999"}


def open_page(browser, live_server, path, width, height=900):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  base_url=live_server, accept_downloads=True)
    context.add_init_script(ALERT_HOOK)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(path)
    if path.split("?")[0] in [p.split("?")[0] for p in ENTITY_PAGES.values()]:
        wait_for_map(page)
        page.wait_for_selector("#adjacent:not([data-state=loading])")
    return page


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => "
                          "r.violations.map(v => ({id: v.id, impact: v.impact, "
                          "nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


AXE_WIDTHS = (390, 1440)  # axe-core's rules do not change with the width between


@pytest.mark.parametrize("width", [390, 800, 1440])
def test_every_page_fits_the_window_with_search_and_console_in_reach(browser, live_server,
                                                                     width, artifacts):
    """Each page fits the window with the header in reach; at the phone's and a desktop's
    width axe-core finds nothing serious or critical on it (on the paper page with the
    list view open as well)."""
    assert AXE.exists(), "axe-core is installed by the test command (tests/readers)"
    found = {}
    for name, path in PAGES.items():
        page = open_page(browser, live_server, path, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        for selector in ("header input[name=q]", "header button[type=submit]",
                         "header a[href='/cypher']"):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (name, selector)
            assert box["y"] + box["height"] <= 200, (name, selector)
        if path in ENTITY_PAGES.values():
            top = {s: page.locator(s).bounding_box()["y"] for s in
                   ("#entity-title", "#map-canvas", "#details", "#adjacent")}
            assert top["#entity-title"] < top["#map-canvas"], name
            if width < 1100:  # one column: the map before the long details
                assert top["#map-canvas"] < top["#details"] < top["#adjacent"], name
        assert page.errors == [], name
        page.screenshot(path=artifacts / f"everyday-{name}-{width}.png")
        if width in AXE_WIDTHS:
            violations = axe_violations(page)
            if name == "paper":  # and with the list view, the panel and the find box open
                page.click("button[data-mode=list]")
                violations += axe_violations(page)
            if violations:
                found[name] = violations
        page.context.close()
    assert found == {}


def focused(page) -> dict:
    return page.evaluate("""(() => { const e = document.activeElement;
        const style = getComputedStyle(e);
        return {id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim(),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
                panel: !!e.closest('#node-panel'), row: !!e.closest('#map-list')}; })()""")


def test_skip_links_reach_the_map_and_adjacent_work_in_a_few_keys(browser, live_server):
    page = open_page(browser, live_server, ENTITY_PAGES["paper"], 1440)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and first["text"] == "Skip to content"
    assert first["outline"] != "none" and first["width"] >= 2, "focus is visible"
    assert page.locator(".skip-links a").first.bounding_box()["y"] >= 0  # shown when focused
    links = [focused(page)["text"]]
    for _ in range(3):
        page.keyboard.press("Tab")
        links.append(focused(page)["text"])
    assert links == ["Skip to content", "Skip to the map", "Skip to adjacent work",
                     "Skip to details"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # "Skip to adjacent work": three keys from the top
    assert focused(page)["id"] == "adjacent"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#adjacent') !== null")
    page.context.close()


def test_map_nodes_are_selected_and_opened_by_keyboard(browser, live_server, client, artifacts):
    view = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=1&limit=300").get_json()
    ranked = [n["id"] for n in sorted(view["nodes"], key=lambda n: n["rank"])
              if not n.get("unresolved") or n["id"] == view["center"]]
    page = open_page(browser, live_server, ENTITY_PAGES["paper"], 1440)
    page.focus("#map-canvas")
    selected = f"{MAP_MODULE}.then(m => m.currentNetwork().getSelectedNodes()[0])"
    page.keyboard.press("n")
    assert page.evaluate(selected) == ranked[0]
    page.keyboard.press("n")
    assert page.evaluate(selected) == ranked[1]
    assert page.inner_text("#map-keys-status").startswith(
        next(n["label"] for n in view["nodes"] if n["id"] == ranked[1]))
    page.keyboard.press("p")
    assert page.evaluate(selected) == ranked[0]
    where = f"{MAP_MODULE}.then(m => [m.currentNetwork().getViewPosition().x, " \
        "m.currentNetwork().getScale()])"
    before = page.evaluate(where)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("+")
    after = page.evaluate(where)
    assert after[0] > before[0] and after[1] > before[1], "arrows move the view, + zooms"
    assert page.locator("#map-canvas [tabindex='0']").count() == 0, "one tab stop for the map"
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel:not([hidden])")
    assert focused(page)["id"] == "node-panel"
    page.keyboard.press("Tab")
    assert focused(page)["panel"], "Tab moves through the panel's actions"
    page.screenshot(path=artifacts / "keyboard-panel.png")
    page.keyboard.press("Escape")
    assert page.locator("#node-panel").is_hidden()
    assert focused(page)["id"] == "map-canvas", "focus goes back to the map"
    # the same node is marked in the list view; a row's button selects on the map
    page.click("button[data-mode=list]")
    assert page.locator("#map-list tr.selected").get_attribute("data-id") == ranked[0]
    row = page.locator(f"#map-list tr[data-id='{ranked[1]}'] button.link-button")
    row.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#node-panel:not([hidden])")
    assert page.evaluate(selected) == ranked[1]
    assert focused(page)["id"] == "node-panel"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Open page"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/paper/{ranked[1]}")
    page.context.close()


def test_labels_are_laid_out_again_after_keyboard_panning_and_zooming(browser, live_server):
    page = open_page(browser, live_server, ENTITY_PAGES["paper"], 1440)
    wait_until(page, "window.__mapLabels && window.__mapLabels.shown.length > 0")
    where = "(() => { const b = window.__mapLabels.shown[0]; " \
        "return [b.id, b.x, window.__mapLabels.scale]; })()"
    page.wait_for_timeout(300)  # any label pass the first draw scheduled has run
    first_id, first_x, first_scale = page.evaluate(where)
    page.focus("#map-canvas")
    page.keyboard.press("ArrowRight")  # the view moves right: drawn things move left
    wait_until(page, f"window.__mapLabels.shown[0].id !== {json.dumps(first_id)} || "
                     f"window.__mapLabels.shown[0].x < {first_x - 20}")
    page.keyboard.press("+")
    wait_until(page, f"window.__mapLabels.scale > {first_scale * 1.2}")
    page.context.close()


def test_find_in_map_moves_through_matches_with_the_arrow_keys(browser, live_server):
    page = open_page(browser, live_server, ENTITY_PAGES["paper"], 1440)
    page.focus("#map-find")
    page.keyboard.type("Citation study")
    options = page.locator("#map-find-options li")
    options.first.wait_for()
    count = options.count()
    assert count >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#map-find", "aria-activedescendant") == "find-option-1"
    assert page.locator("#find-option-1").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # wraps round to the last
    assert page.get_attribute("#map-find", "aria-activedescendant") == f"find-option-{count - 1}"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#find-option-1").get_attribute("data-id")
    page.keyboard.press("Enter")
    wait_until(page, f"{MAP_MODULE}.then(m => m.currentNetwork().getSelectedNodes()[0] === "
                     f"{json.dumps(chosen)})")
    page.wait_for_selector("#node-panel:not([hidden])")
    assert focused(page)["id"] == "node-panel"
    page.context.close()

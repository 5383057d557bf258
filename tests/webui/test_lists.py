"""The lists in real headless Chromium: the map's list view, adjacent work, search results
and a node's papers (and the details and the node panel beside them): no word broken
across lines, sortable columns, a filter by type,
"show more" or pages, and a CSV of what is shown, read back with the csv module."""

from __future__ import annotations

import csv
import io
import re

import pytest

from tests.webui.conftest import HOSTILE_ID, QUOTE
from tests.webui.test_browser import wait_until
from tests.webui.test_everyday import ENTITY_PAGES, open_page

pytestmark = [pytest.mark.browser, pytest.mark.arcadedb_only(
    "layout, keyboard and accessibility are the browser's rendering of the JSON the "
    "app answers, which the API tests check on both backends")]
# words (runs of letters and digits) of at most 24 characters drawn on more than one line
BROKEN_WORDS = """(selector) => {
  const bad = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode, re = /[\\p{L}\\p{N}]+/gu;
      let m;
      while ((m = re.exec(node.textContent))) {
        if (m[0].length > 24) { continue; }
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (tops.size > 1) { bad.push(m[0]); }
      }
    }
  }
  return bad;
}"""


def download_csv(page, button) -> list[list[str]]:
    with page.expect_download() as download:
        button.click()
    path = download.value.path()
    text = open(path, encoding="utf-8", newline="").read()
    assert download.value.suggested_filename.endswith(".csv")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("width", [390, 800])
def test_no_word_is_broken_across_lines_in_any_list(browser, live_server, width):
    page = open_page(browser, live_server, f"/paper/{HOSTILE_ID}?types=Paper,Person,Topic",
                     width)
    assert page.evaluate(BROKEN_WORDS, ".entity-head, #details") == []
    page.focus("#map-canvas")
    page.keyboard.press("n")
    page.keyboard.press("Enter")  # the panel of the map's focus
    page.wait_for_selector("#node-panel:not([hidden])")
    wait_until(page, "document.querySelector('#node-panel .panel-body').textContent"
                     ".indexOf('loading') < 0")
    assert page.evaluate(BROKEN_WORDS, "#node-panel") == []
    page.click("button[data-mode=list]")
    assert page.evaluate(BROKEN_WORDS, "#map-list table") == []
    assert page.evaluate(BROKEN_WORDS, "#adjacent") == []
    page.context.close()
    page = open_page(browser, live_server, ENTITY_PAGES["topic"], width)
    assert page.evaluate(BROKEN_WORDS, ".entity-papers, .entity-people") == []
    page.context.close()
    page = open_page(browser, live_server, "/search?q=citation", width)
    assert page.evaluate(BROKEN_WORDS, ".search-results") == []
    page.context.close()


def test_map_list_filters_by_type_shows_more_and_downloads_csv(browser, live_server, client):
    view = client.get(f"/api/neighbourhood/{HOSTILE_ID}?depth=1&limit=300"
                      "&types=Paper,Person,Topic").get_json()
    page = open_page(browser, live_server, f"/paper/{HOSTILE_ID}?types=Paper,Person,Topic",
                     1440)
    page.click("button[data-mode=list]")
    drawn = page.evaluate("window.__mapStats.nodes")
    assert page.locator("#map-list tbody tr").count() == drawn
    people = [n for n in view["nodes"] if n["type"] == "Person"]
    assert people
    page.select_option("#map-list select.type-menu", "Person")
    rows = page.locator("#map-list tbody tr")
    assert rows.count() == len(people)
    assert {r.get_attribute("data-id") for r in rows.all()} == {n["id"] for n in people}
    table = download_csv(page, page.locator("#map-list .csv-download"))
    assert table[0][:4] == ["id", "Rank", "Node", "Title / name"]
    assert {row[0] for row in table[1:]} == {n["id"] for n in people}
    assert any("<img src=x onerror=alert(1)>" in cell for row in table for cell in row), \
        "names are written as text"
    page.select_option("#map-list select.type-menu", "")
    page.click("#map-list button[data-sort=year]")
    page.click("#map-list button[data-sort=year]")  # twice: oldest first
    years = [int(y) for y in page.locator("#map-list tbody tr td:nth-child(5)").all_inner_texts()
             if y.strip().isdigit()]
    assert years == sorted(years)
    page.context.close()


def test_adjacent_lists_sort_and_download(browser, live_server, client):
    """("show more" asking the server for more is tested on the demo field, in
    test_research_map.py, where the lists are longer than a page.)"""
    work = client.get(f"/api/adjacent/{HOSTILE_ID}?k=15").get_json()
    similar = [s for s in work["similar"] if not s.get("stub")]
    assert len(similar) >= 10
    page = open_page(browser, live_server, f"/paper/{HOSTILE_ID}", 1440)
    page.click("#tab-similar")
    items = page.locator("#list-similar ol[data-list=similar] > li.suggestion")
    assert [i.get_attribute("data-id") for i in items.all()] == [s["id"] for s in similar]
    assert page.locator("#list-similar .show-more").is_hidden()  # nothing more to find
    page.select_option("#list-similar select", "year")
    shown = [next(s["year"] or 0 for s in similar if s["id"] == i.get_attribute("data-id"))
             for i in items.all()]
    assert shown == sorted(shown, reverse=True)
    table = download_csv(page, page.locator("#list-similar .csv-download"))
    assert table[0] == ["rank", "id", "type", "title", "first author", "year", "venue",
                        "citations", "evidence"]
    assert [row[1] for row in table[1:]] == [s["id"] for s in work["similar"]]
    assert any(row[3].startswith("\"'>x quote-breaking") for row in table), \
        "titles as text, tags dropped"
    page.context.close()


def test_a_nodes_papers_sort_filter_and_download(browser, live_server, client):
    page = open_page(browser, live_server, ENTITY_PAGES["topic"], 1440)
    table = page.locator("table.entity-papers")
    rows = table.locator("tbody tr:not([hidden])")
    total = rows.count()
    assert total >= 5
    table.locator("th button", has_text="Year").click()  # numbers: largest first
    years = [int(y) for y in table.locator("tbody tr td:nth-child(2)").all_inner_texts()]
    assert years == sorted(years, reverse=True)
    assert table.locator("th").nth(1).get_attribute("aria-sort") == "descending"
    page.fill("input.list-filter[aria-label='filter papers']", "study 103")
    kept = [t.lower() for t in rows.locator("td:first-child").all_inner_texts()]
    assert kept == ["citation study 103"]
    data = download_csv(page, page.locator(".entity-papers").locator("xpath=..")
                        .locator(".csv-download"))
    assert data[0] == ["id", "Title", "Year", "Cited in graph"]
    assert len(data) - 1 == len(kept)
    page.context.close()


def test_a_nodes_papers_show_more_reaches_the_server(browser, live_server, loaded_graph,
                                                    monkeypatch):
    """Past the papers the page was written with, "show more" fetches the next ones."""
    from explorer.views import entity

    monkeypatch.setattr(entity, "DETAIL_LIMIT", 2)  # the page holds 2; the server the rest
    page = open_page(browser, live_server, ENTITY_PAGES["topic"], 1440)
    table = page.locator("table.entity-papers")
    assert table.locator("tbody tr").count() == 2
    more = page.locator(".entity-papers").locator("xpath=..").locator(".show-more")
    assert "from the server" in more.inner_text()
    more.click()
    wait_until(page, "document.querySelectorAll('table.entity-papers tbody tr').length > 2")
    ids = table.locator("tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    expected = [p["id"] for p in entity.node_papers(loaded_graph, "kw:hostile", 0, 50)["papers"]]
    assert ids == expected and len(ids) > 2
    assert table.locator("tbody tr a").first.get_attribute("href").startswith("/paper/")
    page.context.close()


def test_search_groups_by_type_pages_and_downloads(browser, live_server, client):
    api = client.get("/api/search?q=citation&limit=100").get_json()
    papers = api["groups"]["Paper"]
    assert papers["total"] > 10
    page = open_page(browser, live_server, "/search?q=citation", 390)
    nav = page.locator("nav.type-filter a")
    assert nav.first.inner_text().startswith("all ")
    assert f"{papers['total']} papers" in page.inner_text("nav.type-filter")
    assert page.locator("#group-paper tbody tr").count() == 10
    page.click("#group-paper .more-link a")
    page.wait_for_url(re.compile("type=Paper"))
    ids = [r.get_attribute("data-id") for r in page.locator("#group-paper tbody tr").all()]
    assert ids == [i["id"] for i in papers["items"]]  # every one of them, in the same order
    page.click("#group-paper th a")  # the first column: by title
    page.click("#group-paper th.col-year a")
    page.wait_for_url(re.compile("sort=year"))
    years = [int(y) for y in page.locator("#group-paper td.col-year").all_inner_texts()
             if y.strip()]
    assert years == sorted(years, reverse=True)
    data = download_csv(page, page.locator("#group-paper .csv-download"))
    assert data[0] == ["id", "Title", "First author", "Year", "Venue", "Citations"]
    assert len(data) - 1 == len(ids)
    page.context.close()


def test_search_results_show_markup_as_text_never_as_tags(browser, live_server):
    page = open_page(browser, live_server, "/search?q=graph+methods", 1440)
    link = page.locator("#group-paper a.result-title", has_text="Graph methods")
    assert link.inner_text().replace("\n", "") == "Graph methods \"'>x for maps"
    # the one allow-listed tag, as formatting (left open, as in the source, to the end)
    assert link.locator("b").inner_text() == "x for maps"
    assert QUOTE not in page.content().split("<main")[1].split("</main>")[0]
    page.context.close()

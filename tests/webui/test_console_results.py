"""The console's results in real headless Chromium (webui/static/cypher.js): nodes as
compact cards whose ids link to their pages, id columns linked, the graph drawn, CSV and
JSON downloads, an error clearing the earlier result, the table's region focusable."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest

from tests.webui.conftest import HOSTILE_ID, IMG, SCRIPT

pytestmark = pytest.mark.browser


def poll(page, expression, timeout=30.0):
    """Wait for a JS expression (page.wait_for_function would need 'unsafe-eval')."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"(() => {{ try {{ return {expression}; }} catch (e) "
                            "{ return false; } })()"):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


@pytest.fixture
def console(browser, live_server):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, base_url=live_server,
                                  accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda d: (errors.append("dialog " + d.message), d.dismiss()))
    page.goto("/cypher")
    yield page
    context.close()
    assert errors == []


def run(page, query):
    page.fill("#cypher-query", query)
    page.click("#cypher-run")
    poll(page, "window.__cypherStats && window.__cypherStats.state !== 'running'")
    return page.evaluate("window.__cypherStats")


def test_nodes_are_cards_with_linked_ids_and_the_graph_is_drawn(console, artifacts):
    stats = run(console, "MATCH (a:Person)-[r:AUTHORED]->(p:Paper {id: $id}) "
                         "RETURN a, r, p, p.id AS id".replace("$id", f"'{HOSTILE_ID}'"))
    assert stats["state"] == "done" and stats["rows"] >= 1
    poll(console, "window.__cypherStats.graphDrawn")
    table = console.locator("#cypher-table")
    assert table.locator(".node-card").count() >= 2
    assert "{\"labels\"" not in table.inner_text()  # no raw JSON walls
    paper_links = table.locator("a.node-id[href^='/paper/']")
    assert paper_links.count() >= 2  # the card's id and the id column
    assert SCRIPT in table.inner_text()  # hostile titles shown as text
    assert table.locator("script, img").count() == 0 and IMG not in table.inner_html()
    assert table.locator("a.node-id[href^='/person/']").count() >= 1
    assert table.get_attribute("tabindex") == "0"
    assert table.get_attribute("role") == "region" and table.get_attribute("aria-label")
    console.screenshot(path=artifacts / "console-results.png", full_page=True)
    paper_links.first.click()
    console.wait_for_url("**/paper/**")


def test_the_graph_draws_every_node_and_link_of_the_answer(console, client):
    query = "MATCH (a:Person)-[r:AUTHORED]->(p:Paper) RETURN a, r, p LIMIT 5"
    stats = run(console, query)
    poll(console, "window.__cypherStats.graphDrawn")
    rows = client.post("/api/cypher", json={"query": query, "params": {}}).get_json()["rows"]
    ids = {row[0]["properties"]["id"] for row in rows} | {row[2]["properties"]["id"]
                                                         for row in rows}
    assert stats["nodes"] == len(ids) and stats["edges"] == len(rows) >= 1


def test_csv_and_json_downloads_hold_the_result(console, tmp_path):
    run(console, "MATCH (p:Paper) WHERE p.title IS NOT NULL RETURN p.id AS id, p.title AS title,"
                 " p ORDER BY id LIMIT 5")
    with console.expect_download() as download:
        console.click("#cypher-csv")
    assert download.value.suggested_filename == "query-result.csv"
    path = tmp_path / "r.csv"
    download.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0] == ["id", "title", "p"] and len(rows) == 6
    assert all(r[0] == r[2] for r in rows[1:])  # a node is written as its id
    assert not any(c.startswith(("=", "+", "@")) for r in rows for c in r)
    with console.expect_download() as download:
        console.click("#cypher-json")
    path = tmp_path / "r.json"
    download.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["columns"] == ["id", "title", "p"] and len(data["rows"]) == 5
    assert data["rows"][0][2]["labels"] == ["Paper"]


def test_an_error_clears_the_earlier_result(console):
    run(console, "MATCH (p:Paper) RETURN p LIMIT 3")
    assert console.locator("#cypher-table tr").count() == 4
    stats = run(console, "MATCH (n RETURN n")
    assert stats["state"] == "error"
    assert console.locator("#cypher-message.error").inner_text().strip()
    assert console.locator("#cypher-table tr").count() == 0
    assert console.locator("#cypher-table").is_hidden()
    assert console.locator("#cypher-graph").is_hidden()
    assert console.locator("#cypher-downloads").is_hidden()


def test_results_pass_axe(console):
    """The console with a result on it (cards, links, the graph, the downloads): no
    serious or critical axe-core violation (links in text are underlined)."""
    from pathlib import Path

    axe = Path(__file__).resolve().parents[1] / "readers" / "node_modules" / "axe-core" / \
        "axe.min.js"
    assert axe.is_file(), "axe-core is installed by the test command (tests/readers)"
    run(console, "MATCH (a:Person)-[r:AUTHORED]->(p:Paper) RETURN a, r, p LIMIT 5")
    poll(console, "window.__cypherStats.graphDrawn")
    console.evaluate(axe.read_text(encoding="utf-8"))
    result = console.evaluate(
        "axe.run(document, {resultTypes: ['violations', 'passes']}).then(r => ({"
        "violations: r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => [v.id, v.nodes.map(n => n.target)]), passes: r.passes.map(p => p.id)}))")
    assert result["violations"] == []
    assert "link-in-text-block" not in {v[0] for v in result["violations"]}

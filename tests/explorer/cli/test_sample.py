"""``explorer sample`` loads the bundled demo: real OpenAlex works and the five seed papers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from explorer.cli.sample import demo_paths
from explorer.views.adjacent import adjacent_work
from explorer.views.neighbourhood import neighbourhood
from explorer.views.suggestions import suggestions

pytestmark = pytest.mark.server

FIRST_PAGE = "W3046863325"  # the page the README points at


def _count(graph, text: str) -> int:
    return graph.run_text(text, read_only=True).records[0]["n"]


def test_demo_files_are_small_real_and_documented():
    (works, fmt), (seeds, _) = demo_paths()
    assert fmt == "openalex" and works.stat().st_size <= 3 * 1024 * 1024
    with gzip.open(works, "rt", encoding="utf-8") as fh:
        ids = [json.loads(line)["id"] for line in fh]
    assert len(ids) == len(set(ids)) == 246
    assert all(i.startswith("https://openalex.org/W") for i in ids)
    readme = (works.parent / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme and "OpenAlex" in readme and FIRST_PAGE in readme
    assert seeds.name == "seed-papers.jsonl"


def test_sample_loads_a_connected_demo(empty_graph, cli):
    result = cli("sample")
    assert result.returncode == 0, result.stderr
    assert "rejected: 0" in result.stdout
    titled = _count(empty_graph, "MATCH (p:Paper) WHERE p.stub = false "
                    "AND p.title IS NOT NULL RETURN count(p) AS n")
    assert titled >= 240  # 246 works and 5 seeds; a few OpenAlex works have no title
    seeds = _count(empty_graph, "MATCH (p:Paper) WHERE p.title STARTS WITH "
                   "'If deep learning is the answer' RETURN count(p) AS n")
    assert seeds == 1
    cites = empty_graph.counts()["relationships"]["CITES"]
    assert cites > 4000
    inside = _count(empty_graph, "MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.stub = false "
                    "AND b.stub = false RETURN count(*) AS n")
    assert inside >= 90
    # the console's first example has rows
    rows = empty_graph.run_text("MATCH (p:Paper)<-[:CITES]-(c:Paper) RETURN p.id AS id, "
                                "count(c) AS citations ORDER BY citations DESC LIMIT 10",
                                read_only=True).records
    assert len(rows) == 10 and rows[0]["citations"] >= 5

    view = neighbourhood(empty_graph, FIRST_PAGE, depth=1)
    assert len(view["nodes"]) > 30 and len(view["edges"]) > 30
    assert len(view["communities"]) >= 2
    found = suggestions(empty_graph, [FIRST_PAGE], k=10)["suggestions"]
    assert len(found) == 10
    # the README's page has all three lists, each with works that have titles
    work = adjacent_work(empty_graph, FIRST_PAGE)
    for name in ("prior", "derivative", "similar"):
        assert [item for item in work[name] if not item.get("stub") and item["title"]], name
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert f"/paper/{FIRST_PAGE}" in readme
    assert sum(1 for s in found if not s["stub"]) >= 5

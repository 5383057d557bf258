"""``explorer sample`` loads the bundled demo: real OpenAlex works and the five seed papers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from explorer.cli.sample import demo_paths
from explorer.views.adjacent import adjacent_work
from explorer.views.research_map import research_map
from explorer.views.suggestions import suggestions

pytestmark = pytest.mark.server

FIRST_PAGE = "W2223297936"  # the page the README points at (Knutsen 2004)


def _count(graph, text: str) -> int:
    return graph.run_text(text, read_only=True).records[0]["n"]


def test_demo_files_are_small_real_and_documented():
    (works, fmt), (seeds, _) = demo_paths()
    assert fmt == "openalex" and works.stat().st_size + seeds.stat().st_size <= 3 * 1024 * 1024
    with gzip.open(works, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) == 1175
    assert all(i.startswith("https://openalex.org/W") for i in ids)
    assert sum(1 for r in records if r.get("abstract_inverted_index")) > 1000
    readme = (works.parent / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme and "OpenAlex" in readme and FIRST_PAGE in readme
    assert "SYNERGY" in readme and "Jeyaraman" in readme
    assert seeds.name == "seed-papers.jsonl"


def test_sample_loads_a_field_and_its_related_work_index(backend, request):
    if backend == "arcadedb":  # a fresh home, as a new user starts (the browser tests read it)
        demo = request.getfixturevalue("demo_field")
        result, graph = demo["loaded"], demo["graph"]
    else:
        graph = request.getfixturevalue("empty_graph")
        result = request.getfixturevalue("cli")("sample")
    assert result.returncode == 0, result.stderr
    assert "rejected: 0" in result.stdout
    assert "related-work index: " in result.stderr
    titled = _count(graph, "MATCH (p:Paper) WHERE p.stub = false "
                    "AND p.title IS NOT NULL RETURN count(p) AS n")
    assert titled >= 1170  # 1,175 works and 5 seeds
    seeds = _count(graph, "MATCH (p:Paper) WHERE p.title STARTS WITH "
                   "'If deep learning is the answer' RETURN count(p) AS n")
    assert seeds == 1
    inside = _count(graph, "MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE a.stub = false "
                    "AND b.stub = false RETURN count(*) AS n")
    assert inside >= 6000  # a dense field: most of its citations stay inside it
    related = _count(graph, "MATCH (:Paper)-[r:RELATED]->(:Paper) RETURN count(r) AS n")
    assert related >= 20 * 1000
    stubs_listed = _count(graph, "MATCH (:Paper)-[:RELATED]->(p:Paper) "
                          "WHERE p.stub = true RETURN count(p) AS n")
    assert stubs_listed == 0  # papers known only by id are evidence, never entries

    view = research_map(graph, FIRST_PAGE, depth=1)
    papers = [n for n in view["nodes"] if n["type"] == "Paper"]
    assert len(papers) == len(view["nodes"]) >= 20
    assert all(n["title"] and not n["stub"] for n in papers)
    assert len(view["communities"]) >= 2
    assert view["total_nodes"] == len(view["nodes"]) + view["left_out_nodes"]
    found = suggestions(graph, [FIRST_PAGE], k=10)["suggestions"]
    assert len(found) == 10
    # the README's page has all three lists, each with works that have titles
    work = adjacent_work(graph, FIRST_PAGE)
    for name in ("prior", "derivative", "similar"):
        assert [item for item in work[name] if not item.get("stub") and item["title"]], name
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert f"/paper/{FIRST_PAGE}" in readme

"""Search on the real server: match then citations, full cards, plurals, a surname finding
every paper of its person, paging to the last result, merged topics, titles' markup."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from explorer.views import search as search_module
from explorer.views.search import search
from loaders.openalex import parse_objects
from loaders.writer import GraphWriter
from tests.conftest import is_own_server

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT.parent / "shared" / "data" / "openalex-api-fixtures-2025" / "works.jsonl.gz"
SAMPLE_2022 = ROOT.parent / "shared" / "data" / "openalex-works-sample-2022" / "works.jsonl.gz"
SOLAR = "https://openalex.org/W3007098444"  # "Improving open-circuit voltage by …"


def _works() -> list[dict]:
    with gzip.open(DEMO, "rt", encoding="utf-8") as fh:
        works = [json.loads(line) for line in fh]
    with gzip.open(SAMPLE_2022, "rt", encoding="utf-8") as fh:
        works += [w for w in map(json.loads, fh) if w["id"] == SOLAR]
    return works


@pytest.fixture(scope="module")
def works() -> dict[str, dict]:
    return {w["id"].rsplit("/", 1)[-1]: w for w in _works()}


@pytest.fixture(scope="module")
def search_graph(graph, server_settings, works):
    """The session's own server (created by this run), emptied and loaded once."""
    assert is_own_server(server_settings)
    graph.run_text("MATCH (n) DETACH DELETE n")
    GraphWriter(graph).write(parse_objects(enumerate(works.values(), 1), file="search-test"))
    return graph


def test_open_access_ranks_open_access_titles_first(search_graph, works):
    found = search(search_graph, "open access", types=["Paper"], limit=50)["groups"]["Paper"]
    titles = [item["title"] for item in found["items"]]
    solar = works[SOLAR.rsplit("/", 1)[-1]]["title"]
    assert solar in titles  # the index matches it ("open") …
    about = [i for i, t in enumerate(titles) if "open access" in t.casefold()]
    assert len(about) >= 3
    assert max(about) < titles.index(solar)  # … but after every title about open access
    assert titles[0].casefold().count("open access") >= 1
    assert found["items"][0]["in_title"] is True
    assert next(i for i in found["items"] if i["title"] == solar)["in_title"] is False


def test_paper_results_carry_full_title_author_year_venue(search_graph, works):
    items = search(search_graph, "open access advantage", types=["Paper"])["groups"]["Paper"]
    item = next(i for i in items["items"] if i["id"] == "W1996515099")
    work = works["W1996515099"]
    assert item["title"] == work["title"] and len(item["title"]) > 60
    first = next(a for a in work["authorships"] if a["author_position"] == "first")
    assert item["first_author"] == first["author"]["display_name"]
    assert item["year"] == work["publication_year"]
    assert item["venue"] == work["primary_location"]["source"]["display_name"]


def test_counts_are_written_with_correct_plurals(search_graph):
    one = search(search_graph, "chlorinated", types=["Paper"])["groups"]["Paper"]
    assert one["total"] == one["count"] == 1 and one["count_text"] == "1 paper"
    many = search(search_graph, "biodiversity")["groups"]
    assert many["Paper"]["total"] > many["Paper"]["count"] == 20  # the default limit
    assert many["Paper"]["count_text"] == f"{many['Paper']['total']:,} papers"
    people = search(search_graph, "Liakata", types=["Person"])["groups"]["Person"]
    assert people["total"] >= 1
    assert people["count_text"] == ("1 person" if people["total"] == 1
                                    else f"{people['total']} people")
    assert people["items"][0]["first_author"] is None and "Liakata" in people["items"][0]["title"]


def test_paper_topics_are_shown_once_per_concept(search_graph, works):
    from explorer.algorithms.topics import normalise_name
    from explorer.views.entity import node_details

    def names(work, field):
        return {normalise_name(x["display_name"]) for x in work.get(field) or []}

    wid, both = next((w, names(work, "keywords") & names(work, "concepts"))
                     for w, work in sorted(works.items())
                     if names(work, "keywords") & names(work, "concepts"))
    raw = search_graph.read("read/paper_topic_list", id=wid, limit=50)
    raw_names = [normalise_name(t["name"]) for t in raw]
    assert len(raw_names) > len(set(raw_names))  # the graph keeps both nodes …
    shown = node_details(search_graph, wid)["topics"]
    shown_names = [normalise_name(t["name"]) for t in shown]
    assert len(shown_names) == len(set(shown_names)) == len(set(raw_names))  # … shown once
    merged = next(t for t in shown if normalise_name(t["name"]) in both)
    assert any(i.startswith("kw:") for i in merged["ids"])
    assert any(i.startswith("C") for i in merged["ids"])


def test_a_surname_finds_every_paper_of_that_person(search_graph, works):
    mine = {wid for wid, w in works.items()
            if any("Piwowar" in a["author"]["display_name"] for a in w["authorships"])}
    assert len(mine) == 2  # one of them never says "piwowar" in its title or abstract
    found = search(search_graph, "piwowar")["groups"]
    papers = [i["id"] for i in found["Paper"]["items"]]
    assert mine <= set(papers)
    assert found["Person"]["total"] >= 1
    by_author = [i for i in found["Paper"]["items"] if i["id"] in mine]
    assert all(i["author"] and "Piwowar" in i["author"] for i in by_author)
    # ranked by match, then citations: her two papers, most cited first
    cited = [works[i]["cited_by_count"] for i in papers if i in mine]
    assert cited == sorted(cited, reverse=True)


def test_ranking_is_by_match_then_citations(search_graph):
    items = search(search_graph, "open access", types=["Paper"], limit=100)["groups"]["Paper"]
    rows = items["items"]
    phrase = [i for i in rows if "open access" in i["title"].casefold()]
    assert len(phrase) >= 3
    # inside the tier of titles holding the phrase (not the title itself), most cited first
    tier = [i for i in rows if "open access" in i["title"].casefold()
            and i["title"].casefold().strip() != "open access"]
    cited = [i["citations"] or 0 for i in tier]
    assert cited == sorted(cited, reverse=True)


def test_every_result_is_reachable_page_by_page(search_graph):
    first = search(search_graph, "open", types=["Paper"], limit=7)["groups"]["Paper"]
    assert first["pages"] > 2 and first["total"] > first["count"] == 7
    seen = []
    for page in range(1, first["pages"] + 1):
        group = search(search_graph, "open", types=["Paper"], limit=7, page=page)["groups"]["Paper"]
        assert group["page"] == page and group["total"] == first["total"]
        seen += [i["id"] for i in group["items"]]
    assert len(seen) == len(set(seen)) == first["total"]
    beyond = search(search_graph, "open", types=["Paper"], limit=7, page=first["pages"] + 1)
    assert beyond["groups"]["Paper"]["items"] == []


def test_a_capped_pool_holds_the_index_best_matches(search_graph, monkeypatch):
    """The index hands over its best matches only (its ``limit`` option): with a pool
    of 6, the 6 papers are among the best the index scores of all its matches."""
    every = search_graph.run_text(
        "CALL db.index.fulltext.queryNodes($index, $q) YIELD node, score "
        "RETURN node.id AS id, score",
        {"index": search_graph.backend.fulltext_index("Paper"), "q": "open access*"}).records
    scores = sorted((r["score"] for r in every), reverse=True)
    assert len(every) > 12 and scores[5] > scores[-1]
    monkeypatch.setattr(search_module, "SEARCH_POOL", 6)
    group = search(search_graph, "open access", types=["Paper"], limit=20)["groups"]["Paper"]
    pooled = {i["id"]: i["score"] for i in group["items"] if not i["author"]}
    assert group["capped"] is True and len(pooled) == 6
    assert group["count_text"].endswith("+")
    assert min(pooled.values()) >= round(scores[5], 4) - 1e-4
    assert {r["id"] for r in every if r["score"] > scores[5]} <= set(pooled)


def test_topics_of_one_name_are_one_result_and_an_exact_name_leads(search_graph):
    found = search(search_graph, "altmetrics")
    topics = found["groups"]["Topic"]["items"]
    names = [t["title"].casefold() for t in topics]
    assert names.count("altmetrics") == 1
    merged = next(t for t in topics if t["title"].casefold() == "altmetrics")
    assert len(merged["ids"]) == 2 and merged["id"] in merged["ids"]
    assert found["groups"]["Topic"]["total"] == len(topics)
    assert found["order"][0] == "Topic"  # the topic is named exactly what was searched
    assert list(found["groups"]) == found["order"]


def test_title_markup_becomes_pieces_never_raw_tags(search_graph):
    found = search(search_graph, "departure from normality", types=["Paper"])["groups"]["Paper"]
    item = next(i for i in found["items"] if i["id"] == "W2091406001")
    assert "<" not in item["title"] and "distributions of b2 and" in item["title"]
    assert {"text": "b", "tags": ["i"]} in item["title_parts"]
    assert {"text": "2", "tags": ["sup"]} in item["title_parts"]


def test_sorting_and_bad_paging_input(search_graph):
    by_year = search(search_graph, "open", types=["Paper"], limit=50, sort="year")
    years = [i["year"] or 0 for i in by_year["groups"]["Paper"]["items"]]
    assert years == sorted(years, reverse=True)
    by_title = search(search_graph, "open", types=["Paper"], limit=50, sort="title")
    titles = [i["title"].casefold() for i in by_title["groups"]["Paper"]["items"]]
    assert titles == sorted(titles)
    with pytest.raises(InputError):
        search(search_graph, "open", page=0)
    with pytest.raises(InputError):
        search(search_graph, "open", sort="random")

"""Search on the real server: relevance with title matches first, full cards, plurals."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

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

"""explorer.views.similar_work: one ranking behind Similar, `suggest` and the notebook."""

from __future__ import annotations

import pytest

from explorer.views import related_index
from explorer.views.adjacent import adjacent_work
from explorer.views.provenance import RecordingGraph
from explorer.views.similar_work import plural, short_name, similar_work
from explorer.views.suggestions import suggestions
from loaders.records import Author, PaperRecord
from loaders.writer import GraphWriter


def paper(pid, title, year, refs=(), authors=()):
    return PaperRecord(id=pid, source="test", title=title, year=year, references=tuple(refs),
                       authors=tuple(authors), file="tests", line=1)


@pytest.fixture
def field(empty_graph):
    """Twelve papers on cartilage repair citing their predecessors, each with the first
    author of its own; one reference known only by id; one paper on another subject."""
    records = [paper(f"p{i}", f"Cartilage repair trial number {i}", 2000 + i,
                     [f"p{j}" for j in range(max(0, i - 3), i)] + ["ext1"],
                     [Author(f"A{i}", f"Author{i} Surname{i}")])
               for i in range(12)]
    records.append(paper("lonely", "Protein folding", 2020))
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=6)
    return empty_graph


def test_names_are_written_as_researchers_cite_them():
    assert short_name({"first_author": "Gunnar Knutsen", "year": 2004}) == "Knutsen 2004"
    assert short_name({"title": "x" * 50}).endswith("…")
    assert plural(0, "paper") == "0 papers" and plural(1, "reference") == "1 reference"


@pytest.mark.server
def test_similar_suggest_and_the_index_give_one_ranking(field):
    listed = similar_work(field, ["p5"], k=5)
    ids = [item["id"] for item in listed]
    assert ids and "p5" not in ids and "ext1" not in ids
    assert [item["id"] for item in adjacent_work(field, "p5", k=5)["similar"]] == ids
    suggested = suggestions(field, ["p5"], k=5)
    assert suggested["ranking"] == "index"
    assert [item["id"] for item in suggested["suggestions"]] == ids
    entries = field.read_values("read/related_of", ids=["p5"])[0]["related"]
    index = [e[0] for e in sorted(entries, key=lambda e: (-e[1], e[0]))]
    assert ids == [pid for pid in index if pid != "ext1"][:5]
    scores = [item["score"] for item in listed]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.server
def test_evidence_names_papers_in_words_never_by_id(field):
    for item in similar_work(field, ["p5"], k=5):
        assert item["evidence"], item
        text = " ".join(item["evidence"])
        assert "p1" not in text.split() and "ext1" not in text
        assert any(line.startswith(("cited together", "both cite", "cites", "cited by",
                                    "similar words")) for line in item["evidence"])
    sentences = [line for item in similar_work(field, ["p5"], k=5) for line in item["evidence"]]
    assert any("Surname" in line for line in sentences)  # "both cite Surname3 2003 and 1 more"


@pytest.mark.server
def test_three_round_trips_whatever_the_seed(field):
    recording = RecordingGraph(field)
    similar_work(recording, ["p5"], k=5)
    assert len(recording.statements) == 3


@pytest.mark.server
def test_several_seeds_combine_the_index_with_the_citation_signals(field):
    result = suggestions(field, ["p4", "p8"], k=5)
    assert result["ranking"] == "combined" and result["weights"]["index"] > 0
    by_id = {item["id"]: item for item in result["suggestions"]}
    assert "p4" not in by_id and "p8" not in by_id and "ext1" not in by_id
    with_index = [item for item in result["suggestions"] if item["signals"].get("index")]
    assert with_index
    sentences = [line for item in result["suggestions"] for line in item["explanation"]]
    assert not [line for line in sentences if "this paper" in line]  # a set: name the seed
    assert any(line.startswith("among the papers most related to")
               and "Surname" in line and "p4" not in line.split()
               for item in with_index for line in item["explanation"])


@pytest.mark.server
def test_prior_lists_a_titled_paper_ranked_below_many_untitled_and_no_self_citation(
        empty_graph):
    """A loaded paper cited once by the map, ranked among a hundred references known
    only by id, is still listed (before, only the first cards read were looked at, so
    it was counted as untitled); a map paper citing itself is no prior work of it."""
    stubs = [f"x{i:03d}" for i in range(100)]
    GraphWriter(empty_graph).write([
        paper("c", "Cartilage repair in the knee", 2010, [*stubs, "shared1", "shared2"]),
        paper("r1", "Cartilage repair of the knee joint", 2012, ["shared1", "shared2", "r1", "zz"]),
        paper("shared1", "Chondrocyte implantation", 2001),
        paper("shared2", "Microfracture of cartilage", 2002),
        paper("zz", "Osteochondral grafts", 2003)])
    related_index.build(empty_graph, k=6)
    work = adjacent_work(empty_graph, "c", k=4)
    assert work["map_papers"] >= 2  # c and r1 (they share two references)
    prior = {item["id"]: item["evidence"] for item in work["prior"]}
    assert list(prior)[:2] == ["shared1", "shared2"] and "zz" in prior
    assert prior["zz"] == ["cited by 1 other paper of this map"]
    assert "r1" not in prior and work["left_out_stubs"] == len(stubs)

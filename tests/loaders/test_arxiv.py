"""loaders.arxiv against the real Kaggle arXiv sample, plus malformed objects.
No database."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from loaders import arxiv, ids
from loaders.records import Author, Institution, PaperRecord, Rejection, Topic

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SAMPLE = DATA / "arxiv-kaggle-sample" / "arxiv-metadata-oai-snapshot.sample.jsonl.gz"
DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")


def read_jsonl(path: Path) -> list[tuple[int, object]]:
    """(line number, decoded object) for every non-blank line of a gzip JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [(n, json.loads(line)) for n, line in enumerate(stream, 1) if line.strip()]


def parse(objects, file="input.jsonl"):
    return list(arxiv.parse_objects(objects, file=file))


@pytest.fixture(scope="module")
def raw():
    return read_jsonl(SAMPLE)


@pytest.fixture(scope="module")
def records(raw):
    return parse(raw, file=str(SAMPLE))


@pytest.fixture(scope="module")
def by_arxiv(records):
    return {dict(r.external_ids)["arxiv"]: r for r in records}


def test_every_line_becomes_a_paper(raw, records):
    assert len(records) == len(raw) == 200
    assert all(isinstance(r, PaperRecord) for r in records)
    assert [r.line for r in records] == list(range(1, 201))
    assert [r.key for r in records] == [p["id"] for _, p in raw]
    assert {(r.source, r.kind) for r in records} == {("arxiv", "preprint")}


def test_ids_prefer_the_doi_and_keep_the_arxiv_id(raw, records):
    for record, (_, paper) in zip(records, raw, strict=True):
        first = (paper["doi"] or "").split()
        if first and DOI_SHAPE.match(first[0].lower()):
            assert record.id == "doi:" + first[0].lower()
            assert record.doi == first[0].lower()
        else:
            assert record.id == "arxiv:" + paper["id"]
        assert dict(record.external_ids)["arxiv"] == paper["id"]
    assert sum(r.id.startswith("doi:") for r in records) == 117


def test_counts_of_authors_and_categories(raw, records):
    assert sum(len(r.authors) for r in records) == sum(len(p["authors_parsed"]) for _, p in raw)
    leaf_topics = {t.id for r in records for t in r.topics}
    categories = {c for _, p in raw for c in p["categories"].split()}
    assert len(categories) == 72
    assert leaf_topics == {"arxiv:" + c for c in categories}


def test_record_0704_0002(by_arxiv):
    record = by_arxiv["0704.0002"]
    assert (record.id, record.title, record.year, record.doi) == (
        "arxiv:0704.0002", "Sparsity-certifying Graph Decompositions", 2007, None)
    assert record.abstract.startswith("We describe a new algorithm, the $(k,\\ell)$-pebble game")
    assert "\n" not in record.abstract and record.abstract == record.abstract.strip()
    assert record.authors == (
        Author(id="name:ileana streinu|arxiv:0704.0002", name="Ileana Streinu", position=0),
        Author(id="name:louis theran|arxiv:0704.0002", name="Louis Theran", position=1))
    assert record.topics == (
        Topic(id="arxiv:math.CO", name="math.CO", level=0,
              parent=Topic(id="arxiv:math", name="math", level=1)),
        Topic(id="arxiv:cs.CG", name="cs.CG", level=0,
              parent=Topic(id="arxiv:cs", name="cs", level=1)))


def test_record_0704_0001(by_arxiv):
    record = by_arxiv["0704.0001"]
    assert record.id == "doi:10.1103/physrevd.76.013009"
    assert dict(record.external_ids) == {"arxiv": "0704.0001",
                                         "doi": "10.1103/physrevd.76.013009"}
    assert record.title == ("Calculation of prompt diphoton production cross sections at "
                            "Tevatron and LHC energies")
    assert [a.name for a in record.authors] == [
        "C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"]
    assert record.topics == (Topic(id="arxiv:hep-ph", name="hep-ph", level=1),)


def test_several_dois_take_the_first(by_arxiv):
    assert by_arxiv["0704.0033"].id == "doi:10.1364/josaa.23.002578"


def test_suffixes_and_affiliations(by_arxiv):
    names = [a.name for a in by_arxiv["0704.0009"].authors]
    assert "Neal J. Evans II" in names
    harvard = Institution(id="inst:harvard university", name="Harvard University")
    affiliated = [a for r in by_arxiv.values() for a in r.authors if harvard in a.institutions]
    assert {a.name for a in affiliated} == {"Arthur Jaffe", "Gordon Ritter"}
    footnotes = [a for r in by_arxiv.values() for a in r.authors if a.name == "A. S. Mishchenko"]
    assert footnotes and footnotes[0].institutions == ()  # "1 and 2" is no institution


def test_collaboration_author_without_first_name(records):
    names = {a.name for r in records for a in r.authors}
    assert "The BABAR Collaboration" in names


# -- years -------------------------------------------------------------------------------

@pytest.mark.parametrize("versions, update_date, year", [
    ([{"version": "v1", "created": "Sat, 31 Mar 2007 02:26:18 GMT"},
      {"version": "v2", "created": "Sat, 13 Dec 2008 17:26:00 GMT"}], "2008-12-13", 2007),
    ([], "2009-01-02", 2009),
    (None, "2010-05-05", 2010),
    ([{"version": "v1", "created": "garbage"}], "2011-01-01", 2011),
    ([None], None, None),
])
def test_year_from_first_version_else_update_date(versions, update_date, year):
    obj = {"id": "0801.0001", "title": "T", "versions": versions, "update_date": update_date}
    [record] = parse([(1, obj)])
    assert record.year == year


def test_authors_string_is_the_fallback():
    obj = {"id": "0801.0001", "title": "T", "authors": "Ann Lee, Bo Chen and C. Diaz"}
    [record] = parse([(1, obj)])
    assert [(a.name, a.position) for a in record.authors] == [
        ("Ann Lee", 0), ("Bo Chen", 1), ("C. Diaz", 2)]


def test_old_style_id_and_version_suffix():
    [old] = parse([(1, {"id": "hep-th/9901001", "title": "Old"})])
    assert old.id == "arxiv:hep-th/9901001"
    [versioned] = parse([(1, {"id": "0704.0001v2", "title": "V"})])
    assert versioned.id == "arxiv:0704.0001"


def test_no_arxiv_id_but_a_title_falls_back_to_a_title_hash():
    obj = {"id": "not-an-id", "title": "Some  Title", "update_date": "2001-01-01"}
    [record] = parse([(1, obj)])
    assert record.id == ids.title_hash_id("Some Title", 2001)
    assert record.external_ids == ()


# -- detection and malformed input ------------------------------------------------------------

def test_looks_like(raw):
    assert arxiv.looks_like(raw[0][1])
    assert not arxiv.looks_like({"id": "https://openalex.org/W1", "title": "x"})
    assert not arxiv.looks_like({"paperId": "x"})
    assert not arxiv.looks_like(None) and not arxiv.looks_like([raw[0][1]])


MESSY = [
    pytest.param(None, "not a JSON object", id="null"),
    pytest.param(["0704.0001"], "not a JSON object", id="list"),
    pytest.param("0704.0001", "not a JSON object", id="string"),
    pytest.param({}, "no arXiv id, DOI or title", id="empty-object"),
    pytest.param({"id": None, "title": None, "doi": None, "abstract": None, "authors_parsed": None,
                  "categories": None, "versions": None}, "no arXiv id, DOI or title",
                 id="nulls-everywhere"),
    pytest.param({"id": 704.0001, "title": "x"}, "'id' should be str", id="numeric-id"),
    pytest.param({"id": "0704.0001", "authors_parsed": "Smith, J."},
                 "'authors_parsed' should be list", id="authors-string"),
    pytest.param({"id": "0704.0001", "categories": ["cs.LG"]}, "'categories' should be str",
                 id="categories-list"),
    pytest.param({"id": "0704.0001", "versions": {"v1": "x"}}, "'versions' should be list",
                 id="versions-object"),
    pytest.param({"id": "0704.0001", "title": 5}, "'title' should be str", id="title-number"),
]


@pytest.mark.parametrize("obj, reason", MESSY)
def test_messy_objects_are_rejected_and_the_next_record_still_comes(obj, reason):
    records = parse([(3, obj), (4, {"id": "0704.0002", "title": "Fine"})], file="messy.jsonl")
    assert len(records) == 2
    rejection, record = records
    assert isinstance(rejection, Rejection)
    assert reason in rejection.reason
    assert (rejection.file, rejection.line) == ("messy.jsonl", 3)
    assert rejection.excerpt == json.dumps(obj, ensure_ascii=False)[:200]
    assert isinstance(record, PaperRecord) and (record.id, record.line) == ("arxiv:0704.0002", 4)


def test_nested_junk_in_authors_is_skipped():
    obj = {"id": "0704.0003", "title": "T",
           "authors_parsed": [None, ["", "", ""], ["Lee", "Ann", "", "  "], "x", ["Solo"]]}
    [record] = parse([(1, obj)])
    assert [(a.name, a.position, a.institutions) for a in record.authors] == [
        ("Ann Lee", 2, ()), ("Solo", 4, ())]


def test_incoming_rejections_pass_through():
    upstream = Rejection("f.jsonl", 9, "invalid JSON")
    assert parse([(9, upstream)]) == [upstream]

"""loaders.openalex against real OpenAlex works (2022 and 2025 schemas), API pages
and entity records, plus a table of malformed objects. No database."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from loaders import ids, openalex
from loaders.records import Author, EntityRecord, Institution, PaperRecord, Rejection, Topic

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
WORKS_2022 = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
WORKS_2025 = DATA / "openalex-api-fixtures-2025" / "works.jsonl.gz"
RESPONSES = DATA / "openalex-api-fixtures-2025" / "responses"
ENTITIES = DATA / "openalex-entity-fixtures"


def read_jsonl(path: Path) -> list[tuple[int, object]]:
    """(line number, decoded object) for every non-blank line of a gzip JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [(n, json.loads(line)) for n, line in enumerate(stream, 1) if line.strip()]


def read_json(path: Path) -> object:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def short(url: str) -> str:
    """Independent short-id rule for the tests: the last path segment of the URL."""
    return url.rsplit("/", 1)[-1]


def parse(objects, file="input.jsonl"):
    return list(openalex.parse_objects(objects, file=file))


@pytest.fixture(scope="module")
def raw_2022():
    return read_jsonl(WORKS_2022)


@pytest.fixture(scope="module")
def records_2022(raw_2022):
    return parse(raw_2022, file=str(WORKS_2022))


@pytest.fixture(scope="module")
def raw_2025():
    return read_jsonl(WORKS_2025)


@pytest.fixture(scope="module")
def records_2025(raw_2025):
    return parse(raw_2025, file=str(WORKS_2025))


def by_id(records) -> dict[str, PaperRecord]:
    return {r.id: r for r in records}


# -- 2022 schema: whole file ---------------------------------------------------------

def test_2022_every_work_becomes_a_paper_in_order(raw_2022, records_2022):
    assert len(raw_2022) == 1000
    assert all(isinstance(r, PaperRecord) for r in records_2022)
    assert [r.id for r in records_2022] == [short(w["id"]) for _, w in raw_2022]
    assert [r.line for r in records_2022] == [n for n, _ in raw_2022]
    assert {r.source for r in records_2022} == {"openalex"}


def test_2022_reference_and_related_counts(raw_2022, records_2022):
    references = sum(len(r.references) for r in records_2022)
    assert references == sum(len(w["referenced_works"]) for _, w in raw_2022) == 56_122
    related = sum(len(r.related) for r in records_2022)
    assert related == sum(len(w["related_works"]) for _, w in raw_2022) == 18_982
    loaded = {r.id for r in records_2022}
    assert sum(ref in loaded for r in records_2022 for ref in r.references) == 19
    assert all(ref.startswith("W") for r in records_2022 for ref in r.references)


def test_2022_people_institutions_concepts(raw_2022, records_2022):
    authorships = [a for _, w in raw_2022 for a in w["authorships"]]
    assert sum(len(r.authors) for r in records_2022) == len(authorships) == 6346
    people = {a.id for r in records_2022 for a in r.authors}
    assert people == {short(a["author"]["id"]) for a in authorships}
    assert len(people) == 6315
    institutions = {i.id for r in records_2022 for a in r.authors for i in a.institutions}
    with_id = {short(i["id"]) for a in authorships for i in a["institutions"] if i["id"]}
    assert len(with_id) == 1234
    # an entry without an institution id is the affiliation as printed, not an institution
    assert institutions == with_id
    unmatched = [a for a in authorships for i in a["institutions"] if not i["id"]]
    assert unmatched and all(i.startswith("I") for i in institutions)
    raw = {a.affiliations for r in records_2022 for a in r.authors}
    assert any(raw)
    concepts = {t.id for r in records_2022 for t in r.topics}
    assert concepts == {short(c["id"]) for _, w in raw_2022 for c in w["concepts"]}
    assert len(concepts) == 4095


def test_2022_abstracts_only_where_an_index_exists(raw_2022, records_2022):
    with_index = [short(w["id"]) for _, w in raw_2022 if w.get("abstract_inverted_index")]
    assert len(with_index) == 960
    assert [r.id for r in records_2022 if r.abstract] == with_index


# -- 2022 schema: one record in detail ------------------------------------------------

def test_2022_record_in_detail(records_2022):
    work = by_id(records_2022)["W2100301546"]
    assert work.title.startswith("Pituitary adenomas with invasion of the cavernous sinus")
    assert (work.year, work.doi, work.venue) == (
        1993, "10.1227/00006123-199310000-00008", "Neurosurgery")
    assert (work.cited_by_count, work.kind, work.line) == (829, "journal-article", 1)
    assert dict(work.external_ids) == {
        "openalex": "W2100301546", "doi": "10.1227/00006123-199310000-00008",
        "pmid": "8232800", "mag": "2100301546"}
    assert len(work.references) == 31 and work.references[:2] == ("W121994443", "W2159591851")
    assert len(work.related) == 20 and work.related[0] == "W102056867"
    assert work.abstract.startswith("We present 25 pituitary adenomas")
    assert len(work.authors) == 4
    assert work.authors[0] == Author(
        id="A1904937971", name="Engelbert Knosp", orcid=None, position=0, institutions=(),
        affiliations=("Department of Neurosurgery, University Medical School, Mainz, Germany.",))
    assert [a.position for a in work.authors] == [0, 1, 2, 3]
    assert len(work.topics) == 13
    assert work.topics[0] == Topic(id="C71924100", name="Medicine", level=0, score=0.8789538)
    assert work.topics[1] == Topic(id="C2776741419", name="Cavernous sinus", level=2,
                                   score=0.6505707)


# -- 2025 schema -------------------------------------------------------------------------

def test_2025_whole_file_counts(raw_2025, records_2025):
    works = [w for _, w in raw_2025]
    assert len(records_2025) == 246 and all(isinstance(r, PaperRecord) for r in records_2025)
    assert sum(len(r.references) for r in records_2025) == 4171
    assert sum(len(r.related) for r in records_2025) == 3190
    loaded = {r.id for r in records_2025}
    assert sum(ref in loaded for r in records_2025 for ref in r.references) == 96
    assert sum(len(r.authors) for r in records_2025) == 714
    with_id = {a.id for r in records_2025 for a in r.authors if a.id.startswith("A")}
    assert with_id == {short(a["author"]["id"]) for w in works for a in w["authorships"]
                       if a["author"]["id"]}
    assert len(with_id) == 608
    institutions = {i.id for r in records_2025 for a in r.authors for i in a.institutions}
    assert len(institutions) == 200
    topic_ids = {t.id for r in records_2025 for t in r.topics}
    assert {t for t in topic_ids if t.startswith("T")} == {
        short(t["id"]) for w in works for t in w["topics"]}
    assert len({t for t in topic_ids if t.startswith("T")}) == 203
    assert len({t for t in topic_ids if t.startswith("C")}) == 731
    assert sum(1 for r in records_2025 if r.doi) == 175
    assert sum(1 for r in records_2025 if r.abstract) == 186


def test_2025_record_in_detail(records_2025):
    work = by_id(records_2025)["W100927044"]
    assert (work.title, work.year, work.doi, work.kind) == (
        "Financing Biodiversity Conservation", 2000, "10.18235/0008810", "report")
    assert (work.cited_by_count, work.venue, work.line) == (20, None, 2)
    assert dict(work.external_ids) == {"openalex": "W100927044", "doi": "10.18235/0008810",
                                       "mag": "100927044"}
    assert len(work.references) == 41
    assert work.abstract.split()[:6] == ["Financing", "the", "conservation", "and",
                                         "sustainable", "use"]
    first = work.authors[0]
    assert (first.id, first.name, first.position) == ("A5063410350", "Ricardo Bayón", 0)
    assert first.institutions == (Institution(
        id="I184564680", name="Inter-American Development Bank", country="US",
        ror="https://ror.org/02gjn4306"),)
    assert work.topics[0] == Topic(
        id="T10841", name="Economic and Environmental Valuation", level=0,
        score=0.9991999864578247,
        parent=Topic(id="subfield:2002", name="Economics and Econometrics", level=1,
                     parent=Topic(id="field:20", name="Economics, Econometrics and Finance",
                                  level=2,
                                  parent=Topic(id="domain:2", name="Social Sciences", level=3))))
    keywords = {t.id: t for t in work.topics if t.id.startswith("kw:")}
    assert keywords["kw:biodiversity"] == Topic(id="kw:biodiversity", name="Biodiversity",
                                                score=0.66240394115448)
    assert "kw:biodiversity-conservation" in keywords
    assert "C130217890" in {t.id for t in work.topics}


def test_2025_venue_from_primary_location(records_2025):
    assert by_id(records_2025)["W4235089722"].venue == "International Affairs"


def test_2025_author_without_id_gets_a_name_id(records_2025):
    work = by_id(records_2025)["W2242043546"]
    assert [(a.id, a.position) for a in work.authors] == [
        (work.authors[0].id, 0), ("name:jan horst keppler|W2242043546", 1)]
    assert work.authors[0].id.startswith("A")


# -- API pages -------------------------------------------------------------------------

def test_api_page_expands_results_with_keys(records_2025):
    page = read_json(RESPONSES / "search_biodiversity_AND_finance.01.json.gz")
    records = parse([(7, page)], file="page.json")
    assert len(records) == len(page["results"]) == 200
    assert [r.key for r in records[:3]] == ["results[0]", "results[1]", "results[2]"]
    assert {r.line for r in records} == {7}
    assert [r.id for r in records] == [short(w["id"]) for w in page["results"]]
    known = by_id(records_2025)
    for record in records[:20]:
        assert record.title == known[record.id].title
        assert record.references == known[record.id].references


@pytest.mark.parametrize("name, expected", [
    ("oa_snowball.06.json.gz", 38), ("pro_snowball.05.json.gz", 0),
    ("keypaper.results_page_1.json.gz", 2)])
def test_api_page_result_counts(name, expected):
    records = parse([(1, read_json(RESPONSES / name))])
    assert len(records) == expected
    assert all(isinstance(r, PaperRecord) for r in records)


def test_api_error_body_is_a_rejection():
    [rejection] = parse([(1, read_json(RESPONSES / "pro_snowball.02.json.gz"))])
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("OpenAlex API error: Invalid query parameters error.")
    assert len(rejection.reason) < 250


def test_snowball_pages_connect_the_key_papers():
    cited = parse([(1, read_json(RESPONSES / "oa_snowball.06.json.gz"))])
    keys = parse([(1, read_json(RESPONSES / "oa_snowball.02.json.gz"))])
    assert {r.id for r in keys} == {"W3045921891", "W3046863325"}
    referenced = {ref for r in keys for ref in r.references}
    assert {r.id for r in cited} <= referenced


# -- entities ----------------------------------------------------------------------------

def entity(name: str):
    [record] = parse([(1, read_json(ENTITIES / name))], file=name)
    return record


def test_author_entity():
    record = entity("A5023888391.json")
    assert isinstance(record, EntityRecord)
    assert (record.label, record.id, record.source) == ("Person", "A5023888391", "openalex")
    props = dict(record.props)
    assert (props["name"], props["orcid"]) == ("Jason Priem", "0000-0001-6187-6610")
    assert record.institutions == (Institution(id="I4200000001", name="OurResearch",
                                               country="CA", ror="https://ror.org/02nr0ka47"),)


def test_author_entity_with_old_single_last_known_institution():
    record = entity("A-api-response.json")
    assert record.id == "A2150889177" and dict(record.props)["name"] == "B. P. Abbott"
    assert [i.id for i in record.institutions] == ["I157725225"]


def test_deleted_author_is_rejected_not_loaded():
    record = entity("A5317838346.json")
    assert isinstance(record, Rejection)
    assert "deleted" in record.reason.lower()
    assert record.key.endswith("A5317838346") and record.line == 1
    assert record.excerpt.startswith('{"id": "https://openalex.org/A5317838346"')


def test_topic_entity_hierarchy():
    record = entity("T11636.json")
    assert (record.label, record.id) == ("Topic", "T11636")
    assert dict(record.props)["name"] == "Artificial Intelligence in Healthcare and Education"
    assert dict(record.props)["level"] == 0
    assert record.parent == Topic(
        id="subfield:2718", name="Health Informatics", level=1,
        parent=Topic(id="field:27", name="Medicine", level=2,
                     parent=Topic(id="domain:4", name="Health Sciences", level=3)))


def test_institution_and_concept_entities():
    institution = entity("I27837315.json")
    assert (institution.label, institution.id) == ("Institution", "I27837315")
    props = dict(institution.props)
    assert (props["name"], props["country"], props["ror"]) == (
        "University of Michigan", "US", "https://ror.org/00jmfr291")
    concept = entity("C71924100.json")
    assert (concept.label, concept.id, concept.parent) == ("Topic", "C71924100", None)
    assert dict(concept.props)["level"] == 0 and dict(concept.props)["name"] == "Medicine"


def test_concept_entity_parent_is_an_ancestor_one_level_up():
    obj = {"id": "https://openalex.org/C5", "display_name": "Deep", "level": 2, "ancestors": [
        {"id": "https://openalex.org/C1", "display_name": "Root", "level": 0},
        {"id": "https://openalex.org/C2", "display_name": "Mid", "level": 1}]}
    [record] = parse([(1, obj)])
    assert record.parent == Topic(id="C2", name="Mid", level=1)


def test_subfield_entity_is_a_level_one_topic():
    obj = {"id": "https://openalex.org/subfields/1702", "display_name": "AI",
           "field": {"id": "https://openalex.org/fields/17", "display_name": "CS"},
           "domain": {"id": "https://openalex.org/domains/3", "display_name": "Phys"}}
    [record] = parse([(1, obj)])
    assert (record.id, dict(record.props)["level"]) == ("subfield:1702", 1)
    assert record.parent == Topic(id="field:17", name="CS", level=2,
                                  parent=Topic(id="domain:3", name="Phys", level=3))


@pytest.mark.parametrize("name, kind", [
    ("S137773608.json", "source"), ("P4310319965.json", "publisher"),
    ("F4320332161.json", "funder"), ("cardiac-imaging.json", "keyword")])
def test_unsupported_entities_are_rejected_by_type(name, kind):
    record = entity(name)
    assert isinstance(record, Rejection)
    assert record.reason == f"unsupported OpenAlex entity type: {kind}"
    assert record.file == name and record.excerpt


@pytest.mark.parametrize("name, work_id, authors, references", [
    ("W2741809807.json", "W2741809807", 9, 45), ("W-api-response.json", "W2755950973", 1, None)])
def test_work_entity_files(name, work_id, authors, references):
    raw = read_json(ENTITIES / name)
    record = entity(name)
    assert isinstance(record, PaperRecord) and record.id == work_id
    assert record.title == " ".join((raw.get("title") or raw["display_name"]).split())
    assert len(record.authors) == authors
    assert len(record.references) == (references or len(raw["referenced_works"]))


def test_work_2741809807_topics_and_keywords():
    record = entity("W2741809807.json")
    assert record.topics[0].id == "T10102"  # the primary topic first
    assert record.topics[0].parent.parent == Topic(
        id="field:18", name="Decision Sciences", level=2,
        parent=Topic(id="domain:2", name="Social Sciences", level=3))
    keywords = [t.name for t in record.topics if t.id.startswith("kw:")]
    assert keywords == ["Scholarly Communication", "Web of science", "Open Science",
                        "Citation analysis"]
    assert "kw:web-of-science" in {t.id for t in record.topics}


# -- detection ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, is_work", [
    ("W2741809807.json", True), ("W-api-response.json", True), ("A5023888391.json", False),
    ("T11636.json", False), ("S137773608.json", False), ("cardiac-imaging.json", False)])
def test_looks_like_work_and_entity_on_fixtures(name, is_work):
    obj = read_json(ENTITIES / name)
    assert openalex.looks_like_work(obj) is is_work
    assert openalex.looks_like_entity(obj) is (not is_work)


@pytest.mark.parametrize("obj", [
    None, [], "W1", {}, {"id": "0704.0001", "authors_parsed": []},
    {"paperId": "abc", "title": "x"}, {"corpusid": 1, "title": "x"},
    {"id": "https://example.org/W1"}, {"meta": {}, "results": [{"paperId": "x"}]}])
def test_looks_like_rejects_other_formats(obj):
    assert openalex.looks_like_work(obj) is False
    assert openalex.looks_like_entity(obj) is False


def test_looks_like_work_on_pages():
    assert openalex.looks_like_work(read_json(RESPONSES / "oa_snowball.01.json.gz"))
    assert openalex.looks_like_work(read_json(RESPONSES / "pro_snowball.05.json.gz"))
    author_page = {"meta": {"count": 1}, "results": [read_json(ENTITIES / "A5023888391.json")]}
    assert openalex.looks_like_entity(author_page) and not openalex.looks_like_work(author_page)


# -- malformed input --------------------------------------------------------------------------

MESSY = [
    pytest.param(None, "not a JSON object", id="null"),
    pytest.param(["W1"], "not a JSON object", id="list"),
    pytest.param("W1", "not a JSON object", id="string"),
    pytest.param(42, "not a JSON object", id="number"),
    pytest.param({}, "no OpenAlex id, DOI or title", id="empty-object"),
    pytest.param({"id": None, "doi": None, "title": None, "display_name": None,
                  "authorships": None, "referenced_works": None, "concepts": None},
                 "no OpenAlex id, DOI or title", id="nulls-everywhere"),
    pytest.param({"id": "https://openalex.org/X12", "title": "t"}, "unrecognised OpenAlex id",
                 id="unknown-id-letter"),
    pytest.param({"id": 12345, "title": "t"}, "unrecognised OpenAlex id", id="numeric-id"),
    pytest.param({"id": "W1", "authorships": "Alice"}, "'authorships' should be list",
                 id="authorships-string"),
    pytest.param({"id": "W1", "referenced_works": {"W2": 1}}, "'referenced_works' should be list",
                 id="references-object"),
    pytest.param({"id": "W1", "cited_by_count": "many"}, "'cited_by_count' should be int",
                 id="count-string"),
    pytest.param({"id": "W1", "cited_by_count": True}, "'cited_by_count' should be int",
                 id="count-bool"),
    pytest.param({"id": "W1", "publication_year": [2020]}, "'publication_year' should be",
                 id="year-list"),
    pytest.param({"id": "W1", "title": {"en": "x"}}, "'title' should be str", id="title-object"),
    pytest.param({"id": "A1", "display_name": ["x"]}, "'display_name' should be str",
                 id="author-name-list"),
    pytest.param({"id": "T1", "subfield": "AI"}, "'subfield' should be dict", id="topic-subfield"),
    pytest.param({"error": "Bad", "message": "nope"}, "OpenAlex API error: Bad: ",
                 id="api-error"),
]


@pytest.mark.parametrize("obj, reason", MESSY)
def test_messy_objects_are_rejected_and_the_next_record_still_comes(obj, reason):
    good = {"id": "https://openalex.org/W7", "title": "Fine"}
    records = parse([(3, obj), (4, good)], file="messy.jsonl")
    assert len(records) == 2
    rejection, record = records
    assert isinstance(rejection, Rejection)
    assert reason in rejection.reason
    assert (rejection.file, rejection.line) == ("messy.jsonl", 3)
    assert rejection.excerpt == json.dumps(obj, ensure_ascii=False)[:200]
    assert isinstance(record, PaperRecord) and (record.id, record.line) == ("W7", 4)


def test_rejection_inside_a_page_is_keyed_by_index():
    page = {"meta": {"count": 2}, "results": [{"id": "W1", "title": "ok"}, None]}
    first, second = parse([(9, page)])
    assert isinstance(first, PaperRecord) and first.key == "results[0]"
    assert isinstance(second, Rejection)
    assert (second.line, second.key) == (9, "results[1]")


def test_long_excerpts_are_cut_to_200_characters():
    [rejection] = parse([(1, {"id": "W1", "authorships": "x" * 500})])
    assert len(rejection.excerpt) == 200


def test_incoming_rejections_pass_through():
    upstream = Rejection("f.jsonl", 5, "invalid JSON: oops")
    assert parse([(5, upstream)]) == [upstream]


def test_minimal_work_and_nested_junk_are_tolerated():
    obj = {"id": "W1", "title": None, "display_name": "  A   title ", "authorships": [
        None, "x", {"author": None}, {"author": {"id": None, "display_name": None}},
        {"author": {"display_name": "Ann  Lee"}, "institutions": [None, {"id": None}]}],
        "referenced_works": [None, 5, "https://openalex.org/W2", "https://openalex.org/W2"],
        "topics": [None, {"id": None}], "keywords": [{"display_name": "  "}]}
    [record] = parse([(1, obj)])
    assert record.title == "A title"
    assert record.authors == (Author(id="name:ann lee|W1", name="Ann Lee", position=4),)
    assert record.references == ("W2",)
    assert record.topics == ()


def test_work_without_openalex_id_falls_back_to_doi_then_title():
    [by_doi] = parse([(1, {"doi": "https://doi.org/10.1000/ABC", "title": "T"})])
    assert by_doi.id == "doi:10.1000/abc"
    [by_title] = parse([(1, {"title": "Some Title", "publication_year": 2001})])
    assert by_title.id == ids.title_hash_id("Some Title", 2001)


@pytest.mark.parametrize("index, expected", [
    ({"world": [1], "hello": [0, 2]}, "hello world hello"),
    ({"b": [5], "a": [2]}, "a b"),  # gaps are closed up
    ({"a": [0], "bad": ["x", None, -1, True]}, "a"),
    ({}, None), (None, None), ("text", None), ({"a": "0"}, None),
])
def test_rebuild_abstract(index, expected):
    assert openalex.rebuild_abstract(index) == expected

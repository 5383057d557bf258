"""loaders.semantic_scholar against real Graph API objects and S2AG bulk samples,
plus a table of malformed objects. No database."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from loaders import ids
from loaders import semantic_scholar as s2
from loaders.records import Author, CitationRecord, EntityRecord, PaperRecord, Rejection, Topic

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
GRAPH = DATA / "s2-graph-api-fixtures"
BULK = DATA / "s2ag-bulk-sample"
TURING_DOI = "doi:10.1093/mind/lix.236.433"


def read_jsonl(path: Path) -> list[tuple[int, object]]:
    """(line number, decoded object) for every non-blank line of a gzip JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [(n, json.loads(line)) for n, line in enumerate(stream, 1) if line.strip()]


def read_json(path: Path) -> object:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def parse(objects, file="input.jsonl"):
    return list(s2.parse_objects(objects, file=file))


def expected_id(paper: dict) -> str:
    """The id rule written out independently: DOI, arXiv, s2:paperId, s2c:corpusId,
    title hash."""
    external = paper.get("externalIds") or {}
    if external.get("DOI"):
        return "doi:" + external["DOI"].lower()
    if external.get("ArXiv"):
        return "arxiv:" + external["ArXiv"]
    if paper.get("paperId"):
        return "s2:" + paper["paperId"]
    if paper.get("corpusId") or external.get("CorpusId"):
        return "s2c:" + str(paper.get("corpusId") or external["CorpusId"])
    return ids.title_hash_id(paper["title"], paper.get("year"))


@pytest.fixture(scope="module")
def turing():
    raw = read_json(GRAPH / "raw" / "Paper.json.gz")
    [record] = parse([(1, raw)])
    return raw, record


# -- Graph API paper ------------------------------------------------------------------

def test_turing_paper_fields(turing):
    _, paper = turing
    assert (paper.id, paper.source, paper.title, paper.year) == (
        TURING_DOI, "s2", "Computing Machinery and Intelligence", 1950)
    assert paper.doi == "10.1093/mind/lix.236.433"
    assert (paper.venue, paper.cited_by_count, paper.kind) == (
        "The Philosophy of Artificial Intelligence", 10059, "JournalArticle")
    assert paper.abstract.startswith("I propose to consider the question, “Can machines think?”")
    assert paper.authors == (Author(id="s2a:2262347", name="A. Turing", position=0),)
    assert paper.topics == (Topic(id="s2f:computer-science", name="Computer Science"),
                            Topic(id="s2f:sociology", name="Sociology"))
    assert dict(paper.external_ids) == {
        "doi": "10.1093/mind/lix.236.433", "s2": "2d5673caa9e6af3a7b82a43f19ee920992db07ad",
        "corpusid": "14636783", "mag": "2145482038"}


def test_turing_references_and_citations(turing):
    raw, paper = turing
    assert len(raw["references"]) == 14 and len(raw["citations"]) == 1000
    assert paper.references == tuple(dict.fromkeys(expected_id(p) for p in raw["references"]))
    assert paper.references[0] == "doi:10.2307/3610576"
    title_only = [p for p in raw["references"] if not p["paperId"]]
    assert len(title_only) == 6
    assert ids.title_hash_id("London Math. Soc", 1937) in paper.references
    assert paper.citations == tuple(dict.fromkeys(expected_id(p) for p in raw["citations"]))
    assert paper.citations[0] == "doi:10.1109/jas.2024.124407"
    assert len(paper.citations) == len({expected_id(p) for p in raw["citations"]})


def test_wrapped_citation_and_reference_objects():
    [citing] = parse([(1, read_json(GRAPH / "raw" / "Citation.json.gz"))])
    assert citing.id == "doi:10.1109/lra.2022.3229266"
    assert citing.title == "Learning to Throw With a Handful of Samples Using Decision Transformers"
    [cited] = parse([(1, read_json(GRAPH / "raw" / "Reference.json.gz"))])
    assert cited.id == "arxiv:1402.0030"
    assert dict(cited.external_ids)["s2"] == "331f0fb3b6176c6e463e0401025b04f6ace9ccd3"
    assert cited.year == 2014 and cited.authors[0].id == "s2a:1714004"


def test_nested_reference_wrappers_give_ids():
    paper = {"paperId": "p1", "title": "T",
             "references": [{"citedPaper": {"paperId": "r1"}},
                            {"citedPaper": {"paperId": None, "title": "Lost Ref"}},
                            {"citedPaper": {"paperId": None}}, None, {"paperId": "r1"}],
             "citations": [{"citingPaper": {"externalIds": {"ArXiv": "1810.13373v2"}}}]}
    [record] = parse([(1, paper)])
    assert record.id == "s2:p1"
    assert record.references == ("s2:r1", ids.title_hash_id("Lost Ref", None))
    assert record.citations == ("arxiv:1810.13373",)


def test_paper_with_null_values():
    [record] = parse([(1, read_json(GRAPH / "raw" / "PaperWithNullValues.json.gz"))])
    assert record.id == "s2:2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    assert (record.title, record.authors, record.references, record.citations) == (
        None, (), (), ())


def test_author_object_then_its_papers():
    raw = read_json(GRAPH / "raw" / "Author.json.gz")
    records = parse([(1, raw)])
    person, papers = records[0], records[1:]
    assert isinstance(person, EntityRecord)
    assert (person.label, person.id) == ("Person", "s2a:2262347")
    assert dict(person.props)["name"] == "A. Turing"
    assert dict(person.props)["h_index"] == raw["hIndex"]
    assert len(papers) == len(raw["papers"]) == 60
    assert all(isinstance(p, PaperRecord) for p in papers)
    assert [p.key for p in papers[:2]] == ["papers[0]", "papers[1]"]
    assert [p.id for p in papers] == [expected_id(p) for p in raw["papers"]]


# -- Graph API derived files ----------------------------------------------------------------

def test_papers_file_counts():
    raw = read_jsonl(GRAPH / "papers.jsonl.gz")
    records = parse(raw)
    assert len(records) == len(raw) == 8197
    assert all(isinstance(r, PaperRecord) for r in records)
    assert [r.id for r in records] == [expected_id(p) for _, p in raw]
    fields = {t.id for r in records for t in r.topics}
    assert len(fields) == 23
    assert "s2f:computer-science" in fields
    people = {a.id for r in records for a in r.authors}
    with_id = {"s2a:" + a["authorId"] for _, p in raw for a in p.get("authors") or []
               if a["authorId"]}
    assert {p for p in people if p.startswith("s2a:")} == with_id
    without_id = sum(1 for _, p in raw for a in p.get("authors") or [] if not a["authorId"])
    assert sum(1 for r in records for a in r.authors if a.id.startswith("name:")) == without_id


def test_authors_file_counts():
    raw = read_jsonl(GRAPH / "authors.jsonl.gz")
    records = parse(raw)
    assert len(records) == 3382 and all(isinstance(r, EntityRecord) for r in records)
    assert len({r.id for r in records}) == 3382
    assert records[0].id == "s2a:" + raw[0][1]["authorId"]


def test_search_page_is_expanded():
    bodies = [json.loads(line) for line in gzip.open(GRAPH / "responses.jsonl.gz", "rt")]
    body = next(b["body"] for b in bodies if b["cassette"] == "test_search_paper.yaml")
    records = parse([(4, body)])
    assert len(records) == len(body["data"]) > 0
    assert [r.key for r in records[:2]] == ["data[0]", "data[1]"]
    assert {r.line for r in records} == {4}
    assert [r.title for r in records] == [" ".join(p["title"].split()) for p in body["data"]]


def test_batch_array_and_empty_page():
    records = parse([(1, [{"paperId": "a"}, None])])
    assert isinstance(records[0], PaperRecord) and records[0].key == "[0]"
    assert isinstance(records[1], Rejection) and records[1].key == "[1]"
    assert parse([(1, {"total": 0, "offset": 0})]) == []



def test_a_batch_responses_null_is_named_as_an_id_not_found(tmp_path):
    """POST /paper/batch answers null for each id it does not know (real response, read
    from a file as a load reads it: the array streamed item by item)."""
    from loaders.sources import iter_json_objects

    bodies = [json.loads(line) for line in gzip.open(GRAPH / "responses.jsonl.gz", "rt")]
    body = next(b["body"] for b in bodies
                if b["cassette"] == "test_get_papers_not_found_warning.yaml")
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    for records in (parse(iter_json_objects(path)), parse([(1, body)])):
        missing = [r for r in records if isinstance(r, Rejection)]
        assert len(records) == len(body) and len(missing) == body.count(None) == 1
        assert missing[0].reason == ("not a JSON object but null (an id a batch request "
                                     "did not find)")
    assert parse([(1, 7)])[0].reason == "not a JSON object but int"

# -- bulk dataset ------------------------------------------------------------------------------

def test_bulk_papers():
    raw = read_jsonl(BULK / "papers-sample.jsonl.gz")
    records = parse(raw)
    assert len(records) == 100 and all(isinstance(r, PaperRecord) for r in records)
    for record, (_, paper) in zip(records, raw, strict=True):
        external = paper["externalids"]
        if external["DOI"]:
            assert record.id == "doi:" + external["DOI"].lower()
        elif external["ArXiv"]:
            assert record.id == "arxiv:" + external["ArXiv"]
        else:
            assert record.id == f"s2c:{paper['corpusid']}"
        assert dict(record.external_ids)["corpusid"] == str(paper["corpusid"])
    assert sum(r.id.startswith("doi:") for r in records) == 52
    assert len({a.id for r in records for a in r.authors}) == 215
    assert len({t.id for r in records for t in r.topics}) == 18


def test_bulk_paper_in_detail():
    [record] = parse(read_jsonl(BULK / "papers-sample.jsonl.gz")[:1])
    assert record.id == "s2c:223731460"
    assert (record.title, record.year, record.venue) == (
        "頭のリフォーム(1)リフォーム暮らしを始める", 2004, None)
    assert record.authors == (Author(id="s2a:115637576", name="布施 英利", position=0),)
    assert dict(record.external_ids) == {
        "s2": "1ee8423d231dd8872c5d01a2d620e2981256d1cc", "corpusid": "223731460",
        "mag": "630821060"}


def test_bulk_abstracts():
    raw = read_jsonl(BULK / "abstracts-sample.jsonl.gz")
    records = parse(raw)
    assert len(records) == 100 and all(isinstance(r, PaperRecord) for r in records)
    assert records[0].id == "s2c:128598635"
    assert records[0].abstract.startswith("The Bouguer gravity of mass anomalies")
    assert records[0].title is None
    assert (records[1].id, records[1].doi) == ("doi:10.1086/169230", "10.1086/169230")


def test_bulk_citations():
    raw = read_jsonl(BULK / "citations-sample.jsonl.gz")
    records = parse(raw, file="citations.jsonl")
    edges = [r for r in records if isinstance(r, CitationRecord)]
    rejected = [r for r in records if isinstance(r, Rejection)]
    assert len(edges) == sum(1 for _, c in raw if c["citedcorpusid"]) == 84
    assert [r.line for r in rejected] == [n for n, c in raw if not c["citedcorpusid"]]
    assert all("citedcorpusid" in r.reason for r in rejected)
    assert edges[0] == CitationRecord(citing="s2c:87536795", cited="s2c:9751615", source="s2",
                                      file="citations.jsonl", line=1)


# -- detection ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path, graph, bulk", [
    (GRAPH / "papers.jsonl.gz", True, False), (GRAPH / "authors.jsonl.gz", True, False),
    (BULK / "papers-sample.jsonl.gz", False, True),
    (BULK / "abstracts-sample.jsonl.gz", False, True),
    (BULK / "citations-sample.jsonl.gz", False, True),
    (DATA / "openalex-api-fixtures-2025" / "works.jsonl.gz", False, False),
    (DATA / "arxiv-kaggle-sample" / "arxiv-metadata-oai-snapshot.sample.jsonl.gz", False, False),
])
def test_looks_like_on_first_records(path, graph, bulk):
    first = read_jsonl(path)[0][1]
    assert s2.looks_like_graph_api(first) is graph
    assert s2.looks_like_bulk(first) is bulk


@pytest.mark.parametrize("obj", [None, [], "paperId", {}, {"data": []}, {"title": "x"}])
def test_looks_like_negatives(obj):
    assert not s2.looks_like_graph_api(obj) and not s2.looks_like_bulk(obj)


def test_looks_like_graph_api_on_raw_and_pages():
    assert s2.looks_like_graph_api(read_json(GRAPH / "raw" / "Citation.json.gz"))
    assert s2.looks_like_graph_api({"data": [{"citingPaper": {"paperId": "x"}}]})


# -- malformed input ------------------------------------------------------------------------------

MESSY = [
    pytest.param(None, "not a JSON object", id="null"),
    pytest.param("abc", "not a JSON object", id="string"),
    pytest.param(7, "not a JSON object", id="number"),
    pytest.param({}, "not a Semantic Scholar", id="empty-object"),
    pytest.param({"paperId": None, "title": None, "externalIds": None, "authors": None},
                 "no paperId, corpusId, DOI, arXiv id or title", id="nulls-everywhere"),
    pytest.param({"paperId": 5, "title": "x"}, "'paperId' should be str", id="numeric-paperId"),
    pytest.param({"paperId": "p", "authors": "A. Turing"}, "'authors' should be list",
                 id="authors-string"),
    pytest.param({"paperId": "p", "citationCount": "10"}, "'citationCount' should be int",
                 id="count-string"),
    pytest.param({"paperId": "p", "externalIds": ["DOI"]}, "'externalIds' should be dict",
                 id="external-list"),
    pytest.param({"authorId": None, "name": "X"}, "no authorId", id="author-without-id"),
    pytest.param({"error": "Paper not found"}, "Semantic Scholar API error", id="api-error"),
    pytest.param({"corpusid": None, "title": None, "externalids": None}, "bulk paper has no",
                 id="bulk-nulls"),
    pytest.param({"corpusid": "x1", "title": ["t"]}, "'title' should be str", id="bulk-title"),
    pytest.param({"corpusid": 5, "abstract": None}, "needs a corpusid and an abstract",
                 id="abstract-null"),
    pytest.param({"citingcorpusid": None, "citedcorpusid": "5"}, "no usable citingcorpusid",
                 id="citation-no-citing"),
    pytest.param({"citingcorpusid": "5", "citedcorpusid": None}, "no citedcorpusid",
                 id="citation-no-cited"),
]


@pytest.mark.parametrize("obj, reason", MESSY)
def test_messy_objects_are_rejected_and_the_next_record_still_comes(obj, reason):
    records = parse([(3, obj), (4, {"paperId": "ok", "title": "Fine"})], file="messy.jsonl")
    assert len(records) == 2
    rejection, record = records
    assert isinstance(rejection, Rejection)
    assert reason in rejection.reason
    assert (rejection.file, rejection.line) == ("messy.jsonl", 3)
    assert rejection.excerpt == json.dumps(obj, ensure_ascii=False)[:200]
    assert isinstance(record, PaperRecord) and (record.id, record.line) == ("s2:ok", 4)


def test_incoming_rejections_pass_through():
    upstream = Rejection("f.jsonl", 2, "invalid JSON")
    assert parse([(2, upstream)]) == [upstream]


def test_authors_without_ids_and_affiliations():
    paper = {"paperId": "p", "authors": [
        {"authorId": None, "name": "Ann  Lee", "affiliations": ["MIT", " ", "MIT"]},
        {"authorId": None, "name": None}, "junk", {"authorId": 42, "name": "B"}]}
    [record] = parse([(1, paper)])
    assert [(a.id, a.position) for a in record.authors] == [
        ("name:ann lee|s2:p", 0), ("s2a:42", 3)]
    assert [i.id for i in record.authors[0].institutions] == ["inst:mit"]


def test_choose_paper_id_order():
    assert s2.choose_paper_id(doi="10.1000/A", arxiv="1801.00001", paper="p") == "doi:10.1000/a"
    assert s2.choose_paper_id(arxiv="1801.00001v3", paper="p") == "arxiv:1801.00001"
    assert s2.choose_paper_id(paper="p", corpus="9") == "s2:p"
    assert s2.choose_paper_id(corpus="9", title="T") == "s2c:9"
    assert s2.choose_paper_id(title="T", year=2000) == ids.title_hash_id("T", 2000)
    assert s2.choose_paper_id() is None


def test_fields_of_study_merge_by_slug_first_spelling_kept():
    topics = s2.field_topics(["Computer Science", None, 3],
                             [{"category": "computer  science", "source": "s2-fos-model"},
                              {"category": "Physics"}, 5, {"category": None}])
    assert topics == (Topic(id="s2f:computer-science", name="Computer Science"),
                      Topic(id="s2f:physics", name="Physics"))

"""The product's own JSON Lines records: papers, and rejections naming why."""

from __future__ import annotations

from loaders import native
from loaders.records import PaperRecord, Rejection


def parse(*objects):
    return list(native.parse_objects(enumerate(objects, 1), file="mine.jsonl"))


def test_a_full_record():
    (record,) = parse({"record": "paper", "title": " Graph  maps ", "year": "2019-04",
                       "doi": "https://doi.org/10.1000/ABC", "arxiv": "1810.13373v2",
                       "venue": "V", "kind": "article", "cited_by_count": 12,
                       "keywords": ["Graph theory", 3, " "],
                       "authors": [{"name": "Ada  Lovelace", "orcid": "0000-0002-1825-0097",
                                    "affiliations": ["1 Dept. of Engines,  London", ""],
                                    "institutions": ["Analytical Society", ""]},
                                   {"name": ""}, "junk", {"name": "Charles Babbage"}]})
    assert isinstance(record, PaperRecord)
    assert (record.id, record.title, record.year, record.doi) == (
        "doi:10.1000/abc", "Graph maps", 2019, "10.1000/abc")
    assert dict(record.external_ids) == {"doi": "10.1000/abc", "arxiv": "1810.13373"}
    assert [(a.id, a.name, a.position) for a in record.authors] == [
        ("orcid:0000-0002-1825-0097", "Ada Lovelace", 0),
        ("name:charles babbage|doi:10.1000/abc", "Charles Babbage", 3)]
    assert [i.id for i in record.authors[0].institutions] == ["inst:analytical society"]
    # an affiliation as printed stays on the authorship, never an institution
    assert record.authors[0].affiliations == ("1 Dept. of Engines, London",)
    assert [t.id for t in record.topics] == ["kw:graph-theory"]
    assert (record.file, record.line, record.cited_by_count) == ("mine.jsonl", 1, 12)


def test_rejections_name_the_line_and_the_reason():
    rejected = parse({"title": "no record key"}, {"record": "paper"},
                     {"record": "paper", "title": "T", "year": [1999]},
                     Rejection("mine.jsonl", 4, "invalid JSON"))
    assert all(isinstance(r, Rejection) for r in rejected)
    assert [(r.line, r.reason) for r in rejected] == [
        (1, 'not a paper record (needs "record": "paper")'), (2, "paper record has no title"),
        (3, "field 'year' should be int or str, not list"), (4, "invalid JSON")]


def test_the_bundled_seed_papers_are_native():
    from pathlib import Path

    from loaders import sources

    seeds = Path(native.__file__).parent / "sample" / "seed-papers.jsonl"
    records = list(native.parse_objects(sources.iter_json_objects(seeds), file=str(seeds)))
    assert len(records) == 5 and all(isinstance(r, PaperRecord) and r.title for r in records)


def test_the_demo_seed_papers_keep_printed_affiliations_on_the_authorship():
    """loaders/sample/seed-papers.jsonl: its affiliations are printed texts (department,
    city, country), so no seed author gets an institution named by one."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "loaders" / "sample" / "seed-papers.jsonl"
    lines = [(n, json.loads(t)) for n, t in
             enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.strip()]
    records = [r for r in native.parse_objects(lines, file=str(path))
               if isinstance(r, PaperRecord)]
    authors = [a for r in records for a in r.authors]
    printed = [a for a in authors if a.affiliations]
    assert printed and all(not a.institutions for a in authors)
    assert any("Stanford University, Stanford, CA, USA" in text
               for a in printed for text in a.affiliations)

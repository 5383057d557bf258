"""CSL-JSON loader: items to paper records, rejections with file/line/reason, detection,
and the round trip CSL-JSON -> graph -> CSL-JSON."""

from __future__ import annotations

import json

import pytest

from explorer.views.export_biblio import csl_items
from loaders import csljson, pipeline
from loaders.records import PaperRecord, Rejection

ITEMS = [
    {"id": "W2741809807", "type": "article-journal", "title": "The {RNA} world & more",
     "author": [{"family": "García Márquez", "given": "Gabriel"},
                {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
                {"literal": "The Consortium"}],
     "issued": {"date-parts": [[2019, 3, 1]]}, "DOI": "10.1234/ABC.1",
     "container-title": "Journal of Tests", "keyword": "graphs; maps", "abstract": "Short."},
    {"id": "pre", "type": "article", "title": "A preprint",
     "author": [{"family": "Lovelace", "given": "Ada"}],
     "URL": "https://arxiv.org/abs/2001.00001v2", "issued": {"raw": "2020-01-02"}},
    {"id": "ch", "type": "chapter", "title": "A chapter", "issued": {"date-parts": [["1999"]]},
     "container-title": "A Handbook"},
    {"id": "no-title", "type": "book", "issued": {"date-parts": [[2000]]}},
    {"type": "book", "title": "Bad authors", "author": "Ada Lovelace"},
    7,
]


def parsed():
    return list(csljson.parse_objects(((1, item) for item in ITEMS), file="refs.json"))


def test_items_become_records_and_rejections():
    records = parsed()
    first, pre, chapter = records[:3]
    assert isinstance(first, PaperRecord) and first.id == "doi:10.1234/abc.1"
    assert (first.title, first.year, first.kind, first.venue) == (
        "The {RNA} world & more", 2019, "article", "Journal of Tests")
    assert [a.name for a in first.authors] == ["Gabriel García\u00a0Márquez",
                                               "Ludwig van\u00a0Beethoven", "The\u00a0Consortium"]
    assert [t.name for t in first.topics] == ["graphs", "maps"] and first.key == "W2741809807"
    assert pre.kind == "preprint" and ("arxiv", "2001.00001") in pre.external_ids
    assert pre.year == 2020 and chapter.year == 1999 and chapter.kind == "book-chapter"
    rejections = records[3:]
    assert all(isinstance(r, Rejection) and r.file == "refs.json" and r.line == 1
               for r in rejections)
    assert [r.reason for r in rejections] == [
        "CSL-JSON item has no title", "CSL-JSON field 'author' should be a list of names",
        "CSL-JSON item is not an object but int"]
    assert [r.key for r in rejections] == ["no-title", "item 5", "item 6"]


@pytest.mark.parametrize(("obj", "expected"), [
    (ITEMS[0], True), ({"type": "article", "title": "x", "DOI": "1"}, True),
    ({"id": "https://openalex.org/W1", "type": "article", "title": "x",
      "authorships": [], "publication_year": 2020}, False),
    ({"record": "paper", "title": "x"}, False), ({"type": "nonsense", "DOI": "x"}, False)])
def test_looks_like(obj, expected):
    assert csljson.looks_like(obj) is expected


def test_load_detects_csljson_by_content(tmp_path):
    path = tmp_path / "library.txt"
    path.write_text(json.dumps(ITEMS[:3], indent=2), encoding="utf-8")
    assert pipeline.plan([str(path)]) == [(path, "csljson")]
    lines = tmp_path / "items.jsonl"
    lines.write_text("\n".join(json.dumps(i) for i in ITEMS[:2]), encoding="utf-8")
    assert pipeline.plan([str(lines)]) == [(lines, "csljson")]
    records = list(pipeline.iter_records(pipeline.plan([str(lines)])))
    assert [r.title for r in records] == ["The {RNA} world & more", "A preprint"]
    assert records[1].line == 2


@pytest.mark.parametrize("layout", ["array", "lines"])
def test_round_trip_through_the_graph(empty_graph, cli, tmp_path, layout):
    """CSL-JSON -> explorer load -> graph -> CSL-JSON keeps titles, names, dates, DOIs, types."""
    source = tmp_path / "library.json"
    source.write_text(json.dumps(ITEMS, indent=1) if layout == "array" else
                      "\n".join(json.dumps(i) for i in ITEMS), encoding="utf-8")
    done = cli("load", str(source))
    assert done.returncode == 3, done.stderr  # three items rejected, named on stderr
    assert "no title" in done.stderr and "should be a list" in done.stderr
    out = tmp_path / "again.json"
    done = cli("export", "doi:10.1234/abc.1", "--depth", "1", "--format", "csljson",
               "-o", str(out))
    assert done.returncode == 0, done.stderr
    item = next(i for i in json.loads(out.read_text(encoding="utf-8"))
                if i.get("DOI") == "10.1234/abc.1")
    original = ITEMS[0]
    assert item["title"] == original["title"] and item["type"] == original["type"]
    assert item["issued"]["date-parts"][0][0] == 2019
    assert item["container-title"] == original["container-title"]
    assert item["author"] == [{"family": "García Márquez", "given": "Gabriel"},
                              {"family": "van Beethoven", "given": "Ludwig"},
                              {"literal": "The Consortium"}]
    assert csl_items({"nodes": [], "edges": []}) == []

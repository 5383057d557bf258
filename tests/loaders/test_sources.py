"""Opening inputs: folders (and zip archives) expanded, JSON records, what detection reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from loaders.records import Rejection
from loaders.sources import iter_input_files, iter_json_objects

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TRUNCATED = "damaged gzip data after line {}: "

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_iter_input_files_expands_sorted_and_skips_hidden_and_readme(tmp_path):
    for rel in ["b.ris", "a/z.bib", "a/c.tsv.gz", ".hidden.ris", ".git/x.bib", "README.md",
                "a/README", "a/readme.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    explicit = tmp_path / "README.md"
    got = list(iter_input_files([tmp_path, explicit]))
    assert got == [tmp_path / "a/c.tsv.gz", tmp_path / "a/z.bib", tmp_path / "b.ris", explicit]


def test_an_openalex_snapshot_folder_yields_its_parts_only(tmp_path):
    """The snapshot as OpenAlex ships it: its manifest, merged ids, licence and
    release notes are no records (a load of the folder rejected each before)."""
    parts = ["data/works/updated_date=2023-01-01/part_000.gz",
             "data/works/updated_date=2023-02-15/part_000.gz"]
    for rel in [*parts, "data/works/manifest", "data/merged_ids/works/2023-01-01.csv.gz",
                "LICENSE.txt", "RELEASE_NOTES.txt", "data/licence", "data/manifest.jsonl"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert list(iter_input_files([tmp_path])) == [tmp_path / "data/manifest.jsonl",
                                                  *(tmp_path / p for p in parts)]
    assert list(iter_input_files([tmp_path / "data/works/manifest"])) == [
        tmp_path / "data/works/manifest"]  # named explicitly: read (and refused by name)


def test_iter_input_files_missing_path_raises(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_input_files([tmp_path / "missing"]))


@needs_data
def test_iter_input_files_on_real_folder():
    files = list(iter_input_files([DATA / "ris-exports"]))
    assert len(files) == 21 and all(f.suffix == ".ris" for f in files)
    assert files == sorted(files)


# ------------------------------------------------------------------ JSON


def test_json_lines_with_bad_line_and_blank_lines(tmp_path):
    text = '{"a": 1}\n\n{"a": 2\n{"a": 3}\n'
    items = list(iter_json_objects(_write(tmp_path / "x.jsonl", text.encode())))
    assert [n for n, _ in items] == [1, 3, 4]
    assert items[0][1] == {"a": 1} and items[2][1] == {"a": 3}
    bad = items[1][1]
    assert isinstance(bad, Rejection) and not bad.fatal
    assert bad.line == 3 and bad.reason.startswith("invalid JSON") and bad.excerpt == '{"a": 2'


def test_json_lines_first_line_broken_still_json_lines(tmp_path):
    text = '{"a": 1, oops}\n{"a": 2}\n'
    items = list(iter_json_objects(_write(tmp_path / "x.jsonl", text.encode())))
    assert isinstance(items[0][1], Rejection) and items[1] == (2, {"a": 2})


@pytest.mark.parametrize("doc, expected", [
    ({"meta": {}, "results": [{"id": 1}]}, [(2, {"meta": {}, "results": [{"id": 1}]})]),
    ([{"id": 1}, {"id": 2}], [(3, {"id": 1}), (6, {"id": 2})]),  # streamed: each item's line
])
def test_pretty_printed_document_is_at_the_line_it_starts_on(tmp_path, doc, expected):
    path = _write(tmp_path / "doc.json", ("\n" + json.dumps(doc, indent=2)).encode())
    assert list(iter_json_objects(path)) == expected


def test_broken_document_gives_one_fatal_rejection(tmp_path):
    path = _write(tmp_path / "doc.json", b'{\n  "a": 1,\n  "b": \n}\n')
    ((line, rejection),) = iter_json_objects(path)
    assert isinstance(rejection, Rejection) and rejection.fatal and line == rejection.line == 4


def test_empty_json_file_yields_nothing(tmp_path):
    assert list(iter_json_objects(_write(tmp_path / "e.jsonl", b"\n\n"))) == []


@needs_data
def test_real_json_lines_and_document():
    works = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
    items = list(iter_json_objects(works))
    raw = gzip.decompress(works.read_bytes()).decode().rstrip("\n").split("\n")
    assert len(items) == len(raw) == 1000
    assert [n for n, _ in items] == list(range(1, 1001))
    assert items[0][1] == json.loads(raw[0])
    ((line, author),) = iter_json_objects(DATA / "openalex-entity-fixtures" / "A5023888391.json")
    assert line == 1 and author["id"] == "https://openalex.org/A5023888391"


@needs_data
def test_truncated_json_lines_gz(tmp_path):
    source = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
    path = _write(tmp_path / "cut.jsonl.gz", source.read_bytes()[:300_000])
    items = list(iter_json_objects(path))
    *good, (line, damage) = items
    assert all(isinstance(obj, dict) for _, obj in good)
    assert [n for n, _ in good] == list(range(1, len(good) + 1))
    assert isinstance(damage, Rejection) and damage.fatal and line == len(good) + 1
    assert damage.reason.startswith(TRUNCATED.format(len(good)))


# ------------------------------------------------------------------ a bad first record

GOOD = [{"record": "paper", "title": f"Good {n}"} for n in range(12)]
BAD_FIRST_LINES = {
    "cut": '{"record": "paper", "title": "cut off he',
    "null": "null",
    "garbage": "<<< not JSON at all >>>",
    "number": "42",
    "unclosed": "{",
}


def _json_lines(path: Path, first: str, objects=GOOD) -> Path:
    text = first + "\n" + "".join(json.dumps(obj) + "\n" for obj in objects)
    return _write(path, text.encode())


@pytest.mark.parametrize("kind", BAD_FIRST_LINES)
@pytest.mark.parametrize("name", ["records.jsonl", "records.txt", "records.json.gz"])
def test_a_bad_first_line_is_rejected_alone_and_every_line_after_it_read(tmp_path, kind, name):
    from loaders.sources import is_json_lines, json_samples, looks_like_json

    path = _json_lines(tmp_path / "plain", BAD_FIRST_LINES[kind])
    if name.endswith(".gz"):
        path = _write(tmp_path / name, gzip.compress(path.read_bytes()))
    else:
        path = path.rename(tmp_path / name)
    assert looks_like_json(path) and is_json_lines(path)
    items = list(iter_json_objects(path))
    assert [n for n, _ in items] == list(range(1, 14))
    assert [obj for _, obj in items[1:]] == GOOD
    first = items[0][1]
    if kind in ("null", "number"):
        assert first == json.loads(BAD_FIRST_LINES[kind])  # a value: its parser rejects it
    else:
        assert isinstance(first, Rejection) and first.line == 1 and not first.fatal
    assert [obj for obj, _ in json_samples(path, records=3)] == GOOD[:3]


def test_an_over_long_first_line_is_rejected_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_MAX_RECORD_BYTES", "4096")
    huge = json.dumps({"record": "paper", "title": "huge", "abstract": "x" * 50_000})
    path = _json_lines(tmp_path / "huge.txt", huge)
    items = list(iter_json_objects(path))
    assert len(items) == 13 and [obj for _, obj in items[1:]] == GOOD
    assert items[0][0] == 1 and "maximum record size" in items[0][1].reason


def test_pretty_printed_documents_stay_documents(tmp_path):
    """Lines of a document do not decode alone (a nested list's last item at most)."""
    from loaders.sources import is_json_lines

    doc = {"meta": {"count": 2}, "results": [{"id": 1}, {"id": 2}], "x": [1, 2, 3]}
    pretty = json.dumps(doc, indent=2).replace('{\n      "id": 2\n    }', '{"id": 2}')
    path = _write(tmp_path / "page.json", pretty.encode())
    assert '{"id": 2}\n' in pretty and not is_json_lines(path)
    assert list(iter_json_objects(path)) == [(1, doc)]


def test_a_name_saying_json_lines_decides(tmp_path):
    from loaders.sources import is_json_lines, json_named

    text = b'{"a": 1,\n"b": 2}\n'  # a two-line document by content
    assert not is_json_lines(_write(tmp_path / "x.json", text))
    named = _write(tmp_path / "x.ndjson.bz2", __import__("bz2").compress(text))
    assert is_json_lines(named) and json_named(named) and not json_named(tmp_path / "x.ris")
    assert [type(obj).__name__ for _, obj in iter_json_objects(named)] == ["Rejection"] * 2


def test_text_formats_do_not_look_like_json(tmp_path):
    from loaders.sources import looks_like_json

    ris = _write(tmp_path / "a.ris", b"TY  - JOUR\nTI  - T\nER  - \n")
    tsv = _write(tmp_path / "a.tsv", b"1\t2\n2\t3\n")
    mostly_text = _write(tmp_path / "b.txt", b'a\nb\nc\n{"a": 1}\n')
    assert not any(looks_like_json(p) for p in (ris, tsv, mostly_text))


def test_json_samples_pass_over_values_and_give_page_items(tmp_path):
    from loaders.sources import json_samples

    lines = ['null', '[1]', '{"meta": {}, "results": [{"id": "W1"}]}', '{"a": 1}']
    path = _write(tmp_path / "s.jsonl", "\n".join(lines).encode())
    assert list(json_samples(path)) == [({"meta": {}, "results": [{"id": "W1"}]}, {"id": "W1"}),
                                        ({"a": 1}, None)]


@pytest.mark.parametrize("first", ["[oops", "[", "[1, 2]"])
def test_a_first_line_opening_an_array_does_not_make_json_lines_an_array(tmp_path, first):
    items = list(iter_json_objects(_json_lines(tmp_path / "a.txt", first)))
    assert len(items) == 13 and [obj for _, obj in items[1:]] == GOOD


def test_many_bad_lines_before_the_good_ones(tmp_path):
    bad = "\n".join(['{"cut": "off'] * 20)
    items = list(iter_json_objects(_json_lines(tmp_path / "m.txt", bad)))
    assert len(items) == 32 and [obj for _, obj in items[20:]] == GOOD


def test_arrays_stay_arrays(tmp_path):
    one_per_line = "[\n" + ",\n".join(json.dumps(obj) for obj in GOOD) + "\n]\n"
    path = _write(tmp_path / "a.jsonl", one_per_line.encode())  # the name does not decide
    assert [obj for _, obj in iter_json_objects(path)] == GOOD
    minified = _write(tmp_path / "m.json", json.dumps(GOOD).encode())
    assert [obj for _, obj in iter_json_objects(minified)] == GOOD


def test_items_of_a_pretty_printed_page_are_stamped_with_their_own_lines(tmp_path):
    from loaders.sources import PageLines

    page = {"meta": {"count": 3}, "results": [{"id": "W1"}, {"id": "W2"}, 7]}
    path = _write(tmp_path / "page.json", json.dumps(page, indent=2).encode())
    pages = PageLines()
    assert list(iter_json_objects(path, pages)) == [(1, page)]
    assert pages.lines == {"results": [6, 9, 12]}
    made = [Rejection(str(path), 1, "x", key=f"results[{n}]") for n in range(3)]
    made.append(Rejection(str(path), 1, "not an item", key="W9"))
    assert [r.line for r in pages.relined(made)] == [6, 9, 12, 1]
    minified = _write(tmp_path / "mini.json", json.dumps(page).encode())
    pages = PageLines()
    list(iter_json_objects(minified, pages))
    assert pages.lines == {}  # one line: every item is on line 1 anyway

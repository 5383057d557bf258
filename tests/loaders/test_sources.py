"""Opening inputs: compression, truncation, directories, JSON records, format sniffing."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest

from loaders.records import Rejection
from loaders.sources import (
    InputError,
    UnknownFormat,
    detect_format,
    iter_input_files,
    iter_json_objects,
    open_text,
    read_text,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "data"
TRUNCATED = "file is truncated or corrupt after line {}: "

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")

CONTENT = "\ufeffTY  - JOUR\r\nTI  - Größe\r\nER  - \r\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, pack", [
    ("plain.ris", lambda b: b), ("packed.gz", gzip.compress), ("packed.bz2", bz2.compress),
    ("misnamed.txt", gzip.compress),  # compression is sniffed from the bytes, not the name
])
def test_open_text_plain_gz_bz2_strip_bom_and_fold_crlf(tmp_path, name, pack):
    path = _write(tmp_path / name, pack(CONTENT.encode("utf-8")))
    with open_text(path) as lines:
        assert list(lines) == ["TY  - JOUR\n", "TI  - Größe\n", "ER  - \n"]


def test_open_text_replaces_undecodable_bytes(tmp_path):
    path = _write(tmp_path / "latin1.txt", "1\tcafé\n2\t3\n".encode("latin-1"))
    with open_text(path) as lines:
        assert list(lines) == ["1\tcaf\ufffd\n", "2\t3\n"]


def test_last_line_without_newline_is_kept(tmp_path):
    path = _write(tmp_path / "e.gz", gzip.compress(b"1\t2\n3\t4"))
    with open_text(path) as lines:
        assert list(lines) == ["1\t2\n", "3\t4"]


def test_fragment_before_damage_is_dropped():
    """A decoder that hands out part of a line and then fails: the part is no line."""
    from loaders.textfiles import _lines

    class Stream:
        pieces = iter(["1\t2\n", "3\t4"])  # then the cut-off start of "3\t45\n"

        def readline(self, limit):
            for piece in self.pieces:
                return piece
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")

    *good, damage = _lines(Stream(), Path("x.gz"), 1000)
    assert good == ["1\t2\n"] and damage.line == 2
    assert damage.reason.startswith(TRUNCATED.format(1))


@needs_data
@pytest.mark.parametrize("cut", [20_000, 200_000, 700_000])
def test_truncated_gzip_yields_lines_before_damage_then_fatal_rejection(tmp_path, cut):
    source = DATA / "snap-cit-hep" / "cit-HepTh.reindexed.edges.tsv.gz"
    path = _write(tmp_path / "cut.tsv.gz", source.read_bytes()[:cut])
    with open_text(path) as lines:
        items = list(lines)
    *good, damage = items
    full = gzip.decompress(source.read_bytes()).decode("utf-8").splitlines(keepends=True)
    assert 0 < len(good) < len(full)
    assert good == full[: len(good)]  # no cut-off fragment of a line
    assert isinstance(damage, Rejection) and damage.fatal
    assert damage.reason.startswith(TRUNCATED.format(len(good)))
    assert damage.line == len(good) + 1 and damage.file == str(path)


def test_truncated_bz2_yields_fatal_rejection(tmp_path):
    text = "".join(f"{i}\t{i + 1}\n" for i in range(60_000)).encode()
    data = bz2.compress(text, compresslevel=1)  # 100 kB blocks: several of them
    path = _write(tmp_path / "cut.bz2", data[: len(data) // 2])
    text, rejections = read_text(path)
    (damage,) = rejections
    assert damage.fatal
    assert damage.reason.startswith(TRUNCATED.format(text.count("\n")))
    assert text.startswith("0\t1\n1\t2\n") and text.endswith("\n")


def test_read_text_of_sound_file(tmp_path):
    path = _write(tmp_path / "ok.ris.gz", gzip.compress(CONTENT.encode()))
    assert read_text(path) == ("TY  - JOUR\nTI  - Größe\nER  - \n", [])


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unopenable_path_raises_input_error_naming_it(tmp_path, make):
    path = tmp_path / "nope.ris"
    if make == "directory":
        path.mkdir()
    with pytest.raises(InputError) as info:
        with open_text(path) as lines:
            list(lines)
    assert str(path) in str(info.value) and info.value.path == str(path)
    assert isinstance(info.value, OSError)


def test_iter_input_files_expands_sorted_and_skips_hidden_and_readme(tmp_path):
    for rel in ["b.ris", "a/z.bib", "a/c.tsv.gz", ".hidden.ris", ".git/x.bib", "README.md",
                "a/README", "a/readme.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    explicit = tmp_path / "README.md"
    got = list(iter_input_files([tmp_path, explicit]))
    assert got == [tmp_path / "a/c.tsv.gz", tmp_path / "a/z.bib", tmp_path / "b.ris", explicit]


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
    ({"meta": {}, "results": [{"id": 1}]}, [(1, {"meta": {}, "results": [{"id": 1}]})]),
    ([{"id": 1}, {"id": 2}], [(3, {"id": 1}), (6, {"id": 2})]),  # streamed: each item's line
])
def test_pretty_printed_document_is_line_one(tmp_path, doc, expected):
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


# ------------------------------------------------------------------ detect_format


@needs_data
@pytest.mark.parametrize("rel, fmt", [
    ("bibtex-iridia-cc0/articles.bib", "bibtex"),  # 48 lines of % comments first
    ("bibtex-iridia-cc0/authors.bib", "bibtex"),  # only @string
    ("ris-exports/litstudy/example.ris", "ris"),
    ("ris-exports/asreview-demo-data/_baseline.ris", "ris"),  # BOM
    ("ris-exports/asreview-demo-data/ovid_psycinfo.ris", "ris"),  # starts with "1."
    ("snap-cit-hep/cit-HepPh-1992-1999.edges.tsv.gz", "edges"),
    ("snap-cit-hep/cit-HepTh.reindexed.edges.tsv.gz", "edges"),
    ("snap-cit-hep/cit-HepPh-1992-1999.years.tsv.gz", "edges"),  # node tables sniff as edges
    ("s2-graph-api-fixtures/citations.tsv.gz", "edges"),  # header row
])
def test_detect_text_formats_on_real_files(rel, fmt):
    assert detect_format(DATA / rel) == fmt


@pytest.mark.parametrize("name, fmt", [
    ("text_broken.bib", "bibtex"), ("text_broken.ris", "ris"), ("text_edges.csv", "edges"),
])
def test_detect_fixtures(name, fmt):
    assert detect_format(FIXTURES / name) == fmt


@pytest.mark.parametrize("content, reason", [
    (b"", "file is empty"),
    (b"\n\n  \n", "file is empty"),
    (b"Dear reader,\nthis is a letter.\n", "first line matches no known format"),
    (b"1\t2\t3\n4\t5\t6\n", "first line matches no known format"),
    (b'{"kind": "nothing we know"}\n', "JSON record of no known kind"),
    (b"[1, 2", "JSON record of no known kind"),  # streamed: item 1 decodes, is no record
])
def test_unknown_content_raises(tmp_path, content, reason):
    path = _write(tmp_path / "unknown.txt", content)
    with pytest.raises(UnknownFormat) as info:
        detect_format(path)
    assert info.value.path == str(path) and reason in info.value.reason


def test_detect_missing_file_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        detect_format(tmp_path / "missing.ris")


@pytest.mark.parametrize("doc", [
    '{"record": "paper", "title": "T"}\n',
    json.dumps({"meta": {}, "results": [{"record": "paper", "title": "T"}]}, indent=1),
])
def test_detect_native_records_and_pages_of_them(tmp_path, doc):
    path = _write(tmp_path / "native.json.gz", gzip.compress(doc.encode()))
    assert detect_format(path) == "native"


JSON_CASES = [
    ("openalex-works-sample-2022/works.jsonl.gz", "openalex", "loaders.openalex",
     "looks_like_work"),
    ("openalex-api-fixtures-2025/works.jsonl.gz", "openalex", "loaders.openalex",
     "looks_like_work"),
    ("openalex-api-fixtures-2025/responses/oa_snowball.06.json.gz", "openalex",
     "loaders.openalex", "looks_like_work"),
    ("openalex-entity-fixtures/W2741809807.json", "openalex", "loaders.openalex",
     "looks_like_work"),
    ("openalex-entity-fixtures/A5023888391.json", "openalex-entity", "loaders.openalex",
     "looks_like_entity"),
    ("openalex-entity-fixtures/I27837315.json", "openalex-entity", "loaders.openalex",
     "looks_like_entity"),
    ("openalex-entity-fixtures/T11636.json", "openalex-entity", "loaders.openalex",
     "looks_like_entity"),
    ("s2-graph-api-fixtures/papers.jsonl.gz", "s2", "loaders.semantic_scholar",
     "looks_like_graph_api"),
    ("s2ag-bulk-sample/papers-sample.jsonl.gz", "s2-bulk", "loaders.semantic_scholar",
     "looks_like_bulk"),
    ("arxiv-kaggle-sample/arxiv-metadata-oai-snapshot.sample.jsonl.gz", "arxiv",
     "loaders.arxiv", "looks_like"),
]


@needs_data
@pytest.mark.parametrize("rel, fmt, module, function", JSON_CASES)
def test_detect_json_formats_on_real_files(rel, fmt, module, function):
    """Runs once the format modules (written elsewhere) provide their predicates."""
    loaded = pytest.importorskip(module)
    if not hasattr(loaded, function):
        pytest.skip(f"{module}.{function} not written yet")
    assert detect_format(DATA / rel) == fmt


def test_a_bibtex_file_over_the_whole_file_limit_is_refused_by_name(tmp_path, monkeypatch):
    """BibTeX is read whole, so its size is bounded: a file over
    EXPLORER_MAX_BIBTEX_BYTES is named and refused, the other file of the load is read."""
    from loaders import pipeline
    from loaders.records import PaperRecord

    entry = "@article{{key{0}, title = {{Paper number {0}}}, year = {{2001}}}}\n"
    (tmp_path / "small.bib").write_text(entry.format(1), encoding="utf-8")
    (tmp_path / "large.bib").write_text("".join(entry.format(i) for i in range(2, 400)),
                                        encoding="utf-8")
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", "4096")
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    papers = [i for i in items if isinstance(i, PaperRecord)]
    refused = [i for i in items if isinstance(i, Rejection)]
    assert [p.title for p in papers] == ["Paper number 1"]
    assert len(refused) == 1 and refused[0].file.endswith("large.bib")
    assert "EXPLORER_MAX_BIBTEX_BYTES" in refused[0].reason and "4,096" in refused[0].reason
    monkeypatch.setenv("EXPLORER_MAX_BIBTEX_BYTES", str(1024 * 1024))
    items = list(pipeline.iter_records(pipeline.plan([str(tmp_path)])))
    assert len([i for i in items if isinstance(i, PaperRecord)]) == 399

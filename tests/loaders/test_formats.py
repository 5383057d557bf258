"""Format detection by content: the registry's order, each format on real files,
unknown content named, and the Crossref-versus-CSL-JSON case."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from loaders import formats
from loaders.formats import UnknownFormat
from loaders.formats import detect as detect_format

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "data"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


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


# ------------------------------------------------------------------ the registry


def test_detection_order_is_the_registry_order():
    assert formats.names() == ("csljson", "native", "openalex", "openalex-entity", "s2",
                               "s2-bulk", "arxiv", "ris", "bibtex", "edges")
    kinds = [fmt.kind for fmt in formats.REGISTRY]
    assert kinds == sorted(kinds, key=lambda k: k != formats.JSON)  # JSON formats first
    assert len(set(formats.names())) == len(formats.REGISTRY)


@pytest.mark.parametrize("fmt", formats.REGISTRY, ids=lambda f: f.name)
def test_every_format_has_a_sniff_a_parser_and_a_description(fmt):
    assert fmt.kind in formats.KINDS and fmt.description.strip()
    assert callable(fmt.sniff.resolve()) and callable(fmt.parse.resolve())
    assert set(fmt.options) <= {"id_prefix"}  # what the pipeline can pass on
    sample = {} if fmt.kind == formats.JSON else ["nothing here"]
    assert fmt.sniff(sample) is False  # a sniff answers, it does not raise


def test_every_format_is_in_the_readme_table():
    """The README's table of formats is the registry's (detection order, descriptions)."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert formats.describe_markdown() in readme
    for name in formats.names():
        assert f"`{name}`" in readme


def test_get_names_the_choices_for_an_unknown_format():
    assert formats.get("ris").kind == formats.LINES
    with pytest.raises(InputError, match="unknown format 'word'; choose one of auto, csljson, "):
        formats.get("word")


def test_describe_lists_every_format_once_in_order():
    assert [name for name, _, _ in formats.describe()] == list(formats.names())


def test_a_page_item_is_not_sniffed_as_csljson(tmp_path):
    """CSL-JSON is judged on the first record only; other JSON formats on page items too."""
    item = {"type": "article-journal", "title": "T", "issued": {"date-parts": [[2001]]}}
    path = _write(tmp_path / "page.json", json.dumps({"results": [item]}).encode())
    with pytest.raises(UnknownFormat, match="JSON record of no known kind"):
        detect_format(path)
    page = {"meta": {}, "results": [{"record": "paper", "title": "T"}]}
    assert detect_format(_write(tmp_path / "native.json", json.dumps(page).encode())) == "native"


# ------------------------------------------------------------------ Crossref is not CSL-JSON

CROSSREF_WORK = {
    "DOI": "10.1038/nature12373", "type": "journal-article",
    "title": ["Nanometre-scale thermometry in a living cell"],
    "container-title": ["Nature"], "reference-count": 30, "is-referenced-by-count": 1200,
    "author": [{"given": "G.", "family": "Kucsko", "sequence": "first", "affiliation": []}],
    "issued": {"date-parts": [[2013, 7, 31]]}, "reference": [{"key": "r1", "DOI": "10.1/x"}],
    "publisher": "Springer Science and Business Media LLC", "member": "297",
    "prefix": "10.1038", "URL": "https://doi.org/10.1038/nature12373", "source": "Crossref",
}


@pytest.mark.parametrize("work", [
    CROSSREF_WORK,
    {**CROSSREF_WORK, "type": "book", "title": ["A book"]},  # "book" is a CSL type too
    {"status": "ok", "message-type": "work", "message-version": "1.0.0",
     "message": CROSSREF_WORK},
    {"status": "ok", "message-type": "work-list", "message": {"items": [CROSSREF_WORK]}},
], ids=["work", "book", "api-response", "api-list"])
def test_a_crossref_work_is_refused_in_one_line_not_read_as_csljson(tmp_path, work):
    from loaders import csljson

    assert csljson.looks_like_crossref(work)
    assert not csljson.looks_like(work)
    path = _write(tmp_path / "crossref.json", json.dumps(work, indent=2).encode())
    with pytest.raises(UnknownFormat) as info:
        detect_format(path)
    assert "Crossref" in info.value.reason and "\n" not in str(info.value)
    assert str(info.value).startswith(f"{path}: unknown input format: a Crossref")


def test_csl_json_from_crossref_content_negotiation_is_still_csljson(tmp_path):
    """doi.org's CSL-JSON for a Crossref DOI has Crossref's bookkeeping fields, but a CSL
    type and a title that is text: it is CSL-JSON."""
    item = {**CROSSREF_WORK, "type": "article-journal", "title": CROSSREF_WORK["title"][0],
            "container-title": "Nature"}
    path = _write(tmp_path / "negotiated.json", json.dumps(item).encode())
    assert detect_format(path) == "csljson"


# ------------------------------------------------------------------ past a bad first record

BAD_FIRST = ['{"id": "https://openalex.org/W1", "title": "cut of', "null", "#garbage", "{"]


@needs_data
@pytest.mark.parametrize("first", BAD_FIRST)
@pytest.mark.parametrize("name", ["works.jsonl", "works", "works.json.gz"])
def test_a_bad_first_record_does_not_decide_the_format(tmp_path, first, name):
    works = gzip.open(DATA / "openalex-works-sample-2022" / "works.jsonl.gz", "rt").readlines()
    text = (first + "\n" + "".join(works[:12])).encode()
    path = _write(tmp_path / name, gzip.compress(text) if name.endswith(".gz") else text)
    assert detect_format(path) == "openalex"


def test_an_over_long_first_record_does_not_decide_the_format(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPLORER_MAX_RECORD_BYTES", "2048")
    lines = [json.dumps({"record": "paper", "title": "x" * 5000})]
    lines += [json.dumps({"record": "paper", "title": f"P{n}"}) for n in range(3)]
    assert detect_format(_write(tmp_path / "n.jsonl", "\n".join(lines).encode())) == "native"


def test_most_of_the_first_records_decide_the_format(tmp_path):
    """A first record of one kind among records of another: the many win."""
    csl = {"id": "k", "type": "article-journal", "title": "CSL", "issued": {}}
    native = [{"record": "paper", "title": f"P{n}"} for n in range(4)]
    lines = [json.dumps(obj) for obj in [csl, *native]]
    assert detect_format(_write(tmp_path / "m.jsonl", "\n".join(lines).encode())) == "native"
    lines = [json.dumps(obj) for obj in [native[0], csl, csl]]
    assert detect_format(_write(tmp_path / "c.jsonl", "\n".join(lines).encode())) == "csljson"
    tie = [json.dumps(obj) for obj in [csl, native[0]]]
    assert detect_format(_write(tmp_path / "t.jsonl", "\n".join(tie).encode())) == "csljson"


def test_a_json_name_decides_when_the_first_lines_do_not(tmp_path):
    lines = ["<garbage>"] * 40 + ['{"record": "paper", "title": "P"}']
    path = _write(tmp_path / "late.jsonl", "\n".join(lines).encode())
    assert detect_format(path) == "native"  # not JSON by its first lines: by its name
    path = _write(tmp_path / "broken.jsonl", b"<garbage>\n{oops\n")
    with pytest.raises(UnknownFormat, match="first line matches no known format"):
        detect_format(path)
    with pytest.raises(UnknownFormat, match="first line matches no known format"):
        detect_format(_write(tmp_path / "broken.txt", b"<garbage>\n{oops\n"))


def test_a_nul_byte_in_a_text_file_is_not_a_binary_file(tmp_path):
    records = "".join(f"TY  - JOUR\nTI  - Paper {n}\nER  - \n" for n in range(50))
    for nul in (1, 100, 1000):
        text = "TY  - JOUR\nTI  - A " + "\x00" * nul + " B\nER  - \n" + records
        assert detect_format(_write(tmp_path / "nul.ris", text.encode())) == "ris"
    noise = _write(tmp_path / "noise.ris", bytes(range(256)) * 40)
    with pytest.raises(UnknownFormat, match="binary file"):
        detect_format(noise)


@pytest.mark.parametrize("pack, kind", [(gzip.compress, "gzip"),
                                        (__import__("bz2").compress, "bzip2")])
def test_a_file_damaged_at_its_start_is_named_as_damaged_not_empty(tmp_path, pack, kind):
    data = pack(b'{"record": "paper", "title": "P"}\n' * 2000)
    path = _write(tmp_path / "cut.jsonl.gz", data[:40])
    with pytest.raises(formats.DamagedInput) as info:
        detect_format(path)
    assert f"damaged {kind} data before its first line (no record could be read)" in str(
        info.value) and "empty" not in str(info.value)


def test_damage_found_after_undecodable_lines_is_named(tmp_path):
    """Garbage decompressed before the damage (a flipped bit in bzip2) is not
    'unknown content': the damage is named."""
    import bz2

    data = bytearray(bz2.compress(b'{"record": "paper", "title": "P"}\n' * 500))
    data[len(data) // 2] ^= 0xFF
    path = _write(tmp_path / "bad.jsonl.bz2", bytes(data))
    with pytest.raises(formats.DamagedInput, match="damaged bzip2 data .*no record could be read"):
        detect_format(path)

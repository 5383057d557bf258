"""Format detection by content: the registry's order, each format on real files,
unknown content named, and the Crossref-versus-CSL-JSON case."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cypher.access.errors import InputError
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

"""Crashes once found by fuzzing, kept as regression tests.

Each test feeds the minimal input that used to crash a parser and asserts the
parser contract (no exception, records or Rejections only).
"""

from __future__ import annotations

import pytest

from loaders import native, sources
from loaders import semantic_scholar as s2
from tests.fuzz._strategies import check_items


@pytest.mark.parametrize("obj", [
    {"corpusid": "\u00b2", "title": "x"},
    {"citingcorpusid": "\u00b2", "citedcorpusid": 1},
    {"paperId": "a", "corpusId": "\u2460"},
], ids=["bulk-paper", "bulk-citation", "graph-paper"])
def test_s2_non_decimal_digit_corpus_id(obj):
    check_items(s2.parse_objects([(1, obj)]), [1])


@pytest.mark.parametrize("obj", [{"citingPaper": {}}, {"citingPaper": {}, "citedPaper": 5}],
                         ids=["empty-citingPaper", "non-dict-citedPaper"])
def test_s2_empty_citing_paper_wrapper(obj):
    check_items(s2.parse_objects([(1, obj)]), [1])


def test_native_numeric_affiliations():
    obj = {"record": "paper", "title": "x", "authors": [{"name": "a", "affiliations": 5}]}
    check_items(native.parse_objects([(1, obj)]), [1])


@pytest.mark.parametrize("text", ['{"a": 1}\n' + "[" * 100_000 + "\n", "[" * 100_000],
                         ids=["json-lines", "json-document"])
def test_sources_deeply_nested_json(tmp_path, text):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    pairs = list(sources.iter_json_objects(path))
    assert pairs and all(1 <= line <= 2 for line, _ in pairs)

"""Splitting a top-level JSON array into items: lines, limits, damage (no server)."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc

import pytest

from loaders import jsonstream
from loaders.jsonstream import MAX_DEPTH, iter_array_items
from loaders.records import Rejection

LARGE = "array item {} is larger than the maximum record size (1,000 bytes, " \
        "setting EXPLORER_MAX_RECORD_BYTES)"


def items(text: str, *, line: int = 1, limit: int = 1000) -> list[tuple[int, object]]:
    return list(iter_array_items(io.StringIO(text), file="a.json", line=line, limit=limit))


def rejections(pairs: list[tuple[int, object]]) -> list[Rejection]:
    return [obj for _, obj in pairs if isinstance(obj, Rejection)]


def test_each_item_has_its_own_line_in_a_pretty_printed_array():
    doc = [{"id": 1}, {"id": 2, "tags": ["a", "b"]}, 3, "four"]
    text = "\n\n" + json.dumps(doc, indent=2) + "\n"
    pairs = items(text, line=3)
    assert [obj for _, obj in pairs] == doc
    assert [n for n, _ in pairs] == [4, 7, 14, 15]
    assert text.split("\n")[13].strip() == "3,"  # line 14 holds the third item


def test_several_items_on_one_line_and_items_across_lines():
    pairs = items('[1, 2,\n  {"a":\n\n 1}, [3,\n4]]')
    assert pairs == [(1, 1), (1, 2), (2, {"a": 1}), (4, [3, 4])]


def test_a_minified_array_of_ten_thousand_items_gives_them_all():
    doc = [{"id": n, "title": f"paper {n}", "refs": [n, n + 1]} for n in range(10_000)]
    text = json.dumps(doc, separators=(",", ":"))
    assert len(text) > 4 * jsonstream.CHUNK  # the items cross chunk boundaries
    pairs = items(text)
    assert [obj for _, obj in pairs] == doc
    assert {n for n, _ in pairs} == {1}


def test_an_over_limit_item_is_rejected_alone_with_its_line():
    doc = [{"id": 1}, {"id": 2, "abstract": "x" * 300_000}, {"id": 3}, {"id": 4}]
    text = json.dumps(doc, indent=1)
    pairs = items(text)
    assert [obj for _, obj in pairs if not isinstance(obj, Rejection)] == [
        {"id": 1}, {"id": 3}, {"id": 4}]
    (rejection,) = rejections(pairs)
    assert pairs[1] == (5, rejection) and rejection.line == 5
    assert rejection.reason == LARGE.format(2) and rejection.key == "item 2"
    assert not rejection.fatal and rejection.file == "a.json"
    assert [n for n, _ in pairs] == [2, 5, 9, 12]


def test_the_limit_counts_utf8_bytes_not_characters():
    small, big = '"' + "e" * 600 + '"', '"' + "é" * 600 + '"'
    pairs = items(f"[{small}, {big}, 7]")
    assert pairs[0] == (1, "e" * 600) and pairs[2] == (1, 7)
    assert isinstance(pairs[1][1], Rejection) and pairs[1][1].reason == LARGE.format(2)


def test_an_over_limit_item_is_not_kept_in_memory():
    text = '[1, {"a": "' + "z" * 10_000_000 + '"}, 3]'
    stream = io.StringIO(text)
    tracemalloc.start()
    try:
        pairs = list(iter_array_items(stream, file="a.json", line=1, limit=1000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [obj for _, obj in pairs if not isinstance(obj, Rejection)] == [1, 3]
    assert peak < 2_000_000, peak


TRICKY = [
    "a ] b } c [ d { e , f",
    'say "hi", then ]',
    "back\\slash\\",
    "\\\\\\",
    "caf\u00e9 \u2603 \U0001f600 \u005d \u002c",
    {"k,]": ["[", "{", "}", "]", ","], "q\"": "\\\""},
    "",
    [[], {}, [{}], {"": [""]}],
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64 * 1024])
@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_strings_with_brackets_commas_and_escapes_split_correctly(monkeypatch, chunk,
                                                                   ensure_ascii):
    monkeypatch.setattr(jsonstream, "CHUNK", chunk)
    text = json.dumps(TRICKY, ensure_ascii=ensure_ascii)
    assert "\\u" in text if ensure_ascii else '\\"' in text
    assert [obj for _, obj in items(text)] == TRICKY


def test_nesting_past_max_depth_rejects_that_item_only():
    deepest_allowed = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # the array is one level
    too_deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    pairs = items(f'[1,\n{too_deep},\n{deepest_allowed},\n{{"a": {too_deep}}}, 5]',
                  limit=10_000)
    assert len(pairs) == 5 and pairs[0] == (1, 1) and pairs[4] == (4, 5)
    first, second = rejections(pairs)
    assert (first.line, first.key, first.fatal) == (2, "item 2", False)
    assert (second.line, second.key) == (4, "item 4")
    assert first.reason == f"array item 2 is nested deeper than {MAX_DEPTH} levels"
    depth, value = 0, pairs[2][1]
    while isinstance(value, list) and value:
        depth, value = depth + 1, value[0]
    assert pairs[2][0] == 3 and depth == MAX_DEPTH - 2 and value == []


def test_a_huge_run_of_brackets_is_one_fatal_rejection():
    pairs = items("[" * 100_000)
    ((line, rejection),) = pairs
    assert isinstance(rejection, Rejection) and rejection.fatal and line == 1


def test_an_invalid_item_is_rejected_alone_and_reading_goes_on():
    pairs = items('[\n{"a": 1},\n{"a": tru},\n NaN,\n{"a": 4} x,\n[1,,\n2],\n{"a": 5}\n]')
    assert [obj for _, obj in pairs if not isinstance(obj, Rejection)] == [{"a": 1}, {"a": 5}]
    bad = rejections(pairs)
    assert [(r.line, r.key, r.fatal) for r in bad] == [
        (3, "item 2", False), (4, "item 3", False), (5, "item 4", False), (6, "item 5", False)]
    assert bad[0].reason.startswith("array item 2 is not valid JSON") and bad[0].excerpt == (
        '{"a": tru}')
    assert bad[3].reason.endswith("(line 6)")


def test_stray_commas_are_empty_items():
    pairs = items("[1,, 2,]")
    assert [obj for _, obj in pairs if not isinstance(obj, Rejection)] == [1, 2]
    assert [(r.key, r.fatal) for r in rejections(pairs)] == [("item 2", False), ("item 4", False)]
    assert items(" [ ]\n") == []


@pytest.mark.parametrize("tail, what", [
    ("", "ends before array item 3"),
    (", {", "ends inside array item 3 (unbalanced brackets"),
    (', "abc', "ends inside array item 3 (an unterminated string"),
    (", 12", "ends inside array item 3"),
])
def test_a_truncated_array_gives_the_good_items_then_one_fatal_rejection(tail, what):
    pairs = items('[{"a": 1},\n{"a": 2}' + tail)
    *good, (line, last) = pairs
    assert good == [(1, {"a": 1}), (2, {"a": 2})]
    assert isinstance(last, Rejection) and last.fatal and last.key == "item 3"
    assert what in last.reason and line == last.line == 2


def test_a_complete_last_item_of_an_unclosed_array_still_counts():
    *good, (_, last) = items('[1, "x"')
    assert good == [(1, 1), (1, "x")] and last.fatal and last.key == "item 3"


def test_broken_structure_after_good_items_is_fatal():
    *good, (_, closed) = items('[1, {"a": 2}}, 3]')
    assert good == [(1, 1), (1, {"a": 2})] and closed.fatal and "closes the array" in closed.reason
    *good, (_, after) = items("[1, 2]\n[3]")
    assert good == [(1, 1), (1, 2)] and after.fatal and after.line == 2
    assert "after the end of the array" in after.reason
    ((_, other),) = items('{"a": 1}')
    assert other.fatal and "expected a JSON array" in other.reason


def test_a_truncated_gzip_stream_ends_with_one_fatal_rejection():
    doc = [{"id": n, "text": f"item {n} " * 20} for n in range(3000)]
    data = gzip.compress(json.dumps(doc).encode())
    text = io.TextIOWrapper(gzip.GzipFile(fileobj=io.BytesIO(data[: len(data) // 2])),
                            encoding="utf-8")
    *good, (_, damage) = iter_array_items(text, file="a.json.gz", line=1, limit=10_000)
    assert 0 < len(good) < len(doc) and [obj for _, obj in good] == doc[:len(good)]
    assert damage.fatal and damage.key == f"item {len(good) + 1}"
    assert damage.reason.startswith(f"damaged data after array item {len(good)}:")


def test_scalars_are_items():
    pairs = items('[1, -2.5, "s", true, false, null, 1e3, 12345678901234567890, []]')
    values = [obj for _, obj in pairs]
    assert values == [1, -2.5, "s", True, False, None, 1000.0, 12345678901234567890, []]
    assert [type(v) for v in values[:3]] == [int, float, str] and type(values[6]) is float


def test_damage_is_named_with_the_label_given_after_every_item_before_it(tmp_path):
    from loaders.textfiles import open_stream

    doc = [{"id": n} for n in range(5000)]
    data = gzip.compress(json.dumps(doc).encode())
    for cut, where in ((len(data) // 2, "after array item"), (12, "before its first array item")):
        path = tmp_path / "a.json.gz"
        path.write_bytes(data[:cut])
        with open_stream(path) as text:
            *good, (_, damage) = iter_array_items(text, file=str(path), line=1, limit=10_000,
                                                  label="damaged gzip data")
        assert damage.fatal and damage.reason.startswith(f"damaged gzip data {where}")
        assert [obj for _, obj in good] == doc[:len(good)]
        if cut > 12:  # every item before the damage, not those of the last read before it
            assert len(good) > 0 and f"item {len(good)}:" in damage.reason


def test_page_item_lines_name_each_item_of_a_pretty_printed_page():
    from loaders.jsonstream import page_item_lines

    tricky = 'a [ { , ] \\" }'  # brackets, a comma and an escaped quote inside a string
    doc = {"meta": {"x": [1, 2], "s": tricky}, "results": [
        {"id": "W1", "a": {"b": [1]}}, {"id": "W2"}, "s", 5, -1.5e3, None, True, [1]],
        "data": [], "other": [{"id": "no"}]}
    text = json.dumps(doc, indent=2)
    lines = text.split("\n")
    first = lines.index('  "results": [') + 2  # 1-based line of the first item
    expected = [first, first + 8, first + 11, first + 12, first + 13, first + 14,
                first + 15, first + 16]
    assert [lines[n - 1].strip() for n in expected] == [
        "{", "{", '"s",', "5,", "-1500.0,", "null,", "true,", "["]
    assert page_item_lines(text, ("results", "data")) == {"results": expected, "data": []}
    assert page_item_lines(json.dumps(doc), ("results",)) == {"results": [1] * 8}


@pytest.mark.parametrize("text", [
    '[{"a": 1} x, {"b": [2]},\n[3] , {"c": NaN}, {"d": "]"}\n, {"e": 5}}, 6]',
    '[{"a": 1},, {"b": 2}, ]',
    '[{"a": [1, 2]} ] trailing',
    '[{"a": 1}, {"b": "x' + "y" * 2_000 + '"}, {"c": 3}]',
    '[{"a": 1}, ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + ', {"c": 3}]',
])
def test_items_whole_in_a_chunk_are_split_as_the_scan_splits_them(monkeypatch, text):
    """Items decoded at once when whole in a chunk (the fast path) give the same items,
    lines and rejections as the character scan of small chunks."""
    scanned = []
    for chunk in (3, 64 * 1024):
        monkeypatch.setattr(jsonstream, "CHUNK", chunk)
        scanned.append([(line, obj.as_dict() if isinstance(obj, Rejection) else obj)
                        for line, obj in items(text)])
    assert scanned[0] == scanned[1]
    assert any(not isinstance(obj, dict) or "reason" not in obj for _, obj in scanned[1])

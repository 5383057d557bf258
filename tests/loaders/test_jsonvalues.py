"""Total helpers for decoded JSON values: never raising, safe defaults."""

from __future__ import annotations

from loaders import jsonvalues as jv


def test_excerpt_is_compact_json_or_repr_and_bounded():
    assert jv.excerpt({"a": "é"}) == '{"a": "é"}'
    assert jv.excerpt({1, 2}) == '"{1, 2}"'  # not JSON: its repr, as a JSON string
    assert len(jv.excerpt("x" * 500)) == 200


def test_text_collapses_whitespace_and_refuses_non_strings():
    assert jv.text(" a \t b\n") == "a b"
    assert jv.text("   ") is None and jv.text(["a"]) is None


def test_as_dict_and_as_list_default_to_empty():
    assert jv.as_dict({"a": 1}) == {"a": 1} and jv.as_dict([1]) == {}
    assert jv.as_list([1]) == [1] and jv.as_list("ab") == [] and jv.as_list(None) == []


def test_counts_are_64_bit_integers_and_not_booleans():
    assert jv.count(2**63 - 1) == 2**63 - 1 and jv.count(2**63) is None
    assert jv.count(-(2**63)) == -(2**63) and jv.count(False) is None
    assert jv.count(1.0) is None and jv.count("3") is None
    assert jv.fits_int64(0) and not jv.fits_int64(-(2**63) - 1)


def test_wrong_type_names_the_first_bad_field():
    expected = {"title": (str,), "year": (int, str), "flag": (bool,)}
    assert jv.wrong_type({"title": "T", "year": "1999", "flag": True}, expected) is None
    assert jv.wrong_type({"title": 3}, expected) == "field 'title' should be str, not int"
    assert jv.wrong_type({"year": True}, expected) == "field 'year' should be int or str, not bool"
    assert jv.wrong_type({"year": 2**64}, expected) == (
        "field 'year' is out of the 64-bit integer range (18446744073709551616)")

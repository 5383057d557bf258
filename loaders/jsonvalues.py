"""Small, total helpers for reading decoded JSON values in the JSON parsers.

Each returns a safe default instead of raising, so a parser can describe a
bad value in a Rejection rather than crash.
"""

from __future__ import annotations

import json


def excerpt(obj: object, limit: int = 200) -> str:
    """The first ``limit`` characters of ``obj`` as compact JSON (repr if not JSON).

    >>> excerpt({"a": [1, 2]}, limit=8)
    '{"a": [1'
    """
    try:
        text = json.dumps(obj, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        text = repr(obj)
    return text[:limit]


def text(value: object) -> str | None:
    """A string with its whitespace collapsed, or None for non-strings and blanks.

    >>> text("  a\\n b "), text(""), text(3)
    ('a b', None, None)
    """
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def as_dict(value: object) -> dict:
    """``value`` if it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list:
    """``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


INT64 = (-(2**63), 2**63 - 1)


def count(value: object) -> int | None:
    """An int that is not a bool and fits in 64 bits, else None.

    >>> count(3), count(True), count(10**30)
    (3, None, None)
    """
    if isinstance(value, int) and not isinstance(value, bool) and fits_int64(value):
        return value
    return None


def fits_int64(value: int) -> bool:
    """True when ``value`` can be stored as a graph integer (signed 64 bits)."""
    return INT64[0] <= value <= INT64[1]


def wrong_type(obj: dict, expected: dict[str, tuple[type, ...]]) -> str | None:
    """Describe the first field whose non-null value has an unexpected type, else None.

    >>> wrong_type({"year": "1999", "title": None}, {"year": (int,), "title": (str,)})
    "field 'year' should be int, not str"
    >>> wrong_type({"n": 10**19}, {"n": (int,)})
    "field 'n' is out of the 64-bit integer range (10000000000000000000)"
    """
    for name, types in expected.items():
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            wanted = " or ".join(t.__name__ for t in types)
            return f"field {name!r} should be {wanted}, not {type(value).__name__}"
        if isinstance(value, int) and not isinstance(value, bool) and not fits_int64(value):
            return f"field {name!r} is out of the 64-bit integer range ({str(value)[:30]})"
    return None

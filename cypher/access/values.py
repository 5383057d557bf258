"""Values crossing the driver: results as plain JSON, parameters checked before sending.

:func:`to_plain` turns driver values (nodes, relationships, paths, temporal
types) into JSON values. :func:`check_params` refuses, as an
:class:`~cypher.access.errors.InputError` with a one-line reason, parameters the
driver cannot send (integers beyond 64 bits, NaN, lone UTF-16 surrogates in a
key or a string at any depth, nesting deeper than :data:`MAX_PARAM_DEPTH`), so
the web console answers 400 and ``explorer query`` exits 2 instead of failing
inside the driver. :func:`check_text` does the same for the query text.
"""

from __future__ import annotations

import math
from typing import Any

from neo4j.graph import Node, Path, Relationship

from cypher.access.errors import InputError

MAX_PARAM_DEPTH = 16
INT64 = (-(2**63), 2**63 - 1)


def to_plain(value: Any) -> Any:
    """Turn driver values (nodes, relationships, paths, dates) into JSON values."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": to_plain(dict(value))}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {"type": value.type, "start": start.get("id") if start is not None else None,
                "end": end.get("id") if end is not None else None,
                "properties": to_plain(dict(value))}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def check_text(text: str, what: str) -> None:
    """Raise :class:`InputError` unless ``text`` is valid Unicode (no lone surrogates).

    >>> check_text("ok", "the query")
    >>> check_text("\\ud800", "the query")
    Traceback (most recent call last):
    ...
    cypher.access.errors.InputError: the query must be valid Unicode (no lone surrogates)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{what} must be valid Unicode (no lone surrogates)") from None


def check_params(value: Any) -> None:
    """Raise :class:`InputError` for parameters the driver cannot send: a key that is
    not text or not valid Unicode, a string with a lone surrogate, an integer beyond
    64 bits, a float that is NaN or infinite, a value of another type, nesting deeper
    than :data:`MAX_PARAM_DEPTH`. Walked without recursion, keys at every depth.

    >>> check_params({"a": [1, 2.5, {"b": "x"}], "c": None})
    >>> check_params({"n": [float("nan")]})
    Traceback (most recent call last):
    ...
    cypher.access.errors.InputError: parameter numbers must be finite (no NaN or Infinity)
    """
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_PARAM_DEPTH:
            raise InputError(f"the parameters are nested more than {MAX_PARAM_DEPTH} deep")
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise InputError("parameter numbers must be finite (no NaN or Infinity)")
        elif isinstance(item, int):
            if not INT64[0] <= item <= INT64[1]:
                raise InputError(f"the parameter integer {str(item)[:30]} does not fit in "
                                 "64 bits")
        elif isinstance(item, str):
            check_text(item, "parameter strings")
        elif isinstance(item, dict):
            for key, inner in item.items():
                if not isinstance(key, str):
                    raise InputError("parameter names and map keys must be text")
                check_text(key, "parameter names and map keys")
                stack.append((inner, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)
        else:
            raise InputError(f"a parameter of type {type(item).__name__} cannot be sent")

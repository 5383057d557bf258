"""Parse request parameters into the views' arguments (a bad one is an InputError: 400)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cypher.access.errors import InputError
from explorer.views.options import DEFAULT_LIMIT, MAX_DEPTH, MAX_LIMIT, parse_types, parse_years
from explorer.views.research_map import parse_kind


def int_arg(args: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within [low, high]."""
    text = args.get(name)
    if text is None or text.strip() == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise InputError(f"{name} must be an integer, got {text!r}") from None
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low} and {high}, got {value}")
    return value


def float_arg(args: Mapping[str, str], name: str, default: float, low: float,
              high: float) -> float:
    text = args.get(name)
    if text is None or text.strip() == "":
        return default
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{name} must be a number, got {text!r}") from None
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low} and {high}, got {value}")
    return value


def _years(text: str | None) -> Any:
    if text and len(text) > 40:
        raise InputError(f"years must look like 2015:2020, got {text[:40]!r}…")
    try:
        return parse_years(text)
    except OverflowError:
        raise InputError(f"years must be years like 2015:2020, got {text!r}") from None


def map_options_from_query(args: Mapping[str, str]) -> dict[str, Any]:
    """The research map's options parsed from a query string: kind, depth, limit, types,
    years (``undated=keep`` keeps undated papers in a year range), resolution, seed."""
    types = args.get("types")
    return {
        "kind": parse_kind(args.get("kind")),
        "depth": int_arg(args, "depth", 1, 1, MAX_DEPTH),
        "limit": int_arg(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        "types": parse_types(types) if types else None,
        "years": _years(args.get("years")),
        "keep_undated": args.get("undated") == "keep",
        "resolution": float_arg(args, "resolution", 1.0, 0.01, 100.0),
        "seed": int_arg(args, "seed", 42, 0, 2**31 - 1),
    }

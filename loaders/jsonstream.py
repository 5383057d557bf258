"""Streaming the items of a top-level JSON array, one at a time, in bounded memory.

Contract of :func:`iter_array_items`: given a text stream positioned at the
start of a JSON document whose first non-blank character is ``[``, yield
``(line, item)`` for each item as soon as it is parsed (minified one-line
arrays of any size included), never holding more than one item plus one read
chunk. ``line`` is the line where the array starts (an incremental parser
gives no position per item). An item larger than ``limit`` bytes, invalid
JSON, nesting deeper than :data:`MAX_DEPTH` or a damaged compressed stream
end the array with one fatal
:class:`Rejection` naming the item's ordinal, after every item before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

import ijson

from loaders.records import Rejection

CHUNK = 64 * 1024
MAX_DEPTH = 512
_DAMAGE = (EOFError, OSError, zlib.error, UnicodeError)


class _TooDeep(Exception):
    """The item being parsed is nested deeper than MAX_DEPTH."""


class _TooLarge(Exception):
    """The item being parsed has grown past the limit."""


class _Reader:
    """A bytes reader over a text stream that refuses to feed one item past ``limit``."""

    def __init__(self, text: IO[str], limit: int):
        self.text = text
        self.limit = limit
        self.total = 0
        self.mark = 0  # bytes read when the last item was complete

    def read(self, size: int = CHUNK) -> bytes:
        if size == 0:
            return b""  # the parser probes for bytes versus text this way
        if self.total - self.mark > self.limit:
            raise _TooLarge
        data = self.text.read(min(size, CHUNK) if size and size > 0 else CHUNK).encode("utf-8")
        self.total += len(data)
        return data


def iter_array_items(text: IO[str], *, file: str, line: int, limit: int
                     ) -> Iterator[tuple[int, object]]:
    """Yield ``(line, item)`` for every item of the array; see the module docstring."""
    reader = _Reader(text, limit)
    count = 0
    try:
        for item in _items(reader):
            count += 1
            reader.mark = reader.total
            yield line, item
    except _TooDeep:
        yield line, Rejection(
            file, line, f"array item {count + 1} is nested deeper than {MAX_DEPTH} levels; "
            "the rest of the array was not read", key=f"item {count + 1}", fatal=True)
    except _TooLarge:
        yield line, Rejection(
            file, line, f"array item {count + 1} is larger than the maximum record size "
            f"({limit:,} bytes, setting EXPLORER_MAX_RECORD_BYTES); the rest of the array "
            "was not read", key=f"item {count + 1}", fatal=True)
    except ijson.JSONError as err:
        yield line, Rejection(
            file, line, f"invalid JSON array after item {count}: {_one_line(err)}",
            key=f"item {count + 1}", fatal=True)
    except _DAMAGE as err:
        yield line, Rejection(
            file, line, f"file is truncated or corrupt after array item {count}: {err}",
            key=f"item {count + 1}", fatal=True)


def _items(reader: _Reader) -> Iterator[object]:
    """The items of the top-level array, built from the parser's plain events
    (its own item builder tracks a path per level: quadratic on deep nesting)."""
    depth = 0
    builder = None
    for event, value in ijson.basic_parse(reader, use_float=True):
        if event in ("start_map", "start_array"):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep
            if depth == 1:
                continue
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return
        elif depth == 1:  # a scalar item
            yield value
            continue
        if builder is None:
            builder = ijson.ObjectBuilder()
        builder.event(event, value)
        if depth == 1:
            yield builder.value
            builder = None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:300]

"""Streaming the items of a top-level JSON array, one at a time, in bounded memory.

This module owns splitting a JSON array into its items. Contract of
:func:`iter_array_items`: given a text stream positioned at the start of a
JSON document whose first non-blank character is ``[`` (that ``[`` being on
line ``line``), yield ``(line, item)`` for each item as soon as its text is
complete, minified one-line arrays of any size included. ``line`` is the
item's own line: the line its first character is on. The stream is read in
chunks of :data:`CHUNK` characters and never more than one item (up to
``limit`` bytes) plus one chunk is held.

A depth-1 item that cannot be used is rejected alone, with its line and its
ordinal (key ``item N``, counting every item of the array), as a non-fatal
:class:`Rejection`, and the items after it are still read: an item larger than
``limit`` bytes (its text is dropped as soon as it grows past the limit but it
is scanned to its end), an item nested deeper than :data:`MAX_DEPTH` levels
(the array counting as one), an item that is not valid JSON (``NaN`` and
``Infinity`` included) and an empty item (``[1,,2]``).

When the structure itself is broken (unbalanced brackets, an unterminated
string, the text ending before the closing ``]``, text after it, or a
damaged compressed stream) one fatal :class:`Rejection` comes after every
item before the damage (an object, array or string item whose text is complete
when the text ends is still yielded).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from typing import IO

from loaders.records import Rejection

CHUNK = 64 * 1024
MAX_DEPTH = 512
_DAMAGE = (EOFError, OSError, zlib.error, UnicodeError)

_STRING = r'"[^"\\]*(?:\\[\s\S][^"\\]*)*"'
# Outside strings, jump to the next character that matters, whole strings included:
# at depth 1 brackets, quotes and the commas between items; deeper, brackets and quotes.
_SKIP_TOP = re.compile(r'[^][{}",]*(?:' + _STRING + r'[^][{}",]*)*')
_SKIP_DEEP = re.compile(r'[^][{}"]*(?:' + _STRING + r'[^][{}"]*)*')
_STRING_REST = re.compile(r'[^"\\]*(?:\\[\s\S][^"\\]*)*')  # inside a string: to its end
_OPENERS = re.compile(r'[\[{]+')
_NON_BLANK = re.compile(r'[^ \t\r\n]')
_LEADING = re.compile(r'\S')


class _Broken(Exception):
    """The structure of the array is broken; the message says how."""


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not allowed in JSON")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _size(piece: str) -> int:
    return len(piece) if piece.isascii() else len(piece.encode("utf-8", "surrogatepass"))


class _Scanner:
    """The state of one array being split, fed one chunk at a time."""

    def __init__(self, file: str, line: int, limit: int):
        self.file, self.limit = file, limit
        self.line = line        # the line at self.lpos of the current chunk
        self.lpos = 0
        self.started = False    # the opening '[' was seen
        self.done = False       # the closing ']' was seen
        self.depth = 0
        self.in_string = False
        self.escape = False     # a backslash ended the last chunk inside a string
        self.count = 0          # items begun so far (the current item's ordinal)
        self.after_comma = False
        self.item_line: int | None = None   # None between items
        self.item_first = ""    # the current item's first character
        self.item_start = 0     # where the current item begins in the current chunk
        self.parts: list[str] = []
        self.size = 0
        self.dropped: str | None = None     # "large" or "deep" once its text is dropped

    def line_at(self, chunk: str, pos: int) -> int:
        self.line += chunk.count("\n", self.lpos, pos)
        self.lpos = pos
        return self.line

    def reject(self, reason: str, *, line: int | None = None, excerpt: str | None = None,
               fatal: bool = False) -> tuple[int, Rejection]:
        where = self.item_line if line is None else line
        where = self.line if where is None else where
        key = f"item {self.count}" if self.started and not self.done else None
        return where, Rejection(self.file, where, reason, key=key, excerpt=excerpt, fatal=fatal)

    def feed(self, chunk: str) -> Iterator[tuple[int, object]]:
        """Yield the items completed in ``chunk``; raise _Broken on broken structure."""
        self.lpos = 0
        pos, end = 0, len(chunk)
        if not self.started:
            found = _LEADING.search(chunk)
            if found is None:
                return
            pos = self.lpos = found.start()
            if chunk[pos] != "[":
                raise _Broken(f"expected a JSON array, found {chunk[pos]!r}")
            self.started, self.depth = True, 1
            pos += 1
        elif self.item_line is not None:
            self.item_start = 0
        if self.escape:
            self.escape = False
            pos = 1
        while pos < end and not self.done:
            if self.in_string:
                pos = _STRING_REST.match(chunk, pos).end()
                if pos == end:
                    break
                if chunk[pos] == "\\":  # the escaped character is in the next chunk
                    self.escape = True
                    pos = end
                    break
                self.in_string = False
                pos += 1
                continue
            if self.item_line is None:
                found = _NON_BLANK.search(chunk, pos)
                if found is None:
                    break
                pos = found.start()
                char = chunk[pos]
                if char in ",]" and self.depth == 1:
                    if char == "," or self.after_comma:
                        self.count += 1
                        yield self.reject(f"array item {self.count} is empty (a stray comma)",
                                          line=self.line_at(chunk, pos))
                    self.after_comma = char == ","
                    self.done = char == "]"
                    pos += 1
                    continue
                self.count += 1
                self.item_line, self.item_first = self.line_at(chunk, pos), char
                self.item_start, self.size, self.dropped = pos, 0, None
                if char in "{[" and (whole := self.whole(chunk, pos)) is not None:
                    stop, value = whole
                    yield self.item_line, value
                    self.item_line = None
                    self.after_comma = chunk[stop] == ","
                    self.done = chunk[stop] == "]"
                    pos = stop + 1
                    continue
            skip = _SKIP_TOP if self.depth == 1 else _SKIP_DEEP
            pos = skip.match(chunk, pos).end()
            if pos == end:
                break
            char = chunk[pos]
            if char == '"':  # a string that goes on into the next chunk
                self.in_string = True
                pos += 1
            elif char in "[{":
                run = _OPENERS.match(chunk, pos).end()
                self.depth += run - pos
                pos = run
                if self.depth > MAX_DEPTH and self.dropped is None:
                    self.dropped, self.parts = "deep", []
            elif self.depth > 1 and char in "]}":
                self.depth -= 1
                pos += 1
            else:  # ',', ']' or '}' at depth 1: the item is complete
                yield self.finish(chunk, pos)
                if char == "}":
                    raise _Broken(f"'}}' at line {self.line_at(chunk, pos)} closes the array")
                self.after_comma = char == ","
                self.done = char == "]"
                pos += 1
        if self.item_line is not None and self.dropped is None:
            self.keep(chunk[self.item_start:])
        self.line_at(chunk, end)
        if self.done and chunk[pos:].strip():
            self.line_at(chunk, _LEADING.search(chunk, pos).start())
            raise _Broken(f"unexpected text after the end of the array at line {self.line}")

    def whole(self, chunk: str, pos: int) -> tuple[int, object] | None:
        """The fast path: an object or array item at ``pos`` that is whole in ``chunk``,
        valid, within the limits and followed in ``chunk`` by the ``,`` or ``]`` that
        ends it, decoded at once: ``(where its text ends, value)``. None when anything
        is in doubt; the scan then finds the item as it always does (and says what is
        wrong with it). ``where`` is the position of that ``,`` or ``]``."""
        try:
            value, stop = _DECODER.raw_decode(chunk, pos)
        except (ValueError, RecursionError):
            return None
        after = _NON_BLANK.search(chunk, stop)
        if after is None or chunk[after.start()] not in ",]":
            return None
        if stop - pos > self.limit // 4 and _size(chunk[pos:stop]) > self.limit:
            return None
        if chunk.count("[", pos, stop) + chunk.count("{", pos, stop) >= MAX_DEPTH:
            return None  # possibly nested too deeply (brackets in strings count too)
        return after.start(), value

    def keep(self, piece: str) -> None:
        self.size += _size(piece)
        if self.size > self.limit:
            self.dropped, self.parts = "large", []
        else:
            self.parts.append(piece)

    def finish(self, chunk: str, pos: int) -> tuple[int, object]:
        """The current item, ending at ``pos`` of ``chunk``, decoded or rejected."""
        line, number = self.item_line, self.count
        self.item_line = None
        if self.dropped is None:
            self.keep(chunk[self.item_start:pos])
        parts, self.parts = self.parts, []
        if self.dropped is None:
            text = parts[0] if len(parts) == 1 else "".join(parts)
            try:
                return line, _DECODER.decode(text)
            except json.JSONDecodeError as err:
                where = line + err.lineno - 1
                reason = f"array item {number} is not valid JSON: {err.msg} (line {where})"
            except RecursionError:
                reason = f"array item {number} is nested too deeply to decode"
            except ValueError as err:
                reason = f"array item {number} is not valid JSON: {err}"
            return self.reject(reason, line=line, excerpt=text.strip()[:200])
        if self.dropped == "large":
            return self.reject(
                f"array item {number} is larger than the maximum record size "
                f"({self.limit:,} bytes, setting EXPLORER_MAX_RECORD_BYTES)", line=line)
        return self.reject(f"array item {number} is nested deeper than {MAX_DEPTH} levels",
                           line=line)

    def ending(self) -> Iterator[tuple[int, object]]:
        """What is due when the text has ended: a last complete item, a fatal rejection."""
        if not self.started:
            yield self.reject("no JSON array found", line=self.line, fatal=True)
            return
        if self.done:
            return
        if (self.item_line is not None and not self.in_string and self.depth == 1
                and self.item_first in '{["'):
            self.item_start = 0
            yield self.finish("", 0)  # its text is complete; only the array is not
        if self.item_line is None:
            self.count += 1
            yield self.reject(f"invalid JSON array: the text ends before array item "
                              f"{self.count} or the closing ']'", line=self.line, fatal=True)
            return
        what = "an unterminated string" if self.in_string else "unbalanced brackets"
        yield self.reject(f"invalid JSON array: the text ends inside array item {self.count} "
                          f"({what} or a truncated file)", fatal=True)


def iter_array_items(text: IO[str], *, file: str, line: int, limit: int,
                     label: str = "damaged data") -> Iterator[tuple[int, object]]:
    """Yield ``(line, item)`` for every item of the array; see the module docstring.
    A damaged stream's rejection starts with ``label`` (``damaged gzip data``)."""
    scanner = _Scanner(file, line, limit)
    while True:
        try:
            chunk = text.read(CHUNK)
            if not chunk:
                text.read(1)  # the end: a damaged stream raises its damage now
        except _DAMAGE as err:
            done = scanner.count - (scanner.item_line is not None)
            where = f"after array item {done}" if done else "before its first array item"
            yield scanner.line, Rejection(file, scanner.line, f"{label} {where}: {err}",
                                          key=f"item {done + 1}", fatal=True)
            return
        if not chunk:
            break
        try:
            yield from scanner.feed(chunk)
        except _Broken as err:
            if scanner.item_line is None and not scanner.done:
                scanner.count += 1
            yield scanner.reject(f"invalid JSON array: {err}", fatal=True)
            return
    yield from scanner.ending()


_TOKEN = re.compile(_STRING + r'|[][{}:,]|[-\w.+]+')  # strings, structure, scalars


def page_item_lines(text: str, keys: tuple[str, ...]) -> dict[str, list[int]]:
    """The line each item starts on, for every array under one of ``keys`` at the top
    level of the JSON object ``text`` (a pretty-printed API page's ``results``):
    ``{"results": [3, 12, 21]}``. ``text`` has already been decoded whole, so it is
    well formed; it is scanned once, its strings jumped over whole."""
    found: dict[str, list[int]] = {}
    depth, previous, key, current = 0, " ", None, None
    at = [0, 1]  # a position and its line, counted on from there

    def line_of(pos: int) -> int:
        at[1] += text.count("\n", at[0], pos)
        at[0] = pos
        return at[1]

    for token in _TOKEN.finditer(text):
        char = token.group()[0]
        if char not in '"[]{}:,':
            char = "0"  # a number, true, false or null
        if char in '"0':
            if depth == 1 and previous in "{,":
                key = token.group()
            elif current is not None and depth == 2 and previous in "[,":
                current.append(line_of(token.start()))
        elif char in "[{":
            if current is not None and depth == 2 and previous in "[,":
                current.append(line_of(token.start()))
            if char == "[" and depth == 1 and previous == ":" and key is not None:
                name = json.loads(key)
                current = found.setdefault(name, []) if name in keys else None
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 1:
                current = None
        previous = char
    return found

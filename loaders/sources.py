"""Opening inputs: files, folders and zip archives expanded, first lines, JSON records.

Contracts:

* :func:`open_text` and :func:`read_text` (from :mod:`loaders.textfiles`, used
  through this module) read plain, gzip or bzip2 files, and zip members, as text.
* :func:`iter_input_files` expands directories recursively, sorted, skipping
  what holds no records (hidden files, ``README*``, licences, an OpenAlex
  snapshot's ``manifest`` and ``merged_ids``); a zip archive (judged by content) is read as a
  folder, its members in place (:mod:`loaders.archives`).
* :func:`head_lines`, :func:`looks_like_json` and :func:`json_samples` give
  what format detection (:mod:`loaders.formats`) judges: the first non-blank
  lines, whether the text is JSON, and the first few JSON records that decode
  (with the first item of each API page), whatever comes before them.
* :func:`iter_json_objects` yields ``(line, object)`` from a JSON document or
  JSON Lines, with rejections for lines that do not decode; a top-level array
  is streamed item by item (:mod:`loaders.jsonstream`). A text is JSON Lines
  (:func:`is_json_lines`) when its first lines mostly decode alone as objects
  (or its name says so: ``.jsonl``, ``.ndjson``), so a bad first line (cut
  off, ``null``, garbage, over-long) is one rejection and the lines after it
  are read.
* Memory is bounded whatever the input: no line, array item or document
  longer than the maximum record size (``EXPLORER_MAX_RECORD_BYTES``) is ever
  held; an over-long line becomes a (non-fatal) rejection naming its line and
  reading goes on after it. RIS files stream one record at a time; BibTeX
  files are read whole (``@string`` macros and ``crossref`` span a file and
  the files of one load), so a BibTeX load holds its files' text.

A path that is missing or unreadable raises
:class:`cypher.access.errors.InputError` naming it; device files, pipes and
sockets are refused by name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from cypher.access.errors import InputError
from cypher.access.settings import max_record_bytes
from loaders import archives
from loaders.jsonstream import iter_array_items, page_item_lines
from loaders.records import Rejection
from loaders.textfiles import Input, damage_label, first_char, open_stream, open_text, read_text

__all__ = ["Input", "PageLines", "head_lines", "is_json_lines", "iter_input_files",
           "iter_json_objects", "json_named", "json_samples", "looks_like_json", "open_text",
           "read_text"]

SNIFF_LINES = 300
JSON_SAMPLE_LINES = 30  # lines that tell JSON Lines from a document
JSON_SAMPLE_RECORDS = 10  # records whose kinds decide a JSON file's format


def _skipped(path: Path, root: Path) -> bool:
    """True for what holds no records under ``root`` (:func:`archives.not_records`)."""
    return archives.not_records(path.relative_to(root).parts)


def _expanded(path: Path) -> Iterator[Input]:
    """A file, or the members of a zip archive in place of it."""
    if archives.is_zip(path):
        yield from archives.members(path)
    else:
        yield path  # a device or pipe is refused by name when it is opened


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Input]:
    """Yield input files: files as given, directories expanded recursively, zip
    archives (by content, wherever they are) expanded to their members.

    Directory and archive contents are sorted and skip what holds no records
    (:func:`archives.not_records`); a file named explicitly is always yielded. A missing path
    raises InputError.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = (p for p in path.rglob("*") if not p.is_dir() and not _skipped(p, path))
            for file in sorted(found):
                yield from _expanded(file)
        elif path.exists():
            yield from _expanded(path)
        else:
            raise InputError(f"{path}: no such file or directory")


def head_lines(path: Input, limit: int = SNIFF_LINES) -> list[str]:
    """Return up to ``limit`` non-blank lines from the start of ``path`` (line ends
    removed; reading stops at the first over-long or damaged line)."""
    head: list[str] = []
    with open_text(path) as lines:
        for line in lines:
            if isinstance(line, Rejection):
                break
            if line.strip():
                head.append(line.rstrip("\r\n"))
                if len(head) >= limit:
                    break
    return head


JSON_LINES_NAMES = (".jsonl", ".ndjson", ".jsonlines")
JSON_NAMES = (".json", *JSON_LINES_NAMES)
_PACKED = (".gz", ".bz2")


def _suffix_named(path: Input, suffixes: tuple[str, ...]) -> bool:
    """True when the name of ``path`` ends in one of ``suffixes`` (a .gz or .bz2
    after it set aside)."""
    name = path.name.lower()
    for packed in _PACKED:
        name = name.removesuffix(packed)
    return name.endswith(suffixes)


def json_named(path: Input) -> bool:
    """True when the file name of ``path`` says JSON or JSON Lines (``x.json``,
    ``x.jsonl.gz``, ``x.ndjson``)."""
    return _suffix_named(path, JSON_NAMES)


def _decodes_to(line: str) -> object:
    """What ``line`` decodes to alone; a Rejection (never raised) when it does not."""
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as err:
        return Rejection(None, None, str(err))


def _line_votes(path: Input, limit: int, *, first: bool = True) -> tuple[bool, int, int]:
    """Of the first ``limit`` non-blank lines of ``path`` (over-long ones not
    counted): whether the first decodes alone or looks like one object, how many
    decode alone to a JSON object, and how many were looked at. A line that cannot
    be an object (it does not start with ``{``) is decoded only when it is the first
    and ``first`` says that its answer matters (a minified array is one long line)."""
    first_alone, objects, seen = False, 0, 0
    with open_text(path) as lines:
        for line in lines:
            if isinstance(line, Rejection):
                if line.fatal:
                    break
                continue  # an over-long line: neither way
            stripped = line.strip()
            if not stripped:
                continue
            decoded = (_decodes_to(stripped) if stripped[0] == "{" or (seen == 0 and first)
                       else None)
            if seen == 0:
                looks_whole = stripped[0] == "{" and stripped[-1] == "}" and len(stripped) > 2
                first_alone = not isinstance(decoded, Rejection) or looks_whole
            objects += isinstance(decoded, dict)
            seen += 1
            if seen >= limit:
                break
    return first_alone, objects, seen


def _mostly_objects(objects: int, seen: int) -> bool:
    """Enough lines that decode alone to JSON objects to call a text JSON Lines: three
    or more, or at least half of those looked at (a pretty-printed document or
    array has at most a stray one: the last item of a list, on a line of its own)."""
    return objects >= 3 or (objects > 0 and objects * 2 >= seen)


def is_json_lines(path: Input, limit: int = JSON_SAMPLE_LINES) -> bool:
    """True when ``path`` is JSON Lines rather than one JSON document or array.

    It is when its first ``limit`` non-blank lines are mostly JSON objects
    (:func:`_mostly_objects`); else, unless it starts with ``[`` (an array), when
    its first non-blank line decodes alone (or is one ``{...}``) or its name
    says so (``.jsonl``, ``.ndjson``, ``.jsonlines``). A first line that is
    cut off, ``null``, garbage (``[oops`` too) or too long does not turn the
    file into a document or an array that fails whole.
    """
    opens_array = first_char(path)[0] == "["
    first_alone, objects, seen = _line_votes(path, limit, first=not opens_array)
    if _mostly_objects(objects, seen):
        return True
    if opens_array:
        return False
    return first_alone or _suffix_named(path, JSON_LINES_NAMES)


def looks_like_json(path: Input, limit: int = JSON_SAMPLE_LINES) -> bool:
    """True when the text of ``path`` is JSON by its content: its first non-blank
    character opens an object or an array, or its first ``limit`` non-blank
    lines are mostly JSON objects (JSON Lines whose first line is ``null``,
    garbage or cut off)."""
    if first_char(path)[0] in ("{", "["):
        return True
    _, objects, seen = _line_votes(path, limit, first=False)
    return _mostly_objects(objects, seen)


def json_samples(path: Input, records: int = JSON_SAMPLE_RECORDS
                 ) -> Iterator[tuple[dict, dict | None]]:
    """The first ``records`` JSON objects of ``path`` that decode, one at a time,
    each with the first item of its API page (``results`` or ``data``) or None.

    Rejected records (cut off, garbage, over-long) and values that are not
    objects (``null``, numbers) before and between them are passed over;
    reading stops at damage.
    """
    found = 0
    for _, obj in iter_json_objects(path):
        if isinstance(obj, Rejection):
            if obj.fatal:
                return
            continue
        if not isinstance(obj, dict):
            continue
        item = None
        for wrapper in ("results", "data"):
            items = obj.get(wrapper)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                item = items[0]
                break
        yield obj, item
        found += 1
        if found >= records:
            return


def _decode_line(path: Input, number: int, line: str) -> tuple[int, object]:
    try:
        return number, json.loads(line)
    except (ValueError, RecursionError) as err:
        reason = f"invalid JSON: {err}"
        return number, Rejection(str(path), number, reason, excerpt=line.strip()[:200])


def _json_lines(path: Input, lines: Iterator[str | Rejection]) -> Iterator[tuple[int, object]]:
    """Yield JSON Lines records: each non-blank line decoded alone, each bad or
    over-long line one rejection at its line, reading on after it (not after damage)."""
    number = 0
    for line in lines:
        number += 1
        if isinstance(line, Rejection):
            yield number, line
            if line.fatal:
                return
            continue
        if line.strip():
            yield _decode_line(path, number, line)


class PageLines:
    """The lines of the items of a pretty-printed API page (``results``, ``data``),
    found while :func:`iter_json_objects` reads the page as one document, and
    stamped on the records and rejections a parser made of them (keyed
    ``results[3]``), which otherwise all carry the page's first line."""

    KEYS = ("results", "data", "recommendedPapers")
    _ITEM = re.compile(r"^(results|data|recommendedPapers)\[(\d+)\]$")

    def __init__(self) -> None:
        self.lines: dict[str, list[int]] = {}

    def note(self, text: str, doc: object) -> None:
        """Find the lines of ``doc``'s page items in its ``text`` (a page of several lines)."""
        if isinstance(doc, dict) and "\n" in text.strip() and any(
                isinstance(doc.get(key), list) for key in self.KEYS):
            found = page_item_lines(text, self.KEYS)
            self.lines = {key: lines for key, lines in found.items()
                          if isinstance(doc.get(key), list) and len(lines) == len(doc[key])}

    def relined(self, items: Iterable) -> Iterator:
        """``items`` with each page item's record or rejection at the item's own line."""
        for item in items:
            key = getattr(item, "key", None)
            match = self._ITEM.match(key) if self.lines and isinstance(key, str) else None
            if match and match.group(1) in self.lines:
                item = replace(item, line=self.lines[match.group(1)][int(match.group(2))])
            yield item


def _json_document(path: Input, lines: Iterator[str | Rejection],
                   pages: PageLines | None = None) -> Iterator[tuple[int, object]]:
    """Yield one JSON document (its items for an array) at the line it starts on; a
    document longer than the maximum record size is one fatal rejection. The
    lines of an API page's items go to ``pages``."""
    parts: list[str] = []
    size, limit, start = 0, max_record_bytes(), None
    for number, line in enumerate(lines, 1):
        if isinstance(line, Rejection):
            yield line.line or number, Rejection(line.file, line.line, line.reason, fatal=True)
            return
        if start is None and line.strip():
            start = number
        size += len(line)
        if size > limit:
            yield start or 1, Rejection(
                str(path), start or 1, "JSON document longer than the maximum record size "
                f"({limit:,} bytes, setting EXPLORER_MAX_RECORD_BYTES)", fatal=True)
            return
        parts.append(line)
    if start is None:
        return
    text = "".join(parts)
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as err:
        where = getattr(err, "lineno", start)
        yield where, Rejection(str(path), where, f"invalid JSON document: {err}", fatal=True)
        return
    if pages is not None:
        pages.note(text, doc)
    del text, parts
    for item in doc if isinstance(doc, list) else [doc]:
        yield start, item


def iter_json_objects(path: str | Input, pages: PageLines | None = None
                      ) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, object)`` from a JSON document or JSON Lines file.

    JSON Lines (:func:`is_json_lines`): one object per line with its line
    number; a line that does not decode (cut off, garbage) or is longer than
    the maximum record size yields ``(n, Rejection)`` and reading goes on,
    the first line included. A single document (pretty-printed) yields
    ``(line, document)`` at the line it starts on; a top-level array (minified
    or not) is streamed, each item at the line it starts on; an item past the
    record size limit or that does not decode is rejected alone. A broken
    document yields one fatal rejection. A damaged .gz/.bz2 ends with a fatal
    rejection naming the damage after the records before it. For a page read
    as one document, ``pages`` (when given) learns its items' lines.
    """
    path = Path(path) if isinstance(path, str) else path
    char, line = first_char(path)
    json_lines = is_json_lines(path)
    if char == "[" and not json_lines:
        with open_stream(path) as text:
            yield from iter_array_items(text, file=str(path), line=line,
                                        limit=max_record_bytes(), label=damage_label(path))
        return
    with open_text(path) as lines:
        yield from _json_lines(path, lines) if json_lines else _json_document(path, lines, pages)

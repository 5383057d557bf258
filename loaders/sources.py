"""Opening inputs: files, folders and zip archives expanded, first lines, JSON records.

Contracts:

* :func:`open_text` and :func:`read_text` (from :mod:`loaders.textfiles`, used
  through this module) read plain, gzip or bzip2 files, and zip members, as text.
* :func:`iter_input_files` expands directories recursively, sorted, skipping
  hidden files and ``README*``; a zip archive (judged by content) is read as a
  folder, its members in place (:mod:`loaders.archives`).
* :func:`head_lines` and :func:`first_json_records` give what format
  detection (:mod:`loaders.formats`) judges: the first non-blank lines, the
  first JSON record and the first item of an API page.
* :func:`iter_json_objects` yields ``(line, object)`` from a JSON document or
  JSON Lines, with rejections for lines that do not decode; a top-level array
  is streamed item by item (:mod:`loaders.jsonstream`).
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
from collections.abc import Iterable, Iterator
from pathlib import Path

from cypher.access.errors import InputError
from cypher.access.settings import max_record_bytes
from loaders import archives
from loaders.jsonstream import iter_array_items
from loaders.records import Rejection
from loaders.textfiles import Input, first_char, open_stream, open_text, read_text

__all__ = ["Input", "first_json_records", "head_lines", "iter_input_files",
           "iter_json_objects", "open_text", "read_text"]

SNIFF_LINES = 300


def _skipped(path: Path, root: Path) -> bool:
    """True for hidden files (or files in hidden folders) and READMEs under ``root``."""
    parts = path.relative_to(root).parts
    return any(p.startswith(".") for p in parts) or path.name.upper().startswith("README")


def _expanded(path: Path) -> Iterator[Input]:
    """A file, or the members of a zip archive in place of it."""
    if archives.is_zip(path):
        yield from archives.members(path)
    else:
        yield path  # a device or pipe is refused by name when it is opened


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Input]:
    """Yield input files: files as given, directories expanded recursively, zip
    archives (by content, wherever they are) expanded to their members.

    Directory and archive contents are sorted and skip hidden entries and
    ``README*``; a file named explicitly is always yielded. A missing path
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


def first_json_records(path: Input) -> list[tuple[object, bool]]:
    """The first JSON record of ``path`` and, for an API page (``results`` or
    ``data``), its first item, each with whether it is a page's item; empty when
    the first record does not decode. Over-long or broken lines before it are
    passed over."""
    first = None
    for _, obj in iter_json_objects(path):
        if isinstance(obj, Rejection) and not obj.fatal:
            continue  # an over-long or broken line: judge by the next record
        first = obj
        break
    if first is None or isinstance(first, Rejection):
        return []
    candidates = [(first, False)]
    if isinstance(first, dict):
        for wrapper in ("results", "data"):
            items = first.get(wrapper)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                candidates.append((items[0], True))
    return candidates


def _first_content(lines: Iterator[str | Rejection]) -> tuple[int, str | Rejection | None]:
    """Advance to the first non-blank line; return (line number, line)."""
    number = 0
    for line in lines:
        number += 1
        if isinstance(line, Rejection) or line.strip():
            return number, line
    return number, None


def _decode_line(path: Input, number: int, line: str) -> tuple[int, object]:
    try:
        return number, json.loads(line)
    except (ValueError, RecursionError) as err:
        reason = f"invalid JSON: {err}"
        return number, Rejection(str(path), number, reason, excerpt=line.strip()[:200])


def _json_lines(path: Input, number: int, first: str,
                lines: Iterator[str | Rejection]) -> Iterator[tuple[int, object]]:
    """Yield JSON Lines records, the first line already read."""
    yield _decode_line(path, number, first)
    for line in lines:
        number += 1
        if isinstance(line, Rejection):
            yield number, line
            if line.fatal:
                return
            continue
        if line.strip():
            yield _decode_line(path, number, line)


def _json_document(path: Input, first: str,
                   lines: Iterator[str | Rejection]) -> Iterator[tuple[int, object]]:
    """Yield one JSON document (its items for an array), all at line 1; a document
    longer than the maximum record size is one fatal rejection."""
    parts = [first]
    size, limit = len(first), max_record_bytes()
    for line in lines:
        if isinstance(line, Rejection):
            yield line.line or 1, Rejection(line.file, line.line, line.reason, fatal=True)
            return
        size += len(line)
        if size > limit:
            yield 1, Rejection(str(path), 1, "JSON document longer than the maximum record size "
                               f"({limit:,} bytes, setting EXPLORER_MAX_RECORD_BYTES)", fatal=True)
            return
        parts.append(line)
    try:
        doc = json.loads("".join(parts))
    except (ValueError, RecursionError) as err:
        where = getattr(err, "lineno", 1)
        yield where, Rejection(str(path), where, f"invalid JSON document: {err}", fatal=True)
        return
    if isinstance(doc, list):
        for item in doc:
            yield 1, item
    else:
        yield 1, doc


def iter_json_objects(path: str | Input) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, object)`` from a JSON document or JSON Lines file.

    JSON Lines (the first non-blank line decodes by itself): one object per
    line with its line number; a line that does not decode yields
    ``(n, Rejection)`` and reading goes on. A single document (pretty-printed,
    first line not decodable alone) yields ``(1, document)``; a top-level array
    (minified or not) is streamed, each item at the line it starts on; an item
    past the record size limit or that does not decode is rejected alone. A
    broken document yields one fatal rejection.
    A damaged .gz/.bz2 ends with a fatal rejection after the records before it.
    """
    path = Path(path) if isinstance(path, str) else path
    char, line = first_char(path)
    if char == "[":
        with open_stream(path) as text:
            yield from iter_array_items(text, file=str(path), line=line,
                                        limit=max_record_bytes())
        return
    with open_text(path) as lines:
        number, first = _first_content(lines)
        if first is None:
            return
        if isinstance(first, Rejection):
            yield number, first
            return
        try:
            json.loads(first)
        except (ValueError, RecursionError):
            stripped = first.strip()
            if stripped.startswith("{") and stripped.endswith("}") and len(stripped) > 2:
                yield from _json_lines(path, number, first, lines)
            else:
                first_line = "\n" * (number - 1) + first
                yield from _json_document(path, first_line, lines)
            return
        yield from _json_lines(path, number, first, lines)

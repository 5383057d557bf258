"""Opening inputs: directories, format sniffing, JSON records.

Contracts:

* :func:`open_text` and :func:`read_text` (from :mod:`loaders.textfiles`, used
  through this module) read plain, gzip or bzip2 files as text.
* :func:`iter_input_files` expands directories recursively, sorted, skipping
  hidden files and ``README*``.
* :func:`detect_format` sniffs the content and returns a format name, or
  raises :class:`UnknownFormat`.
* :func:`iter_json_objects` yields ``(line, object)`` from a JSON document or
  JSON Lines, with rejections for lines that do not decode; a top-level array
  is streamed item by item (:mod:`loaders.jsonstream`).
* Memory is bounded whatever the input: no line, array item or document
  longer than the maximum record size (``EXPLORER_MAX_RECORD_BYTES``) is ever
  held; an over-long line becomes a (non-fatal) rejection naming its line and
  reading goes on after it. RIS files stream one record at a time; BibTeX
  files are read whole (``@string`` macros and ``crossref`` span a file and
  the files of one load), so a BibTeX load holds its files' text.

A path that is missing or unreadable raises :class:`InputError` naming it;
device files, pipes and sockets are refused by name.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from cypher.access.settings import max_record_bytes
from loaders.jsonstream import iter_array_items
from loaders.records import Rejection
from loaders.textfiles import (
    InputError,
    binary_reason,
    first_char,
    open_stream,
    open_text,
    read_text,
)

__all__ = ["FORMATS", "InputError", "UnknownFormat", "detect_format", "iter_input_files",
           "iter_json_objects", "open_text", "read_text"]

FORMATS = (
    "openalex", "openalex-entity", "s2", "s2-bulk", "arxiv", "native",
    "bibtex", "ris", "edges",
)
SNIFF_LINES = 300
_BIBTEX_BLOCK = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_RIS_START = re.compile(r"^\ufeff?TY[ \t]+-(?:[ \t]|$)")


class UnknownFormat(Exception):
    """The content of ``path`` matches none of the known formats."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: unknown input format: {reason}")
        self.path = str(path)
        self.reason = reason


def _skipped(path: Path, root: Path) -> bool:
    """True for hidden files (or files in hidden folders) and READMEs under ``root``."""
    parts = path.relative_to(root).parts
    return any(p.startswith(".") for p in parts) or path.name.upper().startswith("README")


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield input files: files as given, directories expanded recursively.

    Directory contents are sorted and skip hidden entries and ``README*``;
    a file named explicitly is always yielded. A missing path raises
    :class:`InputError`.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = (p for p in path.rglob("*") if not p.is_dir() and not _skipped(p, path))
            yield from sorted(found)
        elif path.exists():
            yield path  # a device or pipe is refused by name when it is opened
        else:
            raise InputError(path, "no such file or directory")


def _head(path: Path, limit: int = SNIFF_LINES) -> list[str]:
    """Return up to ``limit`` non-blank lines from the start of ``path``."""
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


def _json_candidates(path: Path) -> list[object]:
    """Return the first JSON record of ``path`` and, for API pages, its first item."""
    first = None
    for _, obj in iter_json_objects(path):
        if isinstance(obj, Rejection) and not obj.fatal:
            continue  # an over-long or broken line: judge by the next record
        first = obj
        break
    if first is None or isinstance(first, Rejection):
        return []
    candidates = [first]
    if isinstance(first, dict):
        for wrapper in ("results", "data"):
            items = first.get(wrapper)
            if isinstance(items, list) and items and isinstance(items[0], dict):
                candidates.append(items[0])
    return candidates


_JSON_CHECKS = (  # (format, module, predicate), tried in this order
    ("native", "loaders.native", "looks_like"),
    ("openalex", "loaders.openalex", "looks_like_work"),
    ("openalex-entity", "loaders.openalex", "looks_like_entity"),
    ("s2", "loaders.semantic_scholar", "looks_like_graph_api"),
    ("s2-bulk", "loaders.semantic_scholar", "looks_like_bulk"),
    ("arxiv", "loaders.arxiv", "looks_like"),
)


def _json_checks() -> tuple[list[tuple[str, object]], list[str]]:
    """Return the (format, predicate) pairs available and the modules missing.

    The format modules are imported lazily, and one that is missing only
    disables its own formats.
    """
    import importlib

    checks, missing = [], []
    for name, module_name, function in _JSON_CHECKS:
        try:
            module = importlib.import_module(module_name)
            checks.append((name, getattr(module, function)))
        except (ImportError, AttributeError):
            missing.append(f"{module_name}.{function}")
    return checks, missing


def _detect_json(path: Path) -> str:
    candidates = _json_candidates(path)
    if not candidates:
        raise UnknownFormat(path, "starts like JSON but its first record does not decode")
    checks, missing = _json_checks()
    for obj in candidates:
        for name, check in checks:
            if check(obj):
                return name
    keys = sorted(candidates[-1])[:8] if isinstance(candidates[-1], dict) else []
    note = f"; not available: {', '.join(missing)}" if missing else ""
    raise UnknownFormat(path, f"JSON record of no known kind (keys: {', '.join(keys)}){note}")


def _looks_like_edges(head: list[str]) -> bool:
    from loaders.edges import looks_like_edges

    return looks_like_edges(head)


def detect_format(path: str | Path) -> str:
    """Return the format of ``path`` judged by its content (see :data:`FORMATS`).

    JSON (first character ``{`` or ``[``) is classified by the format
    modules' ``looks_like*`` functions on the first record (and the first item
    of an API page's ``results``/``data``); RIS by a ``TY  -`` line and
    BibTeX by an ``@type{`` line among the first lines; an edge list by its
    first rows of two id columns. Node tables (``id<TAB>year``) also sniff as
    ``"edges"``: the caller must say when a file is a node table.
    Raises :class:`UnknownFormat` otherwise, :class:`InputError` when unreadable.
    """
    path = Path(path)
    binary = binary_reason(path)
    if binary:
        raise UnknownFormat(path, binary)
    if os.stat(path).st_size == 0:
        raise UnknownFormat(path, "file is empty (0 bytes)")
    if first_char(path)[0] in ("{", "["):
        return _detect_json(path)
    head = _head(path)
    if not head:
        raise UnknownFormat(path, "file is empty")
    if any(_RIS_START.match(line) for line in head):
        return "ris"
    if any(_BIBTEX_BLOCK.match(line) for line in head):
        return "bibtex"
    if _looks_like_edges(head):
        return "edges"
    raise UnknownFormat(path, f"first line matches no known format: {head[0][:80]!r}")


def _first_content(lines: Iterator[str | Rejection]) -> tuple[int, str | Rejection | None]:
    """Advance to the first non-blank line; return (line number, line)."""
    number = 0
    for line in lines:
        number += 1
        if isinstance(line, Rejection) or line.strip():
            return number, line
    return number, None


def _decode_line(path: Path, number: int, line: str) -> tuple[int, object]:
    try:
        return number, json.loads(line)
    except (ValueError, RecursionError) as err:
        reason = f"invalid JSON: {err}"
        return number, Rejection(str(path), number, reason, excerpt=line.strip()[:200])


def _json_lines(path: Path, number: int, first: str,
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


def _json_document(path: Path, first: str,
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


def iter_json_objects(path: str | Path) -> Iterator[tuple[int, object]]:
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
    path = Path(path)
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

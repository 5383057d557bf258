"""Opening inputs: compressed files, directories, format sniffing, JSON records.

Contracts:

* :func:`open_text` opens a plain, gzip or bzip2 file (compression is sniffed
  from the magic bytes, not the name) as UTF-8 text, a leading BOM removed and
  undecodable bytes replaced by U+FFFD (no rejection: one bad byte should not
  cost a file). Lines keep their ``"\\n"`` ending (CRLF is folded to LF). When
  the compressed stream is damaged, the iterator yields every line before the
  damage and then one ``Rejection(fatal=True)`` instead of raising.
* :func:`read_text` gives the whole text plus that fatal rejection, if any.
* :func:`iter_input_files` expands directories recursively, sorted, skipping
  hidden files and ``README*``.
* :func:`detect_format` sniffs the content and returns a format name, or
  raises :class:`UnknownFormat`.
* :func:`iter_json_objects` yields ``(line, object)`` from a JSON document or
  JSON Lines, with rejections for lines that do not decode.

A path that is missing or unreadable raises :class:`InputError` naming it.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from loaders.records import Rejection

FORMATS = (
    "openalex", "openalex-entity", "s2", "s2-bulk", "arxiv", "native",
    "bibtex", "ris", "edges",
)
SNIFF_LINES = 300
_DAMAGE = (EOFError, OSError, zlib.error, ValueError)
_BIBTEX_BLOCK = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")
_RIS_START = re.compile(r"^\ufeff?TY[ \t]+-(?:[ \t]|$)")


class InputError(OSError):
    """A path could not be opened or read; ``path`` names it (an OSError)."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class UnknownFormat(Exception):
    """The content of ``path`` matches none of the known formats."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: unknown input format: {reason}")
        self.path = str(path)
        self.reason = reason


def _opener(path: Path):
    """Return a function opening ``path`` as a binary stream, by magic bytes."""
    try:
        with open(path, "rb") as raw:
            magic = raw.read(3)
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror or err}") from err
    if magic[:2] == b"\x1f\x8b":
        return gzip.open
    if magic == b"BZh":
        return bz2.open
    return open


def _lines(stream: io.TextIOBase, path: Path) -> Iterator[str | Rejection]:
    """Yield the lines of ``stream``; a damaged stream ends with a fatal rejection.

    A last line without a line end is held back until the stream is known to
    end cleanly: before damage it is a cut-off fragment and is dropped.
    """
    count = 0
    pending = None
    try:
        for line in stream:
            if not line.endswith("\n"):
                pending = line
                continue
            count += 1
            yield line
        if pending is not None:
            yield pending
    except _DAMAGE as err:
        reason = f"file is truncated or corrupt after line {count}: {err}"
        yield Rejection(str(path), count + 1, reason, fatal=True)


@contextmanager
def open_text(path: str | Path) -> Iterator[Iterator[str | Rejection]]:
    """Open a plain/.gz/.bz2 file; give an iterator over its text lines.

    The iterator yields ``str`` lines, and as its last item a fatal
    :class:`Rejection` when a compressed stream is truncated or corrupt.
    Raises :class:`InputError` for a missing or unreadable path.
    """
    path = Path(path)
    opener = _opener(path)
    try:
        binary = opener(path, "rb")
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror or err}") from err
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline=None)
    try:
        yield _lines(text, path)
    finally:
        try:
            text.close()
        except _DAMAGE:
            pass


def read_text(path: str | Path) -> tuple[str, Rejection | None]:
    """Return the whole text of ``path`` and the fatal rejection if it is damaged."""
    parts: list[str] = []
    with open_text(path) as lines:
        for line in lines:
            if isinstance(line, Rejection):
                return "".join(parts), line
            parts.append(line)
    return "".join(parts), None


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
            found = (p for p in path.rglob("*") if p.is_file() and not _skipped(p, path))
            yield from sorted(found)
        elif path.is_file():
            yield path
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
    head = _head(path)
    if not head:
        raise UnknownFormat(path, "file is empty")
    if head[0].lstrip().startswith(("{", "[")):
        return _detect_json(path)
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
            return
        if line.strip():
            yield _decode_line(path, number, line)


def _json_document(path: Path, first: str,
                   lines: Iterator[str | Rejection]) -> Iterator[tuple[int, object]]:
    """Yield one JSON document (its items for an array), all at line 1."""
    parts = [first]
    for line in lines:
        if isinstance(line, Rejection):
            yield line.line or 1, line
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
    yields each item at line 1. A broken document yields one fatal rejection.
    A damaged .gz/.bz2 ends with a fatal rejection after the records before it.
    """
    path = Path(path)
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

"""Reading input files as text in bounded memory: opening, decompressing, lines.

Contracts:

* :func:`open_text` opens a plain, gzip or bzip2 file (compression is sniffed
  from the magic bytes, not the name) as UTF-8 text, a leading BOM removed and
  undecodable bytes replaced by U+FFFD (no rejection: one bad byte should not
  cost a file). Lines keep their ``"\\n"`` ending (CRLF is folded to LF). When
  the compressed stream is damaged, the iterator yields every line before the
  damage and then one ``Rejection(fatal=True)`` instead of raising.
* No line longer than the maximum record size (``EXPLORER_MAX_RECORD_BYTES``)
  is ever held: it is read past in bounded pieces and yields a non-fatal
  rejection naming its line, and reading goes on after it.
* :func:`read_text` gives the whole text plus that fatal rejection, if any.
* Only regular files are opened: devices (``/dev/zero``), pipes and sockets
  are refused by name (:class:`InputError`), as is a missing path.
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cypher.access.settings import max_record_bytes
from loaders.records import Rejection

_DAMAGE = (EOFError, OSError, zlib.error, ValueError)


class InputError(OSError):
    """A path could not be opened or read; ``path`` names it (an OSError)."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason



def _opener(path: Path):
    """Return a function opening ``path`` as a binary stream, by magic bytes.

    Only regular files are opened: reading a device (``/dev/zero``), a pipe or
    a socket could never end, so they are refused by name.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror or err}") from err
    if not stat.S_ISREG(mode):
        raise InputError(path, "not a regular file (a device, pipe or socket): refused")
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


def _lines(stream: io.TextIOBase, path: Path, limit: int) -> Iterator[str | Rejection]:
    """Yield the lines of ``stream``; a damaged stream ends with a fatal rejection.

    A line longer than ``limit`` characters is read past in bounded pieces and
    yields a non-fatal rejection in its place. A last line without a line end
    is held back until the stream is known to end cleanly: before damage it is
    a cut-off fragment and is dropped.
    """
    count = 0
    pending = None
    try:
        while True:
            line = stream.readline(limit + 1)
            if not line:
                break
            if len(line) > limit and not line.endswith("\n"):
                count += 1
                head = line[:200]
                while line and not line.endswith("\n"):
                    line = stream.readline(1 << 20)
                yield Rejection(str(path), count, "record longer than the maximum record size "
                                f"({limit:,} bytes, setting EXPLORER_MAX_RECORD_BYTES): skipped",
                                excerpt=head)
                continue
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
def open_stream(path: Path) -> Iterator[io.TextIOWrapper]:
    """The decompressed UTF-8 text of ``path`` (BOM removed, bad bytes replaced)."""
    opener = _opener(path)
    try:
        binary = opener(path, "rb")
    except OSError as err:
        raise InputError(path, f"cannot open: {err.strerror or err}") from err
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline=None)
    try:
        yield text
    finally:
        try:
            text.close()
        except _DAMAGE:
            pass


@contextmanager
def open_text(path: str | Path, limit: int | None = None) -> Iterator[Iterator[str | Rejection]]:
    """Open a plain/.gz/.bz2 file; give an iterator over its text lines.

    The iterator yields ``str`` lines, a non-fatal :class:`Rejection` for each
    line longer than ``limit`` (default: the maximum record size), and as its
    last item a fatal :class:`Rejection` when a compressed stream is truncated
    or corrupt. Raises :class:`InputError` for a missing or unreadable path.
    """
    path = Path(path)
    with open_stream(path) as text:
        yield _lines(text, path, limit or max_record_bytes())


def first_char(path: Path) -> tuple[str, int]:
    """The first non-blank character of the text of ``path`` ('' if none) and its
    line, read in bounded pieces."""
    line = 1
    try:
        with open_stream(path) as text:
            while True:
                piece = text.read(65536)
                if not piece:
                    return "", line
                stripped = piece.lstrip()
                line += piece[:len(piece) - len(stripped)].count("\n")
                if stripped:
                    return stripped[0], line
    except _DAMAGE:
        return "", line


def binary_reason(path: Path) -> str | None:
    """Why ``path`` is not text (a NUL byte or a known binary signature), else None."""
    opener = _opener(path)
    try:
        with opener(path, "rb") as binary:
            head = binary.read(8192)
    except _DAMAGE:
        return None
    for magic, kind in ((b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"),
                        (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a zip archive"),
                        (b"GIF8", "a GIF image")):
        if head.startswith(magic):
            return f"binary file ({kind}), not a text format"
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not a text format"
    return None


def read_text(path: str | Path, whole_limit: int | None = None
              ) -> tuple[str, list[Rejection]]:
    """Return the whole text of ``path`` and the rejections met reading it: each
    line past the record size limit (left out, as an empty line so the other
    lines keep their numbers, and reading goes on) and, last, the fatal one of a
    damaged file or of one longer than ``whole_limit`` characters (then no text
    is returned, and no more than the limit was held)."""
    parts: list[str] = []
    rejections: list[Rejection] = []
    size = 0
    with open_text(path) as lines:
        for number, line in enumerate(lines, 1):
            if whole_limit is not None and isinstance(line, str):
                size += len(line)
                if size > whole_limit:
                    reason = (f"the file is over {whole_limit:,} bytes, the most a file read "
                              "whole may be (setting EXPLORER_MAX_BIBTEX_BYTES); none of its "
                              "records were loaded")
                    return "", [*rejections, Rejection(str(path), number, reason, fatal=True)]
            if isinstance(line, Rejection):
                rejections.append(line)
                if line.fatal:
                    break
                parts.append("\n")
                continue
            parts.append(line)
    return "".join(parts), rejections

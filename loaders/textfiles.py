"""Reading input files as text in bounded memory: opening, decompressing, lines.

Contracts:

* :func:`open_text` opens a plain, gzip or bzip2 file, or a member of a zip
  archive in place (:mod:`loaders.archives`; compression is sniffed from the
  magic bytes, not the name) as UTF-8 text (UTF-16 when it starts with that
  byte-order mark, Windows-1252 when its first 64 KB are not UTF-8 and hold no
  UTF-8 character beyond ASCII: as Windows programs may save exports), a leading
  BOM removed and undecodable bytes replaced by U+FFFD (no rejection: one bad
  byte should not cost a file). Lines keep their ``"\\n"`` ending (CRLF is
  folded to LF). When the compressed stream is damaged, the iterator yields every line before the
  damage and then one ``Rejection(fatal=True)`` instead of raising, naming
  the damage (``damaged gzip data after line N: ...``; :func:`damage_label`).
* No line longer than the maximum record size (``EXPLORER_MAX_RECORD_BYTES``)
  is ever held: it is read past in bounded pieces and yields a non-fatal
  rejection naming its line, and reading goes on after it.
* :func:`binary_reason` tells a binary file from a text file holding NUL
  bytes: a known binary signature (a tar archive, .tar.gz too, by its first
  header: read as text, each member's first record would be lost), NUL bytes
  scattered through the first 8 KB (more than one run of them per 100 bytes:
  UTF-16 without its byte-order mark, images, databases), or other control
  bytes making up more than 1% of it (compressed or random data); a text
  file's NUL bytes, a run of any length or a few stray ones, are left to the
  parser, which rejects the record holding them.
* :func:`read_text` gives the whole text plus that fatal rejection, if any.
* Only regular files are opened: devices (``/dev/zero``), pipes and sockets
  are refused by name (:class:`cypher.access.errors.InputError`, the one
  input-error type), as is a missing path.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import os
import re
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from cypher.access.errors import InputError
from cypher.access.settings import max_record_bytes
from loaders.archives import ZIP_ERRORS, ZipMember
from loaders.records import Rejection

_DAMAGE = (EOFError, OSError, zlib.error, ValueError, *ZIP_ERRORS)

# control bytes text files do not hold (tab, line ends, form feed and escape left out)
_NUL_RUNS = re.compile(b"\x00+")
_BINARY_CONTROLS = bytes(b for b in range(1, 32) if b not in b"\t\n\x0b\x0c\r\x1b")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # little- and big-endian byte-order marks
_HEAD = 65536  # bytes that decide a text's encoding

Input = Path | ZipMember  # a file, or a member of a zip archive read in place


def check_regular(path: Input) -> None:
    """Raise InputError naming ``path`` unless it is a regular file (or a zip member).

    Reading a device (``/dev/zero``), a pipe or a socket could never end, so
    they are refused by name, as is a missing path.
    """
    if isinstance(path, ZipMember):
        return
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        raise InputError(f"{path}: cannot open: {err.strerror or err}") from err
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket): refused")


def _open_raw(path: Input) -> IO[bytes]:
    """The stored bytes of ``path``; InputError when it cannot be opened."""
    if isinstance(path, ZipMember):
        return path.open()
    check_regular(path)
    try:
        return open(path, "rb")  # noqa: SIM115 (closed by open_binary)
    except OSError as err:
        raise InputError(f"{path}: cannot open: {err.strerror or err}") from err


class _DamageGuard(io.RawIOBase):
    """Reads a stream; at the first damage it ends there (a read of 0 bytes) and
    the read after that raises the damage. The buffering and decoding layers
    above drop what they gathered in a read that raises, so without this the
    records just before the damage would be lost with it."""

    def __init__(self, inner: IO[bytes]):
        super().__init__()
        self.inner = inner
        self.damage: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 (a writable buffer)
        if self.damage is not None:
            raise self.damage
        try:  # read1: one read of the stream below, so a partial read is not dropped
            data = self.inner.read1(len(buffer))  # type: ignore[attr-defined]
        except _DAMAGE as err:
            self.damage = err
            return 0
        buffer[:len(data)] = data
        return len(data)


@contextmanager
def open_binary(path: Input) -> Iterator[IO[bytes]]:
    """The bytes of ``path``, gzip or bzip2 decompressed when its magic bytes (not
    its name) say so; raises InputError when it cannot be opened. Damage ends
    the bytes where it is met and the read after that raises it
    (:class:`_DamageGuard`), so every byte before the damage is handed out; a
    stream whose first bytes cannot be read (a damaged zip member) is given as is."""
    raw = _open_raw(path)
    stream: IO[bytes] = raw
    try:
        try:
            magic = raw.read(3)
            raw.seek(0)
        except _DAMAGE:  # a zip member damaged at its start: opened again, read as is
            raw.close()
            raw = stream = _open_raw(path)
            magic = b""
        kind = _compression(magic)
        if kind == "gzip":
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif kind == "bzip2":
            stream = bz2.BZ2File(raw)
        yield io.BufferedReader(_DamageGuard(stream))
    finally:
        for opened in (stream, raw):
            try:
                opened.close()
            except _DAMAGE:
                pass


def _compression(magic: bytes) -> str | None:
    """``"gzip"`` or ``"bzip2"`` for a stream starting with ``magic``, else None."""
    if magic[:2] == b"\x1f\x8b":
        return "gzip"
    return "bzip2" if magic[:3] == b"BZh" else None


def damage_label(path: Input) -> str:
    """How a damaged ``path`` is named: ``damaged gzip data``, ``damaged bzip2 data``,
    ``damaged zip member data`` or, for a plain file that fails to read,
    ``unreadable data``."""
    try:
        with _open_raw(path) as raw:
            kind = _compression(raw.read(3))
    except (InputError, *_DAMAGE):
        kind = None
    if kind:
        return f"damaged {kind} data"
    return "damaged zip member data" if isinstance(path, ZipMember) else "unreadable data"


def byte_size(path: Input) -> int:
    """The stored size of ``path`` in bytes (a zip member's uncompressed size)."""
    return path.size() if isinstance(path, ZipMember) else os.stat(path).st_size


def _lines(stream: io.TextIOBase, path: Input, limit: int,
           label: str = "damaged data") -> Iterator[str | Rejection]:
    """Yield the lines of ``stream``; a damaged stream ends with a fatal rejection
    whose reason starts with ``label`` (``damaged gzip data after line N: ...``).

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
                stream.readline(1)  # the end: a damaged stream raises its damage now
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
        where = f"after line {count}" if count else "before its first line"
        reason = f"{label} {where}: {err}"
        yield Rejection(str(path), count + 1, reason, fatal=True)


def _encoding(head: bytes) -> str:
    """The encoding of a text whose first bytes are ``head``: UTF-16 after its
    byte-order mark; Windows-1252 when ``head`` is not UTF-8 and holds no UTF-8
    character beyond ASCII (a Windows export; a UTF-8 file with a stray bad byte
    stays UTF-8); else UTF-8.

    >>> _encoding("Größe".encode()), _encoding("Größe".encode("cp1252"))
    ('utf-8-sig', 'cp1252')
    >>> _encoding("Größe ".encode() + b"\\xe9"), _encoding("x".encode("utf-16"))
    ('utf-8-sig', 'utf-16')
    """
    if head[:2] in _UTF16_BOMS:
        return "utf-16"
    decoded = codecs.getincrementaldecoder("utf-8")("replace").decode(head, final=False)
    if "\ufffd" in decoded and not any("\x7f" < c < "\ufffd" or c > "\ufffd"
                                        for c in decoded):
        return "cp1252"
    return "utf-8-sig"


@contextmanager
def open_stream(path: Input) -> Iterator[io.TextIOWrapper]:
    """The decompressed text of ``path`` in the encoding its first 64 KB show
    (:func:`_encoding`: UTF-8, or UTF-16 or Windows-1252 as Windows programs save
    exports); the BOM removed, bad bytes replaced."""
    try:  # the head read apart: a stream's buffer shows less than 64 KB ahead
        with open_binary(path) as binary:
            head = binary.read(_HEAD)
    except _DAMAGE:
        head = b""
    with open_binary(path) as binary:
        text = io.TextIOWrapper(binary, encoding=_encoding(head), errors="replace",
                                newline=None)
        try:
            yield text
        finally:
            try:
                text.close()
            except _DAMAGE:
                pass


@contextmanager
def open_text(path: str | Input, limit: int | None = None) -> Iterator[Iterator[str | Rejection]]:
    """Open a plain/.gz/.bz2 file; give an iterator over its text lines.

    The iterator yields ``str`` lines, a non-fatal :class:`Rejection` for each
    line longer than ``limit`` (default: the maximum record size), and as its
    last item a fatal :class:`Rejection` when a compressed stream is truncated
    or corrupt. Raises :class:`InputError` for a missing or unreadable path.
    """
    path = Path(path) if isinstance(path, str) else path
    with open_stream(path) as text:
        yield _lines(text, path, limit or max_record_bytes(), damage_label(path))


def first_char(path: Input) -> tuple[str, int]:
    """The first non-blank character of the text of ``path`` ('' if none) and its
    line, read in bounded pieces (the text before a damaged part counts)."""
    line = 1
    try:
        with open_stream(path) as text:
            while True:
                piece = text.readline(65536)
                if not piece:
                    return "", line
                stripped = piece.lstrip()
                if stripped:
                    return stripped[0], line
                line += piece.count("\n")
    except _DAMAGE:
        return "", line


def binary_reason(path: Input) -> str | None:
    """Why ``path`` is not text (a NUL byte or a known binary signature), else None;
    raises InputError when it cannot be opened."""
    try:
        with open_binary(path) as binary:
            head = binary.read(8192)
    except InputError:
        raise
    except _DAMAGE:
        return None
    for magic, kind in ((b"\x89PNG", "a PNG image"), (b"%PDF", "a PDF document"),
                        (b"\xff\xd8\xff", "a JPEG image"), (b"PK\x03\x04", "a zip archive"),
                        (b"GIF8", "a GIF image")):
        if head.startswith(magic):
            return f"binary file ({kind}), not a text format"
    if head[:2] in _UTF16_BOMS:  # UTF-16 text: its NUL bytes are half its characters
        return None
    if head[257:262] == b"ustar":  # its first member's header: its records would be cut
        return "binary file (a tar archive: extract it, or pack it as a zip), not a text format"
    if len(_NUL_RUNS.findall(head)) > max(8, len(head) // 100):
        return "binary file (contains NUL bytes), not a text format"
    controls = sum(head.count(byte) for byte in _BINARY_CONTROLS)
    if controls * 100 > len(head):
        return "binary file (contains control bytes), not a text format"
    return None


def read_text(path: str | Input, whole_limit: int | None = None
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

"""Zip archives read in place, as folders: their members are the inputs of a load.

Contracts:

* :func:`is_zip` is true for a regular file whose content is a zip archive
  (judged by its bytes, never its name);
* :func:`members` lists an archive's files as :class:`ZipMember` inputs,
  sorted by name, skipping folders and what holds no records (hidden entries,
  ``README*``, licences, an OpenAlex snapshot's ``manifest``: :func:`not_records`)
  as a folder's listing does;
* a member is named ``archive.zip!member/path`` wherever the load names an
  input (the plan, rejections, records' ``file``); :meth:`ZipMember.open`
  streams its bytes without extracting the archive, and a member that cannot
  be opened (encrypted, an unsupported compression) raises
  :class:`cypher.access.errors.InputError` naming it.
"""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from cypher.access.errors import InputError

_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header; an empty archive
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError)


@dataclass(frozen=True, order=True)
class ZipMember:
    """One file inside a zip archive, read in place."""

    archive: Path
    member: str

    def __str__(self) -> str:
        return f"{self.archive}!{self.member}"

    @property
    def name(self) -> str:
        """The member's own file name (its last path part)."""
        return PurePosixPath(self.member).name

    def open(self) -> IO[bytes]:
        """The member's stored bytes as a stream (decompressed from the zip, not from
        a gzip or bzip2 inside it); raises InputError naming the member."""
        try:
            with _open_archive(self.archive) as archive:
                return archive.open(self.member)  # keeps the archive's file open
        except (OSError, KeyError, *ZIP_ERRORS) as err:
            raise InputError(f"{self}: cannot open: {err}") from err

    def size(self) -> int:
        """The member's uncompressed size in bytes."""
        with _open_archive(self.archive) as archive:
            return archive.getinfo(self.member).file_size


class _Listed(zipfile.ZipFile):
    """A zip archive opened with the listing of its members read before (a load opens
    each member several times: format detection, then its records): not read again
    from the end of the file."""

    def __init__(self, path: Path, listing: list[zipfile.ZipInfo]) -> None:
        self._listing = listing
        super().__init__(path)

    def _RealGetContents(self) -> None:  # noqa: N802 - zipfile's own name
        for info in self._listing:
            self.filelist.append(info)
            self.NameToInfo[info.filename] = info


#: the listing of the last archives opened, by path and the file's identity
_LISTINGS: dict[tuple, list[zipfile.ZipInfo]] = {}


def _open_archive(path: Path) -> zipfile.ZipFile:
    """The archive at ``path`` for reading, its listing read once while the file is
    unchanged (same inode, size and modification time)."""
    status = os.stat(path)
    key = (str(path), status.st_ino, status.st_size, status.st_mtime_ns)
    listing = _LISTINGS.get(key)
    if listing is not None:
        return _Listed(path, listing)
    archive = zipfile.ZipFile(path)
    if len(_LISTINGS) >= 64:
        _LISTINGS.clear()
    _LISTINGS[key] = archive.infolist()
    return archive


def is_zip(path: Path) -> bool:
    """True when ``path`` is a regular file holding a zip archive.

    >>> is_zip(Path("/nonexistent.zip"))
    False
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # a device or pipe is refused by name when it is opened
        with open(path, "rb") as raw:
            if raw.read(4) not in _MAGIC:
                return False
        return zipfile.is_zipfile(path)
    except OSError:
        return False


#: files a folder or archive holds beside its records, passed over in its listing (by
#: name, upper case): notes and licences, an OpenAlex snapshot's ``manifest``
NOT_RECORDS = ("README", "LICENSE", "LICENCE", "RELEASE_NOTES", "CHANGELOG")
#: folders of an OpenAlex snapshot that hold no records (``merged_ids``: its merges)
NOT_RECORD_FOLDERS = ("merged_ids",)


def not_records(parts: tuple[str, ...]) -> bool:
    """True for a listed file that holds no records, by its path's ``parts``: hidden,
    a note or licence (:data:`NOT_RECORDS`), an OpenAlex snapshot's ``manifest`` or
    ``merged_ids``.

    >>> not_records(("works", "manifest")), not_records(("a", "LICENSE.txt"))
    (True, True)
    >>> not_records(("merged_ids", "works", "2023.csv.gz")), not_records(("part_000.gz",))
    (True, False)
    """
    name = parts[-1]
    return (any(p.startswith(".") or p in NOT_RECORD_FOLDERS for p in parts)
            or name.upper().startswith(NOT_RECORDS) or name == "manifest")


def _skipped(member: str) -> bool:
    return not_records(PurePosixPath(member).parts)


def members(path: Path) -> list[ZipMember]:
    """The files of the archive at ``path``, sorted, without folders and what holds no
    records (:func:`not_records`); raises InputError when the archive cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except (OSError, *ZIP_ERRORS) as err:
        raise InputError(f"{path}: cannot read the zip archive: {err}") from err
    return [ZipMember(path, name) for name in sorted(names) if not _skipped(name)]

"""Zip archives read in place as folders: members listed, named, opened and detected."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from loaders import archives, pipeline
from loaders.archives import ZipMember
from loaders.records import PaperRecord, Rejection

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SYNERGY = DATA / "synergy-openalex-2023"

needs_data = pytest.mark.skipif(not SYNERGY.is_dir(), reason=f"real data not found at {SYNERGY}")

PAPER = {"record": "paper", "title": "A paper in an archive", "year": 2001}


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_is_known_by_its_content_not_its_name(tmp_path):
    packed = _zip(tmp_path / "records.dat", {"a.jsonl": b"{}\n"})
    named = tmp_path / "not-really.zip"
    named.write_text("just text\n")
    assert archives.is_zip(packed) and not archives.is_zip(named)
    assert not archives.is_zip(tmp_path) and not archives.is_zip(tmp_path / "missing.zip")
    assert not archives.is_zip(Path("/dev/null"))  # a device is never read to find out


def test_members_are_sorted_and_skip_folders_hidden_entries_and_readmes(tmp_path):
    path = _zip(tmp_path / "set.zip", {
        "b/works.jsonl": b"{}", "a.jsonl": b"{}", "README.md": b"x", "b/readme.txt": b"x",
        ".hidden.jsonl": b"{}", "__MACOSX/._a.jsonl": b"x", "c/": b""})
    found = archives.members(path)
    assert [m.member for m in found] == ["a.jsonl", "b/works.jsonl"]
    assert str(found[1]) == f"{path}!b/works.jsonl" and found[1].name == "works.jsonl"


def test_a_member_opens_in_place_and_knows_its_size(tmp_path):
    data = json.dumps(PAPER).encode() + b"\n"
    member = archives.members(_zip(tmp_path / "set.zip", {"p.jsonl": data}))[0]
    with member.open() as stream:
        assert stream.read() == data
    assert member.size() == len(data)


def test_an_unreadable_member_or_archive_is_an_input_error_naming_it(tmp_path):
    path = _zip(tmp_path / "set.zip", {"p.jsonl": b"{}"})
    with pytest.raises(InputError, match=r"set\.zip!gone\.jsonl: cannot open"):
        ZipMember(path, "gone.jsonl").open()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(InputError, match="cannot read the zip archive"):
        archives.members(broken)


def test_members_are_detected_and_parsed_by_content(tmp_path):
    """A zip of a gzipped native file, a RIS file and an unknown text: each member by
    its content, the unusable one named ``archive.zip!member``."""
    path = _zip(tmp_path / "mixed.zip", {
        "native.jsonl.gz": gzip.compress(json.dumps(PAPER).encode() + b"\n"),
        "refs/one.ris": b"TY  - JOUR\nTI  - A RIS title\nER  - \n",
        "notes.txt": b"Dear reader,\n"})
    usable, refused = pipeline.plan_usable([str(path)])
    assert [(str(p), f) for p, f in usable] == [
        (f"{path}!native.jsonl.gz", "native"), (f"{path}!refs/one.ris", "ris")]
    (refusal,) = refused
    assert refusal.file == f"{path}!notes.txt" and "first line matches no known format" \
        in refusal.reason
    records = list(pipeline.iter_records(usable))
    assert [(r.title, r.file) for r in records] == [
        ("A paper in an archive", f"{path}!native.jsonl.gz"),
        ("A RIS title", f"{path}!refs/one.ris")]


def test_a_damaged_member_ends_with_a_fatal_rejection_naming_it(tmp_path):
    lines = b"".join(json.dumps({**PAPER, "title": hashlib.sha256(bytes([i % 256, i // 256]))
                                 .hexdigest()}).encode() + b"\n" for i in range(3000))
    packed = gzip.compress(lines)
    assert len(packed) > 100_000
    path = _zip(tmp_path / "cut.zip", {"papers.jsonl.gz": packed[:50_000]})
    items = list(pipeline.iter_records(pipeline.plan([str(path)])))
    *papers, damage = items
    assert papers and all(isinstance(p, PaperRecord) for p in papers)
    assert isinstance(damage, Rejection) and damage.fatal
    assert damage.file == f"{path}!papers.jsonl.gz"


@needs_data
def test_a_synergy_archive_is_read_in_place():
    """Nelson_2002.zip: 15 JSON arrays of OpenAlex works (2023 schema), 366 works."""
    path = SYNERGY / "Nelson_2002.zip"
    planned = pipeline.plan([str(path)])
    assert len(planned) == 15 and {fmt for _, fmt in planned} == {"openalex"}
    assert all(str(p).startswith(f"{path}!works_") for p, _ in planned)
    records = list(pipeline.iter_records(planned))
    assert not [r for r in records if isinstance(r, Rejection)]
    works = {r.id for r in records if isinstance(r, PaperRecord)}
    assert len(works) == 366 and all(w.startswith("W") for w in works)


def test_a_member_is_read_from_the_archive_as_it_is_now(tmp_path):
    """The listing read once is used again only while the archive is unchanged."""
    path = _zip(tmp_path / "set.zip", {"a.jsonl": b'{"n": 1}\n', "b.jsonl": b'{"n": 2}\n'})
    first = ZipMember(path, "b.jsonl")
    for _ in range(3):  # opened again: the same bytes from the listing read before
        with first.open() as member:
            assert member.read() == b'{"n": 2}\n'
    _zip(path, {"b.jsonl": b'{"n": 20, "more": true}\n'})  # rewritten in place
    with ZipMember(path, "b.jsonl").open() as member:
        assert member.read() == b'{"n": 20, "more": true}\n'
    with pytest.raises(InputError, match="cannot open"):
        ZipMember(path, "a.jsonl").open()

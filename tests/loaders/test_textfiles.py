"""Reading input files as text: compression by magic bytes, BOM and CRLF, damaged
streams, whole texts, and paths that cannot be opened."""

from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pytest

from cypher.access.errors import InputError
from loaders.records import Rejection
from loaders.textfiles import open_text, read_text

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
TRUNCATED = "damaged gzip data after line {}: "

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")

CONTENT = "\ufeffTY  - JOUR\r\nTI  - Größe\r\nER  - \r\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, pack", [
    ("plain.ris", lambda b: b), ("packed.gz", gzip.compress), ("packed.bz2", bz2.compress),
    ("misnamed.txt", gzip.compress),  # compression is sniffed from the bytes, not the name
])
def test_open_text_plain_gz_bz2_strip_bom_and_fold_crlf(tmp_path, name, pack):
    path = _write(tmp_path / name, pack(CONTENT.encode("utf-8")))
    with open_text(path) as lines:
        assert list(lines) == ["TY  - JOUR\n", "TI  - Größe\n", "ER  - \n"]


def test_open_text_replaces_undecodable_bytes_of_utf8_text(tmp_path):
    path = _write(tmp_path / "stray.txt", "1\tcafé\n".encode() + b"2\t3\xe9\n")
    with open_text(path) as lines:
        assert list(lines) == ["1\tcafé\n", "2\t3\ufffd\n"]


def test_text_that_is_not_utf8_and_has_no_utf8_character_is_windows_1252(tmp_path):
    path = _write(tmp_path / "cp1252.txt", "1\tcafé \u201cquoted\u201d\n2\t3\n".encode("cp1252"))
    with open_text(path) as lines:
        assert list(lines) == ["1\tcafé \u201cquoted\u201d\n", "2\t3\n"]


def test_last_line_without_newline_is_kept(tmp_path):
    path = _write(tmp_path / "e.gz", gzip.compress(b"1\t2\n3\t4"))
    with open_text(path) as lines:
        assert list(lines) == ["1\t2\n", "3\t4"]


def test_fragment_before_damage_is_dropped():
    """A decoder that hands out part of a line and then fails: the part is no line."""
    from loaders.textfiles import _lines

    class Stream:
        pieces = iter(["1\t2\n", "3\t4"])  # then the cut-off start of "3\t45\n"

        def readline(self, limit):
            for piece in self.pieces:
                return piece
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")

    *good, damage = _lines(Stream(), Path("x.gz"), 1000)
    assert good == ["1\t2\n"] and damage.line == 2
    assert damage.reason.startswith("damaged data after line 1: ")


@needs_data
@pytest.mark.parametrize("cut", [20_000, 200_000, 700_000])
def test_truncated_gzip_yields_lines_before_damage_then_fatal_rejection(tmp_path, cut):
    source = DATA / "snap-cit-hep" / "cit-HepTh.reindexed.edges.tsv.gz"
    path = _write(tmp_path / "cut.tsv.gz", source.read_bytes()[:cut])
    with open_text(path) as lines:
        items = list(lines)
    *good, damage = items
    full = gzip.decompress(source.read_bytes()).decode("utf-8").splitlines(keepends=True)
    assert 0 < len(good) < len(full)
    assert good == full[: len(good)]  # no cut-off fragment of a line
    assert isinstance(damage, Rejection) and damage.fatal
    assert damage.reason.startswith(TRUNCATED.format(len(good)))
    assert damage.line == len(good) + 1 and damage.file == str(path)


def test_truncated_bz2_yields_fatal_rejection(tmp_path):
    text = "".join(f"{i}\t{i + 1}\n" for i in range(60_000)).encode()
    data = bz2.compress(text, compresslevel=1)  # 100 kB blocks: several of them
    path = _write(tmp_path / "cut.bz2", data[: len(data) // 2])
    text, rejections = read_text(path)
    (damage,) = rejections
    assert damage.fatal
    assert damage.reason.startswith(f"damaged bzip2 data after line {text.count(chr(10))}: ")
    assert text.startswith("0\t1\n1\t2\n") and text.endswith("\n")


def test_read_text_of_sound_file(tmp_path):
    path = _write(tmp_path / "ok.ris.gz", gzip.compress(CONTENT.encode()))
    assert read_text(path) == ("TY  - JOUR\nTI  - Größe\nER  - \n", [])


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unopenable_path_raises_input_error_naming_it(tmp_path, make):
    path = tmp_path / "nope.ris"
    if make == "directory":
        path.mkdir()
    with pytest.raises(InputError) as info:
        with open_text(path) as lines:
            list(lines)
    assert str(info.value).startswith(f"{path}: ")  # the one input-error type, naming it
    assert type(info.value) is InputError


def test_devices_and_folders_are_refused_by_name(tmp_path):
    from loaders.textfiles import check_regular

    for path in (Path("/dev/zero"), tmp_path):
        with pytest.raises(InputError, match="not a regular file"):
            check_regular(path)
    with pytest.raises(InputError, match="cannot open"):
        check_regular(tmp_path / "missing.ris")
    check_regular(_write(tmp_path / "ok.ris", b"x"))  # a regular file passes


def test_a_zip_member_reads_like_a_file_gzip_inside_included(tmp_path):
    import zipfile

    from loaders.archives import ZipMember
    from loaders.textfiles import byte_size, open_binary

    archive = tmp_path / "set.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("plain.ris", CONTENT.encode())
        packed.writestr("inner/packed.ris.gz", gzip.compress(CONTENT.encode()))
    for member in ("plain.ris", "inner/packed.ris.gz"):
        path = ZipMember(archive, member)
        with open_text(path) as lines:
            assert list(lines) == ["TY  - JOUR\n", "TI  - Größe\n", "ER  - \n"]
        with open_binary(path) as stream:
            assert stream.read() == CONTENT.encode()  # decompressed, bytes as stored
    assert byte_size(ZipMember(archive, "plain.ris")) == len(CONTENT.encode())
    assert read_text(ZipMember(archive, "plain.ris"))[0].startswith("TY  - JOUR\n")


def test_binary_content_is_named_and_text_is_not(tmp_path):
    from loaders.textfiles import binary_reason

    png = _write(tmp_path / "figure.ris", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    nul = _write(tmp_path / "data.txt", gzip.compress("1\t2\n3\t4\n".encode("utf-16-le") * 9))
    assert binary_reason(png) == "binary file (a PNG image), not a text format"
    assert binary_reason(nul) == "binary file (contains NUL bytes), not a text format"
    noise = _write(tmp_path / "noise.bin", bytes(range(256)) * 32)
    assert binary_reason(noise) == "binary file (contains control bytes), not a text format"
    utf16 = _write(tmp_path / "utf16.ris", "TY  - JOUR\nER  - \n".encode("utf-16"))
    assert binary_reason(utf16) is None  # its byte-order mark says UTF-16: text
    assert read_text(utf16)[0] == "TY  - JOUR\nER  - \n"
    bell = _write(tmp_path / "bell.txt", b"\x07\x08ab" * 100)
    assert binary_reason(bell) == "binary file (contains control bytes), not a text format"
    assert binary_reason(_write(tmp_path / "ok.ris", CONTENT.encode())) is None


def _zip(path: Path, name: str, data: bytes) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return path


def test_damage_is_named_by_what_is_damaged(tmp_path):
    from loaders.archives import members
    from loaders.textfiles import damage_label

    text = "".join(f"{n}\t{n * 7 % 1000}\n" for n in range(30_000)).encode()
    gz = _write(tmp_path / "a.gz", gzip.compress(text)[:2000])
    bz = _write(tmp_path / "a.bz2", bz2.compress(text)[:2000])
    archive = bytearray(_zip(tmp_path / "a.zip", "a.tsv", text).read_bytes())
    archive[archive.index(b"a.tsv") + 3000] ^= 0xFF  # inside the member's deflate data
    (member,) = members(_write(tmp_path / "a.zip", bytes(archive)))
    assert [damage_label(p) for p in (gz, bz, member, _write(tmp_path / "p", text))] == [
        "damaged gzip data", "damaged bzip2 data", "damaged zip member data", "unreadable data"]
    for path, label in ((gz, "damaged gzip data"), (member, "damaged zip member data")):
        with open_text(path) as lines:
            *good, damage = list(lines)
        where = f"after line {len(good)}" if good else "before its first line"
        assert damage.fatal and damage.reason.startswith(f"{label} {where}: ")


def test_a_bad_crc_in_a_zip_member_is_damage_after_its_lines(tmp_path):
    from loaders.archives import members

    text = b"1\t2\n" * 100_000  # more than one read of the member: lines come before the end
    archive = bytearray(_zip(tmp_path / "c.zip", "c.tsv", text).read_bytes())
    crc = archive.index(b"PK\x03\x04") + 14  # the local header's CRC-32
    archive[crc] ^= 0xFF
    central = archive.index(b"PK\x01\x02") + 16  # and the central directory's
    archive[central] ^= 0xFF
    (member,) = members(_write(tmp_path / "c.zip", bytes(archive)))
    with open_text(member) as lines:
        *good, damage = list(lines)
    assert 0 < len(good) <= 100_000 and damage.fatal
    assert damage.reason.startswith(f"damaged zip member data after line {len(good)}: Bad CRC")


def test_first_char_reads_the_text_before_damage(tmp_path):
    from loaders.textfiles import first_char

    data = gzip.compress(b"\n\n  [" + b"1, " * 100_000 + b"2]")
    assert first_char(_write(tmp_path / "a.json.gz", data[: len(data) // 2])) == ("[", 3)


def test_a_stray_nul_byte_does_not_make_a_text_file_binary(tmp_path):
    from loaders.textfiles import binary_reason

    records = b"TY  - JOUR\nTI  - Paper\nER  - \n" * 200
    assert binary_reason(_write(tmp_path / "a.ris", b"TY  - JOUR\nTI  - \x00\nER  - \n"
                                + records)) is None
    block = b"TY  - JOUR\nTI  - " + b"\x00" * 1000 + b"\nER  - \n"  # 12% of the head
    assert binary_reason(_write(tmp_path / "b.ris", block + records)) is None
    assert binary_reason(_write(tmp_path / "c.ris", records[:100] + b"\x00" * 5000)) is None
    scattered = records[:100] + b"\x00ab" * 1000
    assert binary_reason(_write(tmp_path / "d.ris", scattered)) is not None


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2"])
def test_a_tar_archive_is_refused_by_name_not_read_as_text(tmp_path, mode):
    """Read as text, a tar's member headers glue onto each member's first line (that
    record was lost as invalid JSON) and its padding became garbage records."""
    import io
    import tarfile

    from loaders.pipeline import plan_usable
    from loaders.textfiles import binary_reason

    path = tmp_path / "works.tar"
    with tarfile.open(path, mode) as tar:
        for name in ("a.jsonl", "b.jsonl"):
            data = b'{"id": "https://openalex.org/W1", "title": "T"}\n' * 3
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    reason = "binary file (a tar archive: extract it, or pack it as a zip), not a text format"
    assert binary_reason(path) == reason
    usable, refused = plan_usable([str(path)])
    assert usable == [] and [r.reason for r in refused] == [
        f"file not loaded: unknown input format: {reason}"]


@needs_data
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_export_with_its_byte_order_mark_reads_as_its_utf8_twin(tmp_path, encoding):
    """A real RIS export saved as UTF-16 (as Windows programs may save it), plain and
    gzipped: the same records, accents included, as the UTF-8 file."""
    from loaders import pipeline

    real = DATA / "ris-exports" / "asreview-demo-data" / "baseline_zotero.ris"
    text = real.read_text(encoding="utf-8-sig")
    data = ("\ufeff" + text if encoding.endswith("be") else text).encode(encoding)
    plain = _write(tmp_path / "export.ris", data)
    packed = _write(tmp_path / "export.ris.gz", gzip.compress(data))

    def records(path):
        return [(r.line, r.reason) if isinstance(r, Rejection) else (r.id, r.title, r.authors)
                for r in pipeline.iter_records(pipeline.plan([str(path)]))]

    expected = records(real)
    assert len(expected) > 5 and records(plain) == expected == records(packed)


@needs_data
def test_a_windows_1252_export_reads_as_its_utf8_twin(tmp_path):
    """A real Embase RIS export saved as Windows-1252: the same records, abstracts
    with their accents and typographic marks included, as the UTF-8 file (before,
    each of those characters was U+FFFD)."""
    from dataclasses import asdict

    from loaders import pipeline

    real = DATA / "ris-exports" / "asreview-demo-data" / "embase.ris"
    text = real.read_text(encoding="utf-8-sig")
    legacy = _write(tmp_path / "export.ris", text.encode("cp1252"))

    def records(path):
        return [{k: v for k, v in asdict(r).items() if k != "file"}
                for r in pipeline.iter_records(pipeline.plan([str(path)]))]

    expected = records(real)
    assert sum(c > "\x7f" for r in expected for c in r.get("abstract") or "") >= 5
    assert records(legacy) == expected

"""RIS parser: 21 real exports (CRLF, BOM, Ovid noise, empty values) and broken input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from loaders import ids
from loaders.records import PaperRecord, Rejection
from loaders.ris import display_name, parse_ris

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ris-exports"
FIXTURES = Path(__file__).resolve().parents[1] / "data"
STRAY = "tag line(s) outside a record"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed():
    """All real files parsed once: relative path -> (text, records)."""
    result = {}
    for path in sorted(DATA.rglob("*.ris")):
        text = _read(path)
        result[str(path.relative_to(DATA))] = (text, list(parse_ris(text, file=path.name)))
    return result


def _first(parsed, name):
    return next(r for r in parsed[name][1] if isinstance(r, PaperRecord))


@needs_data
def test_one_record_per_ty_line_in_every_file(parsed):
    assert len(parsed) == 21
    for name, (text, records) in parsed.items():
        ty_lines = len(re.findall(r"^\ufeff?TY  -", text, re.M))
        per_record = [r for r in records if not (isinstance(r, Rejection) and STRAY in r.reason)]
        assert len(per_record) == ty_lines, name


@needs_data
def test_total_er_lines_match_records_plus_stray_er(parsed):
    er_lines = sum(len(re.findall(r"^ER  -", text, re.M)) for text, _ in parsed.values())
    records = [r for _, recs in parsed.values() for r in recs]
    stray_er = [r for r in records if isinstance(r, Rejection) and r.reason.endswith("UK, ER")]
    record_level = [r for r in records if not (isinstance(r, Rejection) and STRAY in r.reason)]
    assert er_lines == 872  # the README's count
    assert len(record_level) + len(stray_er) == er_lines
    assert sum(isinstance(r, PaperRecord) for r in records) == 796


@needs_data
def test_endnote_scopus_record(parsed):
    paper = _first(parsed, "asreview-ptsd-review/schoot-lgmm-ptsd-included-1.ris")
    title = ("Trajectory of posttraumatic stress disorder caused by myocardial infarction: "
             "A two-year follow-up study")
    assert (paper.title, paper.year, paper.key, paper.kind, paper.line) == (
        title, 2009, "139", "JOUR", 1)
    assert paper.venue == "International Journal of Psychiatry in Medicine"  # T2
    names = [a.name for a in paper.authors]
    assert names[0] == "C. C. Abbas" and names[-1] == "R. Von Känel" and len(names) == 8
    assert paper.id == ids.title_hash_id(title, 2009) and paper.doi is None
    assert paper.authors[1].id == "name:j p schmid|" + paper.id


@needs_data
def test_bom_crlf_lens_record(parsed):
    text, records = parsed["asreview-demo-data/_baseline.ris"]
    assert text.startswith("\ufeffTY") and "\r" not in records[0].title
    paper = records[0]
    assert paper.line == 1 and paper.key == "000-463-679-101-319"
    assert paper.doi == "10.1007/s11307-012-0572-0" and paper.id == "doi:" + paper.doi
    assert paper.venue == "Molecular imaging and biology"  # JF
    assert paper.year == 2012
    assert paper.authors[0].name == "Björn A. Blomberg"
    assert paper.abstract.startswith("This systematic review and meta-analysis aimed")


@needs_data
def test_crlf_ieee_record_with_keywords(parsed):
    paper = _first(parsed, "litstudy/example.ris")
    assert paper.title == "The European Approach to the Exascale Challenge"
    assert (paper.year, paper.doi) == (2019, "10.1109/mcse.2018.2884139")
    assert paper.venue == "Computing in Science & Engineering"
    assert [a.name for a in paper.authors] == ["G. Kalbe"]  # listed twice in the file
    assert [t.id for t in paper.topics][:2] == ["kw:exascale-computing", "kw:industries"]
    assert len(paper.topics) == 6


@needs_data
def test_ovid_record_numbers_links_and_stray_tags(parsed):
    _, records = parsed["asreview-demo-data/ovid_psycinfo.ris"]
    paper = records[0]
    assert paper.line == 2  # after the "1." line
    assert paper.title.startswith("The influence of self-criticism on depression")  # T1
    assert (paper.year, paper.doi) == (2019, "10.1002/cpp.2398")  # Y1 "2019//", DO as URL
    assert paper.venue == "Clinical Psychology & Psychotherapy"
    assert paper.authors[0].name == "Ines A Trindade"  # A1
    assert paper.abstract.startswith("Considering that self-criticism")  # N2
    stray = [r for r in records if isinstance(r, Rejection)]
    assert len(stray) == 6 and stray[0].line == 26 and stray[0].reason.endswith(": NL")


@needs_data
def test_empty_values_file(parsed):
    _, records = parsed["asreview-demo-data/baseline_empty_values.ris"]
    assert [(type(r).__name__, r.key, r.line) for r in records] == [
        ("PaperRecord", "1", 1), ("Rejection", "2", 7), ("PaperRecord", "3", 13),
        ("Rejection", "4", 18)]
    assert records[1].reason == "record has no title (TI/T1)"
    assert records[0].abstract is None


@needs_data
def test_faulty_year_keeps_record_with_unknown_year(parsed):
    (paper,) = parsed["asreview-demo-data/faulty_year.ris"][1]
    assert isinstance(paper, PaperRecord)
    assert paper.year is None  # "PY  - 10 15" is no year
    assert paper.title.startswith("The Value of Radiologic Interventions")


@needs_data
def test_unknown_tags_after_er_rejected(parsed):
    _, records = parsed["asreview-demo-data/baseline_tag_and_field_definitions.ris"]
    paper, stray = records
    assert paper.title == "Title" and paper.venue == "Alternate Title 3"
    assert [a.name for a in paper.authors] == ["Authors", "First Authors"]  # AU then A1
    assert (stray.line, stray.reason) == (65, f"{STRAY} (not between TY and ER): UK, ER")


# ------------------------------------------------------------------ hand-written fixture


def test_fixture_file_bom_crlf_and_every_broken_kind():
    raw = (FIXTURES / "text_broken.ris").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    records = list(parse_ris(raw.decode("utf-8"), file="text_broken.ris"))
    assert [(type(r).__name__, r.key, r.line) for r in records] == [
        ("PaperRecord", "r1", 1), ("Rejection", "r2", 15), ("Rejection", "r3", 22),
        ("PaperRecord", "r4", 27), ("Rejection", None, 33), ("Rejection", "r5", 34)]
    first, fourth = records[0], records[3]
    assert first.abstract == "An abstract continued here."
    assert [a.name for a in first.authors] == ["Jane Doe", "R. Roe"]
    assert first.id == "doi:10.1000/ris1"
    assert [(t.id, t.name) for t in first.topics] == [
        ("kw:graphs", "Graphs"), ("kw:citation-networks", "citation networks")]
    assert (fourth.year, fourth.venue, fourth.kind) == (2016, "Series of Tests", "BOOK")


GOOD = "TY  - JOUR\nTI  - Before\nPY  - 2001\nER  - \n"
AFTER = "TY  - JOUR\nTI  - After\nPY  - 2002\nER  - \n"


@pytest.mark.parametrize("middle, line, reason", [
    ("TY  - JOUR\nAU  - Doe, J.\nER  - \n", 5, "record has no title"),
    ("TY  - JOUR\nTI  -\nER  - \n", 5, "record has no title"),
    ("TY  - JOUR\nTI  - No end\n\n", 5, "record has no ER before the next TY (line 8)"),
    ("KW  - orphan\nAU  - Nobody\n", 5, f"{STRAY} (not between TY and ER): KW, AU"),
    ("ER  - \n", 5, "tag line(s) outside a record"),
])
def test_broken_record_between_good_ones(middle, line, reason):
    records = list(parse_ris(GOOD + middle + AFTER, file="t.ris"))
    rejections = [r for r in records if isinstance(r, Rejection)]
    assert len(rejections) == 1
    assert rejections[0].line == line and rejections[0].reason.startswith(reason)
    assert rejections[0].file == "t.ris"
    assert [r.title for r in records if isinstance(r, PaperRecord)] == ["Before", "After"]


@pytest.mark.parametrize("text", ["", "\ufeff", "\r\n\r\n", "1.\nLink to the full text\n"])
def test_empty_or_recordless_text_yields_nothing(text):
    assert list(parse_ris(text)) == []


def test_truncated_final_record_after_good_one():
    records = list(parse_ris(GOOD + "\n" + "TY  - JOUR\nTI  - Cut off\nAB  - half an abs"))
    assert isinstance(records[0], PaperRecord) and records[0].title == "Before"
    assert (records[1].line, records[1].reason) == (
        6, "record is truncated: the text ends before its ER")


def test_garbage_inside_record_continues_previous_tag_and_tabs_accepted():
    text = "TY  - JOUR\nTI  - A title\nspread over lines\nA1\t- Doe, Jane\nER  -\n"
    (paper,) = parse_ris(text.replace("\n", "\r\n"))
    assert paper.title == "A title spread over lines"
    assert [a.name for a in paper.authors] == ["Jane Doe"]


def test_year_falls_back_from_py_to_y1_to_da():
    (paper,) = parse_ris("TY  - JOUR\nTI  - T\nPY  - n.d.\nDA  - 2011/02/03\nER  - \n")
    assert paper.year == 2011


@pytest.mark.parametrize("raw, name", [
    ("Doe, Jane", "Jane Doe"), ("Jane Doe", "Jane Doe"), ("Doe,", "Doe"), ("  X ,  Y  ", "Y X"),
])
def test_display_name(raw, name):
    assert display_name(raw) == name


def test_ris_files_stream_record_by_record_and_match_whole_text_parsing(tmp_path):
    """The loader reads a RIS file one line at a time: the first record comes out
    before the rest of the file is read, and the records equal those of the text."""
    from loaders import pipeline

    text = GOOD + "".join(f"TY  - JOUR\r\nTI  - Paper {n}\r\nPY  - 2003\r\nER  - \r\n"
                          for n in range(200)) + AFTER
    path = tmp_path / "many.ris"
    path.write_text(text, encoding="utf-8", newline="")
    streamed = list(pipeline.iter_records([(path, "ris")]))
    whole = list(parse_ris(text, file=str(path)))
    assert [(r.title, r.line) for r in streamed] == [(r.title, r.line) for r in whole]
    assert len(streamed) == 202 and streamed[-1].title == "After"
    read: list[int] = []

    def lines():
        for n, line in enumerate(text.splitlines(keepends=True)):
            read.append(n)
            yield line

    first = next(parse_ris(lines()))
    assert first.title == "Before" and len(read) < 10  # not the whole file


def test_an_over_long_ris_or_bibtex_line_loses_nothing_else(tmp_path, monkeypatch):
    """A line past EXPLORER_MAX_RECORD_BYTES is rejected by its line; every other
    record of the file still loads (the whole file used to end there)."""
    from loaders import pipeline

    monkeypatch.setenv("EXPLORER_MAX_RECORD_BYTES", "4096")
    long_abstract = "AB  - " + "x" * 10_000 + "\n"
    ris = tmp_path / "long.ris"
    ris.write_text(GOOD + "TY  - JOUR\nTI  - Long one\n" + long_abstract + "ER  - \n" + AFTER,
                   encoding="utf-8")
    items = list(pipeline.iter_records([(ris, "ris")]))
    titles = [i.title for i in items if isinstance(i, PaperRecord)]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert titles == ["Before", "Long one", "After"]
    assert [(r.line, "maximum record size" in r.reason) for r in rejected] == [(7, True)]
    bib = tmp_path / "long.bib"
    bib.write_text("@article{a, title={First}, year={2001}}\n"
                   "@article{b, title={Second}, note={" + "y" * 10_000 + "}}\n"
                   "@article{c, title={Third}, year={2003}}\n", encoding="utf-8")
    items = list(pipeline.iter_records([(bib, "bibtex")]))
    titles = [i.title for i in items if isinstance(i, PaperRecord)]
    assert "First" in titles and "Third" in titles
    assert any(isinstance(i, Rejection) and i.line == 2 and "maximum record size" in i.reason
               for i in items)


def test_looks_like_a_record_start_among_the_first_lines():
    from loaders.ris import looks_like

    assert looks_like(["1. Ovid record", "", "TY  - JOUR"]) and looks_like(["\ufeffTY  -"])
    assert looks_like(["TY\t- BOOK"])
    assert not looks_like(["TI  - a title", "ER  - "]) and not looks_like(["TYPE - x"])


def test_a_nul_byte_rejects_the_record_holding_it_and_no_other():
    good = "".join(f"TY  - JOUR\nID  - k{n}\nTI  - Paper {n}\nER  - \n\n" for n in range(3))
    for bad, at in (("TY  - JOUR\nID  - bad\nTI  - A \x00 title\nER  - \n\n", 3),
                    ("TY  - JOUR\x00\nID  - bad\nTI  - T\nER  - \n\n", 1),
                    ("TY  - JOUR\nID  - bad\nTI  - T\n\x00 continued\nER  - \n\n", 4)):
        items = list(parse_ris(good[:] + bad + good, file="nul.ris"))
        papers = [i for i in items if isinstance(i, PaperRecord)]
        (rejected,) = [i for i in items if isinstance(i, Rejection)]
        assert len(papers) == 6 and all("\x00" not in p.title for p in papers)
        assert rejected.line == 16 and rejected.key == "bad"
        assert rejected.reason == f"record holds a NUL byte (line {15 + at}): not text"

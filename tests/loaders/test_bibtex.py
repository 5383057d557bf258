"""BibTeX parser: real IRIDIA collection (macros across files, crossref) and broken input."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from loaders import ids
from loaders.bibtex import latex_to_text, parse_bibtex, split_names
from loaders.records import PaperRecord, Rejection

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "bibtex-iridia-cc0"
FIXTURES = Path(__file__).resolve().parents[1] / "data"
LOAD_ORDER = ["abbrev.bib", "authors.bib", "journals.bib", "articles.bib", "biblio.bib",
              "crossref.bib"]
ENTRY_START = re.compile(r"^@(?!string\b|preamble\b|comment\b)(\w+)\s*\{", re.I | re.M)

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")


@pytest.fixture(scope="module")
def texts():
    return [(name, (DATA / name).read_text(encoding="utf-8")) for name in LOAD_ORDER]


@pytest.fixture(scope="module")
def iridia(texts):
    return list(parse_bibtex(texts))


@pytest.fixture(scope="module")
def by_key(iridia):
    return {r.key: r for r in iridia if isinstance(r, PaperRecord)}


@needs_data
def test_every_entry_gives_one_record_per_file(iridia, texts):
    expected = {name: len(ENTRY_START.findall(text)) for name, text in texts}
    got = Counter(r.file for r in iridia)
    assert {k: v for k, v in expected.items() if v} == dict(got)
    assert sum(expected.values()) == 3305
    assert not [r for r in iridia if isinstance(r, Rejection)]


@needs_data
def test_article_count_and_doi_count_match_raw_text(iridia, texts):
    raw = dict(texts)
    articles = [r for r in iridia if r.file == "articles.bib"]
    assert len(articles) == raw["articles.bib"].count("@Article{") == 1509
    for name in ("articles.bib", "biblio.bib", "crossref.bib"):
        doi_lines = len(re.findall(r"^\s*doi\s*=", raw[name], re.I | re.M))
        assert sum(1 for r in iridia if r.file == name and r.doi) == doi_lines


@needs_data
def test_article_venue_resolved_through_journal_macro(by_key):
    paper = by_key["AchBer2007"]  # journal = do (journals.bib), author braced
    assert paper.title == "Improving the feasibility pump"
    assert paper.year == 2007
    assert paper.venue == "Discrete Optimization"
    assert [a.name for a in paper.authors] == ["Tobias Achterberg", "Timo Berthold"]
    assert [a.position for a in paper.authors] == [0, 1]
    assert paper.id == ids.title_hash_id("Improving the feasibility pump", 2007)
    assert (paper.kind, paper.file, paper.line, paper.source) == ("article", "articles.bib", 95,
                                                                  "bibtex")
    assert paper.authors[0].id == "name:tobias achterberg|" + paper.id


@needs_data
def test_crossref_inherits_booktitle_and_year(by_key):
    paper = by_key["Abb2002selfpde"]  # author = Abbass (authors.bib), crossref = {CEC2002}
    assert paper.title == "The self-adaptive Pareto differential evolution algorithm"
    assert paper.venue == "Proceedings of the 2002 Congress on Evolutionary Computation (CEC'02)"
    assert paper.year == 2002
    assert [a.name for a in paper.authors] == ["Hussein A. Abbass"]
    assert (paper.file, paper.line) == ("biblio.bib", 82)


@needs_data
def test_crossref_does_not_inherit_doi(by_key):
    child, parent = by_key["AugBroLop2012dagstuhl"], by_key["Dagstuhl12041"]
    assert parent.doi == "10.4230/dagrep.2.1.50"
    assert child.doi is None and child.id.startswith("h:")
    assert child.year == 2012


@needs_data
def test_macro_concatenation_and_accents_in_authors(by_key):
    paper = by_key["AguZapLieVer2016many"]  # Aguirre #and# Zapotecas_S #and# ...
    assert [a.name for a in paper.authors] == [
        "Hernán E. Aguirre", "Saúl Zapotecas", "Arnaud Liefooghe", "Sébastien Verel",
        "Kiyoshi Tanaka"]
    assert paper.doi == "10.1007/978-3-319-31471-6_2"
    assert paper.id == "doi:10.1007/978-3-319-31471-6_2"
    assert paper.external_ids == (("doi", "10.1007/978-3-319-31471-6_2"),)


@needs_data
def test_crossref_targets_are_papers_of_their_own(by_key):
    proceedings = by_key["CEC2002"]
    assert proceedings.kind == "proceedings" and proceedings.file == "crossref.bib"
    assert proceedings.title == (
        "Proceedings of the 2002 Congress on Evolutionary Computation (CEC'02)")
    book = by_key["SearchMethod2005"]
    assert (book.kind, book.id, book.year) == ("book", "doi:10.1007/0-387-28356-0", 2005)


@needs_data
def test_preamble_command_expands_in_title(by_key):
    paper = by_key["StuHoo2000:fgcs"]  # title = "{\MaxMinAntSystem}" from abbrev.bib's preamble
    assert paper.title == "MAX–MIN Ant System"
    assert [a.name for a in paper.authors] == ["Thomas Stützle", "Holger H. Hoos"]
    assert paper.venue == "Future Generation Computer Systems"


@needs_data
def test_macros_resolve_whatever_the_file_order(texts, by_key):
    reordered = list(reversed(texts))
    again = {r.key: r for r in parse_bibtex(reordered) if isinstance(r, PaperRecord)}
    for key in ("AchBer2007", "Abb2002selfpde", "AguZapLieVer2016many"):
        assert again[key] == by_key[key]


@needs_data
def test_without_macro_files_undefined_macros_expand_to_nothing(texts):
    articles = dict(texts)["articles.bib"]
    records = {r.key: r for r in parse_bibtex([("articles.bib", articles)])}
    assert records["AchBer2007"].venue is None
    assert records["AchBer2007"].title == "Improving the feasibility pump"
    rejected = records["StuHoo2000:fgcs"]
    assert isinstance(rejected, Rejection)
    assert rejected.line == 18883
    assert rejected.reason == "title is empty once LaTeX markup is removed"


@needs_data
def test_math_in_real_titles_keeps_its_greek_letters_and_symbols(by_key):
    """``$\\epsilon$``, ``$\\Sigma$``, ``$\\ln n$`` were dropped: "Evaluating the -domination"."""
    titles = {key: by_key[key].title for key in (
        "DebMohMis2005epsilon", "Feige1998threshold", "WanChePro1997", "ChuLop2021gecco",
        "IRIDIA-2021-006")}
    assert titles["DebMohMis2005epsilon"].startswith("Evaluating the ε-domination based")
    assert titles["Feige1998threshold"] == "A Threshold of ln n for Approximating Set Cover"
    assert "n/m/F/ΣCi" in titles["WanChePro1997"]
    assert "Minimising ε-Indicators" in titles["ChuLop2021gecco"]
    assert titles["IRIDIA-2021-006"].startswith("Cuckoo Search ≡ (μ + λ)-Evolution Strategy")


# ------------------------------------------------------------------ hand-written fixture


@pytest.fixture(scope="module")
def broken():
    text = (FIXTURES / "text_broken.bib").read_text(encoding="utf-8")
    return list(parse_bibtex([("text_broken.bib", text)]))


def test_fixture_yields_records_in_line_order(broken):
    assert [(type(r).__name__, r.key, r.line) for r in broken] == [
        ("PaperRecord", "good1", 7),
        ("Rejection", "notitle", 16),
        ("Rejection", "badmacro", 22),
        ("Rejection", "broken", 27),
        ("PaperRecord", "good2", 31),
        ("PaperRecord", "proc2005", 39),
        ("Rejection", "good1", 46),
    ]
    assert all(r.file == "text_broken.bib" for r in broken)


@pytest.mark.parametrize("key, line, reason", [
    ("notitle", 16, "entry has no title"),
    ("badmacro", 22, "title uses undefined @string macro undefinedmacro"),
    ("broken", 27, "BibTeX syntax error: Unexpected block start"),
    ("good1", 46, "duplicate entry key (first defined at line 7)"),
])
def test_fixture_rejections(broken, key, line, reason):
    found = [r for r in broken if isinstance(r, Rejection) and r.key == key]
    assert len(found) == 1
    assert found[0].line == line and found[0].reason.startswith(reason)


def test_fixture_good_entries(broken):
    good1, good2 = (r for r in broken if isinstance(r, PaperRecord) and r.key != "proc2005")
    assert good1.title == "A good First entry" and good1.venue == "Journal of Foo"
    assert good1.id == "doi:10.1000/good1"
    assert [a.name for a in good1.authors] == ["Jörg Müller", "Anna Smith"]
    assert [(t.id, t.name) for t in good1.topics] == [
        ("kw:graphs", "graphs"), ("kw:citation-analysis", "Citation analysis")]
    assert good2.title == "The FOO–BAR System"
    assert good2.id == "arxiv:1810.13373"
    assert (good2.venue, good2.year) == ("Proc. of Foo 2005", 2005)  # from crossref
    assert [a.name for a in good2.authors] == ["Karl Johan Åström"]


GOOD = "@Article{ok1,\n  title = {Before},\n  year = 2000\n}\n"
AFTER = "@Article{ok2,\n  title = {After},\n  year = 2001\n}\n"


@pytest.mark.parametrize("middle, line, reason", [
    ("@Article{x1,\n  year = 1999\n}\n", 5, "entry has no title"),
    ("@Article{x2,\n  title = {  {} },\n}\n", 5, "title is empty"),
    ("@Article{x3,\n  title = nomacro # { part}\n}\n", 5, "title uses undefined @string macro"),
    ("@Article{x4,\n  title = {never closed\n\n", 5, "BibTeX syntax error"),
    ("garbage line\n@Article{x5, title = {one}, title = {two}}\n", 6, "duplicate field(s): title"),
])
def test_broken_entry_between_good_ones(middle, line, reason):
    records = list(parse_bibtex([("t.bib", GOOD + middle + AFTER)]))
    rejections = [r for r in records if isinstance(r, Rejection)]
    assert len(rejections) == 1
    assert rejections[0].line == line and rejections[0].reason.startswith(reason)
    assert [r.title for r in records if isinstance(r, PaperRecord)] == ["Before", "After"]


@pytest.mark.parametrize("text", ["", "% only a comment\n", '@string{a = "b"}\n@comment{x}\n'
                                  '@preamble{"\\relax"}\n'])
def test_texts_without_entries_yield_nothing(text):
    assert list(parse_bibtex([("t.bib", text)])) == []


def test_single_string_with_file_name():
    (record,) = parse_bibtex("@Misc{k, title = {T}, year = {2020}}", file="one.bib")
    assert (record.file, record.line, record.kind, record.year) == ("one.bib", 1, "misc", 2020)


def test_month_macros_and_crlf():
    text = '@Article{k,\r\n  title = {T},\r\n  note = jan # " 5",\r\n  year = "1999"\r\n}\r\n'
    (record,) = parse_bibtex([("t.bib", text)])
    assert (record.title, record.year, record.line) == ("T", 1999, 1)


@pytest.mark.parametrize("raw, text", [
    ('{\\"o}', "ö"), ("\\'{e}", "é"), ("\\c{c}", "ç"), ("\\v{s}", "š"), ("{\\ss}", "ß"),
    ("\\'{\\i}", "í"), ("\\H{o}", "ő"), ("{\\o}", "ø"), ("Ant~{C}olony", "Ant Colony"),
    ("A \\& B", "A & B"), ("\\emph{Deep}  learning", "Deep learning"), ("1--2", "1–2"),
])
def test_latex_to_text(raw, text):
    assert latex_to_text(raw) == text


@pytest.mark.parametrize("value, names", [
    ("Doe, John and Jane Roe", ["John Doe", "Jane Roe"]),
    ("{IEEE} and others", ["IEEE"]),
    ("{Barnes and Noble} AND Smith, A.", ["Barnes and Noble", "A. Smith"]),
    ("de la Fuente, Ana and Ford, Jr., Henry", ["Ana de la Fuente", "Henry Ford Jr."]),
    ("", []),
])
def test_split_names(value, names):
    assert split_names(value) == names


def test_looks_like_a_block_among_the_first_lines():
    from loaders.bibtex import looks_like

    assert looks_like(["% comment", "  @Article{key,"]) and looks_like(["@string (j = {J})"])
    assert not looks_like(["email me @ home"]) and not looks_like(["TY  - JOUR"])


def test_an_entry_holding_a_nul_byte_is_rejected_alone():
    text = ("@article{a, title={First}, year={2001}}\n"
            "@article{b, title={Second}, journal={J\x00}, year={2001}}\n"
            "@article{c, title={Third}, year={2001}}\n")
    items = list(parse_bibtex(text, file="n.bib"))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("PaperRecord", 1), ("Rejection", 2), ("PaperRecord", 3)]
    assert items[1].reason == "entry holds a NUL byte (in journal): not text"

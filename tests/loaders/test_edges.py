"""Edge lists and node tables: real SNAP / S2 files and hand-written broken input."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from loaders.edges import parse_edges, parse_node_table
from loaders.records import CitationRecord, NodeRow, Rejection
from loaders.sources import open_text

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FIXTURES = Path(__file__).resolve().parents[1] / "data"
HEPPH = DATA / "snap-cit-hep" / "cit-HepPh-1992-1999.edges.tsv.gz"
HEPTH = DATA / "snap-cit-hep" / "cit-HepTh.reindexed.edges.tsv.gz"
YEARS = DATA / "snap-cit-hep" / "cit-HepPh-1992-1999.years.tsv.gz"
S2_CITATIONS = DATA / "s2-graph-api-fixtures" / "citations.tsv.gz"

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}")


def _raw_lines(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode("utf-8").replace("\r\n", "\n").split("\n")


@pytest.fixture(scope="module")
def hepph():
    with open_text(HEPPH) as lines:
        return list(parse_edges(lines, file=HEPPH.name, id_prefix="hepph:"))


@needs_data
def test_hepph_crlf_edges_all_read(hepph):
    raw = [line for line in _raw_lines(HEPPH) if line.strip()]
    assert len(hepph) == len(raw) == 201_300
    assert all(isinstance(r, CitationRecord) for r in hepph)
    assert hepph[0] == CitationRecord("hepph:9907233", "hepph:9301253", "edges", HEPPH.name, 1)
    assert not any("\r" in r.cited for r in hepph)
    assert len({(r.citing, r.cited) for r in hepph}) == 201_300  # README: all distinct
    assert sum(r.citing == r.cited for r in hepph) == 25  # README: 25 self-loops


@needs_data
def test_hepth_and_hepph_id_spaces_stay_apart(hepph):
    with open_text(HEPTH) as lines:
        hepth = list(parse_edges(lines, id_prefix="hepth:"))
    assert len(hepth) == 352_807
    assert hepth[0].citing == "hepth:0" and hepth[0].cited == "hepth:1"
    nodes_th = {r.citing for r in hepth} | {r.cited for r in hepth}
    nodes_ph = {r.citing for r in hepph} | {r.cited for r in hepph}
    assert len(nodes_th) == 27_770 and len(nodes_ph) == 21_550  # README counts
    assert not nodes_th & nodes_ph


@needs_data
def test_years_table():
    with open_text(YEARS) as lines:
        rows = list(parse_node_table(lines, file=YEARS.name, id_prefix="hepph:"))
    assert len(rows) == len([line for line in _raw_lines(YEARS) if line.strip()]) == 22_824
    assert rows[0] == NodeRow("hepph:9203201", 1992, None, "edges", YEARS.name, 1)
    assert {r.year for r in rows} == set(range(1992, 2000))


@needs_data
def test_s2_citations_header_skipped():
    raw = [line for line in _raw_lines(S2_CITATIONS) if line.strip()]
    with open_text(S2_CITATIONS) as lines:
        edges = list(parse_edges(lines))
    assert raw[0] == "citing_paperId\tcited_paperId"
    assert len(edges) == len(raw) - 1 and all(isinstance(e, CitationRecord) for e in edges)
    assert edges[0].line == 2 and edges[0].cited == "CorpusID:14514057"


def test_fixture_csv_with_bom_header_comments_crlf_and_bad_rows():
    with open_text(FIXTURES / "text_edges.csv") as lines:
        records = list(parse_edges(lines, file="text_edges.csv", id_prefix="x:"))
    edges = [(r.citing, r.cited, r.line) for r in records if isinstance(r, CitationRecord)]
    assert edges == [("x:p1", "x:p2", 4), ("x:p1", "x:p3", 5), ("x:p4", "x:p1", 9),
                     ("x:10.1000/x", "x:10.1000/y", 11)]
    rejections = [(r.line, r.reason) for r in records if isinstance(r, Rejection)]
    assert rejections == [(7, "expected 2 id columns, found 1"),
                          (8, "expected 2 id columns, found 3"), (10, "not an id: 'cited'")]


@pytest.mark.parametrize("text, expected", [
    ("1\t2\n3\t4\n", [("1", "2", 1), ("3", "4", 2)]),
    ("1 2\r\n\r\n3   4\r\n", [("1", "2", 1), ("3", "4", 3)]),
    ("# FromNodeId\tToNodeId\n1\t2\n", [("1", "2", 2)]),
    ("source,target\n1,2\n", [("1", "2", 2)]),
    ("\ufeff1,2\n", [("1", "2", 1)]),
    ("", []),
])
def test_edge_line_shapes(text, expected):
    records = list(parse_edges(text.splitlines(keepends=True)))
    assert [(r.citing, r.cited, r.line) for r in records] == expected


@pytest.mark.parametrize("bad, reason", [
    ("1\t2\t3", "expected 2 id columns, found 3"),
    ("7", "expected 2 id columns, found 1"),
    ("1,", "not an id: ''"),
    ("lorem ipsum", "not an id: 'lorem'"),
])
def test_malformed_line_between_good_ones(bad, reason):
    records = list(parse_edges(["1\t2\n", bad + "\n", "3\t4\n"], file="f"))
    assert [type(r).__name__ for r in records] == ["CitationRecord", "Rejection", "CitationRecord"]
    assert (records[1].line, records[1].reason, records[1].file) == (2, reason, "f")
    assert records[1].excerpt == bad


def test_header_only_detected_on_first_data_row():
    records = list(parse_edges(["1\t2\n", "citing\tcited\n"]))
    assert isinstance(records[1], Rejection) and records[1].line == 2


def test_rejection_in_lines_passes_through_and_stops():
    damage = Rejection("f.gz", 3, "file is truncated or corrupt after line 2: x", fatal=True)
    records = list(parse_edges(["1\t2\n", "2\t3\n", damage, "4\t5\n"]))
    assert records[-1] is damage and len(records) == 3


def test_fixture_node_table():
    with open_text(FIXTURES / "text_nodes.tsv") as lines:
        rows = list(parse_node_table(lines, file="text_nodes.tsv", id_prefix="n:"))
    assert [(type(r).__name__, r.line) for r in rows] == [
        ("NodeRow", 3), ("NodeRow", 4), ("NodeRow", 5), ("Rejection", 6), ("Rejection", 7),
        ("NodeRow", 8)]
    assert rows[0] == NodeRow("n:9203201", 1992, "A first paper", "edges", "text_nodes.tsv", 3)
    assert (rows[1].year, rows[1].title) == (1992, None)
    assert (rows[2].year, rows[2].title) == (None, "No year known")
    assert rows[3].reason == "not a year: 'unknown'"
    assert rows[4].reason == "expected id<TAB>year[<TAB>title]"
    assert (rows[5].year, rows[5].title) == (1993, "Dated paper")


@pytest.mark.parametrize("line, reason", [
    ("5\t0999", "year out of range: '0999'"),
    ("5\t19x9", "not a year: '19x9'"),
    ("title\t1999", "expected id<TAB>year[<TAB>title]"),
])
def test_node_table_bad_rows(line, reason):
    rows = list(parse_node_table(["1\t2000\n", line + "\n", "2\t2001\n"]))
    assert [type(r).__name__ for r in rows] == ["NodeRow", "Rejection", "NodeRow"]
    assert (rows[1].line, rows[1].reason) == (2, reason)


def test_a_row_holding_a_nul_byte_is_rejected_alone():
    items = list(parse_edges(["1\t2\n", "3\x00\t4\n", "5\t6\n"], file="e.tsv"))
    assert [(type(i).__name__, i.line) for i in items] == [
        ("CitationRecord", 1), ("Rejection", 2), ("CitationRecord", 3)]
    assert items[1].reason == "row holds a NUL byte: not text" and items[1].file == "e.tsv"

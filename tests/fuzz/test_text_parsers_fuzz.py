"""Property-based fuzzing of the text parsers (RIS, BibTeX, edge lists, node
tables) and the file readers of loaders.sources, seeded with real records.

Properties: no exception escapes; every item is a record or a Rejection with
a reason; records have non-empty str ids; a Rejection's line lies within the
input's lines; good records around a corrupted one still come out.
"""

from __future__ import annotations

import gzip
import os
import tempfile

from hypothesis import given
from hypothesis import strategies as st

from loaders import arxiv, formats, native, openalex, sources
from loaders import semantic_scholar as s2
from loaders.bibtex import parse_bibtex
from loaders.edges import parse_edges, parse_node_table
from loaders.records import CitationRecord, NodeRow, PaperRecord, Rejection
from loaders.ris import parse_ris
from tests.fuzz import _seeds
from tests.fuzz._strategies import (
    BIBTEX_ENDINGS,
    FEW,
    FUZZ,
    check_items,
    line_count,
    line_endings,
    mutated_text,
    noise_text,
    run,
    s2_known_bug,
)


def _titles(items) -> list[str]:
    return [i.title for i in items if isinstance(i, PaperRecord)]


def _title_alone_ris(record: str) -> str:
    (item,) = list(parse_ris(record))
    assert isinstance(item, PaperRecord), item
    return item.title


def _title_alone_bib(entry: str) -> str:
    (item,) = list(parse_bibtex([("seed.bib", entry)]))
    assert isinstance(item, PaperRecord), item
    return item.title


# -- RIS ---------------------------------------------------------------------------------


@FUZZ
@given(text=st.one_of(st.text(), noise_text,
                      st.lists(st.one_of(noise_text, st.sampled_from(
                          ["TY  - JOUR", "ER  - ", "TI  - t", "AU  - a", "PY  - 1999", ""])))
                      .map("\n".join)))
def test_ris_arbitrary_text(text):
    run(lambda: parse_ris(text, file="f.ris"), lines=range(1, line_count(text) + 1))


@FUZZ
@given(data=st.data())
def test_ris_mutated_records(data):
    text = data.draw(mutated_text("".join(data.draw(
        st.lists(st.sampled_from(_seeds.ris_records()), min_size=1, max_size=3)))))
    run(lambda: parse_ris(text), lines=range(1, line_count(text) + 1))


@FUZZ
@given(data=st.data())
def test_ris_corrupt_middle_record(data):
    """Three real records, the middle one corrupted: the first and last titles come out."""
    records = _seeds.ris_records()
    first, middle, last = (data.draw(st.sampled_from(records)) for _ in range(3))
    broken = data.draw(st.one_of(mutated_text(middle), noise_text, st.text()))
    # the corrupted record ends with a line end, as it would in a file
    text = data.draw(line_endings(first + broken.rstrip("\r") + "\n" + last))
    items = run(lambda: parse_ris(text), lines=range(1, line_count(text) + 1))
    titles = _titles(items)
    assert titles[:1] == [_title_alone_ris(first)], titles
    assert titles[-1:] == [_title_alone_ris(last)], titles


# -- BibTeX ------------------------------------------------------------------------------


@FEW
@given(text=st.one_of(st.text(), st.lists(st.one_of(noise_text, st.sampled_from(
    ["@article{k,", "title={T}", "}", "@string{x = {y}}", "@preamble{\\providecommand{\\X}{Z}}",
     "author = {A, B and C D}", "crossref={k}", "year=1999", "title = x # y", ","])))
    .map("\n".join)))
def test_bibtex_arbitrary_text(text):
    run(lambda: parse_bibtex([("f.bib", text)]),
        lines=[None, *range(1, line_count(text) + 1)])


@FEW
@given(data=st.data())
def test_bibtex_mutated_entries(data):
    entries = data.draw(st.lists(st.sampled_from(_seeds.bibtex_entries()), min_size=1,
                                 max_size=3))
    text = data.draw(mutated_text("\n".join(entries), endings=BIBTEX_ENDINGS))
    run(lambda: parse_bibtex([("f.bib", text), ("g.bib", entries[0])]),
        lines=[None, *range(1, line_count(text) + line_count(entries[0]) + 1)])


@FEW
@given(data=st.data())
def test_bibtex_corrupt_middle_entry(data):
    """Three real entries, the middle one corrupted: the first and last titles come out."""
    # three different entries: a repeated key would rightly reject the later copy
    first, middle, last = data.draw(st.lists(st.sampled_from(_seeds.bibtex_entries()),
                                             min_size=3, max_size=3, unique=True))
    broken = data.draw(st.one_of(mutated_text(middle, endings=BIBTEX_ENDINGS), noise_text,
                                 st.text()))
    text = data.draw(line_endings(first + "\n" + broken + "\n\n" + last, BIBTEX_ENDINGS))
    items = run(lambda: parse_bibtex([("f.bib", text)]),
                lines=[None, *range(1, line_count(text) + 1)])
    titles = _titles(items)
    assert _title_alone_bib(first) in titles[:1] + titles[:2], titles
    assert titles[-1:] == [_title_alone_bib(last)], titles


# -- edge lists and node tables ----------------------------------------------------------

garbage_line = st.one_of(noise_text, st.text(max_size=30),
                         st.sampled_from(["#", "", "a\tb", "1\t2\t3", "1,2", "1 2", "x y"]))


@st.composite
def _mixed_lines(draw, seeds):
    """Real lines and garbage lines (maybe CRLF/BOM); returns (lines, real line numbers)."""
    plan = draw(st.lists(st.one_of(st.sampled_from(seeds).map(lambda s: (True, s)),
                                   garbage_line.map(lambda g: (False, g))), max_size=10))
    lines, real = [], []
    for number, (is_real, text) in enumerate(plan, start=1):
        ending = draw(st.sampled_from(["\n", "\r\n", ""]))
        text = text.rstrip("\r\n") + ending if is_real else text + ending
        if number == 1 and draw(st.booleans()):
            text = "\ufeff" + text
        lines.append(text)
        if is_real:
            real.append(number)
    return lines, real


@FUZZ
@given(data=st.data())
def test_edges_mixed_lines(data):
    lines, real = data.draw(_mixed_lines(_seeds.edge_lines()))
    prefix = data.draw(st.sampled_from(["", "hepph:"]))
    items = run(lambda: parse_edges(lines, file="e.tsv", id_prefix=prefix),
                lines=range(1, len(lines) + 1))
    got = {i.line for i in items if isinstance(i, CitationRecord)}
    data_lines = [n for n in real if "paperId" not in lines[n - 1]]  # a real header line
    assert set(data_lines) <= got, (lines, items)


@FUZZ
@given(data=st.data())
def test_node_table_mixed_lines(data):
    lines, real = data.draw(_mixed_lines(_seeds.node_lines()))
    items = run(lambda: parse_node_table(lines, file="n.tsv"), lines=range(1, len(lines) + 1))
    assert set(real) <= {i.line for i in items if isinstance(i, NodeRow)}, (lines, items)


@FUZZ
@given(lines=st.lists(st.text(), max_size=8), cut=st.integers(0, 8))
def test_edge_parsers_arbitrary_lines(lines, cut):
    """Arbitrary text lines, maybe with a damaged-file Rejection: no crash."""
    cut = min(cut, len(lines))
    given_lines = lines[:cut] + [Rejection("e.gz", cut + 1, "damaged", fatal=True)] + lines[cut:]
    for parse in (parse_edges, parse_node_table):
        run(lambda parse=parse: parse(given_lines), lines=range(1, len(given_lines) + 1))


# -- file readers (sources) --------------------------------------------------------------

JSON_PARSERS = ((openalex.parse_objects, None), (s2.parse_objects, s2_known_bug),
                (arxiv.parse_objects, None), (native.parse_objects, None))


@st.composite
def _file_bytes(draw):
    """Bytes of a damaged file and the number of lines its text may have."""
    kind = draw(st.sampled_from(["jsonl", "ris", "bib", "edges", "text"]))
    if kind == "jsonl":
        text = "".join(draw(st.lists(st.sampled_from(_seeds.jsonl_lines()), min_size=1,
                                     max_size=3)))
    elif kind == "ris":
        text = draw(st.sampled_from(_seeds.ris_records()))
    elif kind == "bib":
        text = draw(st.sampled_from(_seeds.bibtex_entries()))
    elif kind == "edges":
        text = "".join(_seeds.edge_lines())
    else:
        text = draw(st.text())
    text = draw(st.one_of(st.just(text), mutated_text(text)))
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=8)) + raw[at:]
    bound = line_count(raw.decode("utf-8-sig", "replace"))
    if draw(st.booleans()):
        raw = gzip.compress(raw, mtime=0)
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw, bound


@FEW
@given(case=_file_bytes())
def test_sources_damaged_files(case):
    """read_text, detect and iter_json_objects on damaged files never raise
    anything but UnknownFormat; JSON records fed on to every JSON parser."""
    raw, bound = case
    handle, name = tempfile.mkstemp(suffix=".dat")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        text, rejections = sources.read_text(name)
        assert isinstance(text, str)
        assert all(r.reason for r in rejections)
        assert not any(r.fatal for r in rejections[:-1])  # only the last one ends the file
        try:
            assert formats.detect(name) in formats.names()
        except formats.UnknownFormat:
            pass
        pairs = list(sources.iter_json_objects(name))
        for line, obj in pairs:
            assert 1 <= line <= bound, (line, bound)
            if isinstance(obj, Rejection):
                assert obj.reason and 1 <= obj.line <= bound
        for parse, known in JSON_PARSERS:
            run(lambda parse=parse: parse(pairs, file=name),
                known_bug=(lambda known=known: any(known(o) for _, o in pairs)) if known else None,
                lines=range(1, bound + 1))
    finally:
        os.unlink(name)


def test_good_seed_texts_parse():
    """The seed texts themselves give records (sanity check of the seeds)."""
    assert all(_title_alone_ris(r) for r in _seeds.ris_records())
    assert all(_title_alone_bib(e) for e in _seeds.bibtex_entries())
    edges = check_items(parse_edges(_seeds.edge_lines()))
    assert sum(isinstance(i, CitationRecord) for i in edges) >= 10

"""Citation edge lists and node tables (SNAP, S2 ``citations.tsv`` and the like).

Contracts, for :func:`parse_edges` and :func:`parse_node_table`:

* input is an iterable of text lines (with or without ``\\r\\n``/``\\n``);
  line numbers are 1-based and count every line (comments, blanks, header);
* columns are split on tabs when the line has one, else on commas, else on
  whitespace; surrounding spaces and double quotes are stripped;
* an id is a token without spaces that contains at least one digit
  (``9907233``, ``W2741809807``, ``CorpusID:14514057``, 40-hex S2 ids);
* ``#`` lines and blank lines are skipped; a first data row with no id in it
  (``citing<TAB>cited``, ``id<TAB>year<TAB>title``) is a header and skipped;
* every other row that does not fit yields a :class:`Rejection` naming line
  and reason (a row holding a NUL byte too), and parsing goes on;
* a :class:`Rejection` item among the lines (a damaged .gz or an over-long
  line from :func:`loaders.sources.open_text`) is passed through; a fatal one
  ends parsing;
* ``id_prefix`` is prepended to every id so that two numeric id spaces stay
  apart (``hepth:1`` vs ``hepph:1``). Self-citations are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from loaders import ids
from loaders.records import CitationRecord, NodeRow, Rejection

SOURCE = "edges"
_ID = re.compile(r"^\S*\d\S*$")
_YEAR = re.compile(r"^\d{4}(?:[-/.T ].*)?$")


def _clean(line: str) -> str:
    return line.lstrip("\ufeff").rstrip("\r\n")


def split_row(line: str, maxsplit: int = -1) -> list[str]:
    """Split a row on tabs, else commas, else whitespace; strip quotes and spaces.

    >>> split_row("a\\tb c"), split_row('"1", "2"'), split_row(" 1  2 ")
    (['a', 'b c'], ['1', '2'], ['1', '2'])
    """
    if "\t" in line:
        parts = line.split("\t", maxsplit)
    elif "," in line:
        parts = line.split(",", maxsplit)
    else:
        parts = line.split(None, maxsplit)
    return [p.strip().strip('"').strip() for p in parts]


def is_id(token: str) -> bool:
    """True for a plausible node id: no spaces, at least one digit.

    >>> is_id("9907233"), is_id("CorpusID:14514057"), is_id("cited"), is_id("")
    (True, True, False, False)
    """
    return bool(_ID.match(token))


def _rows(lines: Iterable[str | Rejection]) -> Iterator[tuple[int, str | Rejection]]:
    """Yield (line number, content) of data lines; pass a Rejection through last."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, Rejection):
            yield number, line
            if line.fatal:
                return
            continue
        text = _clean(line).strip()
        if text and not text.startswith("#"):
            yield number, text


def _edge(fields: list[str], number: int, file, prefix: str) -> CitationRecord | Rejection:
    if len(fields) != 2:
        return Rejection(file, number, f"expected 2 id columns, found {len(fields)}")
    bad = [f for f in fields if not is_id(f)]
    if bad:
        return Rejection(file, number, f"not an id: {bad[0]!r}")
    return CitationRecord(prefix + fields[0], prefix + fields[1], SOURCE, file, number)


def parse_edges(lines: Iterable[str | Rejection], *, file: str | None = None,
                id_prefix: str = "") -> Iterator[CitationRecord | Rejection]:
    """Yield a CitationRecord (citing, cited) per edge row, a Rejection per bad row."""
    yield from _parse_rows(
        lines, file, split_row, lambda fields: not any(is_id(f) for f in fields),
        lambda fields, number: _edge(fields, number, file, id_prefix))


def _parse_rows(lines: Iterable[str | Rejection], file: str | None,
                split: Callable[[str], list[str]], is_header: Callable[[list[str]], bool],
                build: Callable[[list[str], int], object]) -> Iterator:
    """Split each data row, skip a header first row, build a record or a
    rejection (carrying the row's text) from each of the others."""
    first = True
    for number, text in _rows(lines):
        if isinstance(text, Rejection):
            yield text
            if text.fatal:
                return
            continue
        if "\x00" in text:  # not text: the row is rejected, the file goes on
            yield Rejection(file, number, "row holds a NUL byte: not text",
                            excerpt=text.replace("\x00", "")[:200])
            continue
        fields = split(text)
        if first and is_header(fields):
            first = False
            continue
        first = False
        record = build(fields, number)
        if isinstance(record, Rejection):
            record = Rejection(file, number, record.reason, excerpt=text[:200])
        yield record


def _node(fields: list[str], number: int, file, prefix: str) -> NodeRow | Rejection:
    if len(fields) < 2 or not is_id(fields[0]):
        return Rejection(file, number, "expected id<TAB>year[<TAB>title]")
    if fields[1] and not _YEAR.match(fields[1]):
        return Rejection(file, number, f"not a year: {fields[1]!r}")
    year = ids.parse_year(fields[1])
    if fields[1] and year is None:
        return Rejection(file, number, f"year out of range: {fields[1]!r}")
    title = " ".join(fields[2].split()) if len(fields) > 2 else ""
    return NodeRow(prefix + fields[0], year, title or None, SOURCE, file, number)


def parse_node_table(lines: Iterable[str | Rejection], *, file: str | None = None,
                     id_prefix: str = "") -> Iterator[NodeRow | Rejection]:
    """Yield a NodeRow per ``id<TAB>year[<TAB>title]`` row, a Rejection per bad row.

    The year may be empty (unknown); a year column holding anything else but
    a year (optionally followed by a date, ``1999-05-01``) is rejected.
    """
    yield from _parse_rows(
        lines, file, lambda text: split_row(text, 2), lambda fields: not is_id(fields[0]),
        lambda fields, number: _node(fields, number, file, id_prefix))


def looks_like_edges(head: list[str], rows: int = 10) -> bool:
    """True when ``head`` starts like an edge list (or a two-column node table).

    The first data row (after comments and a header) must be an edge, and so
    must more than half of the first ``rows`` rows: a few bad lines do not
    hide an edge list.

    >>> looks_like_edges(["# c", "src\\tdst", "1\\t2", "2\\t3"]), looks_like_edges(["x y z"])
    (True, False)
    """
    records = list(parse_edges(head))[:rows]
    good = [isinstance(r, CitationRecord) for r in records]
    return bool(good) and good[0] and sum(good) * 2 > len(good)

"""RIS parser: records between ``TY`` and ``ER`` to paper records.

Contract of :func:`parse_ris`:

* a leading BOM and CRLF line ends are accepted; an empty text yields nothing;
* tag lines are ``XX  - value``; a tab or a single space before the dash is
  accepted too (some exporters write ``A1<TAB>- ``); any other line inside a
  record continues the previous tag's value;
* this module splits the text into records itself (to know line numbers and
  to go on after a broken record); rispy maps each record's tags to fields;
* each record yields one :class:`PaperRecord` (source ``"ris"``, ``line`` =
  line of its ``TY``, ``key`` = ``ID``, ``kind`` = ``TY`` value) or one
  :class:`Rejection`: no title (``TI``, else ``T1``), no ``ER`` before the
  next ``TY`` or before the end of the text (truncated), a NUL byte in one of
  its lines (named; the records around it still load), or rispy failing;
* tag lines between records (after ``ER``, before ``TY``) yield one rejection
  per run, at the first such line; other text between records (Ovid's record
  numbers and links) is skipped silently;
* fields: authors ``AU`` then ``A1`` (``Last, First`` shown as ``First
  Last``, duplicates dropped), year the first of ``PY``/``Y1``/``DA`` holding
  a plausible year (an unreadable year such as ``PY  - 10 15`` leaves the year
  unknown: the record is kept), DOI ``DO`` (resolver URLs accepted), abstract
  ``AB`` else ``N2``, venue ``JF`` else ``JO`` else ``T2``, keywords ``KW`` as
  topics ``kw:<slug>``. People get ``name:<normalised name>|<paper id>`` ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import rispy

from loaders import ids
from loaders.biblio import keyword_topics, person_id
from loaders.records import Author, PaperRecord, Rejection

SOURCE = "ris"
_LINE_END = re.compile(r"\r\n|\r|\n")  # not str.splitlines: U+2028 & co. are text
_TAG = re.compile(r"^([A-Z][A-Z0-9])(?:  |[ \t]*\t| )-(?:[ \t]+(.*)|[ \t]*)$")
_RECORD_START = re.compile(r"^\ufeff?TY[ \t]+-(?:[ \t]|$)")


def looks_like(head: list[str]) -> bool:
    """True when one of the first lines of a text opens a RIS record (``TY  - JOUR``).

    >>> looks_like(["1.", "TY  - JOUR", "TI  - x"]), looks_like(["@article{k,"])
    (True, False)
    """
    return any(_RECORD_START.match(line) for line in head)


@dataclass
class _Block:
    """The tag lines of one record (continuations folded in) and where it starts."""

    line: int
    tags: list[list[str]] = field(default_factory=list)
    ended: bool = False
    nul_line: int | None = None  # the first of its lines holding a NUL byte


def _tag(line: str) -> tuple[str, str] | None:
    match = _TAG.match(line.rstrip())
    return (match.group(1), (match.group(2) or "").strip()) if match else None


def _lines(text: str | Iterable[str | Rejection]) -> Iterator[str | Rejection]:
    if isinstance(text, str):
        yield from _LINE_END.split(text.lstrip("\ufeff"))
        return
    for line in text:
        yield line if isinstance(line, Rejection) else line.rstrip("\r\n")


def _blocks(text: str | Iterable[str | Rejection], file: str | None
            ) -> Iterator[_Block | Rejection]:
    """Split RIS text (a string, or lines read one at a time) into record blocks;
    yield rejections for broken structure. A Rejection among the lines (a line
    past the record size limit) is passed on in its place."""
    block: _Block | None = None
    stray: list[tuple[int, str]] = []
    for number, raw in enumerate(_lines(text), start=1):
        if isinstance(raw, Rejection):
            yield raw
            continue
        tag, nul = _tag(raw), "\x00" in raw
        if tag and tag[0] == "TY":
            if stray:
                yield _stray(stray, file)
                stray = []
            if block is not None:
                yield Rejection(file, block.line, f"record has no ER before the next TY "
                                f"(line {number})", key=_key(block))
            block = _Block(number, [["TY", tag[1]]], nul_line=number if nul else None)
        elif block is None:
            if tag:
                stray.append((number, tag[0]))
        else:
            if nul and block.nul_line is None:
                block.nul_line = number
            if tag and tag[0] == "ER":
                block.ended = True
                yield block
                block = None
            elif tag:
                block.tags.append([tag[0], tag[1]])
            elif raw.strip():
                block.tags[-1][1] = (block.tags[-1][1] + " " + raw.strip()).strip()
    if stray:
        yield _stray(stray, file)
    if block is not None:
        yield Rejection(file, block.line, "record is truncated: the text ends before its ER",
                        key=_key(block))


def _stray(lines: list[tuple[int, str]], file: str | None) -> Rejection:
    tags = ", ".join(dict.fromkeys(tag for _, tag in lines))
    return Rejection(file, lines[0][0], f"tag line(s) outside a record (not between TY and "
                     f"ER): {tags}")


def _key(block: _Block) -> str | None:
    return next((value for tag, value in block.tags if tag == "ID" and value), None)


def _fields(block: _Block) -> dict:
    """Map the block's tags to rispy field names (``title``, ``authors``...)."""
    text = "\n".join(f"{tag}  - {value}" for tag, value in block.tags) + "\nER  - \n"
    records = rispy.loads(text)
    if len(records) != 1:
        raise ValueError(f"rispy read {len(records)} records from one block")
    return records[0]


def _text(value) -> str:
    """One line of text from a rispy value (a string, or a list of strings)."""
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _first(fields: dict, *names: str) -> str | None:
    for name in names:
        text = _text(fields.get(name))
        if text:
            return text
    return None


def display_name(name: str) -> str:
    """``Last, First`` -> ``First Last``; other forms unchanged.

    >>> display_name("Von Känel,  R."), display_name("Smith J"), display_name("A, B, Jr.")
    ('R. Von Känel', 'Smith J', 'B, Jr. A')
    """
    last, comma, first = name.partition(",")
    text = f"{first} {last}" if comma and first.strip() else last
    return " ".join(text.split())


def _authors(fields: dict, paper: str) -> tuple[Author, ...]:
    names: dict[str, str] = {}
    for raw in list(fields.get("authors") or []) + list(fields.get("first_authors") or []):
        name = display_name(str(raw))
        if name and ids.normalise_name(name) not in names:
            names[ids.normalise_name(name)] = name
    return tuple(Author(person_id(n, paper), n, None, i) for i, n in enumerate(names.values()))


def _year(fields: dict) -> int | None:
    for name in ("year", "publication_year", "date"):
        year = ids.parse_year(_text(fields.get(name)))
        if year:
            return year
    return None


def _record(block: _Block, file: str | None) -> PaperRecord | Rejection:
    if block.nul_line is not None:
        return Rejection(file, block.line, f"record holds a NUL byte (line {block.nul_line}): "
                         "not text", key=_key(block))
    try:
        fields = _fields(block)
    except Exception as err:  # rispy is third-party: any failure rejects one record
        return Rejection(file, block.line, f"RIS record could not be parsed: {err}",
                         key=_key(block))
    key = _text(fields.get("id")) or None
    title = _first(fields, "title", "primary_title")
    if not title:
        return Rejection(file, block.line, "record has no title (TI/T1)", key=key)
    year = _year(fields)
    doi = ids.normalise_doi(_text(fields.get("doi")))
    paper = ids.paper_id(doi=doi, title=title, year=year)
    words = [str(w) for w in fields.get("keywords") or []]
    return PaperRecord(
        id=paper, source=SOURCE, title=title, year=year, doi=doi,
        abstract=_first(fields, "abstract", "notes_abstract"),
        venue=_first(fields, "alternate_title3", "journal_name", "secondary_title"),
        authors=_authors(fields, paper), topics=keyword_topics(words),
        external_ids=(("doi", doi),) if doi else (),
        kind=_text(fields.get("type_of_reference")) or None,
        file=file, line=block.line, key=key,
    )


def parse_ris(text: str | Iterable[str | Rejection], *, file: str | None = None
              ) -> Iterator[PaperRecord | Rejection]:
    """Yield a PaperRecord or a Rejection per RIS record of ``text``, in order.

    ``text`` is the whole text or its lines as :func:`loaders.sources.open_text`
    gives them (read one record at a time, so memory is one record's worth).
    """
    for item in _blocks(text, file):
        yield item if isinstance(item, Rejection) else _record(item, file)

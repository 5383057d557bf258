"""BibTeX parser: entries of one or more .bib texts to paper records.

Contract of :func:`parse_bibtex`:

* all texts given together form one database: ``@string`` macros defined in
  any of them (``abbrev.bib``, ``authors.bib``, ``journals.bib``) resolve in
  every entry, later definitions win, names are case-insensitive, ``#``
  concatenation and macros built from other macros work, ``jan``..``dec``
  are predefined; ``crossref`` fields inherit from the entry they name, in
  any of the texts;
* every entry yields one :class:`PaperRecord` (source ``"bibtex"``, ``kind``
  = entry type in lower case, ``key`` = entry key, ``line`` = 1-based line of
  the ``@`` in its file, ``file`` = its file name) or one :class:`Rejection`;
* crossref targets (``@Proceedings``/``@Book`` in ``crossref.bib``) are
  citable works themselves and are yielded as papers of their own kind;
* a child inherits from its crossref target only the fields it lacks among
  :data:`INHERITED` (``booktitle``, ``year``, ``author``...). Never ``title``,
  ``doi`` or ``eprint``: a chapter is not its book, and a shared DOI would
  merge every chapter into one paper;
* an undefined macro expands to the empty string, as in BibTeX, except in
  the title, where it rejects the entry; an entry without a title is rejected,
  as is one holding a NUL byte (not text: named by field, the file goes on);
  a block bibtexparser could not parse is rejected with its line and key;
* ``@string``, ``@preamble`` and ``@comment`` blocks produce nothing, but
  zero-argument commands a preamble defines (``\\providecommand{\\X}{...}``)
  are expanded in field values (IRIDIA's ``{\\MaxMinAntSystem}`` title);
* people: ``author`` split on top-level `` and ``, ``Last, First`` turned to
  ``First Last``, ``others`` dropped, LaTeX accents and braces removed
  (``{\\"o}`` -> ``ö``); person id ``name:<normalised name>|<paper id>``
  (BibTeX has no author ids; the writer merges same-name people per file).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model

from loaders import ids
from loaders.biblio import keyword_topics, person_id
from loaders.latex import latex_to_text
from loaders.records import Author, PaperRecord, Rejection

SOURCE = "bibtex"
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April",
    "may": "May", "jun": "June", "jul": "July", "aug": "August",
    "sep": "September", "oct": "October", "nov": "November", "dec": "December",
}
INHERITED = frozenset({
    "author", "booktitle", "year", "journal", "series", "publisher", "editor",
    "volume", "month", "address", "organization",
})
MAX_CROSSREF_DEPTH = 4
_BLOCK_START = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]")


def looks_like(head: list[str]) -> bool:
    """True when one of the first lines of a text opens a BibTeX block (``@article{``).

    >>> looks_like(["% my refs", "@Article{key,"]), looks_like(["TY  - JOUR"])
    (True, False)
    """
    return any(_BLOCK_START.match(line) for line in head)


# --------------------------------------------------------------------------- values


def _closing_brace(raw: str, start: int) -> int:
    """Index of the brace closing the one at ``start`` (or len(raw) if unbalanced)."""
    depth = 0
    for i in range(start, len(raw)):
        if raw[i] == "{" and raw[i - 1:i] != "\\":
            depth += 1
        elif raw[i] == "}" and raw[i - 1:i] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return len(raw)


def _closing_quote(raw: str, start: int) -> int:
    """Index of the quote closing the one at ``start``, skipping braced groups."""
    depth = 0
    for i in range(start + 1, len(raw)):
        char, escaped = raw[i], raw[i - 1] == "\\"
        if char == "{" and not escaped:
            depth += 1
        elif char == "}" and not escaped:
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0 and not escaped:
            return i
    return len(raw)


def value_parts(raw: str) -> list[tuple[str, str]]:
    """Split a raw field value at top-level ``#`` into ("text"|"macro", content).

    >>> value_parts('Aarts #and# {Korst, J.} # "x" # 2007')
    [('macro', 'Aarts'), ('macro', 'and'), ('text', 'Korst, J.'), ('text', 'x'), ('text', '2007')]
    """
    parts: list[tuple[str, str]] = []
    i, n = 0, len(raw)
    while i < n:
        char = raw[i]
        if char.isspace() or char == "#":
            i += 1
        elif char in "{\"":
            end = _closing_brace(raw, i) if char == "{" else _closing_quote(raw, i)
            parts.append(("text", raw[i + 1:end]))
            i = end + 1
        else:
            match = re.compile(r"[^\s#]+").match(raw, i)
            token = match.group(0)
            parts.append(("text" if token.isdigit() else "macro", token))
            i = match.end()
    return parts


class Macros:
    """The ``@string`` table of all texts, resolved lazily and memoised."""

    def __init__(self, raw: dict[str, str]):
        self._raw = raw
        self._done: dict[str, tuple[str, tuple[str, ...]]] = {}

    def expand(self, raw_value: str, _stack: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
        """Return (text, undefined macro names) for a raw field value."""
        out, missing = [], []
        for kind, content in value_parts(raw_value):
            if kind == "text":
                out.append(content)
                continue
            text, undefined = self.lookup(content, _stack)
            out.append(text)
            missing.extend(undefined)
        return "".join(out), tuple(missing)

    def lookup(self, name: str, _stack: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
        key = name.lower()
        if key in self._done:
            return self._done[key]
        if key not in self._raw or key in _stack:
            return (MONTHS[key], ()) if key in MONTHS else ("", (name,))
        result = self.expand(self._raw[key], _stack + (key,))
        self._done[key] = result
        return result


_DEFINITION = re.compile(r"\\(?:provide|new|renew)command\*?\s*\{?\\([A-Za-z]+)\}?\s*(\[)?")


def preamble_commands(text: str) -> dict[str, str]:
    """Zero-argument LaTeX commands defined in a preamble (name -> body).

    >>> preamble_commands(r"\\providecommand{\\MMAS}{{MAX}--{MIN}} \\newcommand{\\f}[1]{#1}")
    {'MMAS': '{MAX}--{MIN}'}
    """
    commands = {}
    for match in _DEFINITION.finditer(text):
        start = text.find("{", match.end())
        if match.group(2) or start < 0 or text[match.end():start].strip():
            continue
        commands[match.group(1)] = text[start + 1:_closing_brace(text, start)]
    return commands


def _apply_commands(text: str, commands: dict[str, str]) -> str:
    """Replace uses of preamble-defined commands by their bodies."""
    if not commands or "\\" not in text:
        return text
    pattern = re.compile(r"\\(" + "|".join(map(re.escape, commands)) + r")(?![A-Za-z])\s*")
    return pattern.sub(lambda m: "{" + commands[m.group(1)] + "}", text)


# --------------------------------------------------------------------------- entries


@dataclass
class _Entry:
    """An entry with its fields expanded (lower-case keys) and its provenance."""

    file: str | None
    line: int
    key: str
    kind: str
    fields: dict[str, str]
    undefined: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _top_level_split(text: str, pattern: re.Pattern) -> list[str]:
    """Split ``text`` where ``pattern`` matches outside braces."""
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            match = pattern.match(text, i)
            if match and match.end() > i:
                pieces.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    pieces.append(text[start:])
    return pieces


_AND = re.compile(r"\s+and\s+", re.I)
_COMMA = re.compile(r",")


def split_names(value: str) -> list[str]:
    """Split a BibTeX name list into display names (``First von Last Jr``).

    >>> split_names("Achterberg, Tobias and {Berthold}, T. and Emile H. L. Aarts and others")
    ['Tobias Achterberg', 'T. Berthold', 'Emile H. L. Aarts']
    >>> split_names("{Barnes and Noble, Inc.} and Ford, Jr., Henry")
    ['Barnes and Noble, Inc.', 'Henry Ford Jr.']
    """
    names = []
    for raw in _top_level_split(" " + value + " ", _AND):
        parts = [p.strip() for p in _top_level_split(raw.strip(), _COMMA)]
        if len(parts) == 2:
            parts = [parts[1], parts[0]]
        elif len(parts) >= 3:
            parts = [", ".join(parts[2:]), parts[0], parts[1]]
        name = latex_to_text(" ".join(p for p in parts if p))
        if name and name.lower() != "others":
            names.append(name)
    return names


def _expand_entry(entry: model.Entry, name: str | None, macros: Macros,
                  commands: dict[str, str]) -> _Entry:
    fields, undefined = {}, {}
    for fld in entry.fields:
        text, missing = macros.expand(str(fld.value))
        fields[fld.key.lower()] = _apply_commands(text, commands)
        if missing:
            undefined[fld.key.lower()] = missing
    return _Entry(name, entry.start_line + 1, entry.key, entry.entry_type.lower(),
                  fields, undefined)


def _inherit(entry: _Entry, index: dict[str, _Entry]) -> dict[str, str]:
    """Fields of ``entry`` completed from its crossref chain (see INHERITED)."""
    fields, seen, current = dict(entry.fields), {entry.key.lower()}, entry
    for _ in range(MAX_CROSSREF_DEPTH):
        target = latex_to_text(current.fields.get("crossref", "")).lower()
        parent = index.get(target)
        if not target or parent is None or target in seen:
            break
        for key in INHERITED - fields.keys():
            if key in parent.fields:
                fields[key] = parent.fields[key]
        seen.add(target)
        current = parent
    return fields


def _arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").lower()
    if prefix.strip() != "arxiv":
        return None
    return ids.normalise_arxiv(latex_to_text(fields.get("eprint")))


def _first(fields: dict[str, str], *names: str) -> str | None:
    for name in names:
        text = latex_to_text(fields.get(name))
        if text:
            return text
    return None


def _to_record(entry: _Entry, index: dict[str, _Entry]) -> PaperRecord | Rejection:
    held = next((name for name, value in entry.fields.items() if "\x00" in value), None)
    if held is not None:
        return Rejection(entry.file, entry.line, f"entry holds a NUL byte (in {held}): not text")
    if "title" in entry.undefined:
        macros = ", ".join(entry.undefined["title"])
        return Rejection(entry.file, entry.line, f"title uses undefined @string macro {macros}",
                         key=entry.key)
    fields = _inherit(entry, index)
    title = latex_to_text(fields.get("title"))
    if not title:
        reason = "entry has no title" if not fields.get("title", "").strip() else (
            "title is empty once LaTeX markup is removed")
        return Rejection(entry.file, entry.line, reason, key=entry.key)
    year = ids.parse_year(latex_to_text(fields.get("year")))
    doi = ids.normalise_doi((fields.get("doi") or "").replace("\\", "").strip("{} "))
    arxiv = _arxiv(fields)
    paper = ids.paper_id(doi=doi, arxiv=arxiv, title=title, year=year)
    names = split_names(fields.get("author", ""))
    words = re.split(r"[,;]", latex_to_text(fields.get("keywords")))
    return PaperRecord(
        id=paper, source=SOURCE, title=title, year=year, doi=doi,
        abstract=_first(fields, "abstract"),
        venue=_first(fields, "journal", "booktitle", "series"),
        authors=tuple(Author(person_id(n, paper), n, None, i) for i, n in enumerate(names)),
        topics=keyword_topics(words),
        external_ids=tuple((k, v) for k, v in (("doi", doi), ("arxiv", arxiv)) if v),
        kind=entry.kind, file=entry.file, line=entry.line, key=entry.key,
    )


# --------------------------------------------------------------------------- blocks

_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)\s*,")


def _failure(block: model.ParsingFailedBlock, name: str | None) -> Rejection:
    """A rejection for a block bibtexparser could not parse."""
    raw = block.raw or ""
    match = _BLOCK_KEY.search(raw)
    line = (block.start_line or 0) + 1
    if isinstance(block, model.DuplicateBlockKeyBlock):
        first = (block.previous_block.start_line or 0) + 1
        reason = f"duplicate entry key (first defined at line {first})"
    elif isinstance(block, model.DuplicateFieldKeyBlock):
        reason = f"duplicate field(s): {', '.join(sorted(block.duplicate_keys))}"
    else:
        error = block.error
        message = (getattr(error, "abort_reason", None) or getattr(error, "message", None)
                   or str(error) or type(error).__name__)
        reason = "BibTeX syntax error: " + " ".join(message.split())
    return Rejection(name, line, reason, key=match.group(1) if match else None,
                     excerpt=raw.strip()[:200])


@contextmanager
def _quiet_bibtexparser():
    """Silence bibtexparser's own log lines: its failures become our rejections."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _libraries(texts) -> tuple[list[tuple[str | None, bibtexparser.Library]], list[Rejection]]:
    """Split every text into blocks, without any middleware (raw values).

    A text on which bibtexparser itself crashes gives one fatal rejection.
    """
    libraries, failures = [], []
    with _quiet_bibtexparser():
        for name, text in texts:
            try:
                libraries.append((name, bibtexparser.parse_string(text, parse_stack=[])))
            except Exception as err:  # a bug in the third-party splitter: lose one file only
                reason = f"BibTeX parser failed on this file: {type(err).__name__}: {err}"
                failures.append(Rejection(name, None, reason, fatal=True))
    return libraries, failures


def parse_bibtex(texts: Iterable[tuple[str | None, str]] | str, *,
                 file: str | None = None) -> Iterator[PaperRecord | Rejection]:
    """Yield a PaperRecord or Rejection per entry of the texts, in file order.

    ``texts`` is a list of ``(filename, text)`` parsed as one database (see
    the module docstring); a single string is accepted too, named ``file``.
    Files come in the given order, records within a file in line order.
    """
    if isinstance(texts, str):
        texts = [(file, texts)]
    libraries, failures = _libraries(texts)
    yield from failures
    strings = {}
    for _, library in libraries:
        for string in library.strings:
            strings[string.key.lower()] = str(string.value)
    macros = Macros(strings)
    commands: dict[str, str] = {}
    for _, library in libraries:
        for preamble in library.preambles:
            commands.update(preamble_commands(macros.expand(str(preamble.value))[0]))
    expanded = [
        (name, [_expand_entry(e, name, macros, commands) for e in library.entries], library)
        for name, library in libraries
    ]
    index: dict[str, _Entry] = {}
    for _, entries, _ in expanded:
        for entry in entries:
            index.setdefault(entry.key.lower(), entry)
    for name, entries, library in expanded:
        items = [_to_record(entry, index) for entry in entries]
        items += [_failure(block, name) for block in library.failed_blocks]
        yield from sorted(items, key=lambda item: item.line or 0)

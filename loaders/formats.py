"""The input formats ``explorer load`` reads: one ordered registry, and detection by content.

Each format is one :class:`InputFormat` in :data:`REGISTRY`: its name (the
``--format`` choice), a one-line description (the README's table and error
messages come from it), its kind (how the load feeds its parser), its content
sniff and its parser. The sniff and the parser live in the format's own module
and are imported at their first use. The registry's order is the detection
order: a JSON input is judged by its first few records that decode (each by
the first format matching it, then by the first item of its API page; the
format most of them match wins) with the JSON formats in this order; a text
input by its first lines with the text formats in this order. A file matching
none raises :class:`UnknownFormat` (an :class:`cypher.access.errors.InputError`)
naming it and saying why, in one line; a damaged compressed file is named as
damaged instead.

Adding a format: a parser module with its sniff (``looks_like``) and its parse
function, one :class:`InputFormat` line in :data:`REGISTRY` at its place in the
detection order, its test in ``tests/loaders/``; the README's table is
:func:`describe_markdown`'s.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cypher.access.errors import InputError
from loaders import sources, textfiles
from loaders.records import Rejection
from loaders.textfiles import Input

JSON = "json"  # parse(objects: Iterable[(line, object)], *, file); sniff(first record)
LINES = "lines"  # parse(lines: Iterable[str | Rejection], *, file); sniff(first lines)
TEXTS = "texts"  # parse([(file, whole text), ...], file=None): every file of the format
KINDS = (JSON, LINES, TEXTS)


class UnknownFormat(InputError):
    """The content of ``path`` matches none of the registered formats."""

    def __init__(self, path: object, reason: str):
        super().__init__(f"{path}: unknown input format: {reason}")
        self.path = str(path)
        self.reason = reason


class DamagedInput(UnknownFormat):
    """``path`` is a damaged compressed file (or zip member) of which no record can
    be read: named as damaged, not as of an unknown format."""

    def __init__(self, path: object, reason: str):
        InputError.__init__(self, f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class _Lazy:
    """A function of a format module, imported when first called (``explorer``
    starts without importing every parser and its libraries)."""

    def __init__(self, module: str, function: str):
        self.module, self.function = module, function

    def resolve(self) -> Callable[..., Any]:
        """The function itself (ImportError or AttributeError when missing)."""
        return getattr(importlib.import_module(self.module), self.function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"{self.module}.{self.function}"


@dataclass(frozen=True)
class InputFormat:
    """One input format: see the module docstring for what each field does."""

    name: str
    description: str
    kind: str
    sniff: Callable[[Any], bool]
    parse: Callable[..., Iterator]
    options: tuple[str, ...] = ()  # keyword options of ``parse`` a load passes on
    page_items: bool = True  # JSON: sniffed on the first item of an API page too


def _in(module: str, sniff: str, parse: str) -> tuple[_Lazy, _Lazy]:
    return _Lazy(f"loaders.{module}", sniff), _Lazy(f"loaders.{module}", parse)


REGISTRY: tuple[InputFormat, ...] = (  # detection order
    # CSL-JSON first: a CSL item's ``id`` may look like an OpenAlex id; its sniff
    # refuses Crossref works, whose ``type`` may be a CSL type too
    InputFormat("csljson", "CSL-JSON items (Zotero, pandoc, citation-js)", JSON,
                *_in("csljson", "looks_like", "parse_objects"), page_items=False),
    InputFormat("native", "the product's own JSON Lines records (`\"record\": \"paper\"`)",
                JSON, *_in("native", "looks_like", "parse_objects")),
    InputFormat("openalex", "OpenAlex works (2022 and current schema; JSON, JSON Lines or "
                "API pages)", JSON, *_in("openalex", "looks_like_work", "parse_objects")),
    InputFormat("openalex-entity", "OpenAlex authors, institutions, topics and other "
                "entities", JSON, *_in("openalex", "looks_like_entity", "parse_objects")),
    InputFormat("s2", "Semantic Scholar Graph API papers, authors and citations", JSON,
                *_in("semantic_scholar", "looks_like_graph_api", "parse_objects")),
    InputFormat("s2-bulk", "Semantic Scholar bulk dataset records (S2AG)", JSON,
                *_in("semantic_scholar", "looks_like_bulk", "parse_objects")),
    InputFormat("arxiv", "arXiv metadata JSON Lines (the Kaggle snapshot)", JSON,
                *_in("arxiv", "looks_like", "parse_objects")),
    InputFormat("ris", "RIS records (`TY  - ` ... `ER  - `)", LINES,
                *_in("ris", "looks_like", "parse_ris")),
    InputFormat("bibtex", "BibTeX (`@string` macros and `crossref` resolved across the "
                "files given together)", TEXTS, *_in("bibtex", "looks_like", "parse_bibtex")),
    InputFormat("edges", "citation edge lists (two id columns; `--nodes` adds a node table)",
                LINES, *_in("edges", "looks_like_edges", "parse_edges"),
                options=("id_prefix",)),
)

# recognised, but not read: (sniff on the first record, what to tell the user)
NOT_READ: tuple[tuple[Callable[[Any], bool], str], ...] = (
    (_Lazy("loaders.csljson", "looks_like_crossref"),
     "a Crossref REST API work, which explorer load does not read (export the works "
     "as CSL-JSON, RIS or BibTeX instead)"),
)


def names() -> tuple[str, ...]:
    """Every format's name, in detection order."""
    return tuple(fmt.name for fmt in REGISTRY)


def get(name: str) -> InputFormat:
    """The format called ``name``; InputError naming the choices otherwise."""
    for fmt in REGISTRY:
        if fmt.name == name:
            return fmt
    raise InputError(f"unknown format {name!r}; choose one of auto, {', '.join(names())}")


def describe() -> list[tuple[str, str, str]]:
    """``(name, kind, description)`` of every format, in detection order."""
    return [(fmt.name, fmt.kind, fmt.description) for fmt in REGISTRY]


def describe_markdown() -> str:
    """The formats as the Markdown table the README shows (detection order)."""
    rows = ["| `--format` | what it reads |", "|---|---|"]
    rows += [f"| `{name}` | {description} |" for name, _, description in describe()]
    return "\n".join(rows)


def _vote(obj: dict, page_item: dict | None) -> str | None:
    """The first JSON format (detection order) matching a record, else the first
    matching the first item of its API page, else None."""
    for candidate, in_page in ((obj, False), (page_item, True)):
        if candidate is None:
            continue
        for fmt in REGISTRY:
            if fmt.kind == JSON and (fmt.page_items or not in_page) and fmt.sniff(candidate):
                return fmt.name
    return None


def _detect_json(path: Input) -> str:
    """The JSON format most of the first few records that decode match (the
    earliest one on a tie), whatever records before them failed to decode."""
    votes: dict[str, int] = {}
    first: dict | None = None
    last: dict | None = None
    for obj, page_item in sources.json_samples(path):
        first = obj if first is None else first
        last = obj
        name = _vote(obj, page_item)
        if name is not None:
            votes[name] = votes.get(name, 0) + 1
    if votes:
        return max(votes, key=lambda name: votes[name])  # dicts keep the first seen first
    if first is None:
        raise _refuse(path, "JSON record of no known kind: none of its first records "
                     "decodes to an object")
    for sniff, what in NOT_READ:
        if sniff(first):
            raise UnknownFormat(path, what)
    keys = sorted(last or {})[:8]
    raise _refuse(path, f"JSON record of no known kind (keys: {', '.join(keys)})")


def _refuse(path: Input, reason: str) -> UnknownFormat:
    """The error for a file whose format cannot be told: the damage of a damaged
    compressed file or zip member when it has one (read to its end to find out:
    this is the failure path), else :class:`UnknownFormat` with ``reason``."""
    if textfiles.damage_label(path) != "unreadable data":
        with sources.open_text(path) as lines:
            for line in lines:
                if isinstance(line, Rejection) and line.fatal:
                    head, _, tail = line.reason.partition(": ")
                    return DamagedInput(path, f"{head} (no record could be read): {tail}")
    return UnknownFormat(path, reason)


def detect(path: Input | str) -> str:
    """The name of the format of ``path`` (a file or a zip member), judged by content.

    Binary content and empty files are refused first. JSON (first character
    ``{`` or ``[``, or lines that mostly decode alone as objects) is judged by
    the JSON formats' sniffs on its first few records that decode (and the
    first item of an API page's ``results``/``data``), the most matched format
    winning, so a bad first record does not decide. Other text is judged by
    the text formats' sniffs on its first non-blank lines; a text no text
    format matches whose name says JSON (``.json``, ``.jsonl``, ``.ndjson``) is
    judged as JSON when one of its records decodes to an object. Node tables
    (``id<TAB>year``) sniff as ``"edges"``: the caller says when a file is one.
    Raises :class:`UnknownFormat` when nothing matches (:class:`DamagedInput`
    when ``path`` is so damaged that no record of it can be read, naming the
    damage: ``damaged gzip data before its first line``), InputError when
    ``path`` cannot be read.
    """
    path = Path(path) if isinstance(path, str) else path
    binary = textfiles.binary_reason(path)
    if binary:
        raise UnknownFormat(path, binary)
    if textfiles.byte_size(path) == 0:
        raise UnknownFormat(path, "file is empty (0 bytes)")
    if sources.looks_like_json(path):
        return _detect_json(path)
    head = sources.head_lines(path)
    if not head:
        raise _refuse(path, "file is empty")
    for fmt in REGISTRY:
        if fmt.kind != JSON and fmt.sniff(head):
            return fmt.name
    if sources.json_named(path) and next(sources.json_samples(path, 1), None) is not None:
        return _detect_json(path)  # named JSON, with records past its bad first lines
    raise _refuse(path, f"first line matches no known format: {head[0][:80]!r}")

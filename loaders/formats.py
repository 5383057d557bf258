"""The input formats ``explorer load`` reads: one ordered registry, and detection by content.

Each format is one :class:`InputFormat` in :data:`REGISTRY`: its name (the
``--format`` choice), a one-line description (the README's table and error
messages come from it), its kind (how the load feeds its parser), its content
sniff and its parser. The sniff and the parser live in the format's own module
and are imported at their first use. The registry's order is the detection
order: a JSON input is judged by its first record (then by the first item of an
API page) with the JSON formats in this order; a text input by its first lines
with the text formats in this order. A file matching none raises
:class:`UnknownFormat` (an :class:`cypher.access.errors.InputError`) naming it
and saying why, in one line.

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


def _detect_json(path: Path) -> str:
    candidates = sources.first_json_records(path)
    if not candidates:
        raise UnknownFormat(path, "starts like JSON but its first record does not decode")
    for obj, page_item in candidates:
        for fmt in REGISTRY:
            if fmt.kind == JSON and (fmt.page_items or not page_item) and fmt.sniff(obj):
                return fmt.name
    for sniff, what in NOT_READ:
        if sniff(candidates[0][0]):
            raise UnknownFormat(path, what)
    last = candidates[-1][0]
    keys = sorted(last)[:8] if isinstance(last, dict) else []
    raise UnknownFormat(path, f"JSON record of no known kind (keys: {', '.join(keys)})")


def detect(path: Any) -> str:
    """The name of the format of ``path`` (a file or a zip member), judged by content.

    Binary content and empty files are refused first; JSON (first character
    ``{`` or ``[``) is judged by the JSON formats' sniffs on the first record
    and on the first item of an API page's ``results``/``data``; other text by
    the text formats' sniffs on its first non-blank lines. Node tables
    (``id<TAB>year``) sniff as ``"edges"``: the caller says when a file is one.
    Raises :class:`UnknownFormat` when nothing matches, InputError when
    ``path`` cannot be read.
    """
    binary = textfiles.binary_reason(path)
    if binary:
        raise UnknownFormat(path, binary)
    if textfiles.byte_size(path) == 0:
        raise UnknownFormat(path, "file is empty (0 bytes)")
    if textfiles.first_char(path)[0] in ("{", "["):
        return _detect_json(path)
    head = sources.head_lines(path)
    if not head:
        raise UnknownFormat(path, "file is empty")
    for fmt in REGISTRY:
        if fmt.kind != JSON and fmt.sniff(head):
            return fmt.name
    raise UnknownFormat(path, f"first line matches no known format: {head[0][:80]!r}")

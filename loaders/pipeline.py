"""From input paths to a stream of records: format detection and dispatch.

Every parser is pure; this module only picks the parser for each file and
hands it the file's content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cypher.access.settings import max_bibtex_bytes
from loaders.records import Rejection

FORMATS = ("auto", "openalex", "openalex-entity", "s2", "s2-bulk", "arxiv", "bibtex",
           "ris", "edges", "native", "csljson")
JSON_FORMATS = {"openalex", "openalex-entity", "s2", "s2-bulk", "arxiv", "native", "csljson"}


class InputError(ValueError):
    """An input that cannot be used at all (missing file, unknown format)."""


def _json_parser(fmt: str):
    if fmt == "openalex":
        from loaders.openalex import parse_objects
    elif fmt == "openalex-entity":
        from loaders.openalex import parse_objects
    elif fmt in ("s2", "s2-bulk"):
        from loaders.semantic_scholar import parse_objects
    elif fmt == "arxiv":
        from loaders.arxiv import parse_objects
    elif fmt == "csljson":
        from loaders.csljson import parse_objects
    else:
        from loaders.native import parse_objects
    return parse_objects


def _is_csljson(path: Path) -> bool:
    """True when the file's first JSON record is a CSL-JSON item (checked before the
    other JSON formats: a CSL item's ``id`` may look like an OpenAlex id)."""
    from loaders import csljson, sources

    try:
        with sources.open_text(path) as lines:
            first = next((line for line in lines
                          if isinstance(line, Rejection) or line.strip()), None)
        if not isinstance(first, str) or first.lstrip("\ufeff \t")[:1] not in ("{", "["):
            return False
        objects = sources.iter_json_objects(path)
        try:
            obj = next((obj for _, obj in objects), None)
        finally:
            objects.close()
    except (OSError, ValueError):
        return False
    return csljson.looks_like(obj)


def _detect(path: Path) -> str:
    from loaders import sources

    try:
        if _is_csljson(path):
            return "csljson"
        return sources.detect_format(path)
    except (sources.UnknownFormat, sources.InputError) as exc:
        raise InputError(str(exc)) from exc


def expand_paths(paths: list[str]) -> list[Path]:
    """Return the input files, directories expanded; raise InputError if missing."""
    from loaders import sources

    for raw in paths:
        if not Path(raw).exists():
            raise InputError(f"{raw}: no such file or directory")
    try:
        files = list(sources.iter_input_files([Path(p) for p in paths]))
    except OSError as exc:
        raise InputError(str(exc)) from exc
    if not files:
        raise InputError(f"no input files in {', '.join(paths)}")
    return files


def plan(paths: list[str], fmt: str = "auto") -> list[tuple[Path, str]]:
    """Return (file, format) for every input file; raise InputError when a file's
    format cannot be told or does not exist."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return [(path, fmt if fmt != "auto" else _detect(path)) for path in expand_paths(paths)]


def plan_usable(paths: list[str], fmt: str = "auto"
                ) -> tuple[list[tuple[Path, str]], list[Rejection]]:
    """Like :func:`plan`, but a file that cannot be used (unknown or binary
    content, empty, a device, unreadable) is one rejection naming it instead of
    stopping the plan; raise InputError only for a missing path or bad format."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    usable, refused = [], []
    for path in expand_paths(paths):
        try:
            if fmt != "auto":
                _regular(path)  # a device or pipe is refused by name
            usable.append((path, fmt if fmt != "auto" else _detect(path)))
        except (InputError, OSError) as exc:
            refused.append(Rejection(str(path), None, f"file not loaded: {_reason(exc)}",
                                     fatal=True))
    return usable, refused


def _regular(path: Path) -> None:
    from loaders import textfiles

    textfiles._opener(path)  # raises InputError for anything but a regular file


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def iter_records(planned: list[tuple[Path, str]], *, id_prefix: str = "",
                 nodes: str | None = None) -> Iterator:
    """Yield the records and rejections of every planned file, in order.

    BibTeX files are parsed together so ``@string`` macros and ``crossref``
    targets resolve across files.
    """
    from loaders import sources

    bib = [(p, f) for p, f in planned if f == "bibtex"]
    for path, fmt in planned:
        name = str(path)
        if fmt in JSON_FORMATS:
            yield from _json_parser(fmt)(sources.iter_json_objects(path), file=name)
        elif fmt == "ris":
            from loaders.ris import parse_ris

            with sources.open_text(path) as lines:  # one record at a time
                yield from parse_ris(lines, file=name)
        elif fmt == "edges":
            from loaders.edges import parse_edges

            with sources.open_text(path) as lines:
                yield from parse_edges(lines, file=name, id_prefix=id_prefix)
        elif fmt == "bibtex" and bib and (path, fmt) == bib[0]:
            from loaders.bibtex import parse_bibtex

            texts, rejections = [], []
            for bib_path, _ in bib:  # whole: @string macros and crossref span the files
                text, skipped = sources.read_text(bib_path, max_bibtex_bytes())
                texts.append((str(bib_path), text))
                rejections += skipped
            yield from parse_bibtex(texts, file=None)
            yield from rejections
    if nodes:
        from loaders.edges import parse_node_table

        with sources.open_text(Path(nodes)) as lines:
            yield from parse_node_table(lines, file=nodes, id_prefix=id_prefix)


def count_lines(path: Path) -> int | None:
    """Estimate the records in a file for progress (its line count), or None."""
    try:
        from loaders import sources

        with sources.open_text(path) as lines:
            return sum(1 for _ in lines)
    except Exception:
        return None


__all__ = ["FORMATS", "InputError", "Rejection", "plan", "plan_usable", "iter_records",
           "expand_paths"]

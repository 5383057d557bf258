"""The writer's last check of a record before it joins a batch: types and size.

Parsers cast their values already; this catches what any parser lets through,
so that one record can never make the server refuse a whole batch:

* :func:`record_problem` names a value the graph cannot store as one type per
  property (text fields must be strings, numbers must be finite and integers
  fit in 64 bits) or a record too large for one Bolt message;
* :func:`record_bytes` estimates the bytes a record adds to a batch's
  messages, so batches are bounded by size as well as by rows;
* :func:`unencodable` names text the graph cannot encode (a lone surrogate), which
  the bulk paths check before the graph would refuse it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from loaders.jsonvalues import fits_int64
from loaders.records import CitationRecord, EntityRecord, NodeRow, PaperRecord

# Bolt refuses messages over 16 MB; a batch is sent as one message per statement.
MAX_BATCH_BYTES = 4 * 1024 * 1024
MAX_RECORD_BYTES = 12 * 1024 * 1024

_PAPER_TEXT = ("id", "title", "doi", "abstract", "venue", "kind")
_PAPER_INT = ("year", "cited_by_count")


def _text_size(value: object) -> int:
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "replace"))
    return 9


def record_bytes(record: object) -> int:
    """About how many bytes ``record`` adds to the messages of a batch."""
    if isinstance(record, PaperRecord):
        size = sum(_text_size(getattr(record, name)) for name in _PAPER_TEXT) + 64
        size += sum(len(ref) + 8 for ref in (*record.references, *record.citations,
                                              *record.related))
        for author in record.authors:
            size += 2 * len(author.id) + _text_size(author.name) + 48
            size += sum(len(i.id) + _text_size(i.name) + 32 for i in author.institutions)
        size += sum(2 * len(t.id) + _text_size(t.name) + 48 for t in record.topics)
        return size
    if isinstance(record, EntityRecord):
        return 64 + len(record.id) + sum(_text_size(v) + len(k) for k, v in record.props)
    if isinstance(record, (CitationRecord, NodeRow)):
        return 64 + sum(_text_size(v) for v in vars(record).values())
    return 64


def _value_problem(name: str, value: object, expect: type) -> str | None:
    if value is None:
        return None
    if expect is str and not isinstance(value, str):
        return f"field {name!r} should be text, not {type(value).__name__}"
    if expect is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"field {name!r} should be an integer, not {type(value).__name__}"
        if not fits_int64(value):
            return f"field {name!r} is out of the 64-bit integer range ({str(value)[:30]})"
    return None


def _scalar_problem(name: str, value: object) -> str | None:
    if value is None or isinstance(value, (str, bool)):
        return None
    if isinstance(value, int):
        return _value_problem(name, value, int)
    if isinstance(value, float):
        return None if math.isfinite(value) else f"field {name!r} is not a finite number"
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return None
    return f"field {name!r} should be text or a number, not {type(value).__name__}"


def _first(problems: Iterable[str | None]) -> str | None:
    return next((p for p in problems if p), None)


def record_problem(record: object, limit: int = MAX_RECORD_BYTES,
                   size: int | None = None) -> str | None:
    """Why ``record`` cannot be written, or None; ``size`` is its
    :func:`record_bytes` when the caller has it already.

    >>> record_problem(PaperRecord(id="W1", source="s", cited_by_count=10**30))
    "field 'cited_by_count' is out of the 64-bit integer range (100000000000000000000000000000)"
    >>> record_problem(PaperRecord(id="W1", source="s", venue={"a": 1}))
    "field 'venue' should be text, not dict"
    >>> record_problem(PaperRecord(id="W1", source="s", title="ok", year=2020)) is None
    True
    """
    if size is None:
        size = record_bytes(record)
    if size > limit:
        return (f"record too large for one write ({size:,} bytes, at most {limit:,}): "
                "rejected alone")
    if isinstance(record, PaperRecord):
        return _first([
            *(_value_problem(n, getattr(record, n), str) for n in _PAPER_TEXT),
            *(_value_problem(n, getattr(record, n), int) for n in _PAPER_INT),
            *(_value_problem("author name", a.name, str) for a in record.authors),
            *(_value_problem("topic name", t.name, str) for t in record.topics),
            *(_scalar_problem("topic score", t.score) for t in record.topics),
            *(_scalar_problem("topic level", t.level) for t in record.topics),
        ])
    if isinstance(record, EntityRecord):
        return _first(_scalar_problem(k, v) for k, v in record.props)
    if isinstance(record, NodeRow):
        return _first([_value_problem("year", record.year, int),
                       _value_problem("title", record.title, str)])
    return None


def unencodable(record: object) -> str | None:
    """Why the graph would refuse ``record`` for text it cannot encode (a lone UTF-16
    surrogate, which JSON escapes can carry: the driver refuses it when it sends the
    batch, and the writer then rejects the record alone), or None. All of a paper's
    texts are joined and checked at once (ASCII, the common case, costs one scan)."""
    texts = [t for t in _texts(record) if isinstance(t, str)]
    joined = "".join(texts)
    if joined.isascii():
        return None
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError as exc:
        return "the graph refused the record: " + " ".join(str(exc).split())[:300]
    return None


def _texts(value: object) -> list:
    """Every value of a record a load sends, nested ones included (not its file)."""
    if isinstance(value, PaperRecord):
        out = [value.id, value.title, value.doi, value.abstract, value.venue, value.kind,
               value.source, *value.references, *value.citations, *value.related,
               *(v for pair in value.external_ids for v in pair)]
        for a in value.authors:
            out += [a.id, a.name, a.orcid, *a.affiliations]
            for i in a.institutions:
                out += [i.id, i.name, i.country, i.ror]
        for topic in value.topics:
            out += _texts(topic)
        return out
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    fields = getattr(value, "__dict__", None)
    if fields is None:
        return [value]
    return [t for k, v in fields.items() if k not in ("file", "line", "key")
            for t in _texts(v)]

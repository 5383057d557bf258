"""Pure helpers of the OpenAlex client (:mod:`loaders.openalex_api`): work ids and
DOIs in their usual spellings, ``Retry-After`` values, the product's user agent
and filter text. No network here."""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Iterator, Mapping
from datetime import timezone

from cypher.access.errors import InputError

PRODUCT = "research-graph-explorer"
_WORK_ID = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?)?(W\d+)$", re.I)
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.I)


def normalize_work_id(value: str) -> str:
    """Return ``'W…'`` for an OpenAlex id or URL, ``'doi:10.…'`` for a DOI in any usual form.

    >>> normalize_work_id("https://openalex.org/w3045921891")
    'W3045921891'
    >>> normalize_work_id("https://doi.org/10.1038/S41586-020-2649-2")
    'doi:10.1038/s41586-020-2649-2'
    """
    text = value.strip()
    match = _WORK_ID.match(text)
    if match:
        return match.group(1).upper()
    match = _DOI.match(text)
    if match:
        return "doi:" + match.group(1).lower()
    raise InputError(f"not an OpenAlex work id or DOI: {value!r}")  # the user gave it


def short_id(work: Mapping) -> str:
    """The ``W…`` id of a work dict (OpenAlex gives ``https://openalex.org/W…``)."""
    return str(work["id"]).rsplit("/", 1)[-1]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None.

    >>> parse_retry_after("7")
    7.0
    >>> parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0)
    10.0
    """
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _user_agent(mailto: str | None) -> str:
    """``research-graph-explorer/<version> (mailto:…)``: names the product and its contact."""
    try:
        from importlib.metadata import version

        ver = version(PRODUCT)
    except Exception:  # not installed: still name the product
        ver = "dev"
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"{PRODUCT}/{ver} (+python-urllib{contact})"


def _filter_text(filter: str | Mapping[str, str] | None) -> str | None:
    """A filter given as ``{'cites': 'W1|W2'}`` or as text becomes OpenAlex filter text."""
    if filter is None or isinstance(filter, str):
        return filter
    return ",".join(f"{key}:{value}" for key, value in filter.items())


def _batched(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

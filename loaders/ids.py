"""Canonical identifiers and the small normalisation steps behind them.

Every node has one ``id`` that is stable across sources and runs:

* an OpenAlex id where known (``W123``, ``A5``, ``I27``, ``T11636``),
* else a prefixed external id: ``doi:10.1000/xyz`` (lower case),
  ``arxiv:0704.0001``, ``s2:<paperId or corpusId>``, ``orcid:0000-…``,
* else ``h:`` plus a hash of the normalised title and year.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_OPENALEX = re.compile(r"^(?:https?://openalex\.org/)?([WAISTCPFV]\d+)$", re.I)
_OPENALEX_URL = "https://openalex.org/"
_OPENALEX_KINDS = frozenset("WAISTCPFVwaistcpfv")
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$", re.I)
_ARXIV_NEW = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.I)
_ARXIV_OLD = re.compile(r"^(?:arxiv:)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I)


def normalise_doi(value: str | None) -> str | None:
    """Return the DOI in lower case without resolver prefix, or None.

    >>> normalise_doi("https://doi.org/10.1038/S41593-019-0520-2")
    '10.1038/s41593-019-0520-2'
    >>> normalise_doi("not a doi") is None
    True
    """
    if not value:
        return None
    doi = _DOI_PREFIXES.sub("", str(value).strip()).strip().rstrip(".")
    doi = doi.lower()
    return doi if _DOI_SHAPE.match(doi) else None


def openalex_id(value: str | None) -> str | None:
    """Return the short OpenAlex id (``W2741809807``) of a URL or id, or None.

    >>> openalex_id("https://openalex.org/W2741809807")
    'W2741809807'
    """
    if not value:
        return None
    if isinstance(value, str) and value.startswith(_OPENALEX_URL):  # the usual form, fast
        short = value[len(_OPENALEX_URL):]
        if short[:1] in _OPENALEX_KINDS and short[1:].isdecimal() and short.isascii():
            return short.upper()
    m = _OPENALEX.match(str(value).strip())
    return m.group(1).upper() if m else None


def normalise_orcid(value: str | None) -> str | None:
    """Return the bare ORCID (``0000-0002-1825-0097``), or None.

    >>> normalise_orcid("https://orcid.org/0000-0002-1825-0097")
    '0000-0002-1825-0097'
    """
    if not value:
        return None
    m = _ORCID.search(str(value).strip())
    return m.group(1).upper() if m else None


def normalise_arxiv(value: str | None) -> str | None:
    """Return an arXiv id without version (``0704.0001``, ``hep-ph/9907233``).

    >>> normalise_arxiv("arXiv:1810.13373v1")
    '1810.13373'
    """
    if not value:
        return None
    text = str(value).strip()
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        m = pattern.match(text)
        if m:
            return m.group(1)
    return None


def normalise_title(title: str | None) -> str:
    """Fold case, accents, punctuation and spacing of a title for matching.

    >>> normalise_title("  Deep   Learning: a Review! ")
    'deep learning a review'
    """
    if not title:
        return ""
    text = unicodedata.normalize("NFKD", str(title))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return " ".join(text.split())


def normalise_name(name: str | None) -> str:
    """Fold a person or institution name for matching (case, accents, dots)."""
    return normalise_title(name)


def title_hash_id(title: str | None, year: int | None) -> str:
    """Return ``h:<16 hex>`` from the normalised title and year.

    >>> title_hash_id("A Title", 2020) == title_hash_id("a  title.", 2020)
    True
    """
    basis = f"{normalise_title(title)}|{year or ''}"
    return "h:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def paper_id(
    *,
    openalex: str | None = None,
    doi: str | None = None,
    arxiv: str | None = None,
    s2: str | None = None,
    title: str | None = None,
    year: int | None = None,
) -> str:
    """Choose the canonical paper id from the ids a source knows.

    >>> paper_id(doi="10.1000/ABC", arxiv="0704.0001")
    'doi:10.1000/abc'
    >>> paper_id(openalex="https://openalex.org/W1", doi="10.1/abc")
    'W1'
    """
    oa = openalex_id(openalex)
    if oa:
        return oa
    d = normalise_doi(doi)
    if d:
        return "doi:" + d
    a = normalise_arxiv(arxiv)
    if a:
        return "arxiv:" + a
    if s2:
        return "s2:" + str(s2).strip()
    return title_hash_id(title, year)


def parse_year(value: object) -> int | None:
    """Return a plausible publication year (1000..2100) from text or number.

    >>> parse_year("2019-05-01"), parse_year("unknown"), parse_year(1998)
    (2019, None, 1998)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1000 <= value <= 2100 else None
    m = re.search(r"(?<!\d)(1\d{3}|20\d{2}|2100)(?!\d)", str(value))
    return int(m.group(1)) if m else None

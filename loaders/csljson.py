"""CSL-JSON parser: citation items (Zotero, Mendeley, pandoc, citation-js) to paper records.

Contract of :func:`parse_objects` (objects come from
:func:`loaders.sources.iter_json_objects`: a CSL-JSON array yields its items):

* each item with a ``title`` yields one :class:`PaperRecord` (source
  ``"csljson"``, ``key`` = the item's ``id``, ``kind`` = the product's kind for
  the CSL ``type``: ``article-journal`` -> ``article``, ``chapter`` ->
  ``book-chapter``, ``paper-conference`` -> ``proceedings-article``,
  ``thesis`` -> ``dissertation``, ``article`` -> ``preprint``; other types kept
  as they are);
* an item that is not an object, has no title, or whose ``author`` is not a
  list yields a :class:`Rejection` with the file, the line and the reason;
* authors: ``given`` + particle + ``family`` (the words of a multi-word family
  name joined by no-break spaces, so exports split the name where the source
  did), or ``literal`` (its words joined the same way); ids
  ``name:<normalised>|<paper id>`` as for BibTeX;
* year from ``issued`` (``date-parts``, else ``raw``/``literal``), DOI from
  ``DOI`` (or a doi.org ``URL``), arXiv id from an arXiv ``URL``, ``number``
  or the arXiv DOI; venue ``container-title``; ``keyword`` (comma or
  semicolon separated) as topics ``kw:<slug>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from loaders import ids
from loaders.biblio import keyword_topics, person_id
from loaders.jsonvalues import as_dict, as_list, excerpt, text
from loaders.records import Author, PaperRecord, Rejection

SOURCE = "csljson"
CSL_TYPES = frozenset({
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage"})
KINDS = {"article-journal": "article", "chapter": "book-chapter",
         "paper-conference": "proceedings-article", "thesis": "dissertation",
         "article": "preprint"}
_CSL_FIELDS = ("issued", "author", "container-title", "DOI", "URL", "editor", "citation-key",
               "publisher", "page", "ISSN", "ISBN")
_OTHER_FORMATS = ("record", "authorships", "publication_year", "paperId", "corpusid",
                  "authors_parsed")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.I)


def looks_like_crossref(obj: object) -> bool:
    """True for a Crossref REST API work, or an API response holding one or a page of
    them: it has a ``DOI`` and its ``title`` is a list (CSL-JSON's is text), whatever
    its ``type`` (Crossref's ``book`` or ``report`` are CSL types too).

    >>> looks_like_crossref({"DOI": "10.1/x", "type": "book", "title": ["A book"]})
    True
    >>> looks_like_crossref({"DOI": "10.1/x", "type": "book", "title": "A book"})
    False
    """
    if isinstance(obj, dict) and "message-type" in obj and isinstance(obj.get("message"), dict):
        items = obj["message"].get("items")
        obj = items[0] if isinstance(items, list) and items else obj["message"]
    return isinstance(obj, dict) and "DOI" in obj and isinstance(obj.get("title"), list)


def looks_like(obj: object) -> bool:
    """True for a CSL-JSON item: a CSL ``type`` and at least one CSL-only field, and
    not a Crossref work (:func:`looks_like_crossref`).

    >>> looks_like({"type": "article-journal", "title": "x", "issued": {}})
    True
    >>> looks_like({"type": "article", "title": "x", "authorships": [], "issued": {}})
    False
    """
    if not isinstance(obj, dict) or obj.get("type") not in CSL_TYPES:
        return False
    if any(key in obj for key in _OTHER_FORMATS) or looks_like_crossref(obj):
        return False
    return any(key in obj for key in _CSL_FIELDS)


def _person_name(entry: dict) -> str | None:
    literal = text(entry.get("literal"))
    if literal:  # one name that must not be split (an organisation, a mononym)
        return literal.replace(" ", "\u00a0")
    family = " ".join(p for p in (text(entry.get("non-dropping-particle")),
                                  text(entry.get("family"))) if p)
    given = " ".join(p for p in (text(entry.get("given")),
                                 text(entry.get("dropping-particle"))) if p)
    family = family.replace(" ", "\u00a0")
    name = " ".join(p for p in (given, family) if p)
    suffix = text(entry.get("suffix"))
    return (f"{name} {suffix}" if suffix else name) or None


def _authors(raw: list, paper: str) -> tuple[Author, ...]:
    authors = []
    for entry in raw:
        name = _person_name(as_dict(entry))
        if name:
            authors.append(Author(person_id(name, paper), name, None, len(authors)))
    return tuple(authors)


def _year(issued: object) -> int | None:
    issued = as_dict(issued)
    parts = as_list(issued.get("date-parts"))
    first = as_list(parts[0]) if parts else []
    if first:
        year = ids.parse_year(str(first[0]))
        if year:
            return year
    for name in ("raw", "literal"):
        year = ids.parse_year(text(issued.get(name)))
        if year:
            return year
    return None


def _arxiv(item: dict, doi: str | None) -> str | None:
    match = _ARXIV_URL.search(text(item.get("URL")) or "")
    candidates = [match.group(1) if match else None, text(item.get("number")),
                  doi[len("10.48550/arxiv."):] if doi and doi.startswith("10.48550/arxiv.")
                  else None]
    for candidate in candidates:
        value = ids.normalise_arxiv(candidate) if candidate else None
        if value and re.fullmatch(r"\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}", value):
            return value
    return None


def _words(raw: object) -> list[str]:
    if isinstance(raw, list):
        return [w for w in (text(v) for v in raw) if w]
    return [w.strip() for w in re.split(r"[,;]", text(raw) or "") if w.strip()]


def parse_item(item: object, *, file: str | None = None,
               line: int | None = None) -> PaperRecord | Rejection:
    """One CSL-JSON item as a PaperRecord, or a Rejection saying why not."""
    if not isinstance(item, dict):
        return Rejection(file, line, f"CSL-JSON item is not an object but "
                         f"{type(item).__name__}", excerpt=excerpt(item))
    key = text(item.get("id")) if not isinstance(item.get("id"), int) else str(item["id"])
    title = text(item.get("title"))
    if not title:
        return Rejection(file, line, "CSL-JSON item has no title", key=key,
                         excerpt=excerpt(item))
    if item.get("author") is not None and not isinstance(item["author"], list):
        return Rejection(file, line, "CSL-JSON field 'author' should be a list of names",
                         key=key, excerpt=excerpt(item))
    doi = ids.normalise_doi(text(item.get("DOI")) or (
        text(item.get("URL")) if "doi.org/" in (text(item.get("URL")) or "") else None))
    arxiv = _arxiv(item, doi)
    year = _year(item.get("issued"))
    paper = ids.paper_id(doi=doi, arxiv=arxiv, title=title, year=year)
    csl_type = text(item.get("type"))
    return PaperRecord(
        id=paper, source=SOURCE, title=title, year=year, doi=doi,
        abstract=text(item.get("abstract")), venue=text(item.get("container-title")),
        authors=_authors(as_list(item.get("author")), paper),
        topics=keyword_topics(_words(item.get("keyword"))),
        external_ids=tuple((k, v) for k, v in (("doi", doi), ("arxiv", arxiv)) if v),
        kind=KINDS.get(csl_type or "", csl_type), file=file, line=line, key=key)


def parse_objects(objects: Iterable[tuple[int, object]], *, file: str | None = None
                  ) -> Iterator[PaperRecord | Rejection]:
    """Yield a PaperRecord or a Rejection per CSL-JSON item; Rejections pass through.

    Each rejection also names the item's position (``item 3``) in its key when
    the item has no ``id``; items the reader rejected itself (too large, not
    JSON) count as positions too, so the numbers match the file.
    """
    position = 0
    for line, obj in objects:
        if isinstance(obj, Rejection):
            if not obj.fatal:
                position += 1
            yield obj
            continue
        position += 1
        record = parse_item(obj, file=file, line=line)
        if isinstance(record, Rejection) and record.key is None:
            record = Rejection(record.file, record.line, record.reason,
                               key=f"item {position}", excerpt=record.excerpt)
        yield record

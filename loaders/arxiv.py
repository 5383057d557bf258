"""arXiv metadata in the Kaggle snapshot format (one JSON object per line) as records.

Pure functions: the caller decodes the JSON and hands in ``(line, object)``
pairs; nothing here opens files or talks to a database or the network.

Each object becomes a :class:`PaperRecord` (``source="arxiv"``,
``kind="preprint"``) or a :class:`Rejection`:

* id: ``doi:…`` when the record has a DOI (the first valid one when the field
  lists several), else ``arxiv:<id without version>``, else a title hash;
  ``external_ids`` keeps both ``arxiv`` and ``doi``. A record without an arXiv
  id, a DOI and a title is rejected, as is one whose fields have wrong types;
* title and abstract: whitespace collapsed (LaTeX left as it is);
* year: from the first version's ``created`` date, else ``update_date``;
* authors: from ``authors_parsed`` (``[last, first, suffix, affiliation?]``)
  as "First Last Suffix", falling back to splitting the ``authors`` string;
  arXiv has no author ids, so people are ``name:<normalised name>|<paper id>``.
  A fourth element naming a place (not just footnote marks such as
  "1 and 2") becomes an institution ``inst:<normalised name>``;
* categories: ``cs.LG`` -> Topic ``arxiv:cs.LG`` (level 0) whose parent is the
  archive ``arxiv:cs`` (level 1); a bare archive category such as ``hep-ph``
  is that level-1 topic itself.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Iterator

from loaders import ids
from loaders.jsonvalues import excerpt
from loaders.jsonvalues import text as _text
from loaders.records import Author, Institution, PaperRecord, Rejection, Topic

SOURCE = "arxiv"
KIND = "preprint"

_FIELDS = {
    "id": (str,), "title": (str,), "abstract": (str,), "doi": (str,), "categories": (str,),
    "versions": (list,), "update_date": (str,), "authors_parsed": (list,), "authors": (str,),
}
_AUTHOR_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+")
_FOOTNOTE_WORDS = re.compile(r"\band\b|[\d\W_]+")


def _wrong_type(obj: dict) -> str | None:
    """Describe the first field whose non-null value has an unexpected type, else None."""
    for name, types in _FIELDS.items():
        value = obj.get(name)
        if value is not None and not isinstance(value, types):
            wanted = " or ".join(t.__name__ for t in types)
            return f"field {name!r} should be {wanted}, not {type(value).__name__}"
    return None


def looks_like(obj: object) -> bool:
    """True for a Kaggle arXiv metadata object (``id`` plus ``authors_parsed`` or
    ``categories`` and ``versions``)."""
    if not isinstance(obj, dict) or "id" not in obj:
        return False
    return "authors_parsed" in obj or ("categories" in obj and "versions" in obj)


def parse_objects(objects: Iterable[tuple[int, object]], *, file: str | None = None
                  ) -> Iterator[PaperRecord | Rejection]:
    """Yield a PaperRecord or a Rejection for every object; Rejections pass through."""
    for line, obj in objects:
        yield obj if isinstance(obj, Rejection) else parse_object(obj, file=file, line=line)


def parse_object(obj: object, *, file: str | None = None, line: int | None = None
                 ) -> PaperRecord | Rejection:
    """Parse one arXiv metadata object; never raises for bad input."""
    if not isinstance(obj, dict):
        return _reject(obj, file, line, f"not a JSON object but {type(obj).__name__}")
    problem = _wrong_type(obj)
    if problem:
        return _reject(obj, file, line, problem)
    arxiv = ids.normalise_arxiv(obj.get("id"))
    doi = first_doi(obj.get("doi"))
    title = _text(obj.get("title"))
    if not (arxiv or doi or title):
        return _reject(obj, file, line, "record has no arXiv id, DOI or title")
    year = first_version_year(obj.get("versions")) or ids.parse_year(obj.get("update_date"))
    paper = ids.paper_id(doi=doi, arxiv=arxiv, title=title, year=year)
    return PaperRecord(
        id=paper, source=SOURCE, title=title, year=year, doi=doi,
        abstract=_text(obj.get("abstract")), authors=_authors(obj, paper),
        topics=category_topics(obj.get("categories")),
        external_ids=tuple((k, v) for k, v in (("arxiv", arxiv), ("doi", doi)) if v),
        kind=KIND, file=file, line=line, key=obj.get("id"),
    )


def _reject(obj: object, file: str | None, line: int | None, reason: str) -> Rejection:
    key = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
    return Rejection(file, line, reason, key=key, excerpt=excerpt(obj))


def first_doi(value: object) -> str | None:
    """The first valid DOI in a field that may list several separated by spaces.

    >>> first_doi("10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407")
    '10.1364/josaa.23.002578'
    """
    if not isinstance(value, str):
        return None
    return next((d for d in map(ids.normalise_doi, value.split()) if d), None)


def first_version_year(versions: object) -> int | None:
    """The year of the first version's ``created`` date (an RFC 2822 date), or None.

    >>> first_version_year([{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}])
    2007
    """
    if not isinstance(versions, list) or not versions or not isinstance(versions[0], dict):
        return None
    created = versions[0].get("created")
    if not isinstance(created, str):
        return None
    try:
        parsed = email.utils.parsedate(created)
    except (TypeError, ValueError, IndexError):
        parsed = None
    return ids.parse_year(parsed[0] if parsed else created)


def category_topics(categories: object) -> tuple[Topic, ...]:
    """Topics for a space-separated category list, deduplicated, in order.

    >>> category_topics("cs.LG")[0].parent.id
    'arxiv:cs'
    """
    topics: dict[str, Topic] = {}
    for category in categories.split() if isinstance(categories, str) else []:
        archive, _, subject = category.partition(".")
        if subject:
            parent = Topic(id="arxiv:" + archive, name=archive, level=1)
            topic = Topic(id="arxiv:" + category, name=category, level=0, parent=parent)
        else:
            topic = Topic(id="arxiv:" + category, name=category, level=1)
        topics.setdefault(topic.id, topic)
    return tuple(topics.values())


def _authors(obj: dict, paper: str) -> tuple[Author, ...]:
    parsed = obj.get("authors_parsed")
    if parsed:
        entries = [_parsed_name(e) for e in parsed]
    else:
        raw = _text(obj.get("authors")) or ""
        entries = [(_text(n), ()) for n in _AUTHOR_SEPARATORS.split(raw)]
    return tuple(
        Author(id=f"name:{ids.normalise_name(name)}|{paper}", name=name, position=position,
               institutions=institutions)
        for position, (name, institutions) in enumerate(entries)
        if name and ids.normalise_name(name)
    )


def _parsed_name(entry: object) -> tuple[str | None, tuple[Institution, ...]]:
    """("First Last Suffix", institutions) from ``[last, first, suffix, affiliation?]``."""
    if not isinstance(entry, list):
        return None, ()
    parts = [_text(p) for p in entry[:3]]
    last, first, suffix = (parts + [None, None, None])[:3]
    name = " ".join(p for p in (first, last, suffix) if p) or None
    return name, _affiliation(entry[3] if len(entry) > 3 else None)


def _affiliation(value: object) -> tuple[Institution, ...]:
    name = _text(value)
    if name is None or not _FOOTNOTE_WORDS.sub("", name):
        return ()
    return (Institution(id="inst:" + ids.normalise_name(name), name=name),)

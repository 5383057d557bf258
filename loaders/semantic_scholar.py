"""Semantic Scholar records (Graph API objects and S2AG bulk JSONL) as records.

Pure functions: the caller decodes the JSON and hands in ``(line, object)``
pairs; nothing here opens files or talks to a database or the network.
Every record gets ``source="s2"``.

Graph API (camelCase fields):

* a paper object (``paperId``, ``externalIds``, ``title``...) ->
  :class:`PaperRecord`; its ``references`` / ``citations`` (plain paper
  objects or ``{"citedPaper": …}`` / ``{"citingPaper": …}``) become the ids
  in ``references`` / ``citations``, computed by the same rule;
* a citation or reference wrapper on its own (``{"citingPaper": …}``) -> the
  nested paper;
* an author object (``authorId``) -> :class:`EntityRecord` (Person), then one
  record per paper in its ``papers`` list (``key="papers[<i>]"``);
* a page (``{"data": [...]}`` or ``{"recommendedPapers": [...]}``) -> each item,
  with the page's line and ``key="data[<i>]"``; a page with only paging keys
  (``{"total": 0, "offset": 0}``) -> nothing; a batch response (a JSON array)
  -> each item with ``key="[<i>]"``; an ``{"error": …}`` body -> a Rejection.

Bulk dataset (lower-case fields):

* a paper (``corpusid`` + ``title``) -> :class:`PaperRecord`;
* an abstract (``corpusid`` + ``abstract``, no title) -> :class:`PaperRecord`
  with just the id, DOI/arXiv ids and the abstract;
* a citation (``citingcorpusid`` / ``citedcorpusid``) -> :class:`CitationRecord`
  between ``s2c:`` ids, or a Rejection when ``citedcorpusid`` is null.

Id rules: paper = ``doi:…`` if a DOI, else ``arxiv:…``, else ``s2:<paperId>``
(Graph API only), else ``s2c:<corpusId>``, else a title hash; a record with
none of these is a Rejection. People are ``s2a:<authorId>`` (or
``name:<normalised name>|<paper id>`` without an author id); fields of study
(``fieldsOfStudy`` and ``s2FieldsOfStudy``, deduplicated) are topics
``s2f:<slug of the name>`` without a level; free-text author affiliations
become institutions ``inst:<normalised name>``. ``external_ids`` carries
``doi``, ``arxiv``, ``s2`` (paperId), ``corpusid``, ``mag`` and ``pmid``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from loaders import ids
from loaders.jsonvalues import as_dict as _dict
from loaders.jsonvalues import as_list as _list
from loaders.jsonvalues import count as _count
from loaders.jsonvalues import excerpt
from loaders.jsonvalues import text as _text
from loaders.jsonvalues import wrong_type as _wrong_type
from loaders.records import (
    Author,
    CitationRecord,
    EntityRecord,
    Institution,
    PaperRecord,
    Rejection,
    Topic,
)

SOURCE = "s2"

_PAGE_KEYS = ("data", "recommendedPapers")
_PAGING_KEYS = {"total", "offset", "next", "token"}
_GRAPH_MARKERS = ("paperId", "authorId", "citingPaper", "citedPaper")
_PAPER_URL = re.compile(r"/paper/([0-9a-f]{40})/?$")

_GRAPH_FIELDS = {
    "paperId": (str,), "externalIds": (dict,), "corpusId": (int, str), "title": (str,),
    "year": (int, str), "publicationDate": (str,), "abstract": (str,), "venue": (str,),
    "publicationVenue": (dict,), "journal": (dict,), "citationCount": (int,),
    "authors": (list,), "fieldsOfStudy": (list,), "s2FieldsOfStudy": (list,),
    "references": (list,), "citations": (list,), "publicationTypes": (list,),
}
_AUTHOR_FIELDS = {
    "authorId": (str, int), "name": (str,), "affiliations": (list,), "paperCount": (int,),
    "citationCount": (int,), "hIndex": (int,), "papers": (list,),
}
_BULK_FIELDS = {
    "corpusid": (int, str), "externalids": (dict,), "title": (str,), "year": (int, str),
    "venue": (str,), "authors": (list,), "citationcount": (int,), "s2fieldsofstudy": (list,),
    "url": (str,), "abstract": (str,), "openaccessinfo": (dict,),
}


@dataclass(frozen=True)
class _Where:
    """Where an object came from, to stamp on its record or rejection."""

    file: str | None
    line: int | None
    key: str | None = None

    def at(self, key: str) -> _Where:
        return replace(self, key=key if self.key is None else f"{self.key}.{key}")

    def reject(self, reason: str, obj: object) -> Rejection:
        return Rejection(self.file, self.line, reason, key=self.key, excerpt=excerpt(obj))


# -- small helpers ------------------------------------------------------------


def _key_text(value: object) -> str | None:
    """An id that may come as a string or a number, as a string (None if neither)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def _corpus(value: object) -> str | None:
    """A corpus id (int or digit string) as a plain decimal string, else None."""
    text = _key_text(value)
    return str(int(text)) if text and text.isascii() and text.isdigit() else None


def _slug(name: str) -> str:
    return ids.normalise_name(name).replace(" ", "-")


# -- detection ----------------------------------------------------------------

def _page_key(obj: dict) -> str | None:
    return next((k for k in _PAGE_KEYS if isinstance(obj.get(k), list)), None)


def _is_empty_page(obj: object) -> bool:
    """A page without results: only paging keys such as ``{"total": 0, "offset": 0}``."""
    return isinstance(obj, dict) and bool(obj) and set(obj) <= _PAGING_KEYS


def looks_like_graph_api(obj: object) -> bool:
    """True for a Graph API paper, author or citation object, or a page of them."""
    if not isinstance(obj, dict):
        return False
    if any(marker in obj for marker in _GRAPH_MARKERS):
        return True
    page = _page_key(obj)
    return page is not None and bool(obj[page]) and looks_like_graph_api(obj[page][0])


def looks_like_bulk(obj: object) -> bool:
    """True for an S2AG bulk paper, abstract or citation record (lower-case keys)."""
    return isinstance(obj, dict) and ("corpusid" in obj or "citingcorpusid" in obj)


# -- ids -----------------------------------------------------------------------

def choose_paper_id(*, doi: str | None = None, arxiv: str | None = None,
                    paper: str | None = None, corpus: str | None = None,
                    title: str | None = None, year: int | None = None) -> str | None:
    """The canonical paper id: DOI, arXiv, ``s2:<paperId>``, ``s2c:<corpusId>``,
    title hash, in that order; None when there is nothing to build it from.

    >>> choose_paper_id(corpus="42"), choose_paper_id(doi="10.1000/X", corpus="42")
    ('s2c:42', 'doi:10.1000/x')
    """
    if ids.normalise_doi(doi) or ids.normalise_arxiv(arxiv) or paper:
        return ids.paper_id(doi=doi, arxiv=arxiv, s2=paper)
    if corpus:
        return "s2c:" + corpus
    return ids.title_hash_id(title, year) if title else None


def _known_ids(external: dict) -> dict[str, str | None]:
    """DOI, arXiv, MAG and PubMed ids from an ``externalIds`` / ``externalids`` map."""
    return {
        "doi": ids.normalise_doi(_text(external.get("DOI"))),
        "arxiv": ids.normalise_arxiv(_text(external.get("ArXiv"))),
        "mag": _key_text(external.get("MAG")),
        "pmid": _key_text(external.get("PubMed")),
    }


def graph_paper_id(obj: object) -> str | None:
    """The canonical id of a (possibly partial) Graph API paper object, or None."""
    if not isinstance(obj, dict):
        return None
    external = _dict(obj.get("externalIds"))
    known = _known_ids(external)
    corpus = _corpus(obj.get("corpusId")) or _corpus(external.get("CorpusId"))
    year = ids.parse_year(obj.get("year"))
    return choose_paper_id(doi=known["doi"], arxiv=known["arxiv"],
                           paper=_text(obj.get("paperId")), corpus=corpus,
                           title=_text(obj.get("title")), year=year)


def _external_pairs(known: dict[str, str | None], paper: str | None,
                    corpus: str | None) -> tuple[tuple[str, str], ...]:
    pairs = (("doi", known["doi"]), ("arxiv", known["arxiv"]), ("s2", paper),
             ("corpusid", corpus), ("mag", known["mag"]), ("pmid", known["pmid"]))
    return tuple((kind, value) for kind, value in pairs if value)


# -- entry points ------------------------------------------------------------------

def parse_objects(objects: Iterable[tuple[int, object]], *, file: str | None = None
                  ) -> Iterator[PaperRecord | EntityRecord | CitationRecord | Rejection]:
    """Yield records or a Rejection for every Graph API or bulk object (pages expanded)."""
    for line, obj in objects:
        if isinstance(obj, Rejection):
            yield obj
        else:
            yield from parse_object(obj, file=file, line=line)


def parse_object(obj: object, *, file: str | None = None, line: int | None = None,
                 key: str | None = None
                 ) -> Iterator[PaperRecord | EntityRecord | CitationRecord | Rejection]:
    """Yield the records of one decoded object (several for pages and authors)."""
    where = _Where(file, line, key)
    if isinstance(obj, list):  # a batch response: a JSON array of objects (or nulls)
        items = ((f"[{index}]", item) for index, item in enumerate(obj))
    elif _is_empty_page(obj):
        items = iter(())
    elif isinstance(obj, dict) and _page_key(obj):
        page = _page_key(obj)
        items = ((f"{page}[{index}]", item) for index, item in enumerate(obj[page]))
    else:
        yield from _records(obj, where)
        return
    for item_key, item in items:
        yield from _records(item, where.at(item_key))


def _records(obj: object, where: _Where) -> Iterator:
    if obj is None:  # what a batch response holds for an id it does not know
        yield where.reject("not a JSON object but null (an id a batch request did not find)", obj)
    elif not isinstance(obj, dict):
        yield where.reject(f"not a JSON object but {type(obj).__name__}", obj)
    elif "citingcorpusid" in obj or "citedcorpusid" in obj:
        yield _bulk_citation(obj, where)
    elif "corpusid" in obj:
        yield _bulk_abstract(obj, where) if _is_bulk_abstract(obj) else _bulk_paper(obj, where)
    elif isinstance(obj.get("citingPaper"), dict) or isinstance(obj.get("citedPaper"), dict):
        nested = next(v for v in (obj.get("citingPaper"), obj.get("citedPaper"))
                      if isinstance(v, dict))
        yield _graph_paper(nested, where)
    elif "authorId" in obj and "paperId" not in obj:
        yield from _graph_author(obj, where)
    elif "error" in obj and "paperId" not in obj:
        yield where.reject(f"Semantic Scholar API error: {excerpt(obj.get('error'), 160)}", obj)
    elif any(k in obj for k in ("paperId", "externalIds", "title")):
        yield _graph_paper(obj, where)
    else:
        yield where.reject("not a Semantic Scholar paper, author or citation record", obj)


# -- Graph API ---------------------------------------------------------------------

def _graph_paper(obj: dict, where: _Where) -> PaperRecord | Rejection:
    problem = _wrong_type(obj, _GRAPH_FIELDS)
    if problem:
        return where.reject(problem, obj)
    paper = graph_paper_id(obj)
    if paper is None:
        return where.reject("paper has no paperId, corpusId, DOI, arXiv id or title", obj)
    external = _dict(obj.get("externalIds"))
    known = _known_ids(external)
    corpus = _corpus(obj.get("corpusId")) or _corpus(external.get("CorpusId"))
    return PaperRecord(
        id=paper, source=SOURCE, title=_text(obj.get("title")),
        year=ids.parse_year(obj.get("year")) or ids.parse_year(obj.get("publicationDate")),
        doi=known["doi"], abstract=_text(obj.get("abstract")), venue=_graph_venue(obj),
        cited_by_count=_count(obj.get("citationCount")),
        authors=_authors(obj.get("authors"), paper),
        topics=field_topics(obj.get("fieldsOfStudy"), obj.get("s2FieldsOfStudy")),
        references=_linked_ids(obj.get("references"), "citedPaper"),
        citations=_linked_ids(obj.get("citations"), "citingPaper"),
        external_ids=_external_pairs(known, _text(obj.get("paperId")), corpus),
        kind=next((_text(t) for t in _list(obj.get("publicationTypes")) if _text(t)), None),
        file=where.file, line=where.line, key=where.key,
    )


def _graph_venue(obj: dict) -> str | None:
    return (_text(obj.get("venue")) or _text(_dict(obj.get("publicationVenue")).get("name"))
            or _text(_dict(obj.get("journal")).get("name")))


def _linked_ids(entries: object, nested_key: str) -> tuple[str, ...]:
    """Ids of the papers in a references/citations list, wrapped or not, in order."""
    found = []
    for entry in _list(entries):
        if isinstance(entry, dict):
            nested = entry.get(nested_key)
            found.append(graph_paper_id(nested if isinstance(nested, dict) else entry))
    return tuple(dict.fromkeys(pid for pid in found if pid))


def _graph_author(obj: dict, where: _Where) -> Iterator[EntityRecord | PaperRecord | Rejection]:
    """A Person entity, then the author's papers."""
    problem = _wrong_type(obj, _AUTHOR_FIELDS)
    author = _key_text(obj.get("authorId"))
    if problem or author is None:
        yield where.reject(problem or "author object has no authorId", obj)
        return
    props = tuple((k, v) for k, v in (
        ("name", _text(obj.get("name"))), ("paper_count", _count(obj.get("paperCount"))),
        ("citation_count", _count(obj.get("citationCount"))),
        ("h_index", _count(obj.get("hIndex")))) if v is not None)
    yield EntityRecord(label="Person", id="s2a:" + author, source=SOURCE, props=props,
                       institutions=_affiliations(obj.get("affiliations")),
                       file=where.file, line=where.line)
    for index, paper in enumerate(_list(obj.get("papers"))):
        yield from _records(paper, where.at(f"papers[{index}]"))


# -- shared by both formats --------------------------------------------------------

def _authors(entries: object, paper: str) -> tuple[Author, ...]:
    """Authorships from ``[{authorId, name, affiliations?}]``; nameless, id-less ones dropped."""
    authors = []
    for position, entry in enumerate(_list(entries)):
        if not isinstance(entry, dict):
            continue
        author, name = _key_text(entry.get("authorId")), _text(entry.get("name"))
        if author is None and name is None:
            continue
        person = "s2a:" + author if author else f"name:{ids.normalise_name(name)}|{paper}"
        authors.append(Author(id=person, name=name, position=position,
                              institutions=_affiliations(entry.get("affiliations"))))
    return tuple(authors)


def _affiliations(values: object) -> tuple[Institution, ...]:
    names = (_text(v) for v in _list(values))
    found = {"inst:" + ids.normalise_name(n): n for n in names if n and ids.normalise_name(n)}
    return tuple(Institution(id=inst, name=name) for inst, name in found.items())


def field_topics(*lists: object) -> tuple[Topic, ...]:
    """Topics ``s2f:<slug>`` from ``fieldsOfStudy`` strings and ``s2FieldsOfStudy``
    ``{category, source}`` entries, first occurrence of each name kept."""
    found: dict[str, Topic] = {}
    for values in lists:
        for value in _list(values):
            name = _text(value.get("category")) if isinstance(value, dict) else _text(value)
            if name and _slug(name):
                found.setdefault("s2f:" + _slug(name), Topic(id="s2f:" + _slug(name), name=name))
    return tuple(found.values())


# -- bulk dataset -------------------------------------------------------------------

def _is_bulk_abstract(obj: dict) -> bool:
    return "abstract" in obj and "title" not in obj


def _bulk_ids(obj: dict, external: dict) -> tuple[str | None, dict[str, str | None], str | None]:
    """(paper id, known external ids, corpus id) of a bulk paper or abstract record."""
    known = _known_ids(external)
    corpus = _corpus(obj.get("corpusid")) or _corpus(external.get("CorpusId"))
    title = _text(obj.get("title"))
    paper = choose_paper_id(doi=known["doi"], arxiv=known["arxiv"], corpus=corpus,
                            title=title, year=ids.parse_year(obj.get("year")))
    return paper, known, corpus


def _bulk_paper(obj: dict, where: _Where) -> PaperRecord | Rejection:
    problem = _wrong_type(obj, _BULK_FIELDS)
    if problem:
        return where.reject(problem, obj)
    paper, known, corpus = _bulk_ids(obj, _dict(obj.get("externalids")))
    if paper is None:
        return where.reject("bulk paper has no corpusid, DOI, arXiv id or title", obj)
    url = _PAPER_URL.search(_text(obj.get("url")) or "")
    return PaperRecord(
        id=paper, source=SOURCE, title=_text(obj.get("title")),
        year=ids.parse_year(obj.get("year")), doi=known["doi"], venue=_text(obj.get("venue")),
        cited_by_count=_count(obj.get("citationcount")),
        authors=_authors(obj.get("authors"), paper),
        topics=field_topics(obj.get("s2fieldsofstudy")),
        external_ids=_external_pairs(known, url.group(1) if url else None, corpus),
        file=where.file, line=where.line, key=where.key,
    )


def _bulk_abstract(obj: dict, where: _Where) -> PaperRecord | Rejection:
    problem = _wrong_type(obj, _BULK_FIELDS)
    if problem:
        return where.reject(problem, obj)
    external = _dict(_dict(obj.get("openaccessinfo")).get("externalids"))
    paper, known, corpus = _bulk_ids(obj, external)
    abstract = _text(obj.get("abstract"))
    if paper is None or abstract is None:
        return where.reject("abstract record needs a corpusid and an abstract", obj)
    return PaperRecord(id=paper, source=SOURCE, doi=known["doi"], abstract=abstract,
                       external_ids=_external_pairs(known, None, corpus),
                       file=where.file, line=where.line, key=where.key)


def _bulk_citation(obj: dict, where: _Where) -> CitationRecord | Rejection:
    citing, cited = _corpus(obj.get("citingcorpusid")), _corpus(obj.get("citedcorpusid"))
    if citing is None:
        return where.reject("citation record has no usable citingcorpusid", obj)
    if cited is None:
        return where.reject("citation record has no citedcorpusid "
                            "(cited paper not in Semantic Scholar)", obj)
    return CitationRecord(citing="s2c:" + citing, cited="s2c:" + cited, source=SOURCE,
                          file=where.file, line=where.line)

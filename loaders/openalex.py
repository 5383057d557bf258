"""OpenAlex works and entities (2022 and 2025 schemas) as records.

Pure functions: the caller decodes the JSON and hands in ``(line, object)``
pairs; nothing here opens files or talks to a database or the network.

What comes out of :func:`parse_objects`:

* a work (``W…``) -> :class:`PaperRecord` with id ``W…``; an id-less work
  falls back to its DOI, then to a title hash (:func:`loaders.ids.paper_id`);
* an author, institution, topic, concept (``A…``, ``I…``, ``T…``, ``C…``)
  or a subfield / field / domain -> :class:`EntityRecord`;
* a source, publisher, funder, keyword or 2022 venue -> a :class:`Rejection`
  ``"unsupported OpenAlex entity type: <type>"``, so nothing disappears
  silently; a deleted/merged author ("Deleted Author") -> a Rejection too;
* an API page ``{"meta", "results"}`` -> one record per result, each with the
  page's line number and ``key="results[<index>]"``; an API error body
  ``{"error", "message"}`` -> a Rejection;
* anything unusable (not a JSON object, wrong field types, no id and no
  title) -> a Rejection with file, line, reason, key and a 200-character
  excerpt. Rejections that come in (from JSON decoding) are passed through.

Id rules: people ``A…`` (or ``name:<normalised name>|<paper id>`` when the
authorship has no author id); institutions ``I…``, named by their institution
records (an institution entry without an ``I…`` id is the affiliation as printed,
not an institution: it is kept, with ``raw_affiliation_string(s)``, in the
authorship's ``affiliations``); topics ``T…`` whose
parent chain is ``subfield:<n>`` (level 1) -> ``field:<n>`` (level 2) ->
``domain:<n>`` (level 3), a topic itself being level 0; legacy concepts
``C…`` with the concept's own level (0 = broadest); work keywords are kept as
topics ``kw:<slug of the display name>`` (the slug rule of the BibTeX, RIS and
native loaders, so the same keyword merges across sources) with their score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from loaders import ids
from loaders.jsonvalues import as_dict as _dict
from loaders.jsonvalues import as_list as _list
from loaders.jsonvalues import count as _count
from loaders.jsonvalues import excerpt
from loaders.jsonvalues import text as _text
from loaders.jsonvalues import wrong_type as _wrong_type
from loaders.openalex_topics import (
    _HIERARCHY_LEVELS,
    _PATH_ID,
    _PATH_KIND,
    _concept,
    _institutions,
    _prefixed,
    hierarchy_id,
    raw_affiliations,
    topic_hierarchy,
    work_topics,
)
from loaders.records import Author, EntityRecord, PaperRecord, Rejection, Topic

SOURCE = "openalex"

_KIND_BY_LETTER = {
    "W": "work", "A": "author", "I": "institution", "T": "topic", "C": "concept",
    "S": "source", "P": "publisher", "F": "funder", "V": "venue",
}
_PMID = re.compile(r"(\d+)/?$")
_DELETED_AUTHOR = "deleted author"

_WORK_FIELDS = {
    "doi": (str,), "title": (str,), "display_name": (str,), "publication_year": (int, str),
    "publication_date": (str,), "cited_by_count": (int,), "type": (str,), "ids": (dict,),
    "authorships": (list,), "referenced_works": (list,), "related_works": (list,),
    "concepts": (list,), "topics": (list,), "keywords": (list,), "primary_topic": (dict,),
    "abstract_inverted_index": (dict,), "host_venue": (dict,), "primary_location": (dict,),
}
_ENTITY_FIELDS = {
    "display_name": (str,), "orcid": (str,), "ror": (str,), "country_code": (str,),
    "level": (int,), "works_count": (int,), "cited_by_count": (int,),
    "last_known_institutions": (list,), "last_known_institution": (dict,),
    "ancestors": (list,), "subfield": (dict,), "field": (dict,), "domain": (dict,),
}


@dataclass(frozen=True)
class _Where:
    """Where an object came from, to stamp on its record or rejection."""

    file: str | None
    line: int | None
    key: str | None = None

    def reject(self, reason: str, obj: object) -> Rejection:
        key = self.key
        if key is None and isinstance(obj, dict) and isinstance(obj.get("id"), str):
            key = obj["id"]
        return Rejection(self.file, self.line, reason, key=key, excerpt=excerpt(obj))


# -- small helpers ------------------------------------------------------------


def _props(**values: object) -> tuple[tuple[str, object], ...]:
    return tuple((k, v) for k, v in values.items() if v is not None)


# -- ids and detection ----------------------------------------------------------

def entity_kind(value: object) -> str | None:
    """Which kind of OpenAlex record an id names, or None when it is no OpenAlex id.

    >>> entity_kind("https://openalex.org/W2741809807"), entity_kind("A5023888391")
    ('work', 'author')
    >>> entity_kind("https://openalex.org/subfields/1702"), entity_kind("0704.0001")
    ('subfield', None)
    """
    if not isinstance(value, str):
        return None
    short = ids.openalex_id(value)
    if short:
        return _KIND_BY_LETTER.get(short[0])
    match = _PATH_ID.match(value.strip())
    return _PATH_KIND[match.group(1).lower()] if match else None


def _is_page(obj: object) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("meta"), dict) \
        and isinstance(obj.get("results"), list)


def _is_api_error(obj: object) -> bool:
    return isinstance(obj, dict) and "error" in obj and "id" not in obj and "meta" not in obj


def looks_like_work(obj: object) -> bool:
    """True for an OpenAlex work, or an API page whose first result is one (or is empty)."""
    if _is_page(obj):
        results = obj["results"]
        return not results or looks_like_work(results[0])
    return isinstance(obj, dict) and entity_kind(obj.get("id")) == "work"


def looks_like_entity(obj: object) -> bool:
    """True for a non-work OpenAlex record (author, institution, topic, source, ...),
    or an API page whose first result is one."""
    if _is_page(obj):
        results = obj["results"]
        return bool(results) and looks_like_entity(results[0])
    if not isinstance(obj, dict):
        return False
    kind = entity_kind(obj.get("id"))
    return kind is not None and kind != "work"


# -- entry points ------------------------------------------------------------------

def parse_objects(objects: Iterable[tuple[int, object]], *, file: str | None = None
                  ) -> Iterator[PaperRecord | EntityRecord | Rejection]:
    """Yield a record or a Rejection for every OpenAlex object (pages expanded)."""
    for line, obj in objects:
        if isinstance(obj, Rejection):
            yield obj
        elif _is_page(obj):
            for index, item in enumerate(obj["results"]):
                yield parse_object(item, file=file, line=line, key=f"results[{index}]")
        elif _is_api_error(obj):
            message = excerpt(obj.get("message"), 160)
            reason = f"OpenAlex API error: {_text(obj.get('error'))}: {message}"
            yield _Where(file, line).reject(reason, obj)
        else:
            yield parse_object(obj, file=file, line=line)


def parse_object(obj: object, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> PaperRecord | EntityRecord | Rejection:
    """Parse one OpenAlex work or entity object; never raises for bad input."""
    where = _Where(file, line, key)
    if not isinstance(obj, dict):
        return where.reject(f"not a JSON object but {type(obj).__name__}", obj)
    raw_id = obj.get("id")
    kind = entity_kind(raw_id)
    if raw_id is not None and kind is None:
        return where.reject(f"unrecognised OpenAlex id {excerpt(raw_id, 80)}", obj)
    parser = _PARSERS.get(kind or "work")
    if parser is None:
        return where.reject(f"unsupported OpenAlex entity type: {kind}", obj)
    return parser(obj, where)


# -- works ---------------------------------------------------------------------------

def _work(obj: dict, where: _Where) -> PaperRecord | Rejection:
    problem = _wrong_type(obj, _WORK_FIELDS)
    if problem:
        return where.reject(problem, obj)
    openalex = ids.openalex_id(obj.get("id"))
    doi = ids.normalise_doi(obj.get("doi") or _dict(obj.get("ids")).get("doi"))
    title = _text(obj.get("title")) or _text(obj.get("display_name"))
    if not (openalex or doi or title):
        return where.reject("work has no OpenAlex id, DOI or title", obj)
    year = ids.parse_year(obj.get("publication_year")) or ids.parse_year(
        obj.get("publication_date"))
    paper = ids.paper_id(openalex=openalex, doi=doi, title=title, year=year)
    return PaperRecord(
        id=paper, source=SOURCE, title=title, year=year, doi=doi,
        abstract=rebuild_abstract(obj.get("abstract_inverted_index")),
        venue=_venue(obj), cited_by_count=_count(obj.get("cited_by_count")),
        authors=_authors(obj.get("authorships"), paper), topics=work_topics(obj),
        references=_work_ids(obj.get("referenced_works")),
        related=_work_ids(obj.get("related_works")),
        external_ids=_external_ids(obj, openalex, doi), kind=_text(obj.get("type")),
        file=where.file, line=where.line, key=where.key,
    )


def rebuild_abstract(index: object) -> str | None:
    """Rebuild an abstract from OpenAlex's ``{word: [positions]}`` inverted index.

    >>> rebuild_abstract({"world": [1], "hello": [0, 2]})
    'hello world hello'
    """
    if not isinstance(index, dict):
        return None
    slots: dict[int, str] = {}
    for word, positions in index.items():
        for position in _list(positions):
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                slots[position] = str(word)
    return _text(" ".join(slots[p] for p in sorted(slots)))


def _venue(obj: dict) -> str | None:
    location = _dict(obj.get("primary_location"))
    return (_text(_dict(location.get("source")).get("display_name"))
            or _text(_dict(obj.get("host_venue")).get("display_name"))
            or _text(location.get("raw_source_name")))


def _work_ids(values: object) -> tuple[str, ...]:
    """Short ``W…`` ids of a list of work URLs, in order, duplicates and junk dropped."""
    found = (ids.openalex_id(v) for v in _list(values) if isinstance(v, str))
    return tuple(dict.fromkeys(w for w in found if w and w.startswith("W")))


def _external_ids(obj: dict, openalex: str | None, doi: str | None
                  ) -> tuple[tuple[str, str], ...]:
    known = _dict(obj.get("ids"))
    pmid = _PMID.search(str(known.get("pmid") or ""))
    mag = known.get("mag")
    pairs = (("openalex", openalex), ("doi", doi), ("pmid", pmid.group(1) if pmid else None),
             ("mag", str(mag) if isinstance(mag, (int, str)) and str(mag).strip() else None))
    return tuple((kind, value) for kind, value in pairs if value)


# -- authorships -----------------------------------------------------------------------

def _authors(authorships: object, paper: str) -> tuple[Author, ...]:
    authors = (_author(a, position, paper) for position, a in enumerate(_list(authorships)))
    return tuple(a for a in authors if a is not None)


def _author(authorship: object, position: int, paper: str) -> Author | None:
    """One authorship; None when it names nobody (no author id and no name)."""
    if not isinstance(authorship, dict):
        return None
    person = _dict(authorship.get("author"))
    name = _text(person.get("display_name")) or _text(authorship.get("raw_author_name"))
    person_id = _prefixed(person.get("id"), "A")
    if person_id is None and name is None:
        return None
    return Author(
        id=person_id or f"name:{ids.normalise_name(name)}|{paper}", name=name,
        orcid=ids.normalise_orcid(person.get("orcid")),
        position=position, institutions=_institutions(authorship.get("institutions")),
        affiliations=raw_affiliations(authorship),
    )


# -- entities ------------------------------------------------------------------------------

def _entity(label: str, entity_id: str, where: _Where, **fields) -> EntityRecord:
    return EntityRecord(label=label, id=entity_id, source=SOURCE, file=where.file,
                        line=where.line, **fields)


def _author_entity(obj: dict, where: _Where) -> EntityRecord | Rejection:
    problem = _wrong_type(obj, _ENTITY_FIELDS)
    if problem:
        return where.reject(problem, obj)
    name = _text(obj.get("display_name"))
    if name is not None and name.lower() == _DELETED_AUTHOR:
        return where.reject("deleted or merged OpenAlex author (\"Deleted Author\")", obj)
    last = _list(obj.get("last_known_institutions")) or [obj.get("last_known_institution")]
    props = _props(name=name, orcid=ids.normalise_orcid(obj.get("orcid")),
                   works_count=_count(obj.get("works_count")),
                   cited_by_count=_count(obj.get("cited_by_count")))
    return _entity("Person", ids.openalex_id(obj["id"]), where, props=props,
                   institutions=_institutions(last))


def _institution_entity(obj: dict, where: _Where) -> EntityRecord | Rejection:
    problem = _wrong_type(obj, _ENTITY_FIELDS)
    if problem:
        return where.reject(problem, obj)
    props = _props(name=_text(obj.get("display_name")), country=_text(obj.get("country_code")),
                   ror=_text(obj.get("ror")), type=_text(obj.get("type")),
                   works_count=_count(obj.get("works_count")),
                   cited_by_count=_count(obj.get("cited_by_count")))
    return _entity("Institution", ids.openalex_id(obj["id"]), where, props=props)


def _topic_entity(obj: dict, where: _Where) -> EntityRecord | Rejection:
    problem = _wrong_type(obj, _ENTITY_FIELDS)
    if problem:
        return where.reject(problem, obj)
    props = _props(name=_text(obj.get("display_name")), level=0,
                   works_count=_count(obj.get("works_count")))
    return _entity("Topic", ids.openalex_id(obj["id"]), where, props=props,
                   parent=topic_hierarchy(obj))


def _hierarchy_entity(obj: dict, where: _Where) -> EntityRecord | Rejection:
    """A subfield, field or domain record: a Topic at level 1, 2 or 3."""
    problem = _wrong_type(obj, _ENTITY_FIELDS)
    if problem:
        return where.reject(problem, obj)
    node_id = hierarchy_id(obj["id"])
    level = dict(_HIERARCHY_LEVELS)[node_id.split(":")[0]]
    broader = {k: v for k, v in obj.items() if dict(_HIERARCHY_LEVELS).get(k, 0) > level}
    props = _props(name=_text(obj.get("display_name")), level=level,
                   works_count=_count(obj.get("works_count")))
    return _entity("Topic", node_id, where, props=props, parent=topic_hierarchy(broader))


def _concept_entity(obj: dict, where: _Where) -> EntityRecord | Rejection:
    problem = _wrong_type(obj, _ENTITY_FIELDS)
    if problem:
        return where.reject(problem, obj)
    level = _count(obj.get("level"))
    props = _props(name=_text(obj.get("display_name")), level=level,
                   wikidata=_text(obj.get("wikidata")),
                   works_count=_count(obj.get("works_count")))
    return _entity("Topic", ids.openalex_id(obj["id"]), where, props=props,
                   parent=_broader_concept(obj.get("ancestors"), level))


def _broader_concept(ancestors: object, level: int | None) -> Topic | None:
    """The first ancestor one level up (the concept graph is a DAG: one parent is kept)."""
    candidates = [c for c in (_concept(a) for a in _list(ancestors) if isinstance(a, dict))
                  if c is not None and c.level is not None]
    if level is not None:
        candidates = [c for c in candidates if c.level < level]
    if not candidates:
        return None
    best = max(c.level for c in candidates)
    return next(c for c in candidates if c.level == best)


_PARSERS = {
    "work": _work, "author": _author_entity, "institution": _institution_entity,
    "topic": _topic_entity, "concept": _concept_entity, "subfield": _hierarchy_entity,
    "field": _hierarchy_entity, "domain": _hierarchy_entity,
}

"""The product's own paper-record format: JSON Lines, one paper per line.

Used for the bundled sample and for hand-written records. Each object has
``"record": "paper"`` and the fields ``title`` (required), ``year``,
``doi``, ``arxiv``, ``abstract``, ``venue``, ``kind``, ``cited_by_count``,
``keywords`` (list of strings) and ``authors`` (list of
``{"name", "orcid", "affiliations": [texts], "institutions": [names]}``):
``affiliations`` are the affiliations as the paper printed them
("Department of …, Stanford University, Stanford, CA, USA"), kept on the
authorship and never made institutions; ``institutions`` are institution
names. Other fields are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from loaders import ids
from loaders.jsonvalues import count, wrong_type
from loaders.records import Author, Institution, PaperRecord, Rejection, Topic

SOURCE = "native"
_FIELDS = {  # one type per property: a record with another type is rejected, named
    "title": (str,), "year": (int, str), "doi": (str,), "arxiv": (str,), "abstract": (str,),
    "venue": (str,), "kind": (str,), "cited_by_count": (int,), "keywords": (list,),
    "authors": (list,),
}


def looks_like(obj: object) -> bool:
    """True for an object in this format.

    >>> looks_like({"record": "paper", "title": "x"}), looks_like({"title": "x"})
    (True, False)
    """
    return isinstance(obj, dict) and obj.get("record") == "paper"


def _texts(raw: object) -> list[str]:
    """The non-blank strings of a list (anything else: none)."""
    return [a for a in (raw if isinstance(raw, list) else []) if isinstance(a, str) and a.strip()]


def _authors(raw: object, paper: str) -> tuple[Author, ...]:
    authors = []
    for position, entry in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            continue
        name = " ".join(str(entry["name"]).split())
        orcid = ids.normalise_orcid(entry.get("orcid"))
        person = "orcid:" + orcid if orcid else f"name:{ids.normalise_name(name)}|{paper}"
        institutions = tuple(
            Institution(id="inst:" + ids.normalise_name(a), name=" ".join(a.split()))
            for a in _texts(entry.get("institutions")) if ids.normalise_name(a))
        affiliations = tuple(dict.fromkeys(" ".join(a.split())
                                           for a in _texts(entry.get("affiliations"))))
        authors.append(Author(person, name, orcid, position, institutions, affiliations))
    return tuple(authors)


def _keywords(raw: object) -> tuple[Topic, ...]:
    words = [w.strip() for w in (raw if isinstance(raw, list) else [])
             if isinstance(w, str) and ids.normalise_name(w)]
    return tuple(Topic(id="kw:" + ids.normalise_name(w).replace(" ", "-"), name=w) for w in words)


def parse_objects(objects: Iterable[tuple[int, object]], *, file: str | None = None
                  ) -> Iterator[PaperRecord | Rejection]:
    """Yield a PaperRecord per valid object, a Rejection for every other one."""
    for line, obj in objects:
        if isinstance(obj, Rejection):
            yield obj
            continue
        if not looks_like(obj):
            yield Rejection(file, line, 'not a paper record (needs "record": "paper")',
                            excerpt=str(obj)[:200])
            continue
        assert isinstance(obj, dict)
        problem = wrong_type(obj, _FIELDS)
        if problem:
            yield Rejection(file, line, problem, excerpt=str(obj)[:200])
            continue
        title = " ".join(str(obj.get("title") or "").split())
        if not title:
            yield Rejection(file, line, "paper record has no title", excerpt=str(obj)[:200])
            continue
        year = ids.parse_year(obj.get("year"))
        doi = ids.normalise_doi(obj.get("doi"))
        arxiv = ids.normalise_arxiv(obj.get("arxiv"))
        paper = ids.paper_id(doi=doi, arxiv=arxiv, title=title, year=year)
        external = tuple((k, v) for k, v in (("doi", doi), ("arxiv", arxiv)) if v)
        yield PaperRecord(
            id=paper, source=SOURCE, title=title, year=year, doi=doi,
            abstract=obj.get("abstract") or None, venue=obj.get("venue") or None,
            cited_by_count=count(obj.get("cited_by_count")),
            authors=_authors(obj.get("authors"), paper), topics=_keywords(obj.get("keywords")),
            external_ids=external, kind=obj.get("kind") or None, file=file, line=line,
        )

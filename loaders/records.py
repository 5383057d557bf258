"""Record types shared by every parser and the graph writer.

Parsers are pure: they read their input and yield :class:`PaperRecord`,
:class:`EntityRecord`, :class:`CitationRecord` or :class:`Rejection`
objects. Nothing here talks to a database.

Identifiers are canonical strings (see :mod:`loaders.ids`): an OpenAlex id
(``W…``, ``A…``, ``I…``, ``T…``) where known, else a prefixed external id
(``doi:…``, ``arxiv:…``, ``s2:…``, ``orcid:…``), else a hash of the
normalised title and year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Institution:
    """An institution a person was affiliated with on a paper."""

    id: str
    name: str | None = None
    country: str | None = None
    ror: str | None = None


@dataclass(frozen=True)
class Topic:
    """A topic, concept, field of study or category.

    ``parent`` chains the hierarchy where the source gives it
    (OpenAlex topic -> subfield -> field -> domain; arXiv ``cs.LG`` -> ``cs``).
    ``score`` is the paper's strength of association, when known.
    """

    id: str
    name: str | None = None
    level: int | None = None
    score: float | None = None
    parent: Topic | None = None


@dataclass(frozen=True)
class Author:
    """One authorship: a person at a position on a paper.

    ``affiliations`` are the affiliations as the paper printed them (raw strings such
    as "1 Department of …, 9038 Tromsø, Norway"): a property of this authorship,
    never an institution's name; ``institutions`` are the institutions the source
    matched them to."""

    id: str
    name: str | None = None
    orcid: str | None = None
    position: int = 0
    institutions: tuple[Institution, ...] = ()
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperRecord:
    """A full paper record from one source.

    ``references`` and ``related`` hold canonical paper ids; referenced papers
    that are not loaded themselves become stub papers. ``external_ids`` maps
    id kinds (``doi``, ``openalex``, ``arxiv``, ``s2``, ``pmid``, ``mag``) to
    values, used to merge the same paper from several sources.
    ``citations`` lists canonical ids of papers known to cite this one.
    """

    id: str
    source: str
    title: str | None = None
    year: int | None = None
    doi: str | None = None
    abstract: str | None = None
    venue: str | None = None
    cited_by_count: int | None = None
    authors: tuple[Author, ...] = ()
    topics: tuple[Topic, ...] = ()
    references: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    external_ids: tuple[tuple[str, str], ...] = ()
    kind: str | None = None  # article, book, preprint, ...
    file: str | None = None
    line: int | None = None  # 1-based line (or record number) in the input
    key: str | None = None  # entry key (BibTeX key, RIS ID) when the source has one


@dataclass(frozen=True)
class EntityRecord:
    """A standalone entity record (OpenAlex author, institution, topic...).

    ``label`` is one of Person, Institution, Topic. ``props`` holds display
    properties (name, orcid, country, ror, level). ``parent`` links a topic to
    its broader topic; ``institutions`` links a person to institutions.
    """

    label: str
    id: str
    source: str
    props: tuple[tuple[str, object], ...] = ()
    parent: Topic | None = None
    institutions: tuple[Institution, ...] = ()
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class CitationRecord:
    """One citation edge from an edge list: ``citing`` cites ``cited``."""

    citing: str
    cited: str
    source: str = "edges"
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class NodeRow:
    """A paper described by an edge list's node table (id, year, title)."""

    id: str
    year: int | None = None
    title: str | None = None
    source: str = "edges"
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Rejection:
    """An input record that could not be used, with the reason.

    Rejections are data, not exceptions: a parser yields them and goes on.
    """

    file: str | None
    line: int | None
    reason: str
    key: str | None = None
    excerpt: str | None = None
    fatal: bool = field(default=False)  # True when the rest of the input is unreadable

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "reason": self.reason,
            "excerpt": self.excerpt,
        }


Record = Union[PaperRecord, EntityRecord, CitationRecord, NodeRow, Rejection]

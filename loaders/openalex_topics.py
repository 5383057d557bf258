"""Institutions and topics in OpenAlex records (dehydrated objects of a work or entity).

Institutions are ``I…`` only (an entry without an institution id is the affiliation as
printed, kept on the authorship by :func:`raw_affiliations`); topics are 2025
topics ``T…`` with their subfield -> field -> domain chain, concepts ``C…``
and keywords ``kw:<slug>`` (the slug rule the other loaders share).
"""

from __future__ import annotations

import re

from loaders import ids
from loaders.jsonvalues import as_dict as _dict
from loaders.jsonvalues import as_list as _list
from loaders.jsonvalues import count as _count
from loaders.jsonvalues import text as _text
from loaders.records import Institution, Topic

_PATH_ID = re.compile(
    r"^(?:https?://openalex\.org/)?(subfields|fields|domains|keywords)/([\w.-]+)$", re.I)
_PATH_KIND = {"subfields": "subfield", "fields": "field", "domains": "domain",
              "keywords": "keyword"}
_HIERARCHY_LEVELS = (("domain", 3), ("field", 2), ("subfield", 1))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)



def keyword_slug(name: str) -> str:
    """The ``kw:`` slug of a keyword: normalised words joined by hyphens."""
    return ids.normalise_name(name).replace(" ", "-")


def hierarchy_id(value: object) -> str | None:
    """``subfield:1702`` / ``field:17`` / ``domain:1`` for an OpenAlex hierarchy URL."""
    if not isinstance(value, str):
        return None
    match = _PATH_ID.match(value.strip())
    if not match or match.group(1).lower() == "keywords":
        return None
    return f"{_PATH_KIND[match.group(1).lower()]}:{match.group(2)}"


def _prefixed(value: object, letter: str) -> str | None:
    short = ids.openalex_id(value) if isinstance(value, str) else None
    return short if short and short[0] == letter else None


def _institutions(entries: object) -> tuple[Institution, ...]:
    found: dict[str, Institution] = {}
    for entry in _list(entries):
        institution = institution_from(entry)
        if institution is not None:
            found.setdefault(institution.id, institution)
    return tuple(found.values())


def institution_from(entry: object) -> Institution | None:
    """An :class:`Institution` from an OpenAlex dehydrated institution, or None.

    Only an institution record (an ``I…`` id) is an institution, named as that
    record names it. An entry without one is an affiliation OpenAlex matched to
    no institution, whose ``display_name`` is the affiliation as printed
    ("1 Department of …, 9038 Tromsø, Norway. E-mail address …"): None here; the
    text is kept on the authorship (:func:`raw_affiliations`).
    """
    if not isinstance(entry, dict):
        return None
    inst_id = _prefixed(entry.get("id"), "I")
    if inst_id is None:
        return None
    return Institution(id=inst_id, name=_text(entry.get("display_name")),
                       country=_text(entry.get("country_code")), ror=_text(entry.get("ror")))


def raw_affiliations(authorship: dict) -> tuple[str, ...]:
    """The affiliations of an OpenAlex authorship as the paper printed them, once each.

    From ``raw_affiliation_string`` (2022/2023 records), ``raw_affiliation_strings``
    and ``affiliations[].raw_affiliation_string`` (current records), and the
    names of institution entries that have no institution id (unmatched text).
    """
    found: dict[str, str] = {}
    texts = [authorship.get("raw_affiliation_string"),
             *_list(authorship.get("raw_affiliation_strings")),
             *(_dict(a).get("raw_affiliation_string")
               for a in _list(authorship.get("affiliations"))),
             *(_dict(i).get("display_name") for i in _list(authorship.get("institutions"))
               if _prefixed(_dict(i).get("id"), "I") is None)]
    for value in texts:
        text = _text(value)
        if text:
            found.setdefault(" ".join(text.lower().split()), " ".join(text.split()))
    return tuple(found.values())


# -- topics ------------------------------------------------------------------------------

def work_topics(obj: dict) -> tuple[Topic, ...]:
    """All topics of a work: 2025 topics (primary first), concepts, keywords; deduplicated."""
    entries = [(_topic, obj.get("primary_topic"))]
    entries += [(_topic, t) for t in _list(obj.get("topics"))]
    entries += [(_concept, c) for c in _list(obj.get("concepts"))]
    entries += [(_keyword, k) for k in _list(obj.get("keywords"))]
    found: dict[str, Topic] = {}
    for make, entry in entries:
        topic = make(entry) if isinstance(entry, dict) else None
        if topic is not None:
            found.setdefault(topic.id, topic)
    return tuple(found.values())


def _topic(entry: dict) -> Topic | None:
    topic_id = _prefixed(entry.get("id"), "T")
    if topic_id is None:
        return None
    return Topic(id=topic_id, name=_text(entry.get("display_name")), level=0,
                 score=_number(entry.get("score")), parent=topic_hierarchy(entry))


def topic_hierarchy(entry: dict) -> Topic | None:
    """The parent chain subfield (1) -> field (2) -> domain (3) named in ``entry``."""
    parent = None
    for key, level in _HIERARCHY_LEVELS:
        node = _dict(entry.get(key))
        node_id = hierarchy_id(node.get("id"))
        if node_id is not None:
            parent = Topic(id=node_id, name=_text(node.get("display_name")), level=level,
                           parent=parent)
    return parent


def _concept(entry: dict) -> Topic | None:
    concept_id = _prefixed(entry.get("id"), "C")
    if concept_id is None:
        return None
    return Topic(id=concept_id, name=_text(entry.get("display_name")),
                 level=_count(entry.get("level")), score=_number(entry.get("score")))


def _keyword(entry: dict) -> Topic | None:
    name = _text(entry.get("display_name"))
    slug = keyword_slug(name) if name else ""
    if not slug:
        return None
    return Topic(id="kw:" + slug, name=name, score=_number(entry.get("score")))

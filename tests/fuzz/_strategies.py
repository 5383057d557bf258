"""Hypothesis strategies (arbitrary JSON, mutations of real records) and the
output invariants every parser must keep."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable

from hypothesis import HealthCheck, reject, settings
from hypothesis import strategies as st

from loaders.records import CitationRecord, EntityRecord, NodeRow, PaperRecord, Rejection

FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=60)

RECORDS = (PaperRecord, EntityRecord, CitationRecord, NodeRow)

# Field names the parsers look at: arbitrary dicts use them as keys half the time,
# so that random values reach the field-specific code.
FIELD_NAMES = (
    "id", "doi", "title", "display_name", "publication_year", "publication_date",
    "cited_by_count", "type", "ids", "authorships", "author", "institutions",
    "referenced_works", "related_works", "concepts", "topics", "keywords", "primary_topic",
    "abstract_inverted_index", "host_venue", "primary_location", "source", "orcid", "ror",
    "country_code", "level", "works_count", "last_known_institutions",
    "last_known_institution", "ancestors", "subfield", "field", "domain", "meta", "results",
    "error", "message", "score", "raw_author_name", "pmid", "mag",
    "paperId", "externalIds", "corpusId", "year", "publicationDate", "abstract", "venue",
    "publicationVenue", "journal", "citationCount", "authors", "fieldsOfStudy",
    "s2FieldsOfStudy", "references", "citations", "publicationTypes", "authorId", "name",
    "affiliations", "paperCount", "hIndex", "papers", "citingPaper", "citedPaper", "data",
    "recommendedPapers", "total", "offset", "next", "corpusid", "externalids", "citationcount",
    "s2fieldsofstudy", "url", "openaccessinfo", "citingcorpusid", "citedcorpusid", "DOI",
    "ArXiv", "MAG", "PubMed", "CorpusId", "category", "categories", "versions", "created",
    "update_date", "authors_parsed", "record", "arxiv", "kind",
)

# Characters that tend to matter to parsers: controls, line ends, BOM, Unicode
# digits that are not decimal, separators, quoting and markup.
NOISE = ("\x00", "\x01", "\x1b", "\x7f", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x85",
         "\u2028", "\u2029", "\ufeff", "\ufffd", "\u200b", "\u00a0", "\u00b2", "\u2460",
         "\u0663", "\U0001f600", "\u0301", "{", "}", "\\", "@", "#", '"', ",", "-", "%",
         " and ", "  - ", "TY  - ", "ER  - ", "$", "~", "\\'", "http://", "10.", "W1", "s2:",
         "0704.0001", "1999", "\ud7ff", "\U0010ffff")

# numbers as text, Unicode digits (Nd) and other numerals (superscripts, circled) included
numeric_text = st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1,
                       max_size=6) | st.from_regex(r"\A-?[0-9]{1,12}\Z")
noise_text = st.lists(st.one_of(st.sampled_from(NOISE), st.characters(codec="utf-8")),
                      min_size=1, max_size=6).map("".join)
small_text = st.one_of(st.text(max_size=12), noise_text, numeric_text,
                       st.sampled_from(FIELD_NAMES))
keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-3, 2200),
    st.floats(allow_nan=True, allow_infinity=True), small_text,
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=4)),
    max_leaves=12,
)
WRONG_TYPES = (5, "x", {"id": None}, [None], True, 1.5, None, 0, -1, 10**30, float("nan"),
               False, "", " ", [], [[]], {}, {"": None})


def _paths(obj, path=(), depth=0):
    """Every path (tuple of keys/indices) into a JSON tree, the root included."""
    yield path
    if depth > 6:
        return
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from _paths(value, path + (key,), depth + 1)
    elif isinstance(obj, list):
        for index, value in enumerate(obj):
            yield from _paths(value, path + (index,), depth + 1)


def _get(obj, path):
    for step in path:
        obj = obj[step]
    return obj


def _set(obj, path, value):
    if not path:
        return value
    _get(obj, path[:-1])[path[-1]] = value
    return obj


# type changes and arbitrary values are listed twice: they find the most crashes
OPERATIONS = ("wrong_type", "replace", "numeric", "drop", "noise", "truncate", "empty",
              "wrong_type", "replace")


@st.composite
def mutated(draw, seeds: Iterable[object], max_steps: int = 4):
    """A deep copy of one seed with 1..max_steps random mutations.

    Each step picks a field name (then one occurrence of it, or all of them, as
    in "every author's affiliations") and one operation from OPERATIONS.
    """
    obj = copy.deepcopy(draw(st.sampled_from(tuple(seeds))))
    for _ in range(draw(st.integers(1, max_steps))):
        groups: dict[str, list[tuple]] = {}
        for found in _paths(obj):
            name = found[-1] if found and isinstance(found[-1], str) else f"[{len(found)}]"
            groups.setdefault(name, []).append(found)
        group = groups[draw(st.sampled_from(sorted(groups)))]
        chosen = group if draw(st.booleans()) else [draw(st.sampled_from(group))]
        operation = draw(st.sampled_from(OPERATIONS))
        for path in sorted(chosen, key=len, reverse=True):
            try:
                obj = _mutate(draw, obj, path, operation)
            except (KeyError, IndexError, TypeError):  # an earlier change moved this path
                continue
    return obj


def _mutate(draw, obj, path, operation):
    current = _get(obj, path)
    if operation == "drop" and path:
        del _get(obj, path[:-1])[path[-1]]
    elif operation == "replace":
        obj = _set(obj, path, draw(json_values))
    elif operation == "wrong_type":
        choices = [v for v in WRONG_TYPES if type(v) is not type(current)]
        obj = _set(obj, path, copy.deepcopy(draw(st.sampled_from(choices))))
    elif operation == "truncate" and isinstance(current, (str, list)):
        obj = _set(obj, path, current[:draw(st.integers(0, len(current)))])
    elif operation == "noise" and isinstance(current, str):
        at = draw(st.integers(0, len(current)))
        obj = _set(obj, path, current[:at] + draw(noise_text) + current[at:])
    elif operation == "numeric":
        obj = _set(obj, path, draw(numeric_text))
    elif operation == "empty":
        obj = _set(obj, path, type(current)() if isinstance(current, (str, list, dict))
                   else None)
    return obj


# -- text mutations ------------------------------------------------------------------

ENDINGS = ("\n", "\r\n", "\r")
# BibTeX texts come from sources.read_text, which folds a lone CR to LF
BIBTEX_ENDINGS = ("\n", "\r\n")


@st.composite
def mutated_text(draw, text: str, max_steps: int = 3, endings: tuple[str, ...] = ENDINGS):
    """``text`` with random cuts, insertions, deletions and line-end changes."""
    for _ in range(draw(st.integers(1, max_steps))):
        operation = draw(st.sampled_from(("truncate", "insert", "delete", "replace_line")))
        at = draw(st.integers(0, len(text)))
        if operation == "truncate":
            text = text[:at]
        elif operation == "insert":
            text = text[:at] + draw(st.one_of(noise_text, st.text(max_size=20))) + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] = draw(st.one_of(noise_text, st.text(max_size=30)))
            text = "\n".join(lines)
    return draw(line_endings(text, endings))


@st.composite
def line_endings(draw, text: str, endings: tuple[str, ...] = ENDINGS):
    """``text`` as it is, or with CRLF / CR line ends and maybe a BOM."""
    ending = draw(st.sampled_from(endings))
    text = text.replace("\n", ending) if ending != "\n" else text
    return ("\ufeff" + text) if draw(st.booleans()) else text


_LINE_END = re.compile(r"\r\n|\r|\n")


def line_count(text: str) -> int:
    """Lines in ``text`` counting \\r\\n, \\r and \\n as line ends (a final partial line too)."""
    return len(_LINE_END.split(text))


# -- invariants ----------------------------------------------------------------------


def check_items(items: Iterable[object], lines: Iterable[int] | None = None) -> list[object]:
    """Assert the output contract; return the items as a list.

    Every item is a record or a Rejection with a non-empty reason; records have
    non-empty str ids (nested authors, institutions and topics too); when
    ``lines`` is given, a Rejection's line is one of them.
    """
    allowed = set(lines) if lines is not None else None
    found = list(items)
    for item in found:
        assert isinstance(item, RECORDS + (Rejection,)), f"unexpected item {item!r}"
        if isinstance(item, Rejection):
            assert isinstance(item.reason, str) and item.reason.strip(), item
            if allowed is not None:
                assert item.line in allowed, f"rejection line {item.line} not in input: {item}"
            continue
        if isinstance(item, CitationRecord):
            ids = [item.citing, item.cited]
        else:
            ids = [item.id]
        if isinstance(item, PaperRecord):
            ids += [a.id for a in item.authors] + [t.id for t in item.topics]
            ids += [i.id for a in item.authors for i in a.institutions]
            ids += list(item.references) + list(item.citations) + list(item.related)
        if isinstance(item, EntityRecord):
            ids += [i.id for i in item.institutions]
        for value in ids:
            assert isinstance(value, str) and value.strip(), f"bad id {value!r} in {item!r}"
        if allowed is not None:
            assert item.line in allowed, f"record line {item.line} not in input: {item}"
    return found


def run(parse: Callable[[], Iterable[object]], known_bug: Callable[[], bool] | None = None,
        lines: Iterable[int] | None = None) -> list[object]:
    """Run a parser and check its output. An exception escaping it fails the test,
    unless ``known_bug()`` says the input triggers a crash already recorded by an
    xfail(strict=True) test in test_known_crashes.py: such an input is skipped."""
    try:
        items = list(parse())
    except Exception:
        if known_bug is not None and known_bug():
            reject()
        raise
    return check_items(items, lines)


# -- inputs that trigger the crashes recorded in test_known_crashes.py --------------


def walk(obj):
    """Every value in a JSON tree, the root included."""
    yield obj
    if isinstance(obj, dict):
        for value in obj.values():
            yield from walk(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from walk(value)


def s2_known_bug(obj: object) -> bool:
    """No Semantic Scholar crash is known at present (all found ones are fixed)."""
    return False


def native_known_bug(obj: object) -> bool:
    """No native-format crash is known at present (all found ones are fixed)."""
    return False

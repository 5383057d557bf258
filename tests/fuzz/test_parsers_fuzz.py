"""Property-based fuzzing of the JSON record parsers (OpenAlex, Semantic Scholar,
arXiv, native) with arbitrary JSON and with mutated real records.

Properties: no exception escapes ``parse_objects``; every item is a record or a
Rejection with a reason; records have non-empty str ids; a Rejection (or a
record) carries one of the input's line numbers; the untouched real records
around a corrupted one still come out unchanged.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from loaders import arxiv, native, openalex
from loaders import semantic_scholar as s2
from loaders.records import PaperRecord, Rejection
from tests.fuzz import _seeds
from tests.fuzz._strategies import (
    FUZZ,
    check_items,
    json_values,
    mutated,
    native_known_bug,
    run,
    s2_known_bug,
)

# parser, seeds, known-bug predicate (None: no recorded crash)
PARSERS = {
    "openalex": (openalex.parse_objects,
                 lambda: _seeds.openalex_works() + _seeds.openalex_entities(), None),
    "s2": (s2.parse_objects, _seeds.s2_objects, s2_known_bug),
    "arxiv": (arxiv.parse_objects, _seeds.arxiv_objects, None),
    "native": (native.parse_objects, _seeds.native_objects, native_known_bug),
}
LINES = (2, 7, 11)  # line numbers given to the three objects of one input


def _check(name: str, objects: list[object]) -> list[object]:
    parse, _, known = PARSERS[name]
    pairs = list(zip(LINES, objects, strict=False))
    return run(lambda: parse(pairs, file="fuzz.jsonl"),
               known_bug=(lambda: any(known(o) for o in objects)) if known else None,
               lines=LINES)


def _good_seeds(name: str) -> tuple[object, ...]:
    """The seeds that the parser turns into records only (no Rejection)."""
    parse, seeds, _ = PARSERS[name]
    return tuple(s for s in seeds()
                 if not any(isinstance(i, Rejection) for i in parse([(1, s)])))


def _seeded(name: str):
    return st.sampled_from(_good_seeds(name))


def test_seeds_parse_cleanly():
    """The unmutated seeds give records (so the mutations start from good input)."""
    for name, (parse, seeds, _) in PARSERS.items():
        items = check_items(parse(list(enumerate(seeds(), start=1))))
        papers = [i for i in items if isinstance(i, PaperRecord)]
        assert len(papers) >= 3, f"{name}: seeds gave too few papers: {items[:3]}"


# -- arbitrary JSON --------------------------------------------------------------------


@FUZZ
@given(objects=st.lists(json_values, min_size=1, max_size=3))
def test_openalex_arbitrary_json(objects):
    _check("openalex", objects)


@FUZZ
@given(objects=st.lists(json_values, min_size=1, max_size=3))
def test_s2_arbitrary_json(objects):
    _check("s2", objects)


@FUZZ
@given(objects=st.lists(json_values, min_size=1, max_size=3))
def test_arxiv_arbitrary_json(objects):
    _check("arxiv", objects)


@FUZZ
@given(objects=st.lists(json_values, min_size=1, max_size=3))
def test_native_arbitrary_json(objects):
    _check("native", objects)


# -- mutated real records, between two untouched ones ------------------------------------


def _corrupt_middle(name: str, data) -> None:
    """Parse [good, mutated, good]: no crash, and the good records come out as alone."""
    seeds = PARSERS[name][1]()
    first, last = data.draw(_seeded(name)), data.draw(_seeded(name))
    middle = data.draw(mutated(seeds))
    parse = PARSERS[name][0]
    items = _check(name, [first, middle, last])
    for line, good in ((LINES[0], first), (LINES[2], last)):
        alone = list(parse([(line, good)], file="fuzz.jsonl"))
        got = [i for i in items if getattr(i, "line", None) == line]
        assert got == alone, f"{name}: good record at line {line} changed"


@FUZZ
@given(data=st.data())
def test_openalex_mutated_records(data):
    _corrupt_middle("openalex", data)


@FUZZ
@given(data=st.data())
def test_s2_mutated_records(data):
    _corrupt_middle("s2", data)


@FUZZ
@given(data=st.data())
def test_arxiv_mutated_records(data):
    _corrupt_middle("arxiv", data)


@FUZZ
@given(data=st.data())
def test_native_mutated_records(data):
    _corrupt_middle("native", data)


@FUZZ
@given(data=st.data())
def test_cross_format_records(data):
    """A real record of one format given to another format's parser."""
    seeds = [s for _, make, _ in PARSERS.values() for s in make()]
    name = data.draw(st.sampled_from(sorted(PARSERS)))
    objects = data.draw(st.lists(st.one_of(st.sampled_from(seeds), mutated(seeds)),
                                 min_size=1, max_size=3))
    _check(name, objects)


def test_rejections_pass_through():
    """A Rejection among the objects (from JSON decoding) comes out as it is."""
    bad = Rejection("f.jsonl", 7, "invalid JSON: x")
    for name, (parse, seeds, _) in PARSERS.items():
        items = check_items(parse([(2, seeds()[0]), (7, bad), (11, seeds()[1])]), LINES)
        assert bad in items, name

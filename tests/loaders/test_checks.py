"""The writer's last check of a record: one type per property, 64-bit integers, size."""

from __future__ import annotations

import pytest

from loaders.checks import MAX_RECORD_BYTES, record_bytes, record_problem
from loaders.records import (
    Author,
    CitationRecord,
    EntityRecord,
    Institution,
    NodeRow,
    PaperRecord,
    Topic,
)


def paper(**fields) -> PaperRecord:
    return PaperRecord(**{"id": "W1", "source": "test", "title": "A title", **fields})


@pytest.mark.parametrize("record, problem", [
    (paper(year=2020, cited_by_count=2**63 - 1), None),
    (paper(year="2020"), "field 'year' should be an integer, not str"),
    (paper(year=True), "field 'year' should be an integer, not bool"),
    (paper(cited_by_count=-(2**63) - 1), "field 'cited_by_count' is out of the 64-bit integer "
     "range (-9223372036854775809)"),
    (paper(abstract=["a"]), "field 'abstract' should be text, not list"),
    (paper(authors=(Author("p", name=7),)), "field 'author name' should be text, not int"),
    (paper(topics=(Topic("t", score=float("nan")),)), "field 'topic score' is not a finite "
     "number"),
    (paper(topics=(Topic("t", level=2**70),)), "field 'topic level' is out of the 64-bit "
     "integer range (1180591620717411303424)"),
    (EntityRecord("Person", "A1", "test", props=(("name", "Ada"), ("orcid", None))), None),
    (EntityRecord("Person", "A1", "test", props=(("name", {"x": 1}),)),
     "field 'name' should be text or a number, not dict"),
    (NodeRow("n1", year="1999"), "field 'year' should be an integer, not str"),
    (CitationRecord("a", "b"), None),
])
def test_record_problem_names_the_first_bad_value(record, problem):
    assert record_problem(record) == problem


def test_a_record_too_large_for_one_message_is_named():
    big = paper(abstract="x" * 1000)
    assert record_problem(big, limit=500).startswith("record too large for one write (")
    assert record_problem(big) is None and record_bytes(big) < MAX_RECORD_BYTES


def test_record_bytes_grow_with_what_a_record_carries():
    bare = record_bytes(paper())
    with_refs = record_bytes(paper(references=("W2", "W3")))
    with_author = record_bytes(paper(authors=(Author("A1", "Ada", institutions=(
        Institution("I1", "Somewhere"),)),)))
    assert bare < with_refs and bare < with_author
    assert record_bytes(paper(title="é" * 10)) > record_bytes(paper(title="e" * 10))
    assert record_bytes(CitationRecord("a", "b")) >= 64 and record_bytes(object()) == 64

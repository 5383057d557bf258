"""Record types: immutable values; rejections as data with their JSON shape."""

from __future__ import annotations

import dataclasses

import pytest

from loaders.records import CitationRecord, NodeRow, PaperRecord, Rejection, Topic


def test_records_are_immutable_values():
    one = PaperRecord(id="W1", source="openalex", title="T", topics=(Topic("T1"),))
    assert one == PaperRecord(id="W1", source="openalex", title="T", topics=(Topic("T1"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.title = "other"  # type: ignore[misc]
    assert hash(one) == hash(dataclasses.replace(one))


def test_defaults_of_edge_list_records():
    assert CitationRecord("a", "b").source == "edges" and NodeRow("a").source == "edges"
    assert PaperRecord(id="W1", source="s").references == ()


def test_a_rejection_as_a_dict_is_what_the_rejects_file_holds():
    rejection = Rejection("refs.bib", 12, "no title", key="smith2001", excerpt="@article{",
                          fatal=True)
    assert rejection.as_dict() == {"file": "refs.bib", "line": 12, "key": "smith2001",
                                   "reason": "no title", "excerpt": "@article{"}
    assert not Rejection(None, None, "x").fatal

"""explorer.views.field_arrays: the whole field read once as integer arrays."""

from __future__ import annotations

import pytest

from explorer.views.field_arrays import from_bulk, read_field
from loaders.records import Author, PaperRecord
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


def paper(pid, refs=(), authors=()):
    return PaperRecord(id=pid, source="test", title=f"Title of {pid}", year=2000,
                       references=tuple(refs), authors=tuple(authors), file="tests", line=1)


def test_every_citation_is_read_once_with_stubs_after_the_papers(empty_graph):
    GraphWriter(empty_graph).write([
        paper("a", ["b", "ext1"], [Author("A1", "Ada Lovelace")]),
        paper("b", ["ext1", "ext2"]), paper("c", ["a", "b"]), paper("d")])
    seen = []
    data = read_field(empty_graph, progress=lambda papers, cites: seen.append((papers, cites)))
    assert sorted(data.ids) == ["a", "b", "c", "d"] and sorted(data.stubs) == ["ext1", "ext2"]
    pairs = {(data.name(i), data.name(j)) for i, j in zip(data.citing.tolist(),
                                                          data.cited.tolist(), strict=True)}
    assert pairs == {("a", "b"), ("a", "ext1"), ("b", "ext1"), ("b", "ext2"), ("c", "a"),
                     ("c", "b")}
    assert len(data.citing) == 6 and data.citing.dtype.itemsize == 4
    assert all(j >= len(data.ids) for i, j in zip(data.citing, data.cited, strict=True)
               if data.name(int(j)).startswith("ext"))
    at = data.ids.index("a")
    assert data.texts[at][0] == "Title of a" and data.authors[at] == ["A1"]
    assert seen[-1] == (4, 6)
    bare = read_field(empty_graph, content=False)
    assert bare.texts is None and len(bare.cited) == 6


def _content(data) -> dict:
    """A field's content by paper id, independent of the order it was read in."""
    pairs = sorted((data.name(i), data.name(j)) for i, j in zip(
        data.citing.tolist(), data.cited.tolist(), strict=True))
    return {"ids": sorted(data.ids), "stubs": sorted(data.stubs), "cites": pairs,
            "papers": {pid: (data.texts[at], data.venues[at], sorted(data.concepts[at]),
                             sorted(data.authors[at])) for at, pid in enumerate(data.ids)}}


def test_the_field_of_a_bulk_graph_is_what_reading_its_load_gives(empty_graph, tmp_path):
    """``from_bulk``: what the index of an import is scored from, without reading the
    import back: the same papers, stubs, citations, texts, venues, topics (with their
    scores) and authors as ``read_field`` of the same records loaded into a graph."""
    from loaders import pipeline
    from loaders.bulk import BulkGraph
    from tests.loaders.test_bulk import _inputs

    nelson, _ris, _bib, awkward = _inputs(tmp_path)  # real OpenAlex works, odd records
    planned, refused = pipeline.plan_usable([nelson, awkward])
    assert not refused
    GraphWriter(empty_graph).write(pipeline.iter_records(planned))
    bulk = BulkGraph()
    bulk.add(pipeline.iter_records(planned))
    bulk.finish()
    expected, actual = _content(read_field(empty_graph)), _content(from_bulk(bulk))
    assert len(expected["ids"]) > 70 and len(expected["cites"]) > 1_500
    assert any(concepts for _, _, concepts, _ in expected["papers"].values())
    assert any(people for *_, people in expected["papers"].values())
    assert any(venue for _, venue, _, _ in expected["papers"].values())
    assert actual == expected
    # in id order: the same content, whatever order the papers came in
    ordered = from_bulk(bulk).by_id()
    assert ordered.ids == sorted(ordered.ids) and _content(ordered) == expected
    again = read_field(empty_graph).by_id()
    assert again.ids == ordered.ids and again.texts == ordered.texts
    assert sorted(zip(again.citing.tolist(), map(again.name, again.cited.tolist()),
                      strict=True)) == sorted(zip(ordered.citing.tolist(), map(
                          ordered.name, ordered.cited.tolist()), strict=True))

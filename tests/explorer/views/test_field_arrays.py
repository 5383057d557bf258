"""explorer.views.field_arrays: the whole field read once as integer arrays."""

from __future__ import annotations

import pytest

from explorer.views.field_arrays import read_field
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

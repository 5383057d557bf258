"""``explorer index``: the related-work index built on demand, with where its time went."""

from __future__ import annotations

import re

import pytest

from loaders.records import PaperRecord
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


def _paper(pid: str, title: str, refs: tuple[str, ...]) -> PaperRecord:
    return PaperRecord(id=pid, source="test", title=title, year=2001, references=refs,
                       file="tests", line=1)


def test_index_builds_every_list_and_then_updates_the_papers_named(empty_graph, cli):
    GraphWriter(empty_graph).write([
        _paper("a", "Knee cartilage repair by microfracture", ("x", "y")),
        _paper("b", "Microfracture of knee cartilage", ("x", "y")),
        _paper("c", "Cartilage repair reviewed", ("a", "b")),
    ])
    whole = cli("index", "-k", "5")
    assert whole.returncode == 0, whole.stderr
    found = re.search(r"related-work index: 3 papers, (\d+) links, [\d.]+ s \(reading "
                      r"[\d.]+ s, scoring [\d.]+ s, writing [\d.]+ s\)", whole.stdout)
    assert found, whole.stdout
    links = empty_graph.run_text("MATCH (:Paper)-[r:RELATED]->(:Paper) RETURN count(r) AS n",
                                 read_only=True).records[0]["n"]
    assert links == int(found.group(1)) > 0
    one = cli("index", "c")
    assert one.returncode == 0, one.stderr
    assert re.search(r"related-work index: [1-3] papers,", one.stdout), one.stdout

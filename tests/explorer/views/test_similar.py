"""similar_by_text on the real server: text-only similar work, stubs never suggested."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.views.similar import similar_by_text
from loaders.native import parse_objects
from loaders.records import PaperRecord
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server

SEEDS = Path(__file__).resolve().parents[3] / "loaders" / "sample" / "seed-papers.jsonl"


@pytest.fixture
def seed_graph(empty_graph):
    lines = SEEDS.read_text(encoding="utf-8").splitlines()
    writer = GraphWriter(empty_graph)
    writer.write(parse_objects(((n, json.loads(t)) for n, t in enumerate(lines, 1)),
                               file=str(SEEDS)))
    # a citing paper whose references are stubs named like nothing: never suggested
    writer.write([PaperRecord(id="test:solar", source="test", year=2020,
                              title="Open-circuit voltage of perovskite solar cells",
                              references=("W900001", "W900002"))])
    return empty_graph


def _id(graph, prefix: str) -> str:
    return graph.run_text("MATCH (p:Paper) WHERE p.title STARTS WITH $t RETURN p.id AS id",
                          {"t": prefix}, read_only=True).records[0]["id"]


def test_similar_work_without_any_citation_link(seed_graph):
    seed = _id(seed_graph, "If deep learning is the answer")
    found = similar_by_text(seed_graph, [seed], k=10)
    titles = [item["title"] for item in found]
    assert "A deep learning framework for neuroscience" in titles
    assert "Towards an integration of deep learning and neuroscience" in titles
    assert seed not in {item["id"] for item in found}
    assert "test:solar" not in {item["id"] for item in found}
    assert not any(item["id"].startswith("W9000") for item in found)
    framework = next(i for i in found if i["title"].startswith("A deep learning framework"))
    assert framework["first_author"] == "Richards BA" and framework["year"] == 2019
    assert framework["venue"] == "Nature neuroscience" and "neuroscience" in framework["terms"]
    assert all(0 < i["score"] <= 1 for i in found)
    assert set(found[0]) == {"id", "title", "first_author", "year", "venue", "score", "terms"}


def test_exclude_and_k(seed_graph):
    seed = _id(seed_graph, "Towards an integration")
    framework = _id(seed_graph, "A deep learning framework")
    found = similar_by_text(seed_graph, [seed], k=2, exclude=[framework])
    assert len(found) == 2 and framework not in {i["id"] for i in found}
    with pytest.raises(ValueError):
        similar_by_text(seed_graph, [seed], k=0)
    assert similar_by_text(seed_graph, ["W900001"]) == []  # a stub has no text

"""Real datasets loaded end to end; counts checked against counts computed here,
independently, from the raw files."""

from __future__ import annotations

import gzip
import json

import pytest

from loaders import pipeline
from loaders.writer import GraphWriter
from tests.conftest import DATA

pytestmark = pytest.mark.server

OPENALEX_2022 = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
ARXIV = DATA / "arxiv-kaggle-sample" / "arxiv-metadata-oai-snapshot.sample.jsonl.gz"


def raw_lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load(graph, path, fmt):
    return GraphWriter(graph, batch_size=2000).write(pipeline.iter_records([(path, fmt)]))


def count(graph, text):
    return graph.run_text(text, read_only=True).records[0][0]


def test_openalex_2022_sample_counts_and_double_load(empty_graph):
    works = raw_lines(OPENALEX_2022)
    work_ids = {w["id"].rsplit("/", 1)[-1] for w in works}
    citations = {(w["id"].rsplit("/", 1)[-1], r.rsplit("/", 1)[-1])
                 for w in works for r in w.get("referenced_works") or []}
    authors = {a["author"]["id"] for w in works for a in w["authorships"]
               if a.get("author", {}).get("id")}
    concepts = {c["id"] for w in works for c in w.get("concepts") or []}
    stats = load(empty_graph, OPENALEX_2022, "openalex")
    assert stats.rejected == 0 and stats.loaded == len(works) == 1000
    assert count(empty_graph, "MATCH (p:Paper) WHERE p.stub = false RETURN count(p)") == 1000
    assert count(empty_graph, "MATCH ()-[c:CITES]->() RETURN count(c)") == len(citations)
    assert len(citations) == 56_122
    inside = sum(1 for _src, dst in citations if dst in work_ids)
    assert count(empty_graph, "MATCH (:Paper {stub: false})-[c:CITES]->(:Paper {stub: false}) "
                              "RETURN count(c)") == inside
    assert count(empty_graph, "MATCH (p:Person) WHERE p.id STARTS WITH 'A' "
                              "RETURN count(p)") == len(authors)
    assert count(empty_graph, "MATCH (t:Topic) WHERE t.id STARTS WITH 'C' "
                              "RETURN count(t)") == len(concepts)
    before = empty_graph.counts()
    again = load(empty_graph, OPENALEX_2022, "openalex")
    assert again.merged == 1000 and sum(again.nodes_created.values()) == 0
    assert empty_graph.counts() == before


def test_arxiv_sample_counts_and_category_hierarchy(empty_graph):
    rows = raw_lines(ARXIV)
    categories = {c for r in rows for c in r["categories"].split()}
    stats = load(empty_graph, ARXIV, "arxiv")
    assert stats.loaded == len(rows) == 200 and stats.rejected == 0
    assert count(empty_graph, "MATCH (p:Paper) RETURN count(p)") == 200
    with_doi = sum(1 for r in rows if r.get("doi"))
    assert count(empty_graph, "MATCH (p:Paper) WHERE p.id STARTS WITH 'doi:' "
                              "RETURN count(p)") == with_doi
    dotted = {c for c in categories if "." in c}
    assert count(empty_graph, "MATCH (t:Topic)-[:PART_OF]->(:Topic) RETURN count(t)") == len(
        dotted)

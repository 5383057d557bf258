"""The synthetic field generator: seeded, time-ordered, heavy-tailed, readable by the loaders."""

from __future__ import annotations

import gzip
import json

import numpy as np

from bench.synthetic import describe, generate, openalex_works, write_edges, write_update
from loaders.edges import parse_edges, parse_node_table
from loaders.openalex import parse_objects
from loaders.records import CitationRecord, NodeRow, PaperRecord, Rejection


def test_same_seed_same_field_other_seed_other_field():
    a, b, c = generate(3000, seed=3), generate(3000, seed=3), generate(3000, seed=4)
    assert np.array_equal(a.cited, b.cited) and np.array_equal(a.citing, b.citing)
    assert not np.array_equal(a.cited[:500], c.cited[:500])


def test_papers_cite_only_earlier_papers_and_years_never_go_back():
    field = generate(5000, seed=1)
    inside = field.cited >= 0
    assert (field.cited[inside] < field.citing[inside]).all()
    assert (np.diff(field.years) >= 0).all()
    pairs = set(zip(field.citing.tolist(), field.cited.tolist(), strict=True))
    assert len(pairs) == len(field.cited)  # no paper cites the same work twice


def test_in_degree_is_heavy_tailed_with_outside_references():
    facts = describe(generate(20000, seed=2))
    assert facts["max_indegree"] > 20 * max(1.0, facts["median_refs"])
    assert 0 < facts["citations"] - facts["inside"] < facts["citations"] / 3
    assert 8 <= facts["median_refs"] <= 16


def test_files_load_through_the_product_parsers(tmp_path):
    field = generate(1500, seed=5)
    write_edges(field, tmp_path, 5)
    with gzip.open(tmp_path / "edges.tsv.gz", "rt", encoding="utf-8") as lines:
        edges = list(parse_edges(lines, file="edges.tsv.gz"))
    with gzip.open(tmp_path / "nodes.tsv.gz", "rt", encoding="utf-8") as lines:
        nodes = list(parse_node_table(lines, file="nodes.tsv.gz"))
    assert not [r for r in edges + nodes if isinstance(r, Rejection)]
    assert sum(isinstance(r, CitationRecord) for r in edges) == len(field.cited)
    assert [r.year for r in nodes if isinstance(r, NodeRow)] == field.years.tolist()
    works = list(openalex_works(field, 5))
    records = list(parse_objects(enumerate((json.loads(json.dumps(w)) for w in works), 1),
                                 file="works.jsonl"))
    papers = [r for r in records if isinstance(r, PaperRecord)]
    assert len(papers) == field.papers
    assert sum(len(p.references) for p in papers) == len(field.cited)


def test_an_update_is_new_papers_citing_the_field(tmp_path):
    field = generate(2000, seed=6)
    ids = write_update(field, tmp_path, count=50, seed=6)
    assert len(ids) == 50 and ids[0] == "W9000002000"
    with gzip.open(tmp_path / "update_edges.tsv.gz", "rt", encoding="utf-8") as handle:
        rows = [r for r in parse_edges(handle) if isinstance(r, CitationRecord)]
    assert {r.citing for r in rows} == set(ids)
    assert all(r.cited < "W9000002000" for r in rows)  # only papers of the field
    with gzip.open(tmp_path / "update_nodes.tsv.gz", "rt", encoding="utf-8") as handle:
        nodes = [r for r in parse_node_table(handle) if isinstance(r, NodeRow)]
    assert [n.id for n in nodes] == ids and {n.year for n in nodes} == {int(field.years[-1]) + 1}


def test_full_records_carry_what_real_openalex_works_do():
    """``--full``: every work still parses, with its abstract, DOI, venue, topic, a team
    with ORCIDs and institutions with RORs; about one work in a hundred is by a consortium."""
    field = generate(3000, seed=8)
    works = list(openalex_works(field, 8, full=True))
    records = list(parse_objects(enumerate((json.loads(json.dumps(w)) for w in works), 1),
                                 file="works.jsonl"))
    papers = [r for r in records if isinstance(r, PaperRecord)]
    assert len(papers) == field.papers == len(works)
    assert sum(len(p.references) for p in papers) == len(field.cited)
    assert all(p.abstract and len(p.abstract.split()) >= 80 for p in papers)
    assert all(p.doi and p.doi.startswith("10.9999/synthetic.") and p.venue for p in papers)
    assert all(any(t.id.startswith("T") for t in p.topics) for p in papers)
    authors = [a for p in papers for a in p.authors]
    assert any(a.orcid for a in authors) and any(not a.orcid for a in authors)
    assert all(a.institutions and a.institutions[0].ror for a in authors)
    large = sum(len(p.authors) >= 50 for p in papers)
    assert 5 <= large <= 80
    assert works == list(openalex_works(field, 8, full=True))  # seeded

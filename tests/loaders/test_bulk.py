"""The bulk path's graph: the same graph as a transactional load of the same input.

The server test loads one input (a SYNERGY review, BibTeX, RIS and hand-made records
with awkward values) once through :class:`loaders.writer.GraphWriter` into the
Neo4j test server and once through the bulk files, imported with the real
``neo4j-admin database import full`` into a new store that a second Neo4j server
then opens, and compares the two graphs: counts by label and type, and every node
and relationship with its properties (sorted dumps)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from explorer.views import entity_leads, related_index, whole_index
from explorer.views.field_arrays import from_bulk
from loaders import pipeline
from loaders.bulk import BulkGraph
from loaders.bulk_csv import write_bulk
from loaders.records import Author, CitationRecord, PaperRecord, Rejection, Topic
from loaders.writer import GraphWriter
from tests import neo4j_server
from tests.loaders.neo4j_import import admin_import

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"

AWKWARD = [  # native records: quotes, commas, colons, line breaks, both delimiters
    {"record": "paper", "title": 'A "quoted", title\nwith a line break', "year": 2001,
     "doi": "10.1000/a,b:c", "abstract": 'Line one\r\nline two; "three" \\" back\\slash',
     "authors": [{"name": 'O"Brien, Pat', "affiliations": ["Dept A; Uni B | C", "x,y:z"]},
                 {"name": "Émile Zola", "affiliations": ["  spaced  "]}],
     "keywords": ["graph, theory", "a:b"]},
    {"record": "paper", "title": "Second, with the same author", "year": 2002,
     "authors": [{"name": 'O"Brien, Pat'}], "cited_by_count": 3},
    {"record": "paper", "title": "Bad count", "cited_by_count": "many"},
    {"record": "paper", "title": "Lone \ud800 surrogate, refused by the driver", "year": 2003},
]


def _placeless(reason: str) -> str:
    """A rejection's reason without the character position a codec error names."""
    return re.sub(r"in position \d+", "in position N", reason)


NELSON = DATA / "synergy-openalex-2023" / "Nelson_2002.zip"


def _nelson_pages(tmp_path: Path) -> Path:
    """The first three pages of works of SYNERGY's smallest review (75 works, 2,700
    papers with their references and the other inputs), as a folder of their own."""
    pages = tmp_path / "nelson-pages"
    pages.mkdir(exist_ok=True)
    with zipfile.ZipFile(NELSON) as archive:
        for name in ("works_0_25.json", "works_25_50.json", "works_50_75.json"):
            (pages / name).write_bytes(archive.read(name))
    return pages


def _inputs(tmp_path: Path) -> list[str]:
    native = tmp_path / "awkward.jsonl"
    native.write_text("".join(json.dumps(r) + "\n" for r in AWKWARD), encoding="utf-8")
    return [str(_nelson_pages(tmp_path)),
            str(DATA / "ris-exports" / "asreview-demo-data" / "scopus.ris"),
            str(DATA / "bibtex-iridia-cc0" / "crossref.bib"), str(native)]


def _dump(graph) -> tuple[dict, dict, list, list]:
    """Counts by label and type and every node and relationship, sorted."""
    with graph.driver.session(database=graph.database) as session:
        # author_ids and ref_ids are in no particular order in the graph
        nodes = [(r["labels"], json.dumps({k: sorted(v) if k in ("author_ids", "ref_ids") else v
                                           for k, v in r["props"].items()}, sort_keys=True))
                 for r in session.run(
                     "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")]
        rels = [(r["type"], r["a"], r["b"], json.dumps(r["props"], sort_keys=True))
                for r in session.run(
                    "MATCH (a)-[e]->(b) RETURN type(e) AS type, labels(a)[0] + ':' + a.id AS a,"
                    " labels(b)[0] + ':' + b.id AS b, properties(e) AS props")]
    nodes = [(labels, props) for labels, props in nodes if labels not in (["Meta"],
                                                                          ["IndexRun"])]
    labels: dict[str, int] = {}
    for node_labels, _ in nodes:
        for label in node_labels:
            labels[label] = labels.get(label, 0) + 1
    types: dict[str, int] = {}
    for rel in rels:
        types[rel[0]] = types.get(rel[0], 0) + 1
    return labels, types, sorted(nodes), sorted(rels)


@pytest.mark.neo4j_only("compares a load into Neo4j with what neo4j-admin import writes "
                        "for Neo4j")
def test_bulk_import_gives_the_graph_a_transactional_load_gives(empty_graph, tmp_path):
    planned, refused = pipeline.plan_usable(_inputs(tmp_path))
    assert not refused
    rejected: list[Rejection] = []
    stats = GraphWriter(empty_graph).write(pipeline.iter_records(planned),
                                          on_reject=rejected.append)
    built = related_index.build(empty_graph)  # as `explorer load` does after a load
    expected = _dump(empty_graph)

    bulk_rejected: list[Rejection] = []
    bulk = BulkGraph(on_reject=bulk_rejected.append)
    bulk.add(pipeline.iter_records(planned))
    bulk_stats = bulk.finish()
    entity_leads.set_in_bulk(bulk)  # as the index build sets them in the graph
    manifest = write_bulk(bulk, tmp_path / "bulk")
    filed = whole_index.build_into_files(from_bulk(bulk), manifest)
    assert manifest.multiline and manifest.delimiter not in ";|"
    admin_import(tmp_path / "bulk", tmp_path / "imported")
    server = neo4j_server.start(tmp_path / "server", tmp_path / "server.log",
                                heap="1g", copy_from=tmp_path / "imported")
    try:
        from cypher.access.graph import connect
        from cypher.access.settings import load_settings

        settings = load_settings({**server.environ(), "EXPLORER_HOME": str(tmp_path / "h")})
        imported = connect(settings, autostart=False)
        try:
            actual = _dump(imported)
            run = related_index.latest_run(imported)
        finally:
            imported.close()
    finally:
        server.stop()

    # the same records refused for the same reasons; where the driver names the place of
    # an unencodable character, that place is in the batch it encoded, not the record
    assert [(r.file, r.line, _placeless(r.reason)) for r in bulk_rejected] == [
        (r.file, r.line, _placeless(r.reason)) for r in rejected]
    assert [r.line for r in rejected if "awkward.jsonl" in (r.file or "")] == [3, 4]
    assert (bulk_stats.read, bulk_stats.loaded, bulk_stats.merged, bulk_stats.rejected) == (
        stats.read, stats.loaded, stats.merged, stats.rejected)
    assert actual[0] == expected[0] and actual[1] == expected[1]  # counts
    assert expected[0]["Paper"] > 1_500 and expected[1]["CITES"] > 1_500
    assert {"Person", "Topic", "Institution"} <= set(expected[0])
    assert {"AUTHORED", "ABOUT", "AFFILIATED_WITH", "RELATED_TO"} <= set(expected[1])
    assert actual[2] == expected[2]  # every node with its properties
    assert actual[3] == expected[3]  # every relationship with its properties
    # the related-work index in the files: the links the build through Cypher writes
    # (compared above, evidence included) and its run record
    assert expected[1]["RELATED"] == built["links"] == filed["links"] > 400
    assert run is not None and (run["scope"], run["papers"], run["links"], run["k"]) == (
        "all", built["papers"], built["links"], built["k"])
    # a list node a paper with links (compared above with the transactional path's)
    assert expected[0]["RelatedList"] == len({rel[1] for rel in expected[3]
                                              if rel[0] == "RELATED"})
    awkward = [props for labels, props in expected[2] if "a,b:c" in props
               and labels == ["Paper"]]
    assert len(awkward) == 1 and "line two" in awkward[0]


def _built(records, **options) -> BulkGraph:
    bulk = BulkGraph(**options)
    bulk.add(records)
    bulk.finish()
    return bulk


def test_a_stub_completed_later_keeps_the_citing_source_first():
    bulk = _built([
        PaperRecord(id="W1", source="a", references=("W2", "W3", "W2")),
        PaperRecord(id="W2", source="b", title="Two"),
        PaperRecord(id="W4", source="c", references=("W2",)),
    ], batch_size=1)
    papers = dict(bulk.papers())
    assert papers["W2"] == {"sources": ["a", "b"], "title": "Two", "stub": False,
                            "openalex": "W2", "indegree": 2, "author_count": 0}
    assert papers["W3"] == {"stub": True, "sources": ["a"], "indegree": 1}
    assert "indegree" not in papers["W1"] and papers["W1"]["stub"] is False
    assert sorted(bulk.pairs("CITES")) == [("W1", "W2"), ("W1", "W3"), ("W4", "W2")]


def test_in_one_batch_the_paper_is_written_before_its_citations():
    bulk = _built([PaperRecord(id="W1", source="a", references=("W2",)),
                   PaperRecord(id="W2", source="b")])
    assert dict(bulk.papers())["W2"]["sources"] == ["b"]


def test_edge_list_citations_make_both_ends_and_count_each_pair_once():
    bulk = _built([CitationRecord("x:1", "x:2", source="e"), CitationRecord("x:1", "x:2"),
                   CitationRecord("x:3", "x:2")])
    papers = dict(bulk.papers())  # in one batch the last row of a pair wins, as in the writer
    # an edge list's ends are papers of the field without properties, as merge_cites makes them
    assert papers["x:2"]["indegree"] == 2 and papers["x:1"] == {
        "stub": False, "sources": ["edges"], "author_count": 0, "ref_ids": ["x:2"]}
    assert "ref_ids" not in papers["x:2"]  # it cites nothing
    assert bulk.counts() == ({"Paper": 3}, {"CITES": 2})


def test_authorship_and_topic_links_follow_the_statements():
    first = Author(id="A1", name="Ann", position=0, affiliations=("Dept; X",))
    again = Author(id="A1", name="Ann B", position=2)
    bulk = _built([
        PaperRecord(id="W1", source="s", authors=(first,),
                    topics=(Topic(id="T1", name="t", score=0.5, parent=Topic(id="T0")),)),
        PaperRecord(id="W1", source="s", authors=(again,), topics=(Topic(id="T1"),)),
    ], batch_size=1)
    assert bulk.authored[("A1", "W1")] == {"position": 2, "affiliations": ["Dept; X"]}
    assert bulk.people.nodes["A1"] == {"sources": ["s"], "name": "Ann B"}
    assert bulk.about[("W1", "T1")] is None  # SET e.score = null removes it
    assert list(bulk.part_of) == [("T1", "T0")]
    assert {k: v for k, v in dict(bulk.papers())["W1"].items() if "author" in k} == {
        "author_count": 1, "first_author": "Ann B", "author_ids": ["A1"]}


def test_the_first_author_and_count_are_kept_as_the_statement_keeps_them():
    bulk = _built([
        PaperRecord(id="W1", source="s", authors=(
            Author(id="A2", name="Bea", position=1), Author(id="A3", position=0),
            Author(id="A1", name="Cy", position=2))),
        PaperRecord(id="W2", source="s", references=("W3",)),
        PaperRecord(id="W1", source="t", authors=(Author(id="A4", name="Ann", position=1),)),
    ], batch_size=1)
    papers = dict(bulk.papers())
    # the nameless person is not counted; at position 1 "Ann" comes before "Bea"
    assert (papers["W1"]["author_count"], papers["W1"]["first_author"]) == (3, "Ann")
    assert papers["W1"]["author_ids"] == ["A1", "A2", "A3", "A4"]
    assert papers["W2"]["author_count"] == 0
    assert "first_author" not in papers["W2"] and "author_ids" not in papers["W2"]
    assert "author_count" not in papers["W3"]  # a stub


def test_the_topic_names_a_map_shows_are_kept_as_the_statement_keeps_them():
    """``write/summarize_topics``: the five best topics below the two broadest levels,
    best score first, ties by name, over every record of the paper."""
    broad = Topic(id="C0", name="Medicine", level=0, score=0.99)
    bulk = _built([
        PaperRecord(id="W1", source="s", topics=(
            broad, Topic(id="C1", name="Knee", level=2, score=0.4),
            Topic(id="C2", name="Cartilage", level=3, score=0.4),
            Topic(id="T1", name="Repair of joints", score=0.9),
            Topic(id="kw", name="stem cells", score=None))),
        PaperRecord(id="W2", source="s", topics=(broad,)),
        PaperRecord(id="W1", source="t", topics=(
            Topic(id="C3", name="Arthroscopy", level=2, score=0.7),
            Topic(id="C4", name="Bone", level=4, score=0.1))),
    ], batch_size=1)
    papers = dict(bulk.papers())
    assert papers["W1"]["topic_names"] == [
        "Repair of joints", "Arthroscopy", "Cartilage", "Knee", "Bone"]
    assert "topic_names" not in papers["W2"]  # only the broadest: none kept


def test_a_bad_record_is_named_and_skipped():
    rejected: list[Rejection] = []
    bulk = _built([PaperRecord(id="W1", source="s", year=10**30, file="f.jsonl", line=7),
                   PaperRecord(id="W2", source="s")], on_reject=rejected.append)
    assert [(r.file, r.line) for r in rejected] == [("f.jsonl", 7)]
    assert "64-bit" in rejected[0].reason
    assert bulk.stats.rejected == 1 and bulk.stats.loaded == 1
    assert [pid for pid, _ in bulk.papers()] == ["W2"]


def test_the_same_doi_from_two_sources_is_one_paper_across_batches():
    bulk = _built([PaperRecord(id="W1", source="openalex", doi="10.1/x"),
                   PaperRecord(id="doi:10.1/x", source="bibtex", doi="10.1/x", title="T")],
                  batch_size=1)
    papers = dict(bulk.papers())
    assert list(papers) == ["W1"] and papers["W1"]["sources"] == ["openalex", "bibtex"]
    assert bulk.stats.merged == 1


def test_a_record_with_text_the_graph_cannot_encode_is_rejected_alone():
    rejected: list[Rejection] = []
    bad = Author(id="A1", name="lone \ud800 surrogate")
    bulk = _built([PaperRecord(id="W1", source="s", authors=(bad,), file="f", line=1),
                   PaperRecord(id="W2", source="s", title="Zoë")], on_reject=rejected.append)
    assert [(r.file, r.line) for r in rejected] == [("f", 1)]
    assert "surrogates not allowed" in rejected[0].reason
    assert [pid for pid, _ in bulk.papers()] == ["W2"]

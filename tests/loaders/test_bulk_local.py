"""A first load into an empty local graph as an import (:mod:`loaders.bulk_local`).

The same input is loaded in batches through Cypher into the session's local server
and imported into a new local server of its own; the two graphs must be the same,
node by node and relationship by relationship with every property, and answer the
same reads through their indexes. ``explorer load --first-load import`` is run as a
user runs it: into an empty graph it imports, into a graph that holds papers it
loads in batches, and a second import never replaces what is there."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from cypher.access.graph import connect
from cypher.access.localserver import manager as localserver
from cypher.access.schema import ensure_schema
from cypher.access.settings import load_settings
from explorer.views import related_index
from loaders import bulk_local, pipeline
from loaders.bulk import BulkGraph
from loaders.records import PaperRecord, Rejection
from loaders.related_lists import read_links
from loaders.writer import GraphWriter
from tests.conftest import REPO, server_environ
from tests.loaders.test_bulk import DATA, NELSON, _dump, _inputs, _nelson_pages, _placeless

pytestmark = [pytest.mark.server, pytest.mark.arcadedb_only(
    "writes the local server's database files; Neo4j's bulk path is test_bulk.py")]

HEP = DATA / "snap-cit-hep"


def _reads(graph) -> list:
    """Reads that go through the imported graph's indexes: by id, by year, full text."""
    def rows(text: str, **params) -> list:
        return [tuple(r.values()) for r in graph.run_text(text, params,
                                                           read_only=True).records]

    cited = rows("MATCH (c:Paper)-[:CITES]->(p:Paper) WITH p, count(c) AS n "
                 "RETURN p.id AS id, n ORDER BY n DESC, id LIMIT 3")
    return [
        rows("MATCH (p:Paper) WHERE p.year >= 2000 AND p.year <= 2004 "
             "RETURN count(p) AS n, min(p.year) AS low, max(p.year) AS high"),
        cited,
        rows("MATCH (p:Paper {id: $id})<-[:CITES]-(c:Paper) RETURN c.id AS id, "
             "c.indegree AS n ORDER BY id", id=cited[0][0]),
        rows("MATCH (p:Person)-[:AUTHORED]->(w:Paper) WHERE w.stub = false "
             "RETURN p.id AS id, count(w) AS n ORDER BY n DESC, id LIMIT 5"),
        sorted(r["id"] for r in graph.read_table(
            "read/search_fulltext", index=graph.backend.fulltext_index("Paper"),
            q="quoted", limit=1000)),
    ]


def _home(tmp_path: Path, name: str):
    return load_settings(server_environ(tmp_path / name, localserver.free_port()))


def _records(tmp_path: Path) -> list[str]:
    """The bulk test's inputs: three pages of real OpenAlex works, RIS, BibTeX, awkward
    native records."""
    return _inputs(tmp_path)


def _edge_list(tmp_path: Path) -> tuple[list[str], str]:
    """3,000 real citations (one given twice) and a node table of their years."""
    with gzip.open(HEP / "cit-HepPh-1992-1999.edges.tsv.gz", "rt") as handle:
        lines = [next(handle) for _ in range(3000)]
    edges = tmp_path / "edges.tsv"
    edges.write_text("citing\tcited\n" + "".join(lines) + lines[7], encoding="utf-8")
    ids = {part for line in lines for part in line.split()}
    nodes = tmp_path / "nodes.tsv"
    with gzip.open(HEP / "cit-HepPh-1992-1999.years.tsv.gz", "rt") as handle:
        nodes.write_text("id\tyear\n" + "".join(
            line for line in handle if line.split()[0] in ids), encoding="utf-8")
    return [str(edges)], str(nodes)


@pytest.mark.parametrize("kind", ["records", "edge list"])
def test_an_import_gives_the_graph_a_load_in_batches_gives(empty_graph, tmp_path, kind):
    paths, nodes = (_records(tmp_path), None) if kind == "records" else _edge_list(tmp_path)
    planned, refused = pipeline.plan_usable(paths)
    assert not refused
    rejected: list[Rejection] = []
    stats = GraphWriter(empty_graph).write(pipeline.iter_records(planned, nodes=nodes),
                                          on_reject=rejected.append)
    expected = _dump(empty_graph)
    expected_reads = _reads(empty_graph)

    bulk_rejected: list[Rejection] = []
    bulk = BulkGraph(on_reject=bulk_rejected.append)
    bulk.add(pipeline.iter_records(planned, nodes=nodes))
    bulk_stats = bulk.finish()
    settings = _home(tmp_path, "imported")
    localserver.start(settings)
    leftover = bulk_local.database_dir(settings.home, "neo4j").with_name("neo4j.import")
    leftover.mkdir()  # what an interrupted import leaves: the next one starts over
    (leftover / "half-written").write_text("x")
    try:
        steps: list[tuple[str, int]] = []
        counts = bulk_local.import_first_load(settings, bulk, on_step=lambda *s: steps.append(s))
        imported = connect(settings, autostart=False)  # the server runs again
        try:
            ensure_schema(imported)
            actual = _dump(imported)
            actual_reads = _reads(imported)
            version = imported.read("read/graph_version")
        finally:
            imported.close()
        assert not leftover.exists()
    finally:
        localserver.stop(settings)

    assert [(r.file, r.line, _placeless(r.reason)) for r in bulk_rejected] == [
        (r.file, r.line, _placeless(r.reason)) for r in rejected]
    assert (bulk_stats.read, bulk_stats.loaded, bulk_stats.merged, bulk_stats.rejected) == (
        stats.read, stats.loaded, stats.merged, stats.rejected)
    assert actual[0] == expected[0] and actual[1] == expected[1]  # counts
    assert counts == {**expected[0], **expected[1]}
    assert {what: n for what, n in steps if n} == counts
    assert expected[1]["CITES"] > 1_500
    if kind == "records":
        assert expected[0]["Paper"] > 1_500
    assert actual[2] == expected[2]  # every node with its properties
    assert actual[3] == expected[3]  # every relationship with its properties
    assert actual_reads == expected_reads
    assert all(expected_reads if kind == "records" else expected_reads[:2])
    assert len(version) == 1 and version[0]["version"]


def _related(graph) -> list:
    return sorted(tuple(r.values()) for r in graph.run_text(
        "MATCH (a:Paper)-[r:RELATED]->(b:Paper) RETURN a.id, b.id, r.score, r.cocited, "
        "r.coupled, r.cites, r.text, r.shared", read_only=True).records)


def _lists(graph) -> dict:
    """{paper id: its list node's entries as _related gives a link's fields after the
    paper (text read from the link itself, the rest from the list)}."""
    text = {(a, b): t for a, b, *_, t, _ in _related(graph)}
    return {row["id"]: sorted((e[0], *e[1:5], text[(row["id"], e[0])], e[5])
                              for e in read_links(row["links"]))
            for row in graph.run_text("MATCH (l:RelatedList) RETURN l.id AS id, "
                                      "l.links AS links", read_only=True).records}


def _leads(graph) -> dict:
    """{topic or institution id: its kept leading papers}."""
    return {r["id"]: r["lead"] for r in graph.run_text(
        "MATCH (n:Topic) RETURN n.id AS id, n.lead AS lead UNION ALL "
        "MATCH (n:Institution) RETURN n.id AS id, n.lead AS lead", read_only=True).records}


def _explorer(settings, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "explorer", *args], capture_output=True, text=True,
        timeout=300, cwd=REPO, env=server_environ(settings.home, settings.bolt_port))


@pytest.mark.skipif(not NELSON.is_file(), reason=f"real data not found at {NELSON}")
def test_explorer_load_imports_into_an_empty_graph_only(tmp_path):
    settings = _home(tmp_path, "cli")
    pages = _nelson_pages(tmp_path)  # the path, not the size, is under test here
    try:
        first = _explorer(settings, "load", "--first-load", "import", str(pages))
        assert first.returncode == 0, first.stderr
        assert "into the empty local graph" in first.stderr
        assert "loaded: 75 " in first.stdout and "rejected: 0" in first.stdout
        assert "related-work index: 75 papers indexed" in first.stderr
        assert "GraphBatch" not in first.stderr + first.stdout  # the engine's log: not here
        graph = connect(settings, autostart=False)
        try:
            papers = graph.run_text("MATCH (p:Paper) RETURN count(p) AS n, "
                                    "sum(CASE WHEN p.stub THEN 0 ELSE 1 END) AS works",
                                    read_only=True).records[0]
            assert papers["works"] == 75
            links = graph.counts()["relationships"]
            assert links["RELATED"] > 75  # the index was built over the imported papers
            # ... and written with the import's batch path: the same links, with the same
            # evidence, as the index written through Cypher
            imported = _related(graph)
            lists = _lists(graph)  # each paper's list node: its links, written beside them
            assert lists == {a: sorted(e[1:] for e in imported if e[0] == a)
                             for a in {e[0] for e in imported}}
            leads = _leads(graph)  # each topic's and institution's, set in memory
            assert sum(1 for lead in leads.values() if lead) > 10
            related_index.build(graph)
            assert _related(graph) == imported and len(imported) == links["RELATED"]
            assert _lists(graph) == lists
            assert _leads(graph) == leads  # as the statements set them

            # the graph holds papers now: asked to import again (the first of its pages,
            # 25 works), the load goes in batches (nothing replaced, nothing duplicated)
            again = _explorer(settings, "load", "--first-load", "import",
                              str(pages / "works_0_25.json"))
            assert again.returncode == 0, again.stderr
            assert "not empty: loading in batches" in again.stderr
            assert "merged into existing papers: 25" in again.stdout
            after = graph.run_text("MATCH (p:Paper) RETURN count(p) AS n, "
                                   "sum(CASE WHEN p.stub THEN 0 ELSE 1 END) AS works",
                                   read_only=True).records[0]
            assert (after["n"], after["works"]) == (papers["n"], papers["works"])
            assert graph.counts()["relationships"]["CITES"] == links["CITES"]
        finally:
            graph.close()
    finally:
        localserver.stop(settings)


def test_an_import_into_a_graph_that_holds_papers_is_refused_and_changes_nothing(
        tmp_path):
    settings = _home(tmp_path, "held")
    localserver.start(settings)
    try:
        graph = connect(settings, autostart=False)
        try:
            GraphWriter(graph).write(iter([PaperRecord(id="p1", source="test", title="Kept",
                                                       year=2001)]))
        finally:
            graph.close()
        bulk = BulkGraph()
        bulk.add([PaperRecord(id="p2", source="test", title="Would replace", year=2002)])
        bulk.finish()
        with pytest.raises(bulk_local.NotEmpty, match="1 Paper"):
            bulk_local.import_first_load(settings, bulk)
        graph = connect(settings, autostart=False)  # started again after the refusal
        try:
            rows = graph.run_text("MATCH (p:Paper) RETURN p.id AS id, p.title AS title",
                                  read_only=True).records
            assert [(r["id"], r["title"]) for r in rows] == [("p1", "Kept")]
        finally:
            graph.close()
    finally:
        localserver.stop(settings)


@pytest.mark.skipif(not NELSON.is_file(), reason=f"real data not found at {NELSON}")
def test_links_that_fail_midway_leave_the_graph_imported_with_those_sent(tmp_path):
    """The related-work links are made while the import writes the graph: when making
    them fails, the graph is still swapped in, with the links sent before the failure,
    and the caller is told (LinksFailed, with the import's counts)."""
    from explorer.views.field_arrays import from_bulk
    from explorer.views.whole_index import WholeIndex

    planned, _ = pipeline.plan_usable([str(_nelson_pages(tmp_path))])
    bulk = BulkGraph()
    bulk.add(pipeline.iter_records(planned))
    bulk.finish()
    first = next(WholeIndex(from_bulk(bulk), k=5).chunks())

    def links(shape_from):
        yield first
        raise ValueError("the scoring broke")

    settings = _home(tmp_path, "failed-links")
    try:
        with pytest.raises(bulk_local.LinksFailed, match="ValueError: the scoring broke") as \
                failed:
            bulk_local.import_first_load(settings, bulk, links=links)
        assert failed.value.counts["Paper"] == bulk.counts()[0]["Paper"]
        assert failed.value.counts["RELATED"] == len(first) > 0
        graph = connect(settings, autostart=False)  # started again, the graph in place
        try:
            counts = graph.counts()
            assert counts["labels"]["Paper"] == bulk.counts()[0]["Paper"]
            assert counts["relationships"]["RELATED"] == len(first)
            assert counts["relationships"]["CITES"] == bulk.counts()[1]["CITES"]
        finally:
            graph.close()
    finally:
        localserver.stop(settings)

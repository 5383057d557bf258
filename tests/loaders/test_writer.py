"""The graph writer: its stats, its reading of server refusals, the row builder it
uses (lookups wait for the batch in flight), and no write waited for without end: a
write blocked on the server (here by a lock another transaction holds) ends the load
with one clear error after WRITE_TIMEOUT, on the split-and-retry and `indegree` paths
as on the background one. Loads under faults: test_hardening, test_load_faults,
test_load_resume."""

from __future__ import annotations

import time

import pytest

from cypher.access.graph import GraphUnavailable
from loaders import writer as writer_module
from loaders.records import Author, CitationRecord, Institution, PaperRecord, Topic
from loaders.rows import RowBuilder
from loaders.writer import GraphWriter, WriteStats, iter_with_limit


class FakeGraph:
    """Records reads and writes in order; each write takes a moment, on the writer thread."""

    uri = "bolt://fake"

    def __init__(self):
        self.log: list[tuple[str, str]] = []

    def read(self, name, **params):
        self.log.append(("read", name))
        return []

    def write_many(self, steps):
        time.sleep(0.05)
        self.log.append(("write", ",".join(name for name, rows in steps if rows)))
        created = sum(len(rows) for name, rows in steps if name == "write/merge_papers")
        return {"write/merge_papers": {"nodes_created": created}}


def test_the_writer_uses_a_row_builder_whose_lookups_wait_for_the_batch_in_flight():
    graph = FakeGraph()
    writer = GraphWriter(graph)
    assert isinstance(writer.builder, RowBuilder) and not isinstance(writer, RowBuilder)
    writer._flush([PaperRecord(id="W1", source="openalex", title="One")])
    writer._flush([PaperRecord(id="doi:10.1000/b", source="crossref", title="Two",
                               doi="10.1000/b")])  # its DOI is looked up first
    writer._drain()
    writer._abandon()
    reads = [i for i, (kind, _) in enumerate(graph.log) if kind == "read"]
    first_write = graph.log.index(("write", "write/merge_papers"))
    assert [graph.log[i][1] for i in reads] == ["read/paper_ids_by_openalex",
                                                "read/paper_ids_by_doi"]
    assert reads[0] < first_write < reads[1]  # the second lookup saw the first batch
    assert (writer.stats.loaded, writer.stats.merged) == (2, 0)
    assert writer.stats.nodes_created == {"Paper": 2}


def test_stats_add_the_server_counters_by_label_and_type():
    stats = WriteStats()
    stats.add_counters({"write/merge_papers": {"nodes_created": 2},
                        "write/merge_stub_papers": {"nodes_created": 3},
                        "write/merge_cites": {"relationships_created": 4},
                        "write/update_indegree": {"properties_set": 9}})
    stats.add_counters({"write/merge_people": {"nodes_created": 1, "relationships_created": 0}})
    assert stats.nodes_created == {"Paper": 5, "Person": 1}
    assert stats.relationships_created == {"CITES": 4}


def test_refusals_worth_a_retry_and_refusals_of_every_write():
    class Refusal(Exception):
        def __init__(self, message, code=""):
            super().__init__(message)
            self.code = code

    assert writer_module._is_conflict(Refusal("Deadlock detected"))
    assert writer_module._is_conflict(Refusal("x", "Neo.TransientError.General.Unknown"))
    assert not writer_module._is_conflict(Refusal("Property values can only be of types"))
    assert writer_module._refuses_every_write(
        Refusal("no", "Neo.ClientError.Security.Forbidden"))
    assert writer_module._refuses_every_write(Refusal("the database is read-only"))
    assert not writer_module._refuses_every_write(Refusal("Deadlock detected"))
    assert writer_module._one_line(Refusal("two\n  lines")) == "two lines"


def test_iter_with_limit():
    assert list(iter_with_limit(range(5), 2)) == [0, 1]
    assert list(iter_with_limit(range(3), None)) == [0, 1, 2]


@pytest.mark.server
@pytest.mark.neo4j_only("holds the write on another transaction's node lock, which Neo4j "
                        "waits on; no way to hold a local-server write from outside is known")
def test_a_write_blocked_on_a_lock_ends_after_write_timeout(empty_graph, monkeypatch):
    empty_graph.run_text("CREATE (:Paper {id: 'wt:locked', title: 'Locked'})")
    monkeypatch.setattr(writer_module, "WRITE_TIMEOUT", 2.0)
    writer = GraphWriter(empty_graph)
    with empty_graph.driver.session(database=empty_graph.database) as session:
        holder = session.begin_transaction()
        holder.run("MATCH (p:Paper {id: 'wt:locked'}) SET p.held = true").consume()
        started = time.monotonic()
        try:
            with pytest.raises(GraphUnavailable, match="did not answer a write within 2 s"):
                writer._bounded([("write/update_indegree", [{"id": "wt:locked"}])])
            assert time.monotonic() - started < 10
        finally:
            holder.rollback()
    writer._abandon()
    # the lock released, the same write goes through
    assert GraphWriter(empty_graph)._bounded([("write/update_indegree",
                                               [{"id": "wt:locked"}])]) is not None


def test_printed_affiliations_are_written_on_the_authorship(empty_graph):
    """An affiliation as printed is a property of the AUTHORED link; a later record
    without one keeps it; only the institution record's name makes an institution."""
    from loaders.records import Author, Institution

    printed = "1 Department of Orthopaedic Surgery, University Hospital Tromsø, Norway"
    hospital = Institution(id="I1", name="University Hospital of North Norway")
    author = Author(id="A1", name="G. Knutsen", affiliations=(printed,), institutions=(hospital,))
    GraphWriter(empty_graph).write([PaperRecord(id="W1", source="openalex", title="T",
                                                authors=(author,))])
    GraphWriter(empty_graph).write([PaperRecord(id="W1", source="s2", title="T",
                                                authors=(Author(id="A1", name="G. Knutsen"),))])
    rows = empty_graph.read("read/paper_authors", id="W1", limit=10)
    assert rows[0]["affiliations"] == [printed]
    assert [i["name"] for i in rows[0]["institutions"]] == ["University Hospital of North Norway"]
def _shared_works(count: int, *, position: int = 0, source: str = "openalex"):
    """Works all by one author (at one institution, on one topic) beside a co-author
    of their own each."""
    inst = Institution(id="I-shared", name="One institute")
    topic = Topic(id="T-shared", name="One topic", score=0.5)
    for n in range(count):
        yield PaperRecord(
            id=f"W9{n:04d}", source=source, title=f"Work {n}", venue="One venue",
            authors=(Author(id="A-prolific", name="Prolific", position=position,
                            institutions=(inst,)),
                     Author(id=f"A-co{n}", name=f"Co {n}", position=1, institutions=(inst,))),
            topics=(topic,), references=(f"W9{n - 1:04d}",) if n else ())


@pytest.mark.server
def test_a_prolific_author_gives_one_person_one_edge_a_paper_and_reloads_idempotently(
        empty_graph):
    count = 60
    GraphWriter(empty_graph, batch_size=7).write(_shared_works(count))  # many batches
    first = empty_graph.counts()
    assert first["labels"]["Person"] == count + 1
    assert first["labels"]["Institution"] == 1
    assert first["relationships"]["AUTHORED"] == 2 * count
    assert first["relationships"]["AFFILIATED_WITH"] == count + 1
    assert first["relationships"]["ABOUT"] == count
    assert first["relationships"]["CITES"] == count - 1
    rows = empty_graph.run_text(
        "MATCH (a:Person {id: 'A-prolific'})-[e:AUTHORED]->(p:Paper) "
        "RETURN count(DISTINCT p) AS papers, count(e) AS edges, "
        "collect(DISTINCT e.position) AS positions").records
    assert [r.data() for r in rows] == [{"papers": count, "edges": count, "positions": [0]}]
    # the same works again, in other batches: nothing new; a changed position is updated
    stats = GraphWriter(empty_graph, batch_size=11).write(_shared_works(count, position=3))
    assert empty_graph.counts() == first
    assert not stats.relationships_created
    rows = empty_graph.run_text(
        "MATCH (:Person {id: 'A-prolific'})-[e:AUTHORED]->() "
        "RETURN collect(DISTINCT e.position) AS positions, count(e) AS edges").records
    assert [r.data() for r in rows] == [{"positions": [3], "edges": count}]


@pytest.mark.server
def test_each_paper_keeps_its_first_author_and_author_count_as_its_links_give_them(
        empty_graph):
    """``first_author``, ``author_count`` and ``author_ids`` on the paper (what maps
    and index updates read without walking the paper's incoming links) agree with its
    AUTHORED links
    after every load: a paper without authors has 0, a later record's authors count,
    a nameless person is not counted, the lowest position names the first author."""
    GraphWriter(empty_graph).write([
        PaperRecord(id="W1", source="s", title="One",
                    authors=(Author(id="A2", name="Bea", position=1),
                             Author(id="A3", name=None, position=0),
                             Author(id="A1", name="Cy", position=2))),
        PaperRecord(id="W2", source="s", title="Two", references=("W9",))])
    # a second source adds an author in first place to W1 and gives W2 its first
    GraphWriter(empty_graph, batch_size=1).write([
        PaperRecord(id="W1", source="t", title="One",
                    authors=(Author(id="A4", name="Ann", position=0),)),
        PaperRecord(id="W2", source="t", title="Two",
                    authors=(Author(id="A5", name="Dan", position=3),))])
    rows = {r["id"]: r.data() for r in empty_graph.run_text(
        "MATCH (p:Paper) RETURN p.id AS id, p.first_author AS first, "
        "p.author_count AS count, p.author_ids AS ids, "
        "[(p)<-[e:AUTHORED]-(x:Person) WHERE x.name IS NOT NULL | [e.position, x.name]] "
        "AS links, [(p)<-[:AUTHORED]-(x:Person) | x.id] AS people").records}
    assert {pid: (r["first"], r["count"], sorted(r["ids"] or []) or None)
            for pid, r in rows.items()} == {
        "W1": ("Ann", 3, ["A1", "A2", "A3", "A4"]), "W2": ("Dan", 1, ["A5"]),
        "W9": (None, None, None)}  # W9: a stub
    for pid in ("W1", "W2"):
        assert rows[pid]["count"] == len(rows[pid]["links"])
        assert rows[pid]["first"] == min(rows[pid]["links"])[1]
        assert sorted(rows[pid]["ids"]) == sorted(rows[pid]["people"])


@pytest.mark.server
def test_each_citing_paper_keeps_the_ids_of_every_paper_it_cites(empty_graph):
    """``ref_ids`` on a citing paper (what index updates read instead of walking its
    links) is exactly the papers its CITES links reach after every kind of load:
    references over several batches, an edge list adding to a loaded paper, a
    duplicate citation, a citing stub, rows naming one citing paper twice, and a
    paper whose citations were there before its ``ref_ids`` was."""
    GraphWriter(empty_graph, batch_size=1).write([
        PaperRecord(id="W1", source="s", title="One", references=("W2", "W3")),
        PaperRecord(id="W2", source="s", title="Two", references=("W3",)),
        PaperRecord(id="W4", source="s", title="Four", citations=("W5",)),
        PaperRecord(id="W1", source="t", title="One", references=("W3", "W6"))])
    GraphWriter(empty_graph, batch_size=2).write([
        CitationRecord("W2", "W7"), CitationRecord("W2", "W3"),  # W3: a duplicate
        CitationRecord("W8", "W1")])
    empty_graph.write_many([("write/merge_cites", [  # W2 twice in one statement
        {"src": "W2", "source": "x", "dsts": ["W9"]},
        {"src": "W2", "source": "x", "dsts": ["W10"]}])])
    empty_graph.run_text("MATCH (p:Paper {id: 'W1'}) REMOVE p.ref_ids")  # as if loaded before
    empty_graph.write_many([("write/merge_cites", [
        {"src": "W1", "source": "x", "dsts": ["W11"]}])])
    rows = {r["id"]: (sorted(r["kept"]) if r["kept"] is not None else None, sorted(r["links"]))
            for r in empty_graph.run_text(
                "MATCH (p:Paper) RETURN p.id AS id, p.ref_ids AS kept, "
                "[(p)-[:CITES]->(q:Paper) | q.id] AS links").records}
    assert rows["W1"] == (["W11", "W2", "W3", "W6"],) * 2
    assert rows["W2"] == (["W10", "W3", "W7", "W9"],) * 2
    assert rows["W5"] == (["W4"], ["W4"]) and rows["W8"] == (["W1"], ["W1"])
    # a paper citing nothing keeps no list (reads walk its no links)
    assert rows["W3"] == (None, []) and rows["W4"] == (None, [])
    read = {r["id"]: sorted(r["refs"]) for r in empty_graph.read_table(
        "read/index_region_refs", ids=["W1", "W3", "W5"])}
    assert read == {"W1": ["W11", "W2", "W3", "W6"], "W3": [], "W5": ["W4"]}


@pytest.mark.server
def test_citations_create_each_stub_once_and_count_indegree_exactly(empty_graph):
    records = [CitationRecord(f"c{n}", "hub") for n in range(5)]  # one batch: one new stub
    records += [CitationRecord("c0", "c1"), CitationRecord("c0", "hub"),  # a duplicate
                PaperRecord(id="W1", source="openalex", references=("hub",),
                            related=("hub", "W2"))]
    first = GraphWriter(empty_graph).write(records)
    GraphWriter(empty_graph, batch_size=3).write(records)  # again, in other batches
    assert first.relationships_created == {"CITES": 7, "RELATED_TO": 2}
    assert first.nodes_created == {"Paper": 8}
    assert empty_graph.counts()["relationships"] == {"CITES": 7, "RELATED_TO": 2}
    rows = empty_graph.run_text(
        "MATCH (p:Paper) RETURN p.id AS id, p.indegree AS indegree, p.stub AS stub, "
        "p.sources AS sources ORDER BY id").records
    got = {r["id"]: (r["indegree"], r["stub"], r["sources"]) for r in rows}
    # an edge list names the papers of a field: papers (no properties), not stubs
    assert got["hub"] == (6, False, ["edges"])
    assert got["c1"] == (1, False, ["edges"]) and got["c4"] == (None, False, ["edges"])
    assert got["W2"] == (None, True, ["openalex"])  # a reference known only by id
    assert got["W1"] == (None, False, ["openalex"])

"""Building a batch's rows: identities resolved through the lookup the builder is given,
rows deduplicated, stubs for papers cited but not loaded. No graph: the lookup is a dict."""

from __future__ import annotations

from loaders.records import (
    Author,
    CitationRecord,
    EntityRecord,
    NodeRow,
    PaperRecord,
    Topic,
)
from loaders.rows import RowBuilder


class Lookups:
    """Answers identity lookups from fixed tables; remembers what was asked."""

    def __init__(self, **tables: dict[str, str]):
        self.tables = tables
        self.asked: list[tuple[str, list[str]]] = []

    def __call__(self, statement: str, keys: list[str]) -> list[dict]:
        self.asked.append((statement, sorted(keys)))
        table = self.tables.get(statement.split("/")[1], {})
        return [{"key": k, "id": table[k]} for k in keys if k in table]


def rows(batch, statement):
    return list(batch.rows.get(statement, {}).values())


PAPER = PaperRecord(
    id="doi:10.1000/a", source="ris", title="A", doi="10.1000/a", file="/x/refs.ris",
    references=("W2", "doi:10.1000/b"),
    authors=(Author("name:ada lovelace|doi:10.1000/a", "Ada Lovelace"),
             Author("A9", "Charles Babbage", orcid="0000-0002-1825-0097", position=1)),
    topics=(Topic("T1", "Maps", 0, 0.5, parent=Topic("subfield:1", "Geo", 1)),))


def test_a_paper_becomes_rows_for_each_statement_in_write_order():
    builder = RowBuilder(Lookups())
    batch = builder.build([PAPER])
    assert batch.papers == 1 and batch.first is PAPER
    assert rows(batch, "write/merge_papers") == [
        {"id": "doi:10.1000/a", "source": "ris",
         "props": {"title": "A", "doi": "10.1000/a"}}]
    assert [r["id"] for r in rows(batch, "write/merge_people")] == [
        "name:ada lovelace|ris|refs.ris", "A9"]  # name-only people: one per source file
    assert rows(batch, "write/merge_part_of") == [{"child": "T1", "parent": "subfield:1"}]
    steps = dict(batch.steps())
    assert steps["write/merge_cites"] == [{"src": "doi:10.1000/a", "source": "ris",
                                           "dsts": ["W2", "doi:10.1000/b"]}]  # stubs made there
    assert "write/merge_stub_papers" not in steps
    names = [name for name, _ in batch.steps()]
    assert names.index("write/merge_papers") < names.index("write/merge_cites")
    assert names.index("write/merge_people") < names.index("write/merge_authored")


def test_a_doi_already_in_the_graph_under_another_id_is_written_onto_that_node():
    lookups = Lookups(paper_ids_by_doi={"10.1000/a": "W1", "10.1000/b": "W5"},
                      person_ids_by_orcid={"0000-0002-1825-0097": "orcid:0000-0002-1825-0097"})
    builder = RowBuilder(lookups)
    batch = builder.build([PAPER])
    assert [r["id"] for r in rows(batch, "write/merge_papers")] == ["W1"]
    assert dict(batch.steps())["write/merge_cites"] == [{"src": "W1", "source": "ris",
                                                         "dsts": ["W2", "W5"]}]
    assert ("read/paper_ids_by_doi", ["10.1000/a", "10.1000/b"]) in lookups.asked
    # an OpenAlex author id is the stronger identity: the ORCID does not replace it
    assert "A9" in {r["id"] for r in rows(batch, "write/merge_people")}
    lookups.asked.clear()
    builder.build([PAPER])  # the DOIs found are remembered: not asked again
    assert [statement for statement, _ in lookups.asked] == [
        "read/paper_ids_by_openalex", "read/person_ids_by_orcid"]


def test_an_s2_paper_id_names_one_paper_within_a_batch_and_across_batches():
    """Semantic Scholar's {paperId, title} items (search, reference lists) and the full
    record with its DOI are one paper: whichever comes first gives the id."""
    pid = "2d5673caa9e6af3a7b82a43f19ee920992db07ad"
    titled = PaperRecord(id=f"s2:{pid}", source="s2", title="Computing Machinery",
                         external_ids=(("s2", pid),), file="a.json", line=1)
    full = PaperRecord(id="doi:10.1093/mind/lix.236.433", source="s2", title="Computing "
                       "Machinery", doi="10.1093/mind/lix.236.433", file="b.json", line=1,
                       external_ids=(("s2", pid), ("corpusid", "14636783")))
    citer = PaperRecord(id="s2:" + "f" * 40, source="s2", title="Citer", file="c.json",
                        line=1, references=(f"s2:{pid}",))
    batch = RowBuilder(Lookups()).build([titled, full, citer])
    assert [r["id"] for r in rows(batch, "write/merge_papers")] == [f"s2:{pid}", "s2:" + "f" * 40]
    assert dict(batch.steps())["write/merge_cites"][0]["dsts"] == [f"s2:{pid}"]
    # the graph holds the full record under its DOI: later items by paperId land on it
    lookups = Lookups(paper_ids_by_s2={pid: "doi:10.1093/mind/lix.236.433"})
    later = RowBuilder(lookups).build([titled, citer])
    assert [r["id"] for r in rows(later, "write/merge_papers")][0] == full.id
    assert dict(later.steps())["write/merge_cites"][0]["dsts"] == [full.id]
    assert ("read/paper_ids_by_s2", [pid, "f" * 40]) in lookups.asked


def test_citations_and_related_papers_are_grouped_by_their_source_paper():
    builder = RowBuilder(Lookups())
    batch = builder.build([
        CitationRecord("a", "z"), CitationRecord("b", "c"), CitationRecord("a", "y"),
        PaperRecord(id="W1", source="openalex", related=("W7", "W8"), references=("z",))])
    steps = dict(batch.steps())
    assert steps["write/merge_cites"] == [  # an edge list's ends are papers (`listed`)
        {"src": "a", "source": "edges", "dsts": ["z", "y"], "listed": True},
        {"src": "b", "source": "edges", "dsts": ["c"], "listed": True},
        {"src": "W1", "source": "openalex", "dsts": ["z"]}]
    assert steps["write/merge_related"] == [{"src": "W1", "source": "openalex",
                                             "dsts": ["W7", "W8"]}]


def test_entities_and_node_rows():
    builder = RowBuilder(Lookups())
    batch = builder.build([
        EntityRecord("Topic", "T7", "openalex", props=(("name", "Graphs"), ("level", None)),
                     parent=Topic("field:17", "CS", 2)),
        NodeRow("hep:1", year=1999, source="edges")])
    assert rows(batch, "write/merge_topics")[0] == {"id": "T7", "source": "openalex",
                                                    "props": {"name": "Graphs"}}
    assert {"child": "T7", "parent": "field:17"} in rows(batch, "write/merge_part_of")
    assert rows(batch, "write/merge_papers") == [
        {"id": "hep:1", "source": "edges", "props": {"year": 1999}}]
    assert batch.papers == 1

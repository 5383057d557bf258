"""explorer.views.neighbourhood (the link map), suggestions and the writer on a small graph.

Graph (u -> v: u cites v):

    s  -> r1, r2, r3          c1 -> r1, r2      (c1 shares two references with s)
    x1 -> s, k                x2 -> s, k        (k is cited together with s twice)
    hub <- 50 papers h0..h49  (a hub for the cap)
"""

from __future__ import annotations

import json

import pytest

from cypher.access.errors import NotFound
from explorer.views.entity import node_details
from explorer.views.neighbourhood import neighbourhood
from explorer.views.options import parse_types, parse_years
from explorer.views.search import search
from explorer.views.suggestions import suggestions
from loaders.records import Author, Institution, PaperRecord, Topic
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


def paper(pid, title, year=2000, refs=(), authors=(), topics=(), doi=None, source="test"):
    return PaperRecord(id=pid, source=source, title=title, year=year, references=tuple(refs),
                       authors=tuple(authors), topics=tuple(topics), doi=doi,
                       file="tests", line=1)


def build(graph):
    ada = Author("A1", "Ada Example", institutions=(Institution("I1", "Test University"),))
    bob = Author("A2", "Bob Example", position=1)
    field = Topic("T0", "Graph theory", level=1)
    topic = Topic("T1", "Citation analysis", level=0, score=0.9, parent=field)
    records = [
        paper("s", "Seed paper", 2001, ["r1", "r2", "r3"], [ada, bob], [topic]),
        paper("c1", "Coupled paper", 2002, ["r1", "r2"], [ada], [topic]),
        paper("x1", "Citer one", 2003, ["s", "k"]),
        paper("x2", "Citer two", 2004, ["s", "k"]),
        paper("k", "Co-cited paper", 1999),
        *[paper(f"h{i}", f"Hub citer {i}", 1990 + i % 20, ["hub"]) for i in range(50)],
        paper("hub", "The hub", 1985),
    ]
    return GraphWriter(graph, batch_size=7).write(records)


@pytest.fixture
def small(empty_graph):
    build(empty_graph)
    return empty_graph


def test_writer_counts_and_stubs(small):
    counts = small.counts()
    assert counts["labels"]["Paper"] == 59  # 56 full papers + stubs r1, r2, r3
    assert counts["relationships"]["CITES"] == 3 + 2 + 2 + 2 + 50
    assert counts["relationships"]["PART_OF"] == 1
    stubs = small.run_text("MATCH (p:Paper {stub: true}) RETURN p.id AS id ORDER BY id",
                           read_only=True)
    assert [r["id"] for r in stubs.records] == ["r1", "r2", "r3"]


def test_writer_is_idempotent_and_completes_stubs(small):
    before = small.counts()
    build(small)
    assert small.counts() == before
    GraphWriter(small).write([paper("r1", "Reference one, now loaded", 1995)])
    after = small.counts()
    assert after == before
    node = small.read("read/node_by_id", id="r1")[0]["node"]
    assert node["stub"] is False and node["title"] == "Reference one, now loaded"


def test_same_doi_from_two_sources_is_one_paper(empty_graph):
    writer = GraphWriter(empty_graph)
    writer.write([paper("W1", "A paper", doi="10.1000/xyz", source="openalex")])
    stats = GraphWriter(empty_graph).write(
        [paper("doi:10.1000/xyz", "A paper", doi="10.1000/xyz", source="bibtex")])
    assert stats.merged == 1
    rows = empty_graph.run_text("MATCH (p:Paper) RETURN p.id AS id, p.sources AS s",
                                read_only=True)
    assert [(r["id"], sorted(r["s"])) for r in rows.records] == [
        ("W1", ["bibtex", "openalex"])]


def test_neighbourhood_shape_and_hub_cap(small):
    view = neighbourhood(small, "hub", depth=1, limit=11)
    assert view["center"] == "hub"
    assert len(view["nodes"]) == 11
    assert {n["id"] for n in view["nodes"]} >= {"hub"}
    cut = view["truncated"][0]
    assert (cut["total"], cut["shown"], cut["direction"]) == (50, 10, "in")
    assert cut["message"] == "40 more citing papers of hub, showing the 10 most cited"
    ids = {n["id"] for n in view["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    assert all({"x", "y", "community", "label", "type"} <= set(n) for n in view["nodes"])
    json.dumps(view)  # one JSON shape


def test_neighbourhood_filters_types_and_years(small):
    view = neighbourhood(small, "s", depth=1, types=["Paper"], years=(2002, 2003))
    assert {n["id"] for n in view["nodes"]} == {"s", "x1"}  # undated papers left out
    kept = neighbourhood(small, "s", depth=1, types=["Paper"], years=(2002, 2003),
                                 keep_undated=True)
    assert {n["id"] for n in kept["nodes"]} == {"s", "x1"} | {"r1", "r2", "r3"}
    people = neighbourhood(small, "s", depth=1, types=["Person"])
    assert {n["id"] for n in people["nodes"]} == {"s", "A1", "A2"}


def test_neighbourhood_is_reproducible_with_seed(small):
    one = neighbourhood(small, "s", depth=2, seed=7)
    two = neighbourhood(small, "s", depth=2, seed=7)
    assert one["nodes"] == two["nodes"] and one["modularity"] == two["modularity"]
    assert sum(c["size"] for c in one["communities"]) == len(one["nodes"])


def test_unknown_id_and_bad_parameters(small):
    with pytest.raises(NotFound):
        neighbourhood(small, "nope")
    with pytest.raises(ValueError):
        neighbourhood(small, "s", depth=9)
    with pytest.raises(ValueError):
        parse_types("Paper,Spaceship")
    with pytest.raises(ValueError):
        parse_years("2020:2010")


def test_suggestions_name_their_evidence(small):
    result = suggestions(small, ["s"], k=10)
    by_id = {item["id"]: item for item in result["suggestions"]}
    assert "s" not in by_id
    coupled = by_id["c1"]
    assert coupled["signals"]["coupling"] == 2.0
    assert any(line.startswith("shares 2 references with this paper: ") for line in
               coupled["explanation"])
    assert any("shares 1 author with this paper: Ada Example" == line
               for line in coupled["explanation"])
    cocited = by_id["k"]
    assert cocited["signals"]["cocitation"] == 2.0
    assert any(line.startswith("cited together 2 times by: Citer one; Citer two")
               for line in cocited["explanation"])


def test_suggestions_for_person_and_topic(small):
    person = suggestions(small, ["A2"], k=5)
    assert person["kind"] == "people"
    topic = suggestions(small, ["T1"], k=5)
    assert [p["id"] for p in topic["suggestions"]] == ["c1", "s"] or \
        {p["id"] for p in topic["suggestions"]} == {"c1", "s"}
    assert {p["id"] for p in topic["people"]} == {"A1", "A2"}


def test_search_and_details(small):
    found = search(small, "coupled")
    assert [i["id"] for i in found["groups"]["Paper"]["items"]] == ["c1"]
    details = node_details(small, "s")
    assert [a["name"] for a in details["authors"]] == ["Ada Example", "Bob Example"]
    assert details["authors"][0]["institutions"] == [{"id": "I1", "name": "Test University"}]
    assert details["citations"]["cited_by_in_graph"] == 2
    assert details["citations"]["references_in_graph"] == 3


def test_cli_neighbourhood_suggest_and_load_exit_codes(small, cli, tmp_path):
    view = cli("neighbourhood", "s", "--format", "json")
    assert view.returncode == 0, view.stderr
    assert json.loads(view.stdout)["center"] == "s"
    missing = cli("neighbourhood", "nope")
    assert missing.returncode == 2 and "nope" in missing.stderr
    suggested = cli("suggest", "s", "-k", "3", "--format", "json")
    assert json.loads(suggested.stdout)["suggestions"]
    assert cli("load", str(tmp_path / "absent.ris")).returncode == 2
    bad = tmp_path / "mixed.ris"
    bad.write_text("TY  - JOUR\nTI  - Good one\nER  - \nTY  - JOUR\nAU  - No title\nER  - \n")
    rejects = tmp_path / "rejects.jsonl"
    loaded = cli("load", str(bad), "--rejects", str(rejects))
    assert loaded.returncode == 3, loaded.stderr
    rejection = json.loads(rejects.read_text().splitlines()[0])
    assert rejection["line"] == 4 and "title" in rejection["reason"]
    assert "loaded: 1" in loaded.stdout


def test_cli_map_is_the_pages_map_and_prints_whole_ids(small, cli):
    """`explorer neighbourhood` draws what the page and its JSON twin draw by default
    (papers; people when --types asks), and its table prints each id whole."""
    from explorer.views.research_map import research_map

    long_id = "person-with-an-id-longer-than-the-old-column-of-28"
    GraphWriter(small).write([paper("s", "Seed paper", 2001, ["r1", "r2", "r3"],
                                    [Author(long_id, "Named Only", position=2)])])
    shown = json.loads(cli("neighbourhood", "s", "--format", "json", check=True).stdout)
    assert [n["id"] for n in shown["nodes"]] == [n["id"] for n in research_map(small, "s")["nodes"]]
    assert {n["type"] for n in shown["nodes"]} == {"Paper"}
    table = cli("neighbourhood", "s", "--types", "Paper,Person", check=True).stdout
    rows = [line for line in table.splitlines() if "Named Only" in line]
    assert len(rows) == 1 and rows[0].endswith("  " + long_id)
    assert any(line.split()[-1] == "A1" and "Ada Example" in line for line in table.splitlines())


def test_search_from_the_cli_and_python_is_the_web_apps(small, cli):
    """`explorer search` and `Explorer.search` answer as /api/search does: the same
    groups and items; the table names each match by id and title; bad input exits 2."""
    from explorer.notebook import Explorer

    asked = json.loads(cli("search", "seed paper", "--format", "json", check=True).stdout)
    assert asked == search(small, "seed paper", limit=10)
    assert asked["groups"]["Paper"]["items"][0]["id"] == "s"
    assert Explorer(small).search("Ada", types="Person")["groups"]["Person"]["items"][0][
        "id"] == "A1"
    table = cli("search", "citation", "--types", "topic,paper").stdout.splitlines()
    assert "1 topic (page 1 of 1)" in table and "    1. T1  Citation analysis" in table
    assert cli("search", "zzzqqq", check=True).stdout.strip() == "nothing matches 'zzzqqq'"
    empty = cli("search", " ")
    assert empty.returncode == 2 and "the search text is empty" in empty.stderr
    assert cli("search", "seed", "--types", "Planet").returncode == 2


def test_later_hops_keep_to_the_scan_budget(empty_graph, monkeypatch):
    """A centre cited by 15 papers a0..a14, each cited by i+1 papers: with a budget
    for about ten of them, hop 2 expands only the ten most cited and says so."""
    from explorer.views import neighbourhood as service_view

    records = [paper("centre", "Centre", 1990)]
    for i in range(15):
        records.append(paper(f"a{i:02}", f"Citer {i}", 1995, ["centre"]))
        records += [paper(f"b{i:02}-{j}", f"Second {i}.{j}", 2000, [f"a{i:02}"])
                    for j in range(i + 1)]
    GraphWriter(empty_graph).write(records)
    monkeypatch.setattr(service_view, "SCAN_BUDGET", 300)  # 10 nodes cost >= 10 * 25
    view = neighbourhood(empty_graph, "centre", depth=2, limit=300)
    notes = [t for t in view["truncated"] if t["rule"] == "scan budget"]
    assert len(notes) == 1 and "5 more nodes not expanded" in notes[0]["message"]
    hop2 = {n["id"].split("-")[0] for n in view["nodes"] if n["hop"] == 2}
    assert hop2 == {f"b{i:02}" for i in range(5, 15)}  # the ten most cited citers
    monkeypatch.setattr(service_view, "SCAN_BUDGET", 12_000)
    full = neighbourhood(empty_graph, "centre", depth=2, limit=300)
    assert not [t for t in full["truncated"] if t["rule"] == "scan budget"]
    assert len(full["nodes"]) == 1 + 15 + sum(range(1, 16))


@pytest.mark.arcadedb_only("needs a user the server forbids to write (the local server's "
                           "reader); Neo4j Community has no roles")
def test_a_refused_batch_raises_naming_its_first_record(empty_graph, server_settings):
    """The server itself refuses the writes (the read-only user): the load stops
    with BatchFailed naming the batch's first record, whatever was in flight."""
    from neo4j import GraphDatabase

    from cypher.access.graph import Graph
    from loaders.writer import BatchFailed

    GraphWriter(empty_graph).write([paper("ok", "Written first")])
    reader = Graph(GraphDatabase.driver(empty_graph.uri, auth=empty_graph.backend.reader_auth),
                   server_settings, empty_graph.backend)
    try:
        writer = GraphWriter(reader, batch_size=2)
        writer._schema_ready = True  # the schema exists; the reader may not run DDL
        records = [PaperRecord(id=f"p{i}", source="test", title=f"Paper {i}", file="f.jsonl",
                               line=i + 1) for i in range(5)]
        with pytest.raises(BatchFailed, match=r"batch that starts at f\.jsonl:1 \(2 records\)"):
            writer.write(records)
        assert writer._executor is None  # the background writer was stopped
    finally:
        reader.close()
    rows = empty_graph.run_text("MATCH (p:Paper) RETURN p.id AS id").records
    assert [r["id"] for r in rows] == ["ok"]


def test_stored_indegree_is_exact_when_refreshed_mid_load(empty_graph, monkeypatch):
    """With a tiny identity cache (emptied between batches, one batch always in
    flight) every paper still ends with its true `indegree`, counted as citations
    are created."""
    from loaders import rows as rows_module

    monkeypatch.setattr(rows_module, "ALIAS_CACHE_LIMIT", 3)
    records = [paper(f"p{i}", f"Paper {i}", refs=[f"p{j}" for j in range(i) if (i + j) % 3])
               for i in range(12)]
    GraphWriter(empty_graph, batch_size=2).write(records)
    rows = empty_graph.run_text("MATCH (p:Paper) RETURN p.id AS id, p.indegree AS stored, "
                                "COUNT { (p)<-[:CITES]-() } AS actual").records
    assert len(rows) == 12 and sum(r["actual"] for r in rows) > 20
    assert [(r["id"], r["stored"]) for r in rows if (r["stored"] or 0) != r["actual"]] == []


def test_links_beyond_the_edge_cap_are_reported(empty_graph):
    """A 60-paper citation clique: 3,540 links among 60 nodes, more than 20 per node."""
    records = [paper(f"q{i:02}", f"Clique {i}", refs=[f"q{j:02}" for j in range(60) if j != i])
               for i in range(60)]
    GraphWriter(empty_graph).write(records)
    view = neighbourhood(empty_graph, "q00", depth=1, limit=60)
    assert len(view["nodes"]) == 60
    cut = [t for t in view["truncated"] if t["rule"] == "edge cap"]
    assert len(view["edges"]) == 1200  # 20 per node
    assert len(cut) == 1 and (cut[0]["total"], cut[0]["shown"]) == (3540, 1200)
    assert cut[0]["message"] == "only 1,200 of the 3,540 links among the 60 nodes are drawn"
    small = neighbourhood(empty_graph, "q00", depth=1, limit=30)
    assert len(small["edges"]) == 30 * 29 and not [  # under the floor of 1,000
        t for t in small["truncated"] if t["rule"] == "edge cap"]

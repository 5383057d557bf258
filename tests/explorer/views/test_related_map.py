"""explorer.views.related_map: a paper's map of related papers, read in three round trips."""

from __future__ import annotations

import pytest

from cypher.access.errors import NotFound
from explorer.views import related_index
from explorer.views.provenance import RecordingGraph
from explorer.views.related_map import _two_reads, related_map
from explorer.views.research_map import research_map, warm_up
from loaders.records import Author, Institution, PaperRecord, Topic
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


def paper(pid, title, year, refs=(), authors=(), topics=()):
    return PaperRecord(id=pid, source="test", title=title, year=year, references=tuple(refs),
                       authors=tuple(authors), topics=tuple(topics), file="tests", line=1)


@pytest.fixture
def field(empty_graph):
    ada = Author("A1", "Ada Lovelace")
    topic = Topic("T9", "Cartilage repair", level=3)
    records = [paper(f"p{i}", f"Cartilage repair trial number {i}", 2000 + i,
                     [f"p{j}" for j in range(max(0, i - 3), i)] + ["ext1"], [ada], [topic])
               for i in range(12)]
    records.append(paper("lonely", "Protein folding", 2020))
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=5)
    return empty_graph


def test_the_default_map_is_titled_papers_and_its_counts_agree(field):
    view = research_map(field, "p6")
    assert view["kind"] == "related" and view["center"] == "p6"
    assert {n["type"] for n in view["nodes"]} == {"Paper"}
    assert all(n["title"] and not n["stub"] for n in view["nodes"])  # ext1: never shown
    assert 1 < len(view["nodes"]) <= 6  # the paper and its k related papers
    assert view["total_nodes"] == len(view["nodes"]) + view["left_out_nodes"]
    ids = {n["id"] for n in view["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    related = [e for e in view["edges"] if e["type"] == "RELATED"]
    assert related and all(e["evidence"] for e in related)
    assert "lonely" not in ids


def test_a_deeper_map_adds_papers_up_to_the_limit_in_three_round_trips(field):
    recording = RecordingGraph(field)
    view = research_map(recording, "p6", depth=2, limit=9)
    assert len(view["nodes"]) == 9
    assert len(recording.statements) <= 3  # the node with its entries, then the papers
    shallow = research_map(field, "p6", depth=1, limit=9)
    assert {n["id"] for n in shallow["nodes"]} <= {n["id"] for n in view["nodes"]}


def test_the_warm_up_builds_the_pages_maps_of_papers_with_a_list_and_keeps_its_time(field):
    recording = RecordingGraph(field)
    assert warm_up(recording, papers=3) == 6  # each paper's default and depth-2 map
    names = [s["name"] for s in recording.statements]
    assert names[0] == "read/warm_up_papers" and len(names) == 7  # one read a map
    warmed = [s["params"]["id"] for s in recording.statements[1:]]
    assert len(set(warmed)) == 3 and "lonely" not in warmed  # papers with a list only
    assert warm_up(field, papers=3, seconds=0) == 0


def test_people_and_topics_are_overlays_asked_for(field):
    view = research_map(field, "p6", types=["Paper", "Person", "Topic"])
    kinds = {n["type"] for n in view["nodes"]}
    assert kinds == {"Paper", "Person", "Topic"}
    assert {e["type"] for e in view["edges"]} >= {"AUTHORED", "ABOUT"}


def test_overlay_links_are_drawn_once(empty_graph):
    """A person on many papers of the map is linked to their institution once."""
    uni = Institution("I1", "University of Tromsø")
    ada = Author("A1", "Ada Lovelace", institutions=(uni,))
    bob = Author("A2", "Bob Babbage", position=1, institutions=(uni,))
    topic = Topic("T9", "Cartilage repair", level=3)
    records = [paper(f"p{i}", f"Cartilage repair trial number {i}", 2000 + i,
                     [f"p{j}" for j in range(max(0, i - 3), i)], [ada, bob], [topic])
               for i in range(8)]
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=5)
    view = research_map(empty_graph, "p4", depth=2, limit=300,
                        types=["Paper", "Person", "Topic", "Institution"])
    keys = [(e["source"], e["target"], e["type"]) for e in view["edges"]]
    assert len(keys) == len(set(keys))
    assert keys.count(("A1", "I1", "AFFILIATED_WITH")) == 1
    assert {n["type"] for n in view["nodes"]} == {"Paper", "Person", "Topic", "Institution"}


def test_a_person_map_starts_from_their_papers(field):
    view = research_map(field, "A1")
    assert view["center"] == "A1" and view["center_type"] == "Person"
    assert sum(1 for n in view["nodes"] if n["type"] == "Paper") >= 5


def test_the_link_map_is_still_there(field):
    view = research_map(field, "p6", kind="links", depth=1)
    assert view["kind"] == "links"
    assert "ext1" in {n["id"] for n in view["nodes"]}  # references known only by id


def test_a_deeper_map_keeps_to_the_years_asked_and_counts_what_it_leaves_out(field):
    view = research_map(field, "p6", depth=2, limit=40, years=(2003, 2009))
    papers = [n for n in view["nodes"] if n["id"] != "p6"]
    assert papers and all(2003 <= n["year"] <= 2009 for n in papers)
    assert {n["hop"] for n in papers} <= {1, 2}
    small = research_map(field, "p6", depth=2, limit=4)
    assert len(small["nodes"]) == 4 and small["left_out_nodes"] > 0
    assert small["total_nodes"] == 4 + small["left_out_nodes"]


def test_a_person_map_is_read_in_three_round_trips_and_an_unknown_id_is_not_found(field):
    recording = RecordingGraph(field)
    view = research_map(recording, "A1", depth=2, limit=20)
    assert len(recording.statements) <= 3
    assert view["center_type"] == "Person"
    with pytest.raises(NotFound):
        research_map(field, "no-such-node")


def test_depth_three_reaches_further_than_two_in_three_round_trips(empty_graph):
    """A chain of papers each citing its three predecessors: with few entries a paper
    (k 3), depth 2 stops near the centre and depth 3 goes a hop further, up to the limit."""
    records = [paper(f"c{i:02}", f"Chain paper {i} on cartilage", 1990 + i,
                     [f"c{j:02}" for j in range(max(0, i - 3), i)]) for i in range(40)]
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=3)
    two = research_map(empty_graph, "c20", depth=2, limit=30)
    recording = RecordingGraph(empty_graph)
    three = research_map(recording, "c20", depth=3, limit=30)
    assert len(recording.statements) <= 3
    ids_two, ids_three = ({n["id"] for n in v["nodes"]} for v in (two, three))
    assert ids_two < ids_three and len(ids_three) <= 30
    assert {n["hop"] for n in three["nodes"]} >= {0, 1, 2, 3}
    assert all(not n.get("stub") for n in three["nodes"])
    drawn = {(e["source"], e["target"]) for e in three["edges"]}
    assert all(a in ids_three and b in ids_three for a, b in drawn)


DEPTH_ONE_OPTIONS = [
    {}, {"limit": 4}, {"years": (2003, 2008)}, {"years": (2003, None), "keep_undated": True},
    {"types": ["Paper", "Person", "Topic", "Institution"]},
]


def test_a_papers_default_map_is_one_read_and_the_same_as_the_two_read_map(field):
    for options in DEPTH_ONE_OPTIONS:
        recording = RecordingGraph(field)
        view = related_map(recording, "p6", **options)
        assert [s["name"] for s in recording.statements] == ["read/related_map_near"], options
        full = {"limit": 40, "types": None, "years": None, "keep_undated": False,
                "resolution": 1.0, "seed": 42, **options}
        assert view == _two_reads(field, "p6", depth=1, **full), options


DEPTH_TWO_OPTIONS = [
    {}, {"limit": 4}, {"limit": 8}, {"years": (2003, 2008)},
    {"years": (2003, None), "keep_undated": True},
    {"types": ["Paper", "Person", "Topic", "Institution"]},
]


def test_a_papers_depth_two_map_is_one_read_and_the_same_as_the_two_read_map(field):
    """One field for the six option sets (a field costs a load and an index build)."""
    for options in DEPTH_TWO_OPTIONS:
        recording = RecordingGraph(field)
        view = related_map(recording, "p6", depth=2, **options)
        assert [s["name"] for s in recording.statements] == ["read/related_map_far"], options
        full = {"limit": 40, "types": None, "years": None, "keep_undated": False,
                "resolution": 1.0, "seed": 42, **options}
        assert view == _two_reads(field, "p6", depth=2, **full), options
        if "limit" not in options:  # the second hop is there: papers the first hop links
            assert {n["hop"] for n in view["nodes"]} == {0, 1, 2}, options


def test_a_map_without_index_links_falls_back_to_the_two_reads(field):
    recording = RecordingGraph(field)
    view = related_map(recording, "lonely")
    assert [n["id"] for n in view["nodes"]] == ["lonely"]
    assert [s["name"] for s in recording.statements][0] == "read/related_map_near"
    assert "read/related_start" in [s["name"] for s in recording.statements]
    recording = RecordingGraph(field)
    assert [n["id"] for n in related_map(recording, "lonely", depth=2)["nodes"]] == ["lonely"]
    assert [s["name"] for s in recording.statements][:2] == ["read/related_map_far",
                                                             "read/related_start"]


def test_maps_read_from_the_list_nodes_equal_maps_read_from_the_links(field):
    """Each card's index links come from its paper's one (:RelatedList) node; a graph
    indexed before those nodes were kept is read from the links themselves: the same
    maps, at every depth, for a person too, with every overlay."""
    asked = [("p6", {}), ("p6", {"depth": 2}), ("p6", {"depth": 2, "limit": 8}),
             ("p6", {"depth": 3, "limit": 12}), ("A1", {"depth": 2}),
             ("p6", {"depth": 2, "types": ["Paper", "Person", "Topic", "Institution"]})]
    lists = field.run_text("MATCH (l:RelatedList) RETURN count(l) AS n",
                           read_only=True).records[0]["n"]
    assert lists == 12  # every paper with index links ("lonely" has none)
    from_lists = [research_map(field, node, **options) for node, options in asked]
    assert all(len(view["edges"]) > 1 for view in from_lists)
    field.run_text("MATCH (l:RelatedList) DELETE l")
    assert [research_map(field, node, **options) for node, options in asked] == from_lists


def test_maps_read_the_topic_names_kept_on_the_paper_as_the_walk_gives_them(empty_graph):
    """A load keeps each paper's map topics on it (``write/summarize_topics``): the names
    the walk over its topic links gives; maps of a graph loaded before (no names kept)
    walk the links and are the same maps."""
    from explorer.views.related_map import specific_topics

    names = ["Knee", "Cartilage", "Meniscus", "Bone", "Stem cells", "Arthroscopy"]
    records = [paper(f"p{i}", f"Cartilage repair trial number {i}", 2000 + i,
                     [f"p{j}" for j in range(max(0, i - 3), i)] + ["ext1"], topics=[
                         Topic("C0", "Medicine", level=0, score=0.95),
                         *(Topic(f"C{k + 1}", name, level=2 + k % 2, score=round(
                             0.1 + ((i + k) % 5) / 10, 2)) for k, name in enumerate(names))])
               for i in range(10)]
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=5)
    rows = empty_graph.run_text(
        "MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id, p.topic_names AS kept, "
        "[(p)-[t:ABOUT]->(x:Topic) | [coalesce(t.score, 0.0), x.name, x.level]] AS walked",
        read_only=True).records
    assert len(rows) == 10
    assert all(list(r["kept"]) == specific_topics(r["walked"]) for r in rows)
    assert all(len(r["kept"]) == 5 and "Medicine" not in r["kept"] for r in rows)
    asked = [("p6", {}), ("p6", {"depth": 2}), ("p6", {"depth": 3, "limit": 9})]
    kept = [research_map(empty_graph, node, **options) for node, options in asked]
    assert all(len(node["topics"]) == 5 for view in kept for node in view["nodes"])
    empty_graph.run_text("MATCH (p:Paper) REMOVE p.topic_names")
    assert [research_map(empty_graph, node, **options) for node, options in asked] == kept

"""explorer.views.entity_leads: each topic's and institution's leading papers kept on it,
the same as reading all its papers finds, after a whole build, after a load's update,
and computed in memory for a first load's import or bulk files."""

from __future__ import annotations

import pytest

from explorer.views import entity, entity_leads, related_index, related_map
from explorer.views.entity import node_details, node_papers
from explorer.views.research_map import research_map
from loaders.bulk import BulkGraph
from loaders.records import Author, Institution, PaperRecord, Topic
from loaders.writer import GraphWriter

UNI = Institution("I1", "University of Somewhere")
LAB = Institution("I2", "Small Lab")
BROAD = Topic("T1", "Cartilage repair", level=3)


def paper(pid, year, refs=(), authors=(), topics=()):
    return PaperRecord(id=pid, source="test", title=f"Cartilage study {pid}", year=year,
                       references=tuple(refs), authors=tuple(authors), topics=tuple(topics),
                       file="tests", line=1)


def first_load() -> list[PaperRecord]:
    """70 papers about one topic (more than a lead holds), with topic scores that tie,
    citations that give them different in-degrees (many ties too), two people of one
    institution and one person with no institution yet."""
    records = []
    for i in range(70):
        if i < 35:
            author = Author("A1", "Ada One", institutions=(UNI,))
        elif i < 60:
            author = Author("A2", "Bo Two", institutions=(UNI, LAB))
        else:
            author = Author("A4", "Di Four")
        refs = [f"p{j:02d}" for j in range(max(0, i - 4), i) if (i + j) % 3]
        helper = Author(f"C{i:02d}", f"Co Author {69 - i:02d}", position=1)  # one paper each
        records.append(paper(f"p{i:02d}", 1990 + i % 7, refs + ["ext"], [author, helper],
                             [Topic("T1", "Cartilage repair", level=3, score=(i % 3) / 3),
                              Topic(f"T{2 + i % 2}", f"Subject {i % 2}", level=2,
                                    score=0.5)]))
    return records


def second_load() -> list[PaperRecord]:
    """Ten new papers, about another topic and the first, that cite two little-cited
    papers of the first many times; the first is by the person with no institution, now
    affiliated with the university (so that person's earlier papers become the
    university's), the others by a new person."""
    return [paper(f"q{i}", 2021, ["p68", "p01"],
                  [Author("A4", "Di Four", institutions=(UNI,)) if i == 0 else
                   Author("A5", "Eve Five")],
                  [Topic("T9", "Other topic", level=3, score=0.9),
                   Topic("T1", "Cartilage repair", level=3, score=0.1)])
            for i in range(10)]


def _stored(graph) -> dict[str, list | None]:
    """Each topic's and institution's lead, each topic's people (as "people:ID") and
    their papers about it (as "papers:ID")."""
    rows = graph.run_text(
        "MATCH (n:Topic) RETURN n.id AS id, n.lead AS lead, n.lead_people AS people, "
        "n.lead_people_papers AS papers "
        "UNION ALL MATCH (n:Institution) RETURN n.id AS id, n.lead AS lead, null AS people, "
        "null AS papers", read_only=True).records
    return {**{r["id"]: r["lead"] for r in rows},
            **{f"people:{r['id']}": r["people"] for r in rows if r["id"].startswith("T")},
            **{f"papers:{r['id']}": r["papers"] for r in rows if r["id"].startswith("T")}}


def _scanned(graph) -> dict[str, list[str] | None]:
    """Each topic's and institution's first papers as the map's read finds them among
    all its papers (its lead removed); the leads are put back after."""
    kept = _stored(graph)
    graph.run_text("MATCH (n:Topic) REMOVE n.lead, n.lead_people")
    graph.run_text("MATCH (n:Institution) REMOVE n.lead")
    found = {}
    for node_id in kept:
        if node_id.startswith(("people:", "papers:")):
            people = graph.read("read/topic_people", id=node_id[7:],
                                limit=entity_leads.PEOPLE)
            column = "id" if node_id.startswith("people:") else "papers"
            found[node_id] = [p[column] for p in people] or None
            continue
        seeds = graph.read_records("read/related_start", id=node_id,
                                   limit=entity_leads.LEAD)[0]["seeds"]
        found[node_id] = [pid for pid, _ in seeds if pid is not None] or None
    entity_leads.build(graph)
    return found


def _views(graph) -> tuple:
    """The topic's and the university's maps, pages (the first from the lead, the next
    past it) and page details."""
    details = [{k: v for k, v in node_details(graph, node_id).items() if k != "properties"}
               for node_id in ("T1", "I1")]  # (the properties hold the lead)
    return (research_map(graph, "T1"), research_map(graph, "I1"), *details,
            node_papers(graph, "T1", 10, 40), node_papers(graph, "I1", 50, 20))


@pytest.mark.server
def test_leads_are_what_reading_all_papers_finds_after_a_build_and_after_an_update(
        empty_graph):
    GraphWriter(empty_graph).write(first_load())
    related_index.build(empty_graph, k=5)
    leads = _stored(empty_graph)
    assert len(leads["T1"]) == entity_leads.LEAD  # 70 papers, the lead keeps 60
    assert leads["people:T1"][:3] == ["A1", "A2", "A4"]  # 73 people: 50 kept
    assert leads["people:T1"][3:5] == ["C69", "C68"] and len(leads["people:T1"]) == 50
    assert leads["I1"] and "p68" not in leads["I1"]  # A4 has no institution yet
    assert leads == _scanned(empty_graph)
    topic_map = research_map(empty_graph, "T1")
    institution_map = research_map(empty_graph, "I1")

    # the second load updates the index (not a whole build): its leads are refreshed
    stats = GraphWriter(empty_graph).write(second_load())
    run = related_index.after_load(empty_graph, stats)
    assert run is not None and run["scope"] == "update"
    after = _stored(empty_graph)
    # cited ten times more: the best cited papers of the topic and the university now
    assert after["T1"][:2] == after["I1"][:2] == ["p01", "p68"]
    assert after["T9"] and after["T9"][0].startswith("q") and "A5" not in after
    assert after != leads and after == _scanned(empty_graph)
    # the maps read the kept lead, and draw what they drew reading every paper
    assert research_map(empty_graph, "T1") != topic_map
    with_leads = _views(empty_graph)
    empty_graph.run_text("MATCH (n:Topic) REMOVE n.lead, n.lead_people")
    empty_graph.run_text("MATCH (n:Institution) REMOVE n.lead")
    empty_graph.mark_changed()
    assert _views(empty_graph) == with_leads
    assert len(with_leads[2]["papers"]) == 50 and with_leads[2]["papers_more"]
    assert len(with_leads[2]["people"]) == 50 and with_leads[2]["people"][2]["papers"] == 11
    assert [p["id"] for p in with_leads[2]["people"][:4]] == ["A1", "A2", "A4", "A5"]
    assert institution_map["nodes"]


@pytest.mark.server
def test_leads_computed_in_memory_are_the_leads_the_statements_set(empty_graph):
    records = first_load() + second_load()
    GraphWriter(empty_graph).write(records)
    related_index.build(empty_graph, k=5)
    bulk = BulkGraph()
    bulk.add(records)
    bulk.finish()
    entity_leads.set_in_bulk(bulk)
    in_memory = {**{node_id: props.get("lead") for label in ("Topic", "Institution")
                    for node_id, props in bulk.others()[label].items()},
                 **{f"people:{node_id}": props.get("lead_people")
                    for node_id, props in bulk.others()["Topic"].items()},
                 **{f"papers:{node_id}": props.get("lead_people_papers")
                    for node_id, props in bulk.others()["Topic"].items()}}
    assert in_memory == _stored(empty_graph)
    assert in_memory["I2"] and in_memory["T1"][:2] == ["p01", "p68"]


def test_a_lead_is_most_cited_first_then_best_topic_score_then_id():
    bea, al, cy = Author("Y", "Bea"), Author("Z", "Al"), Author("W", "Cy")
    records = [paper("c", 2000, authors=[bea], topics=[Topic("T", "t", level=3, score=0.2)]),
               paper("b", 2000, authors=[bea, al],
                     topics=[Topic("T", "t", level=3, score=0.9)]),
               paper("a", 2000, authors=[al, cy], topics=[Topic("T", "t", level=3, score=0.2)]),
               paper("d", 2000, ["c"], authors=[Author("X", "X", institutions=(UNI,))]),
               paper("e", 2010, authors=[Author("X", "X", institutions=(UNI,))]),
               paper("f", 2000, authors=[Author("X", "X", institutions=(UNI,))])]
    bulk = BulkGraph()
    bulk.add(records)
    bulk.finish()
    entity_leads.set_in_bulk(bulk)
    assert bulk.topics.nodes["T"]["lead"] == ["c", "b", "a"]
    assert bulk.topics.nodes["T"]["lead_people"] == ["Z", "Y", "W"]  # most papers, by name
    assert bulk.topics.nodes["T"]["lead_people_papers"] == [2, 2, 1]
    assert bulk.institutions.nodes["I1"]["lead"] == ["e", "d", "f"]  # later year first


def test_the_lists_hold_what_the_maps_and_pages_read_from_them():
    # the map's seeds, and a page's first papers and people with one more (to know of
    # more): a smaller list would send every map and page back to reading all papers
    assert entity_leads.LEAD >= related_map.ENTITY_SEEDS
    assert entity_leads.LEAD >= entity.DETAIL_LIMIT + 1
    assert entity_leads.PEOPLE >= entity.DETAIL_LIMIT

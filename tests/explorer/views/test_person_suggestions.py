"""A person's suggested people on the real server: the second co-authorship step is
bounded (closest collaborators, papers of small teams) and never suggests anyone the
person wrote with; the same-topics list reads each topic's kept most active people.

    me   wrote a1 (with c1), a2 (with c1, c2) and big (with b0..b54: 56 authors)
    c1   wrote d1 (with x1), d2 (with x1, x2), d4 (with x3, their latest) and huge (with
         y0..y54: 56 authors)
    c2   wrote d3 (with x1 and b0, whom me wrote with on big; c2's latest)
    z1   wrote t1 (topics T1 and T2), z2 wrote t2 (topic T1); a1 is about T1, a2 T1 and T2
"""

from __future__ import annotations

import pytest

from explorer.views import entity_leads
from explorer.views import suggestions as suggestions_module
from explorer.views.adjacent import adjacent_work
from explorer.views.suggestions import TEAM_MAX, suggestions
from loaders.records import Author, PaperRecord, Topic
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server

T1 = Topic("T1", "Citation analysis", level=0, score=0.9)
T2 = Topic("T2", "Bibliometrics", level=0, score=0.8)


def _people(*ids: str) -> tuple[Author, ...]:
    return tuple(Author(i, f"Name {i}", position=n) for n, i in enumerate(ids))


def _paper(pid: str, people: tuple[Author, ...], topics=(), year: int = 2001) -> PaperRecord:
    return PaperRecord(id=pid, source="test", title=f"Paper {pid}", year=year,
                       authors=people, topics=tuple(topics), file="tests", line=1)


@pytest.fixture
def team_graph(empty_graph):
    big = [f"b{i}" for i in range(TEAM_MAX + 5)]
    huge = [f"y{i}" for i in range(TEAM_MAX + 5)]
    GraphWriter(empty_graph).write([
        _paper("a1", _people("me", "c1"), [T1]),
        _paper("a2", _people("me", "c1", "c2"), [T1, T2]),
        _paper("big", _people("me", *big)),
        _paper("d1", _people("c1", "x1")),
        _paper("d2", _people("c1", "x1", "x2")),
        _paper("d4", _people("c1", "x3"), year=2015),
        _paper("huge", _people("c1", *huge)),
        _paper("d3", _people("c2", "x1", "b0"), year=2012),
        _paper("t1", _people("z1"), [T1, T2]),
        _paper("t2", _people("z2"), [T1]),
    ])
    return empty_graph


def test_collaborators_of_collaborators_leave_out_collaborators_and_large_teams(team_graph):
    found = suggestions(team_graph, ["me"], k=20)
    assert found["kind"] == "people"
    people = {p["id"]: p for p in found["suggestions"]}
    # x1 through c1, c2 and b0 (d3 is a small team), x2 and x3 through c1; b0 wrote with
    # me (on big), so is no suggestion; the y* wrote with c1 only on huge
    assert list(people) == ["x1", "x2", "x3"]
    assert people["x1"]["signals"]["via"] == 3
    [why] = people["x1"]["explanation"]
    assert why.startswith("collaborator of 3 of their collaborators: ")
    assert set(why.split(": ")[1].split("; ")) == {"Name c1", "Name c2", "Name b0"}
    assert people["x2"]["signals"]["via"] == 1


def test_people_named_as_the_person_are_not_suggested(team_graph):
    """Another record of the person (or a namesake) is no one to look at next."""
    GraphWriter(team_graph).write([
        _paper("d5", (Author("x4", "Name  ME"), Author("c2", "Name c2", position=1))),
        _paper("t3", (Author("me-again", "name me"),), [T1])])
    found = suggestions(team_graph, ["me"], k=20)
    assert [p["id"] for p in found["suggestions"]] == ["x1", "x2", "x3"]
    assert "me-again" not in {p["id"] for p in found["same_topics"]}
    assert "me-again" in {p["id"] for p in suggestions(team_graph, ["z2"], k=20)["same_topics"]}


def test_each_collaborator_is_walked_through_their_latest_papers(team_graph, monkeypatch):
    monkeypatch.setattr(suggestions_module, "PAPERS_WALKED", 1)
    people = suggestions(team_graph, ["me"], k=20)["suggestions"]
    # c1's latest paper is d4 (x3); c2's and b0's is d3 (x1): x2 is not reached
    assert [(p["id"], p["signals"]["via"]) for p in people] == [("x1", 2), ("x3", 1)]


def test_same_topics_read_each_topics_kept_people(team_graph):
    def shared() -> dict[str, int]:
        same = suggestions(team_graph, ["me"], k=20)["same_topics"]
        return {p["id"]: p["signals"]["shared"] for p in same}

    walked = shared()  # no kept lists yet: each topic's papers are read
    assert walked["z1"] == 2 and walked["z2"] == 1 and "me" not in walked
    entity_leads.build(team_graph)
    assert shared() == walked  # the kept lists hold every author of these small topics
    team_graph.run_text("MATCH (t:Topic {id: 'T1'}) SET t.lead_people = ['z1', 'me']")
    kept = shared()
    assert kept["z1"] == 2 and "z2" not in kept  # read from the list, not the papers


def test_the_adjacent_people_carry_their_relative_score(team_graph):
    people = adjacent_work(team_graph, "me")["people"]
    assert [(p["id"], p["relative"]) for p in people] == [
        ("x1", 1.0), ("x2", 0.333), ("x3", 0.333)]


def test_adjacent_from_the_cli_and_python_are_the_pages_lists(team_graph, cli):
    """`explorer adjacent` and `Explorer.adjacent` give the lists /api/adjacent gives,
    each with its heading, items by id and title, and the evidence in words."""
    from explorer.notebook import Explorer

    listed = adjacent_work(team_graph, "me", k=5)
    assert Explorer(team_graph).adjacent("me", k=5) == listed
    table = cli("adjacent", "me", "-k", "5", check=True).stdout.splitlines()
    assert "People to look at next. 3 listed." in table
    at = table.index("    1. x1  Name x1")
    assert table[at + 1].startswith("        collaborator of 3 of their collaborators: ")
    assert any(line.startswith("Prior work: ") for line in table)
    people = cli("adjacent", "me", "--list", "people", check=True).stdout
    assert "Prior work" not in people and "Name x3" in people
    missing = cli("adjacent", "nobody")
    assert missing.returncode == 2 and "no node with id 'nobody'" in missing.stderr

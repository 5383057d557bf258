"""explorer.views.related_index: the related-work index written into the graph, and kept up."""

from __future__ import annotations

import numpy as np
import pytest

from explorer.views import paper_summaries, related_index
from loaders.records import Author, PaperRecord
from loaders.related_lists import read_links
from loaders.writer import GraphWriter

pytestmark = pytest.mark.server


def paper(pid, title, year=2000, refs=()):
    return PaperRecord(id=pid, source="test", title=title, year=year, references=tuple(refs),
                       file="tests", line=1)


FIELD = [
    paper("a", "Cartilage repair of the knee by microfracture", 2001, ["x", "y", "z"]),
    paper("b", "Microfracture against chondrocyte implantation in the knee", 2002,
          ["x", "y", "z"]),
    paper("c", "A review of knee cartilage repair", 2005, ["a", "b"]),
    paper("d", "Cartilage repair trials compared", 2006, ["a", "b"]),
    paper("e", "Deep learning for protein folding", 2010, ["q"]),
]


def _links(graph) -> dict[str, dict[str, dict]]:
    rows = graph.run_text("MATCH (p:Paper)-[r:RELATED]->(q:Paper) RETURN p.id AS p, q.id AS q, "
                          "r.score AS score, r.cocited AS cocited, r.coupled AS coupled, "
                          "r.cites AS cites, q.stub AS stub", read_only=True).records
    out: dict[str, dict[str, dict]] = {}
    for row in rows:
        out.setdefault(row["p"], {})[row["q"]] = dict(row.items())
    return out


def _lists(graph) -> dict[str, list[list]]:
    """Each paper's related-work list node, read back: {paper id: entries}."""
    rows = graph.run_text("MATCH (l:RelatedList) RETURN l.id AS id, l.links AS links",
                          read_only=True).records
    return {row["id"]: read_links(row["links"]) for row in rows}


def _lists_agree_with_links(graph) -> dict[str, list[list]]:
    """Assert that every paper with index links has a list node holding exactly them
    (related id, score, cocited, coupled, cites, shared) and no other paper has one."""
    rows = graph.run_text("MATCH (p:Paper)-[r:RELATED]->(q:Paper) RETURN p.id AS p, "
                          "[q.id, r.score, r.cocited, r.coupled, r.cites, r.shared] AS entry",
                          read_only=True).records
    links: dict[str, list] = {}
    for row in rows:
        links.setdefault(row["p"], []).append(row["entry"])
    lists = _lists(graph)
    assert {p: sorted(map(tuple, e)) for p, e in lists.items()} == {
        p: sorted(map(tuple, e)) for p, e in links.items()}
    return lists


def test_build_writes_each_papers_related_papers_with_exact_evidence(empty_graph):
    stats = GraphWriter(empty_graph).write(FIELD)
    run = related_index.build(empty_graph, k=3)
    assert run["scope"] == "all" and run["papers"] == stats.loaded == 5
    links = _links(empty_graph)
    assert not [q for p in links.values() for q in p.values() if q["stub"]]  # stubs: never
    assert all(len(related) <= 3 for related in links.values())
    assert links["a"]["b"]["cocited"] == 2  # cited together by c and d
    assert links["a"]["b"]["coupled"] == 3  # x, y, z: known only by id, still evidence
    assert links["c"]["a"]["cites"] == 1 and links["a"]["c"]["cites"] == -1
    assert "e" not in links.get("a", {})  # nothing links them
    lists = _lists_agree_with_links(empty_graph)  # and each list is best first
    assert all([e[1] for e in entries] == sorted((e[1] for e in entries), reverse=True)
               for entries in lists.values()) and len(lists) == len(links)
    assert related_index.latest_run(empty_graph)["links"] == run["links"] == sum(
        len(r) for r in links.values())
    phases = [run["read_seconds"], run["score_seconds"], run["write_seconds"]]
    # each phase is recorded to the millisecond: the write the scoring waited for can
    # round to 0 when the background write ends first, the read never does
    assert phases[0] > 0 and all(p >= 0 for p in phases)
    assert sum(phases) <= run["seconds"] + 0.02


def test_an_update_rewrites_only_the_region_of_the_new_papers(empty_graph):
    GraphWriter(empty_graph).write(FIELD)
    related_index.build(empty_graph, k=3)
    before = _links(empty_graph)
    stats = GraphWriter(empty_graph).write([paper("f", "Knee cartilage microfracture", 2012,
                                                  ["a", "b"])])
    run = related_index.after_load(empty_graph, stats)
    assert run is not None and run["scope"] == "update"
    after = _links(empty_graph)
    assert after["f"] and set(after["f"]) <= {"a", "b", "c", "d"}
    assert after.get("e") == before.get("e")  # outside the region: untouched
    assert _lists_agree_with_links(empty_graph)["f"]
    assert run["papers"] < 6
    assert run["read_seconds"] > 0 and run["write_seconds"] >= 0
    assert run["field"] == 6 == related_index.field_size(empty_graph)  # 5 built, f added


def test_an_update_scores_its_region_with_the_fields_hubs(empty_graph, monkeypatch):
    GraphWriter(empty_graph).write(FIELD)
    assert related_index.field_size(empty_graph) == 0  # never built: nothing recorded
    assert related_index.build(empty_graph, k=3)["field"] == 5
    # a field recorded as five million papers (as on a large graph's build)
    related_index.write_run(empty_graph, related_index.run_record(
        "all", 5_000_000, 0, 0.0, 3, related_index.Clock()))
    cuts = []
    original = related_index.FieldData.index

    def spy(self, field=0):
        cuts.append(field)
        return original(self, field)

    monkeypatch.setattr(related_index.FieldData, "index", spy)
    stats = GraphWriter(empty_graph).write([paper("f", "Knee cartilage", 2012, ["a"])])
    run = related_index.after_load(empty_graph, stats)
    assert cuts == [5_000_000] and run["field"] == 5_000_001


def test_a_regions_index_leaves_out_the_fields_hubs():
    """A word in 250 papers of a region is a hub of a field of five million papers
    (its cut is 200) though not of the region's own size."""
    data = related_index.FieldData()
    for i in range(250):
        data.add({"id": f"p{i}", "refs": [], "title": f"alpha word{i}", "abstract": None,
                  "topics": [], "venue": None, "authors": []})
    own = data.index()
    field = data.index(5_000_000)
    alpha = list(own.terms).index("alpha")
    assert list(field.terms).index("alpha") == alpha
    assert own.products["text"][:, alpha].nnz == 250
    assert field.products["text"][:, alpha].nnz == 0


def test_a_regions_index_is_the_index_of_its_pairs_with_the_text_made_apart(monkeypatch):
    """The region's index, its references positioned without a Python step each and its
    text made in a forked process, holds the matrices build_index makes of the same
    papers as pairs (stubs, a repeated reference and a self-citation included)."""
    from explorer.algorithms import relatedness, relatedness_signals

    rows = [{"id": f"p{i}", "refs": [f"p{(i * 7) % 40}", f"s{i % 5}", f"p{(i * 3) % 40}",
                                     f"s{i % 5}", f"p{i}"][: 2 + i % 4],
             "title": f"knee cartilage {['graft', 'stem cell', 'scaffold'][i % 3]} {i % 6}",
             "abstract": None, "topics": [["Knee", 0.5]] if i % 2 else [],
             "venue": f"v{i % 3}", "authors": [f"a{i % 4}"], "indegree": i % 9}
            for i in range(40)]
    monkeypatch.setattr(relatedness_signals, "APART_FROM", 1)
    data = related_index.FieldData()
    for row in rows + rows[:3]:  # a paper read twice counts once
        data.add(row)
    region = data.index(0)
    pairs = relatedness.build_index(
        [r["id"] for r in rows], [(r["id"], ref) for r in rows for ref in r["refs"]],
        texts={r["id"]: (r["title"], None) for r in rows},
        concepts={r["id"]: [(t, float(s)) for t, s in r["topics"]] for r in rows},
        venues={r["id"]: r["venue"] for r in rows},
        authors={r["id"]: r["authors"] for r in rows},
        cited_counts={r["id"]: r["indegree"] for r in rows})
    assert region.ids == pairs.ids and region.refs.shape == pairs.refs.shape
    for name in ("refs", "citers", "cited_by", "links", "rare", "text"):
        assert abs(getattr(region, name) - getattr(pairs, name)).sum() < 1e-12, name
    assert list(region.terms) == list(pairs.terms) and np.allclose(region.lsa, pairs.lsa)
    for name in pairs.products:
        assert abs(region.products[name] - pairs.products[name]).sum() < 1e-12, name


def test_an_update_leaves_much_cited_neighbours_to_the_next_build(empty_graph, monkeypatch):
    GraphWriter(empty_graph).write(FIELD)
    related_index.build(empty_graph, k=3)
    before = _links(empty_graph)
    monkeypatch.setattr(related_index, "RESCORE_CITERS", 2)  # a and b: cited twice, "hubs"
    stats = GraphWriter(empty_graph).write([paper("f", "Knee cartilage microfracture", 2012,
                                                  ["a", "b"])])
    run = related_index.after_load(empty_graph, stats)
    after = _links(empty_graph)
    assert run["papers"] == 1 and set(after["f"]) <= {"a", "b", "c", "d"}
    assert after["a"] == before["a"] and after["b"] == before["b"]


def test_a_load_that_changes_nothing_does_not_reindex(empty_graph):
    GraphWriter(empty_graph).write(FIELD)
    related_index.build(empty_graph)
    again = GraphWriter(empty_graph).write(FIELD)
    assert related_index.after_load(empty_graph, again) is None


def test_rewriting_lists_deletes_adds_and_updates_links_in_place(empty_graph):
    """A paper's new list replaces its old one exactly, across transactions of a few
    papers: links to papers no longer listed go, kept ones take the new evidence, new
    ones come; papers not rewritten keep theirs."""
    GraphWriter(empty_graph).write(FIELD)

    def rows(*links):
        return [related_index.link_row(src, dst, score, {"cocited": score})
                for src, dst, score in links]

    first = rows(("a", "b", 1), ("a", "c", 2), ("b", "a", 3), ("c", "d", 4), ("d", "c", 5))
    assert related_index._write(empty_graph, ["a", "b", "c", "d"], first, None,
                                batch=2) == 5
    second = rows(("a", "b", 7), ("a", "d", 8), ("c", "a", 9), ("c", "d", 10))
    assert related_index._write(empty_graph, ["a", "b", "c"], second, None, batch=1) == 4
    links = {p: {q: (row["score"], row["cocited"]) for q, row in related.items()}
             for p, related in _links(empty_graph).items()}
    assert links == {"a": {"b": (7, 7), "d": (8, 8)}, "c": {"a": (9, 9), "d": (10, 10)},
                     "d": {"c": (5, 5)}}
    count = empty_graph.run_text("MATCH ()-[r:RELATED]->() RETURN count(r) AS n",
                                 read_only=True).records[0]["n"]
    assert count == 5  # no link twice
    lists = _lists_agree_with_links(empty_graph)  # b, left without links, has no list
    assert set(lists) == {"a", "c", "d"} and lists["a"][0][:3] == ["b", 7, 7]


def test_a_build_fills_in_the_author_summary_of_a_graph_loaded_before_it(empty_graph):
    """A graph whose papers lack ``author_count`` (loaded before the loads kept it)
    still shows first authors (read from the AUTHORED links), and ``explorer index``
    fills the summary in once."""
    authored = [PaperRecord(id=r.id, source=r.source, title=r.title, year=r.year,
                            references=r.references,
                            authors=(Author(id=f"A-{r.id}", name=f"Author {r.id}"),))
                for r in FIELD]
    GraphWriter(empty_graph).write(authored)
    empty_graph.run_text("MATCH (p:Paper) REMOVE p.author_count, p.first_author")
    cards = {row["id"]: row for row in empty_graph.read_values(
        "read/related_map_papers", ids=["a", "b"], cites=False, people=False,
        topics=False, institutions=False)}
    assert (cards["a"]["first_author"], cards["a"]["authors"]) == ("Author a", 1)
    related_index.build(empty_graph, k=3)
    rows = {r["id"]: (r["first"], r["count"]) for r in empty_graph.run_text(
        "MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id, p.first_author AS first, "
        "p.author_count AS count", read_only=True).records}
    assert rows == {r.id: (f"Author {r.id}", 1) for r in FIELD}
    assert paper_summaries.summarize_authors(empty_graph) == 0


def test_an_update_that_finds_no_related_paper_keeps_the_papers_list(empty_graph):
    """A paper whose list rests on words shared with papers outside its citation
    neighbourhood (here it cites and is cited by nothing) gets no row from an update's
    region; it keeps the list the whole build gave it instead of losing it."""
    lonely = paper("f", "Cartilage repair of the knee by microfracture revisited", 2008)
    GraphWriter(empty_graph).write([*FIELD, lonely])
    related_index.build(empty_graph, k=3)
    before = _links(empty_graph).get("f", {})
    assert before  # words alone link it in a whole build
    run = related_index.update(empty_graph, ["f"])
    assert run["papers"] == 1 and run["links"] == 0
    assert _links(empty_graph).get("f", {}).keys() == before.keys()
    assert _lists_agree_with_links(empty_graph)["f"]  # its list kept with its links


def test_the_regions_last_read_gives_what_the_full_read_gives_without_citers(empty_graph):
    """read/index_region_refs (an update's last papers) answers as read/index_region with
    a cap of 0 does: the same rows, citers empty, much-cited and stub papers included."""
    GraphWriter(empty_graph).write([*FIELD, paper("f", "Knee cartilage", 2012, ["a", "b"])])
    ids = ["a", "b", "c", "x", "f", "no such paper"]
    full = empty_graph.read_table("read/index_region", ids=ids, cap=0)
    last = empty_graph.read_table("read/index_region_refs", ids=ids)

    def key(row):
        return {**row, "refs": sorted(row["refs"]), "topics": sorted(row["topics"]),
                "authors": sorted(row["authors"])}

    assert sorted(map(key, last), key=lambda r: r["id"]) == sorted(map(key, full),
                                                                    key=lambda r: r["id"])
    assert {r["id"] for r in last} == {"a", "b", "c", "x", "f"}
    assert all(r["citers"] == [] for r in last)
    assert sorted(next(r for r in last if r["id"] == "f")["refs"]) == ["a", "b"]
    assert next(r for r in last if r["id"] == "x")["stub"] is True

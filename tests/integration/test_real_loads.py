"""Real datasets loaded end to end; counts checked against counts computed here,
independently, from the raw files."""

from __future__ import annotations

import gzip
import json

import pytest

from loaders import pipeline
from loaders.writer import GraphWriter
from tests.conftest import DATA

pytestmark = pytest.mark.server

OPENALEX_2022 = DATA / "openalex-works-sample-2022" / "works.jsonl.gz"
ARXIV = DATA / "arxiv-kaggle-sample" / "arxiv-metadata-oai-snapshot.sample.jsonl.gz"


def raw_lines(path):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load(graph, path, fmt):
    return GraphWriter(graph, batch_size=2000).write(pipeline.iter_records([(path, fmt)]))


def count(graph, text):
    return graph.run_text(text, read_only=True).records[0][0]


def test_openalex_2022_sample_counts_coupling_and_double_load(empty_graph, tmp_path):
    """The 1,000 works load with every citation, person and concept counted; the
    coupling evidence read from the graph agrees with the raw ``referenced_works``
    (:func:`_coupling_matches_referenced_works`); loading a quarter of them again (their
    papers, references, people, institutions and concepts all there already) changes
    nothing."""
    works = raw_lines(OPENALEX_2022)
    work_ids = {w["id"].rsplit("/", 1)[-1] for w in works}
    citations = {(w["id"].rsplit("/", 1)[-1], r.rsplit("/", 1)[-1])
                 for w in works for r in w.get("referenced_works") or []}
    authors = {a["author"]["id"] for w in works for a in w["authorships"]
               if a.get("author", {}).get("id")}
    concepts = {c["id"] for w in works for c in w.get("concepts") or []}
    stats = load(empty_graph, OPENALEX_2022, "openalex")
    assert stats.rejected == 0 and stats.loaded == len(works) == 1000
    assert count(empty_graph, "MATCH (p:Paper) WHERE p.stub = false RETURN count(p)") == 1000
    assert count(empty_graph, "MATCH ()-[c:CITES]->() RETURN count(c)") == len(citations)
    assert len(citations) == 56_122
    inside = sum(1 for _src, dst in citations if dst in work_ids)
    assert count(empty_graph, "MATCH (:Paper {stub: false})-[c:CITES]->(:Paper {stub: false}) "
                              "RETURN count(c)") == inside
    assert count(empty_graph, "MATCH (p:Person) WHERE p.id STARTS WITH 'A' "
                              "RETURN count(p)") == len(authors)
    assert count(empty_graph, "MATCH (t:Topic) WHERE t.id STARTS WITH 'C' "
                              "RETURN count(t)") == len(concepts)
    _coupling_matches_referenced_works(empty_graph, works)
    before = empty_graph.counts()
    quarter = tmp_path / "quarter.jsonl.gz"
    with gzip.open(quarter, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(work) + "\n" for work in works[::4])
    again = load(empty_graph, quarter, "openalex")
    assert again.merged == 250 and sum(again.nodes_created.values()) == 0
    assert sum(again.relationships_created.values()) == 0
    assert empty_graph.counts() == before


def test_arxiv_sample_counts_and_category_hierarchy(empty_graph):
    rows = raw_lines(ARXIV)
    categories = {c for r in rows for c in r["categories"].split()}
    stats = load(empty_graph, ARXIV, "arxiv")
    assert stats.loaded == len(rows) == 200 and stats.rejected == 0
    assert count(empty_graph, "MATCH (p:Paper) RETURN count(p)") == 200
    with_doi = sum(1 for r in rows if r.get("doi"))
    assert count(empty_graph, "MATCH (p:Paper) WHERE p.id STARTS WITH 'doi:' "
                              "RETURN count(p)") == with_doi
    dotted = {c for c in categories if "." in c}
    assert count(empty_graph, "MATCH (t:Topic)-[:PART_OF]->(:Topic) RETURN count(t)") == len(
        dotted)


def _coupling_matches_referenced_works(graph, raw: list[dict]) -> None:
    """For a real work, the coupling evidence computed from the server's bounded
    citation neighbourhood names exactly the references it shares with each other
    work according to the raw `referenced_works`; and the suggestions' coupling
    sentences agree. (Run inside the test above, on the works it loaded.)"""
    import re

    from explorer.algorithms.signals import bibliographic_coupling
    from explorer.algorithms.subgraph import bounded_neighbourhood
    from explorer.views.suggestions import citation_subgraph, suggestions

    works = {w["id"].rsplit("/", 1)[-1]: {r.rsplit("/", 1)[-1]
                                          for r in w.get("referenced_works") or []}
             for w in raw}
    # the work coupled (one shared reference or more) with the most other works
    seed = max(sorted(works), key=lambda w: sum(1 for x in works if x != w and works[w] & works[x]))
    expected = {x: tuple(sorted(works[seed] & works[x])) for x in works
                if x != seed and works[seed] & works[x]}
    assert len(expected) >= 10
    neighbourhood = bounded_neighbourhood(citation_subgraph(graph, [seed]), [seed])
    coupling = bibliographic_coupling(neighbourhood, [seed])
    assert {x: tuple(sorted(ev)) for x, ev in coupling.evidence.items()} == expected
    assert coupling.scores == {x: float(len(ev)) for x, ev in expected.items()}
    for item in suggestions(graph, [seed], k=200)["suggestions"]:
        for sentence in item["explanation"]:
            found = re.match(r"shares (\d+) references? with this paper", sentence)
            if found:
                assert int(found.group(1)) == len(expected[item["id"]]), sentence


S2 = DATA / "s2-graph-api-fixtures"
MENON = DATA / "synergy-openalex-2023" / "Menon_2022.zip"


def test_an_author_listed_twice_keeps_the_first_place(empty_graph, tmp_path):
    """OpenAlex lists some authors twice (first and last); the first place is theirs,
    so the paper's "First-author Year" names them, not the one after."""
    import zipfile

    with zipfile.ZipFile(MENON) as archive:
        works = [w for name in archive.namelist() for w in json.loads(archive.read(name))
                 if w["id"].rsplit("/", 1)[-1] in ("W3021752939", "W3031443331")]
    twice = {w["id"].rsplit("/", 1)[-1]: w["authorships"] for w in works}
    assert len(twice) == 2
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(w) + "\n" for w in works), encoding="utf-8")
    load(empty_graph, path, "openalex")
    for pid, authorships in twice.items():
        first = authorships[0]["author"]
        assert [a["author"]["id"] for a in authorships].count(first["id"]) == 2
        row = empty_graph.run_text(
            "MATCH (p:Paper {id: $id})<-[e:AUTHORED]-(a:Person) WITH p, a, e "
            "ORDER BY e.position RETURN p.first_author AS first, p.author_count AS n, "
            "collect([a.name, e.position]) AS people", {"id": pid}, read_only=True).records[0]
        assert row["first"] == first["display_name"]
        assert row["people"][0] == [first["display_name"], 0]
        assert row["n"] == len(authorships) - 1 == len(row["people"])


@pytest.mark.parametrize("title_first", [False, True], ids=["full-first", "title-first"])
def test_an_s2_paper_known_by_paper_id_alone_is_the_paper_with_its_doi(empty_graph, tmp_path,
                                                                       title_first):
    """Turing 1950 as the Graph API answers `/paper/<doi>?fields=title` ({paperId, title}:
    no DOI) and as a full record (DOI, corpus id): one paper, whichever comes first; a
    reference list naming it by paperId cites that paper, not a stub beside it."""
    answers = [json.loads(line) for line in gzip.open(S2 / "responses.jsonl.gz", "rt")]
    titled = next(a["body"] for a in answers if a["cassette"] == "test_get_paper.yaml")
    full = next(p for p in raw_lines(S2 / "papers.jsonl.gz") if p["paperId"] == titled["paperId"])
    assert set(titled) == {"paperId", "title"} and full["externalIds"]["DOI"]
    citer = {"paperId": "f" * 40, "title": "A paper citing Turing by paperId",
             "references": [{"paperId": titled["paperId"], "title": titled["title"]}]}
    files = [(tmp_path / "a-title.json", titled), (tmp_path / "b-full.json", full),
             (tmp_path / "c-citer.json", citer)]
    if not title_first:
        files[0], files[1] = files[1], files[0]
    for path, record in files:
        path.write_text(json.dumps(record), encoding="utf-8")
        load(empty_graph, path, "s2")
    rows = empty_graph.run_text(
        "MATCH (p:Paper) WHERE p.title = $title OR p.s2 = $s2 "
        "RETURN p.id AS id, p.doi AS doi, p.corpusid AS corpus, "
        "COUNT { (:Paper {s2: $citer})-[:CITES]->(p) } AS cited",
        {"title": titled["title"], "s2": titled["paperId"], "citer": citer["paperId"]},
        read_only=True).records
    assert len(rows) == 1, [dict(r) for r in rows]
    assert rows[0]["doi"] == full["externalIds"]["DOI"].lower()
    assert rows[0]["corpus"] == str(full["corpusId"]) and rows[0]["cited"] == 1
    assert count(empty_graph, "MATCH (p:Paper) RETURN count(p)") == 2


def test_hub_cap_holds_on_the_most_cited_paper_of_cit_hepth(empty_graph, tmp_path):
    """cit-HepTh's most cited paper (2,414 citing papers) with every citation into it and
    into its citing papers (their citation counts decide which are shown); its map stays
    within the limit, says how many citing papers it left out, and shows the most cited."""
    from collections import Counter

    from explorer.views.neighbourhood import neighbourhood as read_map

    path = DATA / "snap-cit-hep" / "cit-HepTh.reindexed.edges.tsv.gz"
    cited: Counter = Counter()
    citers: dict[str, set] = {}
    edges: list[tuple[str, str]] = []
    with gzip.open(path, "rt") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            src, dst = line.split()[:2]
            edges.append((src, dst))
            cited["hepth:" + dst] += 1
            citers.setdefault("hepth:" + dst, set()).add("hepth:" + src)
    hub, total = max(cited.items(), key=lambda kv: (kv[1], kv[0]))
    kept = {hub} | citers[hub]
    part = tmp_path / "hub.edges.tsv"  # about 54k of the file's 353k citations
    part.write_text("".join(f"{src}\t{dst}\n" for src, dst in edges
                            if "hepth:" + dst in kept), encoding="utf-8")
    GraphWriter(empty_graph).write(pipeline.iter_records([(part, "edges")], id_prefix="hepth:"))
    view = read_map(empty_graph, hub, depth=2, limit=300)
    assert len(view["nodes"]) <= 300
    hop1 = [n for n in view["nodes"] if n["hop"] == 1 and n["id"] in citers[hub]]
    cut = [t for t in view["truncated"] if t["hop"] == 1 and t["source"] == hub
           and t["direction"] == "in"]
    assert len(cut) == 1 and cut[0]["total"] == total == len(citers[hub])
    assert cut[0]["shown"] == len(hop1) and 0 < len(hop1) < total
    assert cut[0]["message"] == (f"{total - len(hop1)} more citing papers of {hub}, "
                                 f"showing the {len(hop1)} most cited")
    shown_low = min(cited[n["id"]] for n in hop1)
    left_out = citers[hub] - {n["id"] for n in hop1}
    assert all(cited[c] <= shown_low for c in left_out)  # the most cited were kept
    assert [t for t in view["truncated"] if t["rule"] == "scan budget"]


def test_an_edge_list_alone_makes_a_field_with_maps_and_lists(empty_graph, tmp_path):
    """A bare edge list (cit-HepPh's first 6,000 citations, no node table) names the
    papers of a field: they are papers, not references known only by id, so they are
    indexed, a paper's default map shows its related papers, and Prior and Derivative
    list them with counts that hold against the edges (before: one node, empty lists)."""
    from explorer.views import related_index
    from explorer.views.adjacent import adjacent_work
    from explorer.views.research_map import research_map

    with gzip.open(DATA / "snap-cit-hep" / "cit-HepPh-1992-1999.edges.tsv.gz", "rt") as lines:
        rows = [line for line in lines if line.strip() and not line.startswith("#")][:6000]
    path = tmp_path / "edges.tsv"
    path.write_text("".join(rows), encoding="utf-8")
    edges = {tuple(row.split()[:2]) for row in rows}
    load(empty_graph, path, "edges")
    assert count(empty_graph, "MATCH (p:Paper) WHERE p.stub = true RETURN count(p)") == 0
    related_index.build(empty_graph)
    hub = max({c for _, c in edges}, key=lambda p: (sum(c == p for _, c in edges), p))
    view = research_map(empty_graph, hub)
    papers = [n["id"] for n in view["nodes"]]
    assert len(papers) > 20 and not [n for n in view["nodes"] if n["unresolved"]]
    work = adjacent_work(empty_graph, hub, k=5)
    assert work["prior"] and work["derivative"] and work["similar"]
    assert work["left_out_stubs"] == 0
    assert work["map_papers"] == len(papers)  # "this map" is the map drawn
    for item in work["prior"]:
        citers = {p for p in papers if (p, item["id"]) in edges and p != item["id"]}
        own = hub in citers
        assert item["evidence"][0].startswith("cited by this paper" if own else "cited by")
        assert f"{len(citers) - own} other paper" in item["evidence"][0], item

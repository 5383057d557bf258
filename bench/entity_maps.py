"""Topic and institution maps with their leads kept beside the same maps reading all
their papers, in one run; a person's suggested people beside the unbounded reads they
replaced; and what keeping the leads costs.

A topic's or institution's map starts from its most cited papers, kept on it as
``lead`` by the related-work index (:mod:`explorer.views.entity_leads`); without a
lead, the map's first read finds them among all its papers. On a loaded field this
times, in process (:func:`explorer.views.research_map.research_map`, the map cache
off), the maps, the pages (:func:`explorer.views.entity.node_details`: the first 50
papers, the people, ...) and the adjacent lists (:func:`explorer.views.adjacent.adjacent_work`:
prior, derivative and similar work and people) of the largest topics, institutions and
people, alternately with their leads and with the leads removed (the same maps,
checked). For those people, it times their two people lists' reads as the product
makes them (the closest collaborators' small teams; the topics' kept people) beside the
earlier reads through every collaborator's papers and every paper of their topics
(:data:`PEOPLE_BEFORE`, kept here as the baseline). Then it sets every
lead again (:func:`entity_leads.build`, timed: a whole index build's share) and
refreshes those a load of ``--touched`` papers would (:func:`entity_leads.refresh`,
timed: an update's share).

    python bench/entity_maps.py --home DIR [--entities 3] [--rounds 3] [--touched 1000]

``DIR``: the ``EXPLORER_HOME`` of a loaded field (for example ``explorer load`` of
``bench/synthetic.py --full`` works); its server is started unless it runs. The
graph is changed while it runs (leads removed, then set again) and left with every
lead set.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.load_test import load_average  # noqa: E402

LARGEST = {
    "Topic": "MATCH (n:Topic)<-[:ABOUT]-(p:Paper) WITH n, count(p) AS papers "
             "RETURN n.id AS id, papers ORDER BY papers DESC LIMIT $n",
    "Institution": "MATCH (n:Institution)<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(p) "
                   "WITH n, count(DISTINCT p) AS papers "
                   "RETURN n.id AS id, papers ORDER BY papers DESC LIMIT $n",
    "Person": "MATCH (n:Person)-[:AUTHORED]->(p:Paper) WITH n, count(p) AS papers "
              "RETURN n.id AS id, papers ORDER BY papers DESC LIMIT $n"}


#: the people lists' reads before they were bounded: the baseline of the people table
PEOPLE_BEFORE = {
    "read/person_collaborators_of_collaborators":
        "MATCH (me:Person {id: $id})-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(c:Person) "
        "WHERE c <> me WITH me, collect(DISTINCT c) AS direct UNWIND direct AS c "
        "MATCH (c)-[:AUTHORED]->(:Paper)<-[:AUTHORED]-(x:Person) "
        "WHERE x <> me AND NOT x IN direct "
        "RETURN x.id AS id, x.name AS name, count(DISTINCT c) AS via, "
        "collect(DISTINCT c.name)[..3] AS evidence ORDER BY via DESC, name LIMIT $limit",
    "read/person_same_topics":
        "MATCH (me:Person {id: $id})-[:AUTHORED]->(:Paper)-[:ABOUT]->(t:Topic) "
        "WITH me, collect(DISTINCT t)[..30] AS topics UNWIND topics AS t "
        "MATCH (t)<-[:ABOUT]-(:Paper)<-[:AUTHORED]-(x:Person) WHERE x <> me "
        "RETURN x.id AS id, x.name AS name, count(DISTINCT t) AS shared, "
        "collect(DISTINCT t.name)[..3] AS evidence ORDER BY shared DESC, name LIMIT $limit"}


def people_reads(graph, people: list[str], rounds: int) -> None:
    """Each person's two people lists: the product's reads beside :data:`PEOPLE_BEFORE`."""
    from explorer.views import suggestions as bounds

    params = {"read/person_collaborators_of_collaborators":
              {"near": bounds.COLLABORATORS_WALKED, "per": bounds.PAPERS_WALKED,
               "team": bounds.TEAM_MAX},
              "read/person_same_topics": {"topics": bounds.PERSON_TOPICS}}
    print("| person | list | product ms | before ms | the first 5 shared |")
    print("|---|---|---:|---:|---:|")
    for nid in people:
        for name, before in PEOPLE_BEFORE.items():
            now, old, kept, earlier = [], [], [], []
            for _ in range(rounds):
                spent, kept = timed(lambda name=name, nid=nid: graph.read(
                    name, id=nid, limit=15, **params[name]))
                now.append(spent)
                spent, found = timed(lambda before=before, nid=nid: graph.run_text(
                    before, {"id": nid, "limit": 15}, timeout=3600).records)
                old.append(spent)
                earlier = [r["id"] for r in found]
            shared = len({r["id"] for r in kept[:5]} & set(earlier[:5]))
            print(f"| {nid} | {name.split('/')[1]} | {statistics.median(now):.1f} | "
                  f"{statistics.median(old):.1f} | {shared} |", flush=True)


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    out = work()
    return (time.perf_counter() - started) * 1000, out


def leads(graph) -> dict:
    return {r["id"]: r["lead"] for r in graph.run_text(
        "MATCH (n:Topic) RETURN n.id AS id, n.lead AS lead UNION ALL "
        "MATCH (n:Institution) RETURN n.id AS id, n.lead AS lead", timeout=3600).records}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--entities", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--touched", type=int, default=1000)
    args = parser.parse_args()
    os.environ["EXPLORER_HOME"] = args.home
    os.environ["EXPLORER_VIEW_CACHE"] = "0"
    from cypher.access.graph import connect
    from explorer.views import entity_leads
    from explorer.views.adjacent import adjacent_work
    from explorer.views.entity import node_details
    from explorer.views.research_map import research_map

    graph = connect()
    started_load = load_average()
    cases = [(label, row["id"], row["papers"]) for label, text in LARGEST.items()
             for row in graph.run_text(text, {"n": args.entities}, timeout=3600).records]
    print(f"field: {args.home}; {len(cases)} maps, depth 1, limit 300, {args.rounds} "
          f"rounds after one unmeasured", flush=True)
    seconds, count = timed(lambda: entity_leads.build(graph))
    print(f"leads set for {count:,} topics and institutions: {seconds / 1000:.1f} s",
          flush=True)
    times: dict[tuple[str, str, bool], list[float]] = {}
    views = {"map": research_map, "page": node_details, "adjacent": adjacent_work}
    for round_no in range(args.rounds + 1):
        for with_leads in (True, False):
            if not with_leads:
                graph.run_text("MATCH (n:Topic) REMOVE n.lead, n.lead_people")
                graph.run_text("MATCH (n:Institution) REMOVE n.lead")
            for _, nid, _ in cases:
                for view, make in views.items():
                    spent, _ = timed(lambda make=make, nid=nid: make(graph, nid))
                    if round_no:
                        times.setdefault((nid, view, with_leads), []).append(spent)
        entity_leads.build(graph)
    print("| entity | papers | map with its lead | reading all its papers | page with its "
          "lead | reading all its papers | adjacent with its lead | reading all its papers |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, nid, papers in cases:
        cells = [f"{statistics.median(times[(nid, view, kept)]):.1f} ms"
                 for view in views for kept in (True, False)]
        print(f"| {label} {nid} | {papers:,} | {' | '.join(cells)} |")
    people_reads(graph, [nid for label, nid, _ in cases if label == "Person"], args.rounds)
    check = [research_map(graph, nid) for _, nid, _ in cases]
    graph.run_text("MATCH (n:Topic) REMOVE n.lead, n.lead_people")
    graph.run_text("MATCH (n:Institution) REMOVE n.lead")
    same = check == [research_map(graph, nid) for _, nid, _ in cases]
    seconds, count = timed(lambda: entity_leads.build(graph))
    print(f"maps with and without leads the same: {same}; leads set again for {count:,} "
          f"in {seconds / 1000:.1f} s", flush=True)
    ids = sorted(r["id"] for r in graph.run_text(
        "MATCH (p:Paper) WHERE NOT coalesce(p.stub, false) RETURN p.id AS id",
        timeout=3600).records)
    touched = random.Random(7).sample(ids, min(args.touched, len(ids)))
    refs = [r["ref"] for r in graph.run_text(
        "UNWIND $ids AS pid MATCH (:Paper {id: pid})-[:CITES]->(q:Paper) "
        "RETURN DISTINCT q.id AS ref", {"ids": touched}, timeout=3600).records]
    before = leads(graph)
    seconds, count = timed(lambda: entity_leads.refresh(graph, touched, refs))
    print(f"refresh as after a load of {len(touched):,} papers citing {len(refs):,}: "
          f"{count:,} leads in {seconds / 1000:.1f} s (unchanged, as they must be: "
          f"{leads(graph) == before})", flush=True)
    print(f"load average {started_load} at the start, {load_average()} at the end")
    graph.close()


if __name__ == "__main__":
    main()

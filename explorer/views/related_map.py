"""The research map as a picture of related papers, read from the related-work index.

A paper's map is the paper, its most related papers from the index
(:mod:`explorer.views.related_index`) and, deeper, the papers related to
those; a person's, topic's or institution's map starts from its leading
papers. A paper's depth-1 map (the default) is one read
(``read/related_map_near``), its depth-2 map one too (``read/related_map_far``); any
other map two or three, whatever the size of the graph — the
node with its seed papers' index entries (``read/related_start``), then the
chosen papers with their links among themselves and, when the types ask for
them, their people, topics and institutions as overlays
(``read/related_map_papers``; a deeper map's second hop is chosen on the server
from the first hop's index links and read in the same statement,
``read/related_map_deep``) — and
is then laid out by pure functions (:mod:`explorer.algorithms.map_selection`,
:mod:`explorer.views.map_view`). Papers known only by id never appear.
"""

from __future__ import annotations

import functools
from typing import Any

from cypher.access.errors import InputError, NotFound
from cypher.access.graph import Graph
from explorer.algorithms.map_selection import evidence_text, rank_candidates, strongest_links
from explorer.views import related_index
from explorer.views.map_view import build_map
from explorer.views.options import MAX_DEPTH, MAX_LIMIT, NODE_TYPES
from loaders.related_lists import read_links

#: papers of a person, topic or institution its map starts from
ENTITY_SEEDS = 30
#: first-hop papers whose own related papers a deeper map reads
HOP_READ = 200
LINKS_PER_PAPER = 4
#: papers (besides the seeds) of a depth-1 map: a person's or institution's many
#: papers would otherwise bring hundreds of related papers at once
DEPTH1_PAPERS = 40
#: citation arrows are drawn beside the related links in maps of at most this many papers
CITES_DRAWN_UP_TO = 12
OVERLAYS = {"Person": "AUTHORED", "Topic": "ABOUT", "Institution": "AFFILIATED_WITH"}


def _start(graph: Graph, node_id: str) -> tuple[str, dict, list[str], dict[str, list]]:
    """(label, properties, seed papers, their index entries) of the map's centre: one read
    (``read/related_start``). Raises :class:`NotFound` when no node has this id."""
    rows = graph.read_records("read/related_start", id=node_id, limit=ENTITY_SEEDS)
    if not rows:
        raise NotFound(f"no node with id {node_id!r}")
    labels = [name for name in rows[0]["labels"] if name in NODE_TYPES]
    label, props = (labels[0] if labels else "Paper"), dict(rows[0]["node"])
    seeds = [[pid, list(entries or [])] for pid, entries in rows[0]["seeds"] if pid is not None]
    if label == "Paper" and not seeds[0][1] and not props.get("stub") \
            and related_index.latest_run(graph) is None:
        related_index.update(graph, [node_id])  # never indexed (loaded by hand): now
        return _start(graph, node_id)
    return label, props, [pid for pid, _ in seeds], dict((pid, e) for pid, e in seeds)


def specific_topics(topics: list, k: int = 5) -> list[str]:
    """The names of a paper's ``k`` best topics below the broadest levels (OpenAlex
    level 0 and 1, "Medicine", "Physics", name a field, not a community).

    >>> specific_topics([[0.9, "Medicine", 0], [0.5, "Cartilage", 2], [0.7, "Knee", None]])
    ['Knee', 'Cartilage']
    """
    kept = [(score or 0.0, name) for score, name, level in topics
            if name and (level is None or level >= 2)]
    return [name for _, name in sorted(kept, key=lambda t: (-t[0], t[1]))][:k]


def _in_years(row: dict, years: tuple | None, keep_undated: bool) -> bool:
    if not years:
        return True
    year = row.get("year")
    if year is None:
        return keep_undated
    low, high = years
    return (low is None or year >= low) and (high is None or year <= high)


def related_map(graph: Graph, node_id: str, *, depth: int = 1, limit: int = 40,
                types: list[str] | None = None, years: tuple | None = None,
                keep_undated: bool = False, resolution: float = 1.0,
                seed: int = 42) -> dict[str, Any]:
    """The related-work map of ``node_id`` in the view shape (``docs/VIEW_SHAPE.md``).

    ``depth`` 1 shows the seeds' own related papers, 2 and 3 add papers related
    to those up to ``limit``; ``types`` beyond ``Paper`` add people, topics or
    institutions of the shown papers as overlays.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if depth <= 2:
        one_read = _paper_near if depth == 1 else _paper_far
        paper_map = one_read(graph, node_id, limit=limit, types=types, years=years,
                             keep_undated=keep_undated, resolution=resolution, seed=seed)
        if paper_map is not None:
            return paper_map
    return _two_reads(graph, node_id, depth=depth, limit=limit, types=types, years=years,
                      keep_undated=keep_undated, resolution=resolution, seed=seed)


def _two_reads(graph: Graph, node_id: str, *, depth: int, limit: int,
               types: list[str] | None, years: tuple | None, keep_undated: bool,
               resolution: float, seed: int) -> dict[str, Any]:
    """:func:`related_map` from the centre's entries (``read/related_start``), then the
    papers chosen (``read/related_map_papers`` or, deeper, ``read/related_map_deep``,
    once or twice)."""
    label, props, seeds, first = _start(graph, node_id)
    own_people = types is None and label == "Institution"
    if own_people:
        types = ["Paper", "Person"]  # an institution's map shows its papers and its people
    overlays = [t for t in (types or ["Paper"]) if t in NODE_TYPES and t != "Paper"]
    budget = max(0, limit - len(seeds) - (0 if label == "Paper" else 1))
    if depth == 1:
        budget = min(budget, DEPTH1_PAPERS)
    hop1 = rank_candidates(seeds, first, limit=10**6)
    years_of = {e[0]: (e[5] if len(e) > 5 else None) for entries in first.values()
                for e in entries}
    near = [pid for pid, _, _ in hop1 if _in_years({"year": years_of.get(pid)}, years,
                                                   keep_undated)]
    ids = [*seeds, *near[:budget]]
    flags = {"people": "Person" in overlays, "topics": "Topic" in overlays,
             "institutions": "Institution" in overlays, "cites": len(ids) <= CITES_DRAWN_UP_TO}
    hop_of = {pid: 1 for pid in near}
    if depth > 1 and len(near) < budget and hop1:
        low, high = years or (None, None)
        want = budget - len(near)
        flags["cites"] = len(ids) + want <= CITES_DRAWN_UP_TO
        read = graph.read_values("read/related_map_deep", ids=ids, want=want,
                          hop=[[pid, score] for pid, score, _ in hop1[:HOP_READ]],
                          exclude=[*seeds, *(pid for pid, _, _ in hop1)], low=low,
                          high=high, undated=bool(keep_undated or not years), **flags)
        rows = {row["id"]: row for row in read}
        deeper = sorted((row["rank"], row["id"]) for row in read if row["rank"])
        hop_of.update((pid, 2) for _, pid in deeper)
        found = read[0]["found"] if read else 0
        shown = [*near[:budget], *(pid for _, pid in deeper)]
        left_out = len(near) - len(near[:budget]) + found - len(deeper)
        if depth > 2 and len(shown) < budget and deeper:
            # a third hop: papers related to the second hop's, closest second-hop papers
            # weighing most (1 / rank); only the new papers' cards are read (the third
            # and last round trip): the cards read already hold all their index links,
            # those to the new papers included
            third = [[pid, 1.0 / rank] for rank, pid in deeper[:HOP_READ]]
            read = graph.read_values(
                "read/related_map_deep", ids=[], want=budget - len(shown), hop=third,
                exclude=[*seeds, *(pid for pid, _, _ in hop1), *(pid for _, pid in deeper)],
                low=low, high=high, undated=bool(keep_undated or not years),
                **{**flags, "cites": False})
            rows = {pid: {**row, "cites": []} for pid, row in rows.items()}
            rows.update((row["id"], row) for row in read)
            further = sorted((row["rank"], row["id"]) for row in read if row["rank"])
            hop_of.update((pid, 3) for _, pid in further)
            shown += [pid for _, pid in further]
            left_out = len(near) - len(near[:budget]) + (read[0]["found"] if read else 0) \
                - len(further)
    else:
        rows = {row["id"]: row for row in graph.read_values("read/related_map_papers", ids=ids,
                                                     **flags)}
        shown = near[:budget]
        left_out = len(near) - len(shown)
    shown = [pid for pid in shown if pid in rows and not rows[pid]["stub"]]
    papers = [pid for pid in seeds if pid in rows] + shown
    return _assemble(node_id, label, props, papers, rows, hop_of, overlays,
                     left_out=left_out, depth=depth, limit=limit,
                     resolution=resolution, seed=seed,
                     people_of=seeds if own_people else papers, seeds=seeds)


def _paper_near(graph: Graph, node_id: str, *, limit: int, types: list[str] | None,
                years: tuple | None, keep_undated: bool, resolution: float,
                seed: int) -> dict[str, Any] | None:
    """A paper's depth-1 map in one round trip (``read/related_map_near``: the paper, its
    most related papers and their cards), the same map :func:`related_map` draws from its
    two reads; None when ``node_id`` is no paper or the paper has no index links (the
    two-read path then handles a paper never indexed, a person, a topic, an institution)."""
    overlays = [t for t in (types or ["Paper"]) if t in NODE_TYPES and t != "Paper"]
    low, high = years or (None, None)
    read = graph.read_table(
        "read/related_map_near", id=node_id, limit=min(max(0, limit - 1), DEPTH1_PAPERS),
        low=low, high=high, undated=bool(keep_undated or not years),
        cites_up_to=CITES_DRAWN_UP_TO, people="Person" in overlays,
        topics="Topic" in overlays, institutions="Institution" in overlays)
    if not read or not read[0]["found"]:
        return None
    rows = {row["id"]: row for row in read}
    ranked = sorted((row["rank"], row["id"]) for row in read if row["rank"])
    shown = [pid for _, pid in ranked if not rows[pid]["stub"]]
    props = next(row["node"] for row in read if row["rank"] == 0)
    return _assemble(node_id, "Paper", dict(props or {}), [node_id, *shown], rows,
                     dict.fromkeys(shown, 1), overlays,
                     left_out=read[0]["found"] - len(ranked), depth=1, limit=limit,
                     resolution=resolution, seed=seed, people_of=[node_id, *shown],
                     seeds=[node_id])


def _paper_far(graph: Graph, node_id: str, *, limit: int, types: list[str] | None,
               years: tuple | None, keep_undated: bool, resolution: float,
               seed: int) -> dict[str, Any] | None:
    """A paper's depth-2 map in one round trip (``read/related_map_far``: the first hop
    from the paper's index links, the second chosen on the server, and every chosen
    paper's card), the same map :func:`related_map` draws from its two reads; None as
    for :func:`_paper_near`."""
    overlays = [t for t in (types or ["Paper"]) if t in NODE_TYPES and t != "Paper"]
    low, high = years or (None, None)
    budget = max(0, limit - 1)
    read = graph.read_table(
        "read/related_map_far", id=node_id, limit=budget, hop_read=HOP_READ, low=low,
        high=high, undated=bool(keep_undated or not years), cites_up_to=CITES_DRAWN_UP_TO,
        people="Person" in overlays, topics="Topic" in overlays,
        institutions="Institution" in overlays)
    head = next((row for row in read if row["node"] is not None), None)
    if head is None or not head["hop1"]:
        return None
    rows = {row["id"]: row for row in read}
    near = head["near"]
    deeper = sorted((row["rank"], row["id"]) for row in read if row["rank"])
    hop_of = {pid: 1 for pid in near}
    hop_of.update((pid, 2) for _, pid in deeper)
    shown = [pid for pid in (*near[:budget], *(pid for _, pid in deeper))
             if pid in rows and not rows[pid]["stub"]]
    papers = [node_id] if node_id in rows else []
    return _assemble(node_id, "Paper", dict(head["node"]), papers + shown, rows, hop_of,
                     overlays, left_out=len(near) - len(near[:budget]) + head["found"]
                     - len(deeper), depth=2, limit=limit, resolution=resolution, seed=seed,
                     people_of=papers + shown, seeds=[node_id])


def _entries(row: dict, inside: set[str], alias: dict[str, str]) -> list[list]:
    """A card's index links to papers of the map, ``[related id, score, cocited,
    coupled, cites, shared]``: from its list node (``links``), else from the links read
    (``related``: a paper without a list; the linked paper named by ``alias``)."""
    links = row.get("links")
    if links is not None:
        return [entry for entry in read_links(links) if entry[0] in inside]
    return [[alias[entry[0]], *entry[1:]] for entry in row.get("related") or []
            if entry[0] in alias]


@functools.lru_cache(maxsize=4096)
def _counted_words(cocited: int, coupled: int, cites: int) -> tuple[str, ...]:
    """:func:`evidence_text` of a link's counts (a map's thousand links share few)."""
    return tuple(evidence_text({"cocited": cocited, "coupled": coupled, "cites": cites}))


def _evidence_words(cocited: int, coupled: int, cites: int, shared: str) -> list[str]:
    """:func:`evidence_text` of one link's evidence, its counts' words cached.

    >>> _evidence_words(2, 0, 1, "knee") == evidence_text(
    ...     {"cocited": 2, "coupled": 0, "cites": 1, "shared": "knee"})
    True
    """
    words = list(_counted_words(cocited, coupled, cites))
    shared = str(shared or "").strip()
    if shared:
        words.append(f"similar words: {shared}")
    return words


def _assemble(center: str, label: str, props: dict, papers: list[str], rows: dict,
              hop_of: dict, overlays: list[str], *, left_out: int, depth: int, limit: int,
              resolution: float, seed: int, people_of: list[str],
              seeds: list[str]) -> dict[str, Any]:
    inside = set(papers)
    found: dict[str, dict] = {}
    if label != "Paper":
        found[center] = {"id": center, "type": label, "name": props.get("name"),
                         "title": props.get("name"), "hop": 0}
    cards: dict[str, dict] = {}
    topics: dict[str, list[str]] = {}
    for pid in papers:
        row = rows[pid]
        found[pid] = {"id": pid, "type": "Paper", "title": row["title"], "year": row["year"],
                      "cited_by_count": row["cited_by_count"], "indegree": row["indegree"],
                      "stub": False, "hop": 0 if pid == center else hop_of.get(pid, 1)}
        cards[pid] = row
        # kept on the paper by write/summarize_topics; walked for a paper loaded before
        topics[pid] = list(row.get("topic_names") or []) or specific_topics(row["topics"] or [])
    # a card's index links name the linked paper by id (its list, or
    # read/related_map_near's links) or by element id (the other reads' links: the
    # card's `key`, known without reading the linked paper)
    alias = {(rows[pid].get("key") or pid): pid for pid in papers}
    # each link with its evidence entry riding along: (paper, related, score, entry)
    related = [(pid, entry[0], float(entry[1] or 0), entry) for pid in papers
               for entry in _entries(rows[pid], inside, alias)]
    edges = []
    kept = strongest_links(related, per_paper=LINKS_PER_PAPER)
    strongest = max((link[2] for link in kept), default=0.0) or 1.0
    for a, b, score, entry in kept:
        edges.append({"source": a, "target": b, "type": "RELATED",
                      "weight": round(score / strongest, 4),
                      "evidence": _evidence_words(*entry[2:6])})
    if len(papers) <= CITES_DRAWN_UP_TO:  # arrows help in small maps only
        cites = {(pid, other) for pid in papers for other in rows[pid]["cites"] or []
                 if other in inside}
        edges.extend({"source": a, "target": b, "type": "CITES", "weight": 1.0}
                     for a, b in sorted(cites))
    room = max(0, limit - len(found))
    _add_overlays(found, edges, papers, rows, overlays, room, set(people_of))
    if label != "Paper":  # the person, topic or institution, linked to its own papers
        for pid in seeds:
            if pid in found:
                edges.append({"source": pid, "target": center, "type": "ABOUT", "weight": 1.0}
                             if label == "Topic" else
                             {"source": center, "target": pid, "type": OVERLAYS[label],
                              "weight": 1.0})
    drawn = build_map(None, center, found, edges, topics, resolution=resolution, seed=seed,
                      cards=cards)
    nodes = drawn["nodes"]
    return {
        "center": center, "center_type": label, "depth": depth, "kind": "related",
        "nodes": nodes, "edges": drawn["edges"], "communities": drawn["communities"],
        "modularity": drawn["modularity"], "resolution": resolution, "seed": seed,
        "truncated": ([{"hop": None, "source": None, "type": "RELATED", "direction": None,
                        "total": left_out + len(papers), "shown": len(papers),
                        "rule": "most related first",
                        "message": f"{left_out} more related papers in the index; raise "
                                   f"Max nodes (now {limit}) to show them"}]
                      if left_out else []),
        "total_nodes": len(nodes) + left_out, "shown_nodes": len(nodes),
        "left_out_nodes": left_out, "merged_topics": len(drawn["merged_topics"]),
        "stubs": 0, "center_title": props.get("title") or props.get("name"),
        "query": {"name": "read/related_map_papers",
                  "params": {"id": center, "depth": depth, "limit": limit,
                             "types": ["Paper", *overlays]}},
    }


def _add_overlays(found: dict, edges: list, papers: list[str], rows: dict,
                  overlays: list[str], room: int, people_of: set[str]) -> None:
    """People (of the papers in ``people_of``), topics and institutions of the shown
    papers, linked to them; at most ``room`` new nodes, the best papers' first."""
    start = len(found)

    def fits(node_id: str) -> bool:
        return node_id in found or len(found) - start < room

    for pid in papers:
        row = rows[pid]
        if "Person" in overlays and pid in people_of:
            # [position, id, name] each, best position first (ties by id)
            for _, person_id, name in sorted(row.get("people") or [],
                                             key=lambda e: (e[0], e[1] or "")):
                if person_id is None or not fits(person_id):
                    continue
                found.setdefault(person_id, {"id": person_id, "type": "Person", "name": name,
                                             "title": name, "hop": 1})
                edges.append({"source": person_id, "target": pid, "type": "AUTHORED",
                              "weight": 1.0})
        if "Topic" in overlays:
            for topic_id, name, score in row.get("topic_nodes") or []:
                if topic_id is None or not fits(topic_id):
                    continue
                found.setdefault(topic_id, {"id": topic_id, "type": "Topic", "name": name,
                                            "title": name, "hop": 1})
                edges.append({"source": pid, "target": topic_id, "type": "ABOUT",
                              "weight": float(score or 1.0)})
        if "Institution" in overlays:
            for person_id, inst_id, name in row.get("institutions") or []:
                if inst_id is None or not fits(inst_id):
                    continue
                found.setdefault(inst_id, {"id": inst_id, "type": "Institution",
                                           "name": name, "title": name, "hop": 1})
                if person_id in found:
                    edges.append({"source": person_id, "target": inst_id,
                                  "type": "AFFILIATED_WITH", "weight": 1.0})
                else:
                    edges.append({"source": inst_id, "target": pid,
                                  "type": "AFFILIATED_WITH", "weight": 1.0})

"""Adjacent-work suggestions with their evidence.

One ranking: for one paper, the suggestions are its Similar list, the
related-work index's own ranking with its evidence in words
(:func:`explorer.views.similar_work.similar_work`; the same list the page
shows). For a set of seed papers, the index summed over the seeds is one
signal (``index``) of a weighted combination: the citation neighbourhood of
the seeds is fetched with bounded Cypher (each paper contributes at most a
fixed number of references and citing papers per hop) and ranked by
:mod:`explorer.algorithms.ranking`; the server signals of
:mod:`explorer.algorithms.signal_registry` (the index, shared authors,
topics, institutions, the sources' related-works links) are counted on the
server by their named reads and join the weighted combination; every
signal's sentences come from the registry. For people: collaborators of
collaborators and people on the same topics. For topics and institutions:
their central papers and people.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from cypher.access.errors import InputError, NotFound
from cypher.access.graph import Graph
from explorer.views.entity import node_type
from explorer.views.map_nodes import stub_name
from explorer.views.similar_work import short_name, similar_work

HOP1_PER_NODE = 400
HOP2_PER_NODE = 60
HOP2_MAX_FRONTIER = 400
# The second hop reads at most about this many citation rows: around a hub the
# frontier is hundreds of papers, each with hundreds of links (docs/BENCHMARKS.md).
HOP2_ROW_BUDGET = 6000
HOP2_MIN_PER_NODE = 10
SIDE_LIMIT = 200
# A person's suggested people: the second co-authorship step starts from this many of
# their closest collaborators and goes through each one's PAPERS_WALKED latest papers of
# at most TEAM_MAX authors; the same-topics list reads the kept most active people of
# this many of their topics (bounded reads whatever the field and its teams:
# docs/BENCHMARKS.md)
COLLABORATORS_WALKED = 100
PAPERS_WALKED = 50
TEAM_MAX = 50
PERSON_TOPICS = 30


def citation_subgraph(graph: Graph, seeds: list[str]) -> nx.DiGraph:
    """The bounded two-hop citation neighbourhood of the seeds (u -> v: u cites v)."""
    g = nx.DiGraph()
    g.add_nodes_from(seeds)
    first = graph.read_values("read/citation_edges_around", ids=seeds, per_node=HOP1_PER_NODE)
    g.add_edges_from((r["src"], r["dst"]) for r in first)
    frontier = [n for n in g.nodes if n not in set(seeds)][:HOP2_MAX_FRONTIER]
    if frontier:
        per_node = max(HOP2_MIN_PER_NODE,
                       min(HOP2_PER_NODE, HOP2_ROW_BUDGET // (2 * len(frontier))))
        second = graph.read_values("read/citation_edges_around", ids=frontier, per_node=per_node)
        g.add_edges_from((r["src"], r["dst"]) for r in second)
    return g


def _server_signals(graph: Graph, seeds: list[str]) -> dict[str, dict[str, dict]]:
    """Rows of every server signal's named read, by signal and candidate id."""
    from explorer.algorithms import signal_registry  # numpy and scipy: on first use

    found: dict[str, dict[str, dict]] = {}
    for signal in signal_registry.server_signals():
        rows = graph.read(signal.statement, seeds=seeds, limit=SIDE_LIMIT)
        found[signal.name] = {r["id"]: r for r in rows}
    return found


#: evidence papers looked up per signal of a suggestion (the sentences name at most 3,
#: titled ones first, and count the rest)
EVIDENCE_LOOKUP = 25


def _evidence_ids(evidence: dict[str, tuple]) -> set[str]:
    """The papers a suggestion's sentences may name: its citation signals' evidence."""
    ids: set[str] = set()
    for items in evidence.values():
        for item in list(items)[:EVIDENCE_LOOKUP]:
            ids.add(item[1] if isinstance(item, tuple) else item)
    return ids


def _display_names(cards: dict[str, dict], ids: set[str]) -> dict[str, str]:
    """How sentences name each paper: "Surname Year" (or its title's start); ``""`` for a
    paper known only by id or not loaded, so that it is counted, never shown as an id."""
    return {i: (short_name(cards[i]) if (cards.get(i) or {}).get("title")
                and not cards[i].get("stub") else "") for i in ids}


def paper_suggestions(graph: Graph, seeds: list[str], *, k: int = 20,
                      weights: dict[str, float] | None = None,
                      subgraph: nx.DiGraph | None = None) -> dict[str, Any]:
    """Rank papers adjacent to the seed papers; see the module docstring.

    ``subgraph``, when the caller already read it, is the seeds'
    :func:`citation_subgraph`.
    """
    from explorer.algorithms import ranking, signal_registry  # on first use, as above
    from explorer.algorithms.subgraph import bounded_neighbourhood

    weights = {**signal_registry.default_weights(), **(weights or {})}
    around = subgraph if subgraph is not None else citation_subgraph(graph, seeds)
    citations = bounded_neighbourhood(around, seeds)
    active = [name for name, w in weights.items() if w and name in ranking.SIGNALS]
    computed = ranking.compute_signals(citations, seeds, active)
    scores = {name: dict(signal.scores) for name, signal in computed.items()}
    side = _server_signals(graph, seeds)
    for signal, rows in side.items():
        scores[signal] = {cid: float(row.get("shared") or 1) for cid, row in rows.items()}
    ranked_all = ranking.combine(scores, weights, exclude=seeds)
    # papers known only by id are evidence, never suggestions: look a few more up
    pool = [cid for cid, _ in ranked_all[:4 * k]]
    readable = {r["id"] for r in graph.read("read/paper_titles", ids=pool)
                if r.get("title") and not r.get("stub")}
    ranked = [(cid, score) for cid, score in ranked_all[:4 * k] if cid in readable][:k]
    left_out = sum(1 for cid in pool if cid not in readable)
    items = []
    named: set[str] = set(seeds)
    for cid, score in ranked:
        raw = {name: float(values.get(cid, 0.0)) for name, values in scores.items()}
        evidence = {name: sig.evidence[cid] for name, sig in computed.items()
                    if cid in sig.evidence}
        named.add(cid)
        named |= _evidence_ids(evidence)
        evidence.update({signal: tuple(rows[cid].get("evidence") or ())
                         for signal, rows in side.items() if cid in rows})
        items.append(ranking.Suggestion(cid, score, raw, evidence))
    titles = {r["id"]: r for r in graph.read("read/paper_cards", ids=sorted(named))}
    # untitled references are counted in the sentences, never named by id
    title_text = _display_names(titles, named)
    out = []
    for item in items:
        sentences = ranking.explain(item, title_text, several=len(seeds) > 1)
        if len(seeds) > 1:
            sentences = [line.replace("with this paper", "with these papers")
                         for line in sentences]
        row = titles.get(item.id, {})
        out.append({"id": item.id, "title": row.get("title") or stub_name(row or {"id": item.id}),
                    "year": row.get("year"), "stub": bool(row.get("stub")),
                    "score": round(float(item.score), 6),
                    "signals": {name: v for name, v in item.signals.items() if v},
                    "explanation": sentences})
    return {"seeds": seeds, "kind": "papers", "ranking": "combined", "suggestions": out,
            "weights": weights, "left_out_stubs": left_out}


def index_suggestions(graph: Graph, seed: str, *, k: int = 20) -> dict[str, Any] | None:
    """One paper's suggestions: its related-work index entries, as the page's Similar list.

    ``None`` when the index holds nothing for the paper (a graph loaded before
    the index existed: ``explorer index`` builds it); the caller then ranks by
    the combination of signals.
    """
    items = similar_work(graph, [seed], k=k)
    if not items:
        return None
    out = [{"id": it["id"], "title": it["title"], "year": it.get("year"), "stub": False,
            "short": it.get("short"), "score": it["score"], "relative": it.get("relative"),
            "signals": {"index": it["score"]}, "explanation": it["evidence"],
            "evidence_papers": it.get("evidence_papers") or []} for it in items]
    return {"seeds": [seed], "kind": "papers", "ranking": "index", "suggestions": out,
            "weights": {"index": 1.0}, "left_out_stubs": 0}


def _people_rows(rows: list[dict], key: str, text: str) -> list[dict]:
    out = []
    for r in rows:
        names = "; ".join(str(n) for n in r.get("evidence") or [] if n)
        out.append({"id": r["id"], "title": r.get("name") or r["id"], "type": "Person",
                    "score": float(r.get(key) or 0),
                    "signals": {key: r.get(key)},
                    "explanation": [text.format(n=r.get(key), names=names)]})
    return out


#: people read beyond ``k`` for a person's lists, in case some share the person's name
SAME_NAMES = 5


def _name_key(name: Any) -> str:
    """A name compared without case and spacing.

    >>> _name_key(" Gunnar  KNUTSEN "), _name_key(None)
    ('gunnar knutsen', '')
    """
    return " ".join(str(name or "").casefold().split())


def suggestions(graph: Graph, ids: list[str], *, k: int = 20,
                weights: dict[str, float] | None = None) -> dict[str, Any]:
    """Suggestions for one or more seed papers, or for one person, topic or institution."""
    if not ids:
        raise InputError("give at least one id")
    if not 1 <= k <= 200:
        raise InputError("k must be between 1 and 200")
    nodes = {node_id: node_type(graph, node_id) for node_id in ids}
    kinds = {node_id: kind for node_id, (kind, _) in nodes.items()}
    if all(kind == "Paper" for kind in kinds.values()):
        seeds = list(dict.fromkeys(ids))
        if len(seeds) == 1 and weights is None:
            listed = index_suggestions(graph, seeds[0], k=k)
            if listed is not None:
                return listed
        return paper_suggestions(graph, seeds, k=k, weights=weights)
    if len(ids) > 1:
        raise InputError("several seeds must all be papers")
    node_id, kind = ids[0], kinds[ids[0]]
    if kind == "Person":
        # someone named exactly as the person is another record of them or a namesake:
        # neither is a person to look at next (asked for beyond k, then left out)
        name = _name_key(nodes[node_id][1].get("name"))
        people = _people_rows(graph.read("read/person_collaborators_of_collaborators",
                                         id=node_id, limit=k + SAME_NAMES,
                                         near=COLLABORATORS_WALKED, per=PAPERS_WALKED,
                                         team=TEAM_MAX),
                              "via", "collaborator of {n} of their collaborators: {names}")
        same = _people_rows(graph.read("read/person_same_topics", id=node_id,
                                       limit=k + SAME_NAMES, topics=PERSON_TOPICS),
                            "shared", "works on {n} of the same topics: {names}")
        people, same = ([p for p in rows if not name or _name_key(p["title"]) != name][:k]
                        for rows in (people, same))
        return {"seeds": ids, "kind": "people", "suggestions": people, "same_topics": same}
    # the first page of its papers: from its kept lead (explorer.views.entity_leads)
    query = "read/topic_papers_page" if kind == "Topic" else "read/institution_papers_page"
    people_query = "read/topic_people" if kind == "Topic" else "read/institution_people"
    papers = [{"id": r["id"], "title": r.get("title") or r["id"], "year": r.get("year"),
               "type": "Paper", "score": float(r["indegree"]),
               "signals": {"indegree": r["indegree"]},
               "explanation": [f"cited {r['indegree']} times inside the graph"]}
              for r in graph.read(query, id=node_id, skip=0, limit=k)]
    people = [{"id": r["id"], "title": r.get("name") or r["id"], "type": "Person",
               "score": float(r["papers"]), "signals": {"papers": r["papers"]},
               "explanation": [f"{r['papers']} paper{'s' if r['papers'] != 1 else ''} here"]}
              for r in graph.read(people_query, id=node_id, limit=k)]
    return {"seeds": ids, "kind": "central", "suggestions": papers, "people": people}


__all__ = ["suggestions", "paper_suggestions", "index_suggestions", "citation_subgraph", "NotFound"]

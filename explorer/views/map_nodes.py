"""What the research map shows of each node: its short label, its stub name, its rank.

Papers are labelled as researchers cite them, "First-author Year" (the full
title stays in ``title``); people by name; topics and institutions by a short
name. A stub (a paper known only as a reference) is named by the best text
known — its DOI, else "unresolved W…" — and carries a link to look it up.
Topics that differ only by source (an OpenAlex keyword and a concept of the
same name) are merged into one node at display time, so every source's
assertion stays in the graph while the map shows one topic per concept.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from explorer.algorithms.topics import normalise_name

LABEL_WIDTH = 28
_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "la", "le", "st."}
# prefer the richer id when topics of one name merge: 2025 topics, concepts, keywords
_TOPIC_PREFERENCE = ("T", "C", "subfield:", "field:", "domain:", "kw:")


def surname(name: str | None) -> str:
    """The family name of a display name ("Last, First" or "First Last").

    >>> surname("Heather Piwowar"), surname("Larivière, Vincent"), surname("Ludwig van Beethoven")
    ('Piwowar', 'Larivière', 'van Beethoven')
    >>> surname(""), surname(None)
    ('', '')
    """
    text = " ".join(str(name or "").split())
    if not text:
        return ""
    if "," in text:
        return text.split(",", 1)[0].strip()
    words = text.split(" ")
    last = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() in _PARTICLES:
            last.insert(0, word)
        else:
            break
    return " ".join(last)


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """Cut ``text`` at a word boundary to at most ``width`` characters, with an ellipsis.

    >>> shorten("Academic Publishing and Open Access", 20)
    'Academic Publishing…'
    >>> shorten("Short")
    'Short'
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:·-") + "…"


def stub_name(node: dict[str, Any]) -> str:
    """The best text known for a stub paper.

    >>> stub_name({"id": "W2322381034", "doi": None})
    'unresolved W2322381034'
    >>> stub_name({"id": "doi:10.1/x", "doi": "10.1/x"})
    'doi:10.1/x'
    """
    if node.get("title"):
        return str(node["title"])
    if node.get("doi"):
        return f"doi:{node['doi']}"
    return f"unresolved {node.get('id')}"


def stub_link(node: dict[str, Any]) -> str | None:
    """Where to look a stub up: doi.org for a DOI, openalex.org for an OpenAlex id."""
    if node.get("doi"):
        return "https://doi.org/" + str(node["doi"])
    nid = str(node.get("openalex") or node.get("id") or "")
    if re.fullmatch(r"W\d+", nid):
        return "https://openalex.org/" + nid
    return None


def paper_label(node: dict[str, Any], first_author: str | None) -> str:
    """"First-author Year" for a paper; a stub's name; a short title when no author is known.

    >>> paper_label({"title": "The state of OA", "year": 2018}, "Heather Piwowar")
    'Piwowar 2018'
    >>> paper_label({"title": "A very long title about open access", "year": 2020}, None)
    'A very long title… 2020'
    >>> paper_label({"id": "W1", "stub": True}, None)
    'unresolved W1'
    """
    if node.get("stub") and not node.get("title"):
        return shorten(stub_name(node))
    year = node.get("year")
    who = surname(first_author)
    if who:
        head = shorten(who, 20)
    else:
        head = shorten(node.get("title") or node.get("id") or "", 24)
    return f"{head} {year}" if year else head


def node_label(node: dict[str, Any], first_author: str | None = None) -> str:
    """The map label of any node (see the module docstring)."""
    if node.get("type", "Paper") == "Paper":
        return paper_label(node, first_author)
    return shorten(node.get("name") or node.get("title") or node.get("id") or "")


def topic_key(name: str | None) -> str:
    """The normalised name under which topics merge (the panels' rule, so map and
    panel merge alike).

    >>> topic_key("Open  Access"), topic_key("open-access"), topic_key("Citation")
    ('open access', 'open access', 'citation')
    """
    return normalise_name(name)


def _preference(topic_id: str) -> int:
    for i, prefix in enumerate(_TOPIC_PREFERENCE):
        if topic_id.startswith(prefix):
            return i
    return len(_TOPIC_PREFERENCE)


def merge_topics(nodes: dict[str, dict], edges: list[dict]) -> tuple[dict[str, str], list[dict]]:
    """Merge topic nodes of one normalised name; return (merged id -> kept id, edges).

    The kept node is the richest id (2025 topic, then concept, then keyword);
    edges are redirected to it and duplicates dropped. ``nodes`` loses the
    merged ones in place.

    >>> nodes = {"C1": {"type": "Topic", "name": "Citation"},
    ...          "kw:citation": {"type": "Topic", "name": "citation"},
    ...          "W1": {"type": "Paper"}}
    >>> edges = [{"source": "W1", "target": "C1", "type": "ABOUT"},
    ...          {"source": "W1", "target": "kw:citation", "type": "ABOUT"}]
    >>> merged, kept = merge_topics(nodes, edges)
    >>> merged, kept, sorted(nodes)
    ({'kw:citation': 'C1'}, [{'source': 'W1', 'target': 'C1', 'type': 'ABOUT'}], ['C1', 'W1'])
    """
    groups: dict[str, list[str]] = {}
    for nid, node in nodes.items():
        if node.get("type") == "Topic" and topic_key(node.get("name")):
            groups.setdefault(topic_key(node.get("name")), []).append(nid)
    merged: dict[str, str] = {}
    for ids in groups.values():
        if len(ids) < 2:
            continue
        keep = min(ids, key=lambda i: (nodes[i].get("hop", 0), _preference(i), i))
        for other in ids:
            if other != keep:
                merged[other] = keep
    if not merged:
        return merged, edges
    for other in merged:
        nodes.pop(other, None)
    seen: set[tuple[str, str, str]] = set()
    out = []
    for edge in edges:
        source = merged.get(edge["source"], edge["source"])
        target = merged.get(edge["target"], edge["target"])
        key = (source, target, edge["type"])
        if source == target or key in seen:
            continue
        seen.add(key)
        out.append({**edge, "source": source, "target": target})
    return merged, out


def unique_names(names: Iterable[str]) -> list[str]:
    """Names with duplicates of one normalised form removed, first kept.

    >>> unique_names(["Citation", "citation", "License", "License", "Open access"])
    ['Citation', 'License', 'Open access']
    """
    seen: set[str] = set()
    out = []
    for name in names:
        key = topic_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def importance(node: dict[str, Any], degree: int) -> float:
    """How much a node matters on the map: citations for papers, links for the others."""
    citations = max(int(node.get("indegree") or 0), int(node.get("cited_by_count") or 0))
    base = math.log1p(citations) if node.get("type", "Paper") == "Paper" else 0.0
    stub_penalty = 2.0 if node.get("stub") and not node.get("title") else 0.0
    return base + 1.2 * math.log1p(degree) - stub_penalty

"""One topic per concept: OpenAlex keywords, concepts and topics of the same name shown once.

OpenAlex describes a work three ways — ``keywords`` (``kw:…``), legacy
``concepts`` (``C…``) and ``topics`` (``T…``) — and the same name often comes
back from two or three of them ("Citation", "Citation"). The graph keeps them as
separate nodes (each with its own hierarchy and sources); lists shown to a
reader merge them here, at display time, by normalised name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

_PUNCT = re.compile(r"[\s\-‐‑‒–—_/,.;:()'\"]+")
# T… (a topic) is the most specific OpenAlex kind, then C… (a concept), then keywords
_KIND_ORDER = {"T": 0, "C": 1}


def normalise_name(name: object) -> str:
    """Case, accents, dashes and spacing folded away.

    >>> normalise_name("  Open-Access ") == normalise_name("open access")
    True
    >>> normalise_name("Économie")
    'economie'
    """
    text = str(name or "")
    if not text.isascii():  # plain ASCII has no accents to fold (most names: 15x quicker)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _PUNCT.sub(" ", text.casefold()).strip()


def _kind_rank(topic_id: object) -> int:
    text = str(topic_id or "")
    return _KIND_ORDER.get(text[:1], 2) if text[1:2].isdigit() else 2


def merge_same_name(topics: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Merge topics whose names normalise alike; keep the order of first appearance.

    Each result is the representative topic (the best ``score``; among equal
    scores an OpenAlex topic ``T…``, then a concept ``C…``, then a keyword) with
    ``score`` the best of the group and ``ids`` every merged id (representative
    first). Topics without a name are kept as they are.

    >>> merged = merge_same_name([
    ...     {"id": "kw:citation", "name": "Citation", "score": 0.6},
    ...     {"id": "T1", "name": "Open access", "score": 0.9},
    ...     {"id": "C2", "name": "citation", "score": 0.6},
    ...     {"id": "kw:open-access", "name": "Open-Access", "score": 0.4}])
    >>> for t in merged: print(t["id"], t["name"], t["score"], t["ids"])
    C2 citation 0.6 ['C2', 'kw:citation']
    T1 Open access 0.9 ['T1', 'kw:open-access']
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    order: list[str] = []
    for index, topic in enumerate(topics):
        key = normalise_name(topic.get("name")) or f"\0{index}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(dict(topic))
    out = []
    for key in order:
        group = sorted(groups[key], key=lambda t: (-float(t.get("score") or 0.0),
                                                   _kind_rank(t.get("id"))))
        best = dict(group[0])
        scores = [float(t["score"]) for t in group if t.get("score") is not None]
        best["score"] = max(scores) if scores else best.get("score")
        best["ids"] = list(dict.fromkeys(str(t.get("id")) for t in group))
        out.append(best)
    return out

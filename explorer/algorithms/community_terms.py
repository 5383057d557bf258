"""Community labels from the terms that distinguish each community from the rest.

As CiteSpace does, a term's weight in a community is the log-likelihood ratio
(G²) of its frequency there against its frequency in the rest of the view,
kept only when it is over-represented. Terms are the papers' topic names and
the words and two-word phrases of their titles, and the names of topic nodes
in the community. A term found in most communities scores low everywhere, so
one generic term ("Computer science") cannot label most of them. Pure: a
networkx graph and a membership in, labels out.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

Node = Hashable

STOPWORDS = frozenset("""
a about above after again against all an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having here how if in into is it its itself just more most new no nor not of
off on once only or other our out over own same so some such than that the their them then
there these they this those through to too under until up use used using very via was we
were what when where which while who whom why will with within without would you your
study analysis approach based case paper results review toward towards among across per
versus vs compared comparison
""".split())
_CLAUSE = re.compile(r"[:;,.!?()\[\]]")
_WORD = re.compile(r"[^\W\d_][\w-]*[^\W_]|[^\W\d_]", re.UNICODE)


def title_terms(title: str | None) -> list[str]:
    """Content words and two-word phrases of a title, lower case.

    >>> title_terms("The state of OA: open access articles")
    ['state', 'oa', 'open', 'access', 'articles', 'open access', 'access articles']
    """
    return list(_title_terms(title or ""))


@functools.lru_cache(maxsize=16384)
def _title_terms(title: str) -> tuple[str, ...]:
    """:func:`title_terms`, remembered: neighbouring maps share most of their papers."""
    kept: list[str] = []
    pairs: list[str] = []
    for part in _CLAUSE.split(title):
        words = [w.lower() for w in _WORD.findall(part)]
        kept += [w for w in words if w not in STOPWORDS and len(w) > 1]
        pairs += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                  if a not in STOPWORDS and b not in STOPWORDS and len(a) > 1 and len(b) > 1]
    return (*kept, *pairs)


def node_terms(attrs: Mapping[str, Any]) -> set[str]:
    """The terms one node contributes (each counted once per node).

    >>> sorted(node_terms({"type": "Paper", "title": "Open access", "topics": ["Law"]}))
    ['access', 'law', 'open', 'open access']
    """
    terms: set[str] = set()
    if attrs.get("type", "Paper") == "Paper":
        if not attrs.get("stub") or attrs.get("title"):
            terms.update(_title_terms(attrs.get("title") or ""))
        terms.update(str(t).lower() for t in attrs.get("topics") or [] if t)
    elif attrs.get("type") == "Topic" and attrs.get("name"):
        terms.add(str(attrs["name"]).lower())
    return terms


def log_likelihood(a: int, b: int, c: int, d: int) -> float:
    """G² of a term seen ``a`` times in ``c`` community tokens and ``b`` times in ``d`` others.

    >>> round(log_likelihood(10, 0, 20, 100), 2) > 0, log_likelihood(0, 5, 10, 10)
    (True, 0.0)
    """
    if a == 0 or c == 0:
        return 0.0
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    g2 = a * math.log(a / e1) if a else 0.0
    g2 += b * math.log(b / e2) if b else 0.0
    return 2.0 * g2


def distinctive_terms(graph: nx.Graph, membership: Mapping[Node, int], *,
                      k: int = 2) -> dict[int, list[str]]:
    """The ``k`` most distinctive terms of each community, best first.

    Examples
    --------
    >>> g = nx.Graph()
    >>> for n, t in [("a", "open access citation"), ("b", "open access mandates"),
    ...              ("c", "neural networks citation"), ("d", "neural networks training")]:
    ...     g.add_node(n, type="Paper", title=t, topics=["Computer science"])
    >>> distinctive_terms(g, {"a": 0, "b": 0, "c": 1, "d": 1}, k=1)
    {0: ['open access'], 1: ['neural networks']}
    """
    per_community: dict[int, Counter] = {}
    papers: Counter = Counter()
    topic_names: set[str] = set()
    for node, attrs in graph.nodes(data=True):
        cid = membership.get(node)
        if cid is None:
            continue
        per_community.setdefault(cid, Counter()).update(node_terms(attrs))
        if attrs.get("type", "Paper") == "Paper":
            papers[cid] += 1
            topic_names.update(str(t).lower() for t in attrs.get("topics") or [] if t)
        elif attrs.get("type") == "Topic" and attrs.get("name"):
            topic_names.add(str(attrs["name"]).lower())
    # a term must recur in a community of three papers or more
    minimum = {cid: 2 if papers[cid] >= 3 else 1 for cid in per_community}
    total: Counter = Counter()
    for counts in per_community.values():
        total.update(counts)
    all_tokens = sum(total.values())
    result: dict[int, list[str]] = {}
    for cid, counts in per_community.items():
        size = sum(counts.values())
        rest = all_tokens - size
        scored = []
        for term, a in counts.items():
            b = total[term] - a
            if a < minimum[cid] or (rest and a / size <= b / rest):
                continue
            # topic names and phrases read better than single title words
            weight = 1.5 if term in topic_names else (1.2 if " " in term else 0.8)
            score = log_likelihood(a, b, size, rest) * weight
            scored.append((-score, -a, term))
        chosen: list[str] = []
        for _s, _a, term in sorted(scored):
            if any(term in c or c in term for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == k:
                break
        result[cid] = chosen
    return result

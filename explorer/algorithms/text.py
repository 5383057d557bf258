"""Text similarity of papers: TF-IDF over titles and abstracts, cosine to the seeds.

Pure functions (no graph access). A paper's document is its title (counted
twice, titles being the densest text) and its abstract. The vectoriser is
scikit-learn's ``TfidfVectorizer`` (English stop words, sublinear term
frequency, single words of two or more letters), fitted
on the documents given together, so a term's weight says how distinctive it is
*among these papers*. The seeds are one profile (the mean of their vectors);
each candidate's score is the cosine between its vector and the profile, and
its evidence is the terms contributing most to that cosine (the shared
distinctive terms).

>>> docs = {"s": document("Open access citation advantage", "open access articles"),
...         "a": document("The citation advantage of open access", None),
...         "b": document("Open-circuit voltage of solar cells", None)}
>>> [(m.id, m.terms[:2]) for m in rank_by_text(docs, ["s"])]
[('a', ['access', 'advantage']), ('b', ['open'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

MAX_TERMS = 5
# words that carry no subject in paper titles and abstracts, beyond English stop words
PAPER_STOP_WORDS = frozenset({
    "paper", "study", "studies", "results", "result", "using", "based", "approach", "new",
    "analysis", "method", "methods", "use", "used", "show", "shows", "present", "propose",
    "proposed", "work", "findings", "research", "article", "however", "also", "data",
})


@dataclass(frozen=True)
class TextMatch:
    """One candidate: its id, cosine ``score`` (0..1) and the shared distinctive ``terms``."""

    id: str
    score: float
    terms: list[str]


def document(title: str | None, abstract: str | None) -> str:
    """The text a paper is compared by: the title twice, then the abstract.

    >>> document("Deep nets", "About brains.")
    'Deep nets. Deep nets. About brains.'
    >>> document(None, None)
    ''
    """
    title = " ".join(str(title or "").split())
    parts = [title, title] if title else []
    if abstract and str(abstract).strip():
        parts.append(" ".join(str(abstract).split()))
    return ". ".join(parts)


def _vectoriser():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    return TfidfVectorizer(
        stop_words=sorted(ENGLISH_STOP_WORDS | PAPER_STOP_WORDS),
        sublinear_tf=True,
        lowercase=True,
        strip_accents="unicode",
        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b",
        norm="l2",
    )


def rank_by_text(docs: Mapping[str, str], seeds: Iterable[str], *, k: int | None = None,
                 exclude: Iterable[str] = (), max_terms: int = MAX_TERMS) -> list[TextMatch]:
    """Rank every document but the seeds (and ``exclude``) by cosine to the seeds' profile.

    ``docs`` maps ids to texts (see :func:`document`); seeds without text are
    ignored. Only documents sharing at least one term score above zero, and
    only those are returned, best first (ties by id), at most ``k``.
    """
    seed_ids = [s for s in dict.fromkeys(seeds) if docs.get(s, "").strip()]
    skip = set(seed_ids) | set(exclude) | set(seeds)
    others = [i for i in docs if i not in skip and docs[i].strip()]
    if not seed_ids or not others:
        return []
    ids = seed_ids + others
    vectoriser = _vectoriser()
    try:
        matrix = vectoriser.fit_transform([docs[i] for i in ids])
    except ValueError:  # no term left after stop words
        return []
    terms = vectoriser.get_feature_names_out()
    profile = np.asarray(matrix[: len(seed_ids)].mean(axis=0)).ravel()
    norm = float(np.linalg.norm(profile))
    if norm == 0.0:
        return []
    profile /= norm
    candidates = matrix[len(seed_ids):]
    scores = candidates @ profile
    order = sorted((i for i in range(len(others)) if scores[i] > 0),
                   key=lambda i: (-float(scores[i]), others[i]))
    if k is not None:
        order = order[:k]
    out = []
    for i in order:
        row = candidates.getrow(i)
        contributions = sorted(
            ((float(value * profile[j]), str(terms[j])) for j, value in
             zip(row.indices, row.data, strict=True) if profile[j] > 0),
            key=lambda item: (-item[0], item[1]))
        out.append(TextMatch(others[i], round(float(scores[i]), 6),
                             [t for _, t in contributions[:max_terms]]))
    return out


def query_terms(texts: Iterable[str], n: int = 12) -> list[str]:
    """The ``n`` most frequent content words of the seeds' texts, for a full-text lookup.

    >>> query_terms(["Deep learning and the brain. Deep learning, brains and networks."], 3)
    ['deep', 'learning', 'brain']
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    counter = CountVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | PAPER_STOP_WORDS),
                              lowercase=True, strip_accents="unicode",
                              token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b")
    texts = [t for t in texts if t.strip()]
    if not texts:
        return []
    try:
        counts = counter.fit_transform(texts)
    except ValueError:
        return []
    totals = np.asarray(counts.sum(axis=0)).ravel()
    words = counter.get_feature_names_out()
    first = {w: texts[0].lower().find(w) for w in words}
    order = sorted(range(len(words)),
                   key=lambda j: (-int(totals[j]), first[words[j]] if first[words[j]] >= 0
                                  else 10**9, words[j]))
    return [str(words[j]) for j in order[:n]]

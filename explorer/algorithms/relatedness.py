"""The related-work index: each loaded paper's most related papers, scored and explained.

Pure (numpy / scipy / scikit-learn; no database); the signals are those of
:mod:`explorer.algorithms.relatedness_signals`. Scoring, for a query paper:

1. *first order*: each signal is divided by its largest value over the
   candidates (best = 1) and ``sum(weight * normalised)`` is taken with
   :data:`DEFAULT_WEIGHTS`; the best ``pool`` candidates are kept and divided
   by the best (the paper's *neighbourhood*, best = 1);
2. *second order*: the neighbourhood's own neighbourhoods, weighted by how
   close each neighbour is (``first @ table``: papers related to many papers
   related to the query), max-normalised, are added ``expand`` times.

Both were chosen on the SYNERGY expert reviews (``bench/synergy_quality.py``;
its reported figures use leave-one-review-out choices). The whole index is two
passes of row chunks: the first-order table (``pool`` entries a paper), then
the second order from it; memory is the table plus one chunk's pairs.

>>> papers = ["a", "b", "c", "d"]
>>> cites = [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("a", "x"), ("b", "x")]
>>> for p, q, score, ev in related_papers(papers, cites, k=1):
...     print(p, q, score, ev["cocited"], ev["coupled"], ev["cites"])
a b 1.0 2 1 0
b a 1.0 2 1 0
c d 1.0 0 2 0
d c 1.0 0 2 0
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping

import numpy as np
import scipy.sparse as sp

from explorer.algorithms.relatedness_signals import (
    SIGNALS,
    RelatednessIndex,
    Rows,
    build_index,
    max_normalised,
    signal_matrices,
)
from explorer.algorithms.text_similarity import shared_terms

__all__ = ["DEFAULT_EXPAND", "DEFAULT_POOL", "DEFAULT_WEIGHTS", "SIGNALS", "RelatednessIndex",
           "build_index", "evidence", "first_order", "related_papers", "related_to_seeds",
           "second_order", "signal_matrices", "top_rows"]

Id = Hashable

#: Chosen by ``python bench/synergy_quality.py --tune`` on all six SYNERGY reviews (the
#: benchmark itself reports leave-one-review-out choices, never tuned on the review reported).
DEFAULT_WEIGHTS: dict[str, float] = {
    "text": 1.0, "lsa": 0.1, "concepts": 0.25, "venue": 0.25, "authors": 0.0,
    "cocited": 2.0, "citation_cosine": 0.1, "coupled_rare": 0.0, "direct": 0.0,
}
#: neighbourhood size of the first order, and the weight of the second order
DEFAULT_POOL = 50
DEFAULT_EXPAND = 8.0


def _own(rows: Rows, n: int) -> sp.csr_matrix:
    r = np.asarray(rows, dtype=np.int64)
    return sp.csr_matrix((np.ones(len(r)), (np.arange(len(r)), r)), shape=(len(r), n))


def _without_own(m: sp.csr_matrix, rows: Rows) -> sp.csr_matrix:
    out = sp.csr_matrix(m - m.multiply(_own(rows, m.shape[1])))
    out.eliminate_zeros()
    return out


def top_rows(scores: sp.spmatrix, pool: int) -> sp.csr_matrix:
    """Keep each row's ``pool`` largest positive values (ties by column), max-normalised."""
    m = sp.csr_matrix(scores)
    rows: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    cols: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    vals: list[np.ndarray] = [np.zeros(0)]
    for i in range(m.shape[0]):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        c, v = m.indices[lo:hi], m.data[lo:hi]
        keep = np.lexsort((c, -v))[:pool]
        keep = keep[v[keep] > 0]
        rows.append(np.full(len(keep), i))
        cols.append(c[keep])
        vals.append(v[keep])
    out = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                        shape=m.shape)
    out.sort_indices()
    return max_normalised(out)


def first_order(index: RelatednessIndex, rows: Rows, *,
                weights: Mapping[str, float] | None = None,
                pool: int = DEFAULT_POOL) -> sp.csr_matrix:
    """The neighbourhoods of the query ``rows``: top ``pool`` of the weighted signals, best = 1.

    Raises ``ValueError`` when no weight is positive (a programming error).
    """
    w = DEFAULT_WEIGHTS if weights is None else weights
    if not any(v > 0 for v in w.values()):
        raise ValueError("weights: at least one signal needs a positive weight")
    signals = signal_matrices(index, rows)
    total = sum((signals[k] * v for k, v in w.items() if v), sp.csr_matrix(signals["text"].shape))
    return top_rows(total, pool)


def second_order(first: sp.csr_matrix, table: sp.spmatrix, rows: Rows, *,
                 expand: float = DEFAULT_EXPAND,
                 near: Rows | None = None) -> sp.csr_matrix:
    """``first + expand * max_normalised(first @ table)``, own columns (``rows``) removed.

    ``first`` holds the query rows' neighbourhoods; ``table`` one
    neighbourhood per paper, or, with ``near``, only those of the papers at
    positions ``near`` (which must hold every column ``first`` uses).
    """
    if not expand:
        return first
    step = first if near is None else first[:, np.asarray(near, dtype=np.int64)]
    second = max_normalised(_without_own(sp.csr_matrix(step @ table), rows))
    return sp.csr_matrix(first + second * expand)


def _dot(a: sp.csr_matrix, i: int, b: sp.csr_matrix, j: int, *, ones: bool = False) -> float:
    """Row ``i`` of ``a`` times row ``j`` of ``b`` (sorted CSR); ``ones``: count shared columns."""
    ca, cb = a.indices[a.indptr[i]:a.indptr[i + 1]], b.indices[b.indptr[j]:b.indptr[j + 1]]
    _, ka, kb = np.intersect1d(ca, cb, assume_unique=True, return_indices=True)
    if ones:
        return float(len(ka))
    da, db = a.data[a.indptr[i]:a.indptr[i + 1]], b.data[b.indptr[j]:b.indptr[j + 1]]
    return float(da[ka] @ db[kb])


def _value(m: sp.csr_matrix, i: int, j: int) -> float:
    """``m[i, j]`` of a sorted CSR matrix, by binary search."""
    lo, hi = m.indptr[i], m.indptr[i + 1]
    k = lo + int(np.searchsorted(m.indices[lo:hi], j))
    return float(m.data[k]) if k < hi and m.indices[k] == j else 0.0


def _has(m: sp.csr_matrix, i: int, j: int) -> bool:
    """Whether ``m[i, j]`` is stored (sorted CSR)."""
    return _value(m, i, j) != 0.0


def evidence(index: RelatednessIndex, i: int, j: int, *, terms: int = 5) -> dict:
    """The numbers a sentence is written from, for the papers at positions ``i`` and ``j``.

    ``cocited`` (loaded papers citing both), ``coupled`` (shared references,
    stubs included), ``cites`` (1: ``i`` cites ``j``, -1: the reverse, 2:
    both, 0: neither), ``text`` / ``lsa`` / ``concepts`` / ``venue`` /
    ``authors`` (cosines, 4 places) and ``terms`` (the shared words weighing
    most in the text cosine).
    """
    ix = index
    out_, in_ = _has(ix.refs, i, j), _has(ix.refs, j, i)
    text = _dot(ix.text, i, ix.text, j)
    ev: dict = {"cocited": int(_dot(ix.cited_by, i, ix.cited_by, j, ones=True)),
                "coupled": int(_dot(ix.refs, i, ix.refs, j, ones=True)),
                "cites": 2 if out_ and in_ else 1 if out_ else -1 if in_ else 0,
                "text": round(text, 4),
                "lsa": round(max(float(ix.lsa[i] @ ix.lsa[j]), 0.0), 4)}
    for name, bag in ix.bags.items():
        ev[name] = round(_dot(bag, i, bag, j), 4)
    ev["terms"] = shared_terms(ix.text, ix.terms, i, j, terms) if text > 0 else []
    return ev


def related_papers(papers: Iterable[Id], citations: Iterable[tuple[Id, Id]],
                   texts: Mapping[Id, tuple[str | None, str | None]] | None = None, *,
                   k: int = 40, weights: Mapping[str, float] | None = None,
                   pool: int = DEFAULT_POOL, expand: float = DEFAULT_EXPAND,
                   chunk_size: int = 512, index: RelatednessIndex | None = None,
                   terms: int = 5, **features) -> Iterator[tuple[Id, Id, float, dict]]:
    """Yield ``(paper, related, score, evidence)``: each loaded paper's ``k`` most related.

    Papers come in input order; within a paper, best score first, ties by
    position in ``papers``. Only positive scores are listed (fewer than ``k``
    when fewer papers are linked by any signal); stubs and the paper itself
    never are. ``score`` is rounded to 6 places (at most ``1 + expand``);
    ``evidence`` is :func:`evidence` plus ``via``: how many of the paper's
    ``pool`` nearest papers have ``related`` among their own nearest
    ("close to 6 papers close to this one", the second order's evidence).
    ``chunk_size`` query rows are scored at a time (the answer does not depend on it). ``features``
    (``concepts=``, ``venues=``, ``authors=``, ``lsa_dims=``,
    ``max_degree=``, ``seed=``) go to :func:`build_index`, unless a prebuilt
    ``index`` is given (then ``papers``, ``citations`` and ``texts`` are
    ignored).
    """
    ix = index or build_index(papers, citations, texts=texts, **features)
    n = len(ix.ids)
    pool = max(pool, k)
    chunks = [list(range(s, min(n, s + chunk_size))) for s in range(0, n, chunk_size)]
    table = sp.vstack([first_order(ix, rows, weights=weights, pool=pool) for rows in chunks]
                      or [sp.csr_matrix((0, n))], format="csr")
    linked = sp.csr_matrix(table, copy=True)
    linked.data[:] = 1.0
    for rows in chunks:
        scores = second_order(table[rows], table, rows, expand=expand)
        via = sp.csr_matrix(linked[rows] @ linked)
        via.sort_indices()
        for local, i in enumerate(rows):
            lo, hi = scores.indptr[local], scores.indptr[local + 1]
            cols, vals = scores.indices[lo:hi], scores.data[lo:hi]
            for t in np.lexsort((cols, -vals))[:k]:
                if vals[t] > 0:
                    j = int(cols[t])
                    ev = evidence(ix, i, j, terms=terms)
                    ev["via"] = int(_value(via, local, j))
                    yield ix.ids[i], ix.ids[j], round(float(vals[t]), 6), ev


def related_to_seeds(index: RelatednessIndex, seeds: Iterable[Id], *, k: int = 40,
                     weights: Mapping[str, float] | None = None, pool: int = DEFAULT_POOL,
                     expand: float = DEFAULT_EXPAND,
                     exclude: Iterable[Id] = ()) -> list[tuple[Id, float]]:
    """Rank papers for a seed set: the sum over seeds of each seed's score (as in the index).

    The seeds' neighbourhoods' rows are computed on the fly (no table of the
    whole index needed). Seeds not in the index are ignored; seeds and
    ``exclude`` are never returned. Returns at most ``k`` ``(id, score)``
    pairs, best first, ties by index position; empty when no seed is known.
    """
    rows = [index.position[s] for s in dict.fromkeys(seeds) if s in index.position]
    if not rows:
        return []
    first = first_order(index, rows, weights=weights, pool=pool)
    if expand:
        near = np.unique(first.indices)
        if len(near):
            table = first_order(index, near, weights=weights, pool=pool)
            first = second_order(first, table, rows, expand=expand, near=near)
    total = np.asarray(first.sum(axis=0)).ravel()
    total[rows + [index.position[x] for x in exclude if x in index.position]] = 0
    nz = np.flatnonzero(total > 0)
    order = nz[np.lexsort((nz, -total[nz]))][:k]
    return [(index.ids[j], float(total[j])) for j in order]

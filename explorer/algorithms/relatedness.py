"""The related-work index: each loaded paper's most related papers, scored and explained.

Pure (numpy / scipy / scikit-learn; no database); the signals are those of
:mod:`explorer.algorithms.relatedness_signals`. Scoring, for a query paper:

1. *first order*: each signal is divided by its largest value over the
   candidates (best = 1; ``lsa``, a cosine, as it is) and ``sum(weight *
   normalised)`` is taken with :data:`DEFAULT_WEIGHTS`; the best ``pool``
   candidates are kept and divided by the best (the paper's *neighbourhood*,
   best = 1);
2. *second order*: the neighbourhood's own neighbourhoods, weighted by how
   close each neighbour is (``first @ table``: papers related to many papers
   related to the query), max-normalised, are added ``expand`` times.

Both were chosen on the SYNERGY expert reviews (``bench/synergy_quality.py``;
its reported figures use leave-one-review-out choices). The whole index
(:func:`related_papers`) is two passes of row chunks: the first-order table
(``pool`` entries a paper), then the second order from it; memory is the
table plus one chunk's pairs. :func:`related_rows` gives the same rows for a
subset of papers from the first order of the subset and of its
neighbourhoods only (the incremental update). A chunk's evidence is computed
for all its pairs at once (:mod:`explorer.algorithms.relatedness_evidence`).

>>> papers = ["a", "b", "c", "d"]
>>> cites = [("c", "a"), ("c", "b"), ("d", "a"), ("d", "b"), ("a", "x"), ("b", "x")]
>>> for p, q, score, ev in related_papers(papers, cites, k=1):
...     print(p, q, score, ev["cocited"], ev["coupled"], ev["cites"])
a b 9.0 2 1 0
b a 9.0 2 1 0
c a 9.0 0 0 1
d a 9.0 0 0 1
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from explorer.algorithms.forked import in_order
from explorer.algorithms.relatedness_evidence import (
    STORED,
    evidence,
    evidence_columns,
    pair_evidence,
    pair_support,
    prepare,
)
from explorer.algorithms.relatedness_signals import (
    SIGNALS,
    RelatednessIndex,
    Rows,
    build_index,
    build_index_arrays,
    hub_cut,
    lsa_values,
    max_normalised,
    raw_signals,
    signal_matrices,
)
from explorer.algorithms.sparse_rows import best_entries, top_rows, values_at, within_reach

__all__ = ["DEFAULT_EXPAND", "DEFAULT_POOL", "DEFAULT_WEIGHTS", "LINK_FIELDS", "SIGNALS",
           "RelatednessIndex", "build_index", "build_index_arrays", "evidence", "first_order",
           "hub_cut", "pair_evidence", "related_links", "related_papers", "related_rows",
           "related_to_seeds", "second_order",
           "signal_matrices", "top_rows", "weighted"]

Id = Hashable

#: Chosen by ``python bench/synergy_quality.py --tune`` on all six SYNERGY reviews (the
#: benchmark itself reports leave-one-review-out choices, never tuned on the review reported).
DEFAULT_WEIGHTS: dict[str, float] = {
    "text": 1.0, "lsa": 0.1, "concepts": 0.25, "venue": 0.25, "authors": 0.0,
    "cocited": 2.0, "citation_cosine": 0.1, "coupled_rare": 0.0, "direct": 0.1,
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


def first_order(index: RelatednessIndex, rows: Rows, *,
                weights: Mapping[str, float] | None = None,
                pool: int = DEFAULT_POOL) -> sp.csr_matrix:
    """The neighbourhoods of the query ``rows``: top ``pool`` of the weighted signals, best = 1.

    Raises ``ValueError`` when no weight is positive (a programming error).
    """
    return top_rows(weighted(index, rows, weights=weights, pool=pool), pool)


def weighted(index: RelatednessIndex, rows: Rows, *,
             weights: Mapping[str, float] | None = None,
             pool: int | None = None) -> sp.csr_matrix:
    """The weighted sum of the normalised signals of the query ``rows`` (rows x papers):
    positive exactly where some weighed signal other than ``lsa`` links the two papers
    (``lsa``, a cosine from 0 to 1, is computed there only, added in place; with no other
    signal weighed, where any signal links them, as :func:`signal_matrices` computes it).
    With ``pool``, only the entries that ``lsa`` can still bring into their row's ``pool``
    best: a row's ``pool`` best are the same as without it, at a fraction of the LSA
    products (most candidates share a few references or citers and nothing else).

    Raises ``ValueError`` when no weight is positive (a programming error).
    """
    w = DEFAULT_WEIGHTS if weights is None else weights
    if not any(v > 0 for v in w.values()):
        raise ValueError("weights: at least one signal needs a positive weight")
    names = [name for name in SIGNALS if name != "lsa" and w.get(name, 0)]
    if not names:
        signals = signal_matrices(index, rows, rare=w.get("coupled_rare", 0) > 0)
        return sp.csr_matrix(signals["lsa"] * w["lsa"])
    raw = raw_signals(index, rows, names)
    total = sp.csr_matrix(sum((max_normalised(raw[name]) * w[name]  # largest last
                               for name in sorted(names, key=lambda name: raw[name].nnz)),
                              sp.csr_matrix((len(rows), len(index.ids)))))
    # a sum of sparse matrices holds no duplicates; its columns are left unsorted
    if w.get("lsa", 0) and total.nnz:  # on total's own entries: no sum of sparse matrices
        if pool is not None:  # a cosine adds at most its weight (and rounding)
            total = within_reach(total, pool, w["lsa"] * (1 + 1e-6))
        total.data += lsa_values(index, rows, total) * w["lsa"]
    return total


def second_order(first: sp.csr_matrix, table: sp.spmatrix, rows: Rows, *,
                 expand: float = DEFAULT_EXPAND,
                 near: Rows | None = None,
                 support: sp.spmatrix | None = None) -> sp.csr_matrix:
    """``first + expand * max_normalised(first @ table)``, own columns (``rows``) removed.

    ``first`` holds the query rows' neighbourhoods; ``table`` one
    neighbourhood per paper, or, with ``near``, only those of the papers at
    positions ``near`` (which must hold every column ``first`` uses). With
    ``support`` (the query rows' :func:`weighted` signals), the second order
    only raises papers that share some evidence with the query: a paper is
    never listed for being close to close papers alone.
    """
    if not expand:
        return first
    step = first if near is None else first[:, np.asarray(near, dtype=np.int64)]
    second = max_normalised(_without_own(sp.csr_matrix(step @ table), rows))
    if support is not None:
        mask = sp.csr_matrix(support, copy=True)
        mask.data = (mask.data > 0).astype(np.float64)
        second = sp.csr_matrix(second.multiply(mask))
    return sp.csr_matrix(first + second * expand)


def related_papers(papers: Iterable[Id], citations: Iterable[tuple[Id, Id]],
                   texts: Mapping[Id, tuple[str | None, str | None]] | None = None, *,
                   k: int = 40, weights: Mapping[str, float] | None = None,
                   pool: int = DEFAULT_POOL, expand: float = DEFAULT_EXPAND,
                   chunk_size: int = 512, index: RelatednessIndex | None = None,
                   terms: int = 5, workers: int = 1,
                   **features) -> Iterator[tuple[Id, Id, float, dict]]:
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
    ignored). ``workers`` above 1 scores chunks in that many forked processes (where the
    platform forks), the rows coming back in the same order: the same answer, sooner on
    a machine with cores to spare.
    """
    ix = index or build_index(papers, citations, texts=texts, **features)
    yield from _listing(ix, np.arange(len(ix.ids), dtype=np.int64), k=k, weights=weights,
                        pool=pool, expand=expand, chunk_size=chunk_size, terms=terms,
                        workers=workers)


#: the fields of a :func:`related_links` link after the two papers
LINK_FIELDS = ("score", "cocited", "coupled", "cites", "text", "shared")


def related_links(index: RelatednessIndex, *, k: int = 40,
                  weights: Mapping[str, float] | None = None, pool: int = DEFAULT_POOL,
                  expand: float = DEFAULT_EXPAND, chunk_size: int = 512, terms: int = 5,
                  workers: int = 1, papers: Iterable[Id] | None = None,
                  near: int | None = None,
                  shape: Callable[[list[tuple]], Any] | None = None) -> Iterator[Any]:
    """:func:`related_papers` over a prebuilt ``index`` as the graph stores it: lists of
    ``(paper, related, *LINK_FIELDS)`` tuples, one list a chunk of papers, ``shared`` the
    shared words joined by ", ". Only the stored evidence is computed, and no dict is
    made a link: the whole index of a large field, written in bulk. With ``papers``
    (and ``near``), the rows of :func:`related_rows` for those papers instead.
    ``shape``: what is given for each list instead, ``shape(list)``, made by the
    scoring process that scored it (a writer's format, off the writer's core)."""
    rows = np.arange(len(index.ids), dtype=np.int64) if papers is None else \
        _positions(index, papers)
    yield from _listing(index, rows, k=k, weights=weights, pool=pool, expand=expand,
                        chunk_size=chunk_size, terms=terms, near=near, workers=workers,
                        compact=True, shape=shape)


def related_rows(index: RelatednessIndex, papers: Iterable[Id], *, k: int = 40,
                 weights: Mapping[str, float] | None = None, pool: int = DEFAULT_POOL,
                 expand: float = DEFAULT_EXPAND, chunk_size: int = 512,
                 terms: int = 5, near: int | None = None, workers: int = 1
                 ) -> Iterator[tuple[Id, Id, float, dict]]:
    """The rows :func:`related_papers` gives for ``papers`` only (same index, same arguments).

    Papers come in the order given (repeats and ids not in the index are
    skipped). Costs about ``len(papers) * pool`` first-order rows (the
    papers' neighbourhoods and, for the second order, their neighbours'),
    not the whole field: the incremental update's call. With ``near``, the second
    order follows only each paper's ``near`` closest papers' neighbourhoods (about
    ``len(papers) * near`` first-order rows): cheaper, and close to the whole listing.
    ``workers``: see :func:`related_papers`.
    """
    yield from _listing(index, _positions(index, papers), k=k, weights=weights,
                        pool=pool, expand=expand, chunk_size=chunk_size, terms=terms,
                        near=near, workers=workers)


def _positions(index: RelatednessIndex, papers: Iterable[Id]) -> np.ndarray:
    """The index positions of ``papers``, in order; repeats and unknown ids skipped."""
    return np.asarray([index.position[p] for p in dict.fromkeys(papers)
                       if p in index.position], dtype=np.int64)


def _first_block(state: dict, start: int) -> sp.csr_matrix:
    return first_order(state["index"], state["where"][start:start + state["size"]],
                       weights=state["weights"], pool=state["pool"])


def _table(ix: RelatednessIndex, parts: list[np.ndarray], weights: Mapping[str, float] | None,
           pool: int, chunk_size: int, workers: int = 1) -> sp.csr_matrix:
    """The first-order rows of the papers in ``parts`` (disjoint), in an n x n table
    whose other rows are empty."""
    n = len(ix.ids)
    where = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    state = {"index": ix, "where": where, "weights": weights, "pool": pool, "size": chunk_size}
    blocks = list(in_order(_first_block, state, range(0, len(where), chunk_size), workers))
    if not blocks:
        return sp.csr_matrix((n, n))
    stacked = sp.vstack(blocks, format="csr")
    order = np.argsort(where, kind="stable")
    stacked = stacked[order]
    lengths = np.zeros(n, dtype=np.int64)
    lengths[where[order]] = np.diff(stacked.indptr)
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    return sp.csr_matrix((stacked.data, stacked.indices, indptr), shape=(n, n))


#: how many of a row's best entries the second-order gate tests pair by pair, in times
#: ``k``, before it masks the row with its recomputed signals (a row whose first
#: entries are mostly unlinked is tested further down first: a pair costs its rows, a
#: row's signals about 7,000 candidate pairs)
GATE_WIDTHS = (2, 8)


def _best_supported(ix: RelatednessIndex, chunk: np.ndarray, first: sp.csr_matrix,
                    scores: sp.csr_matrix, k: int, weights: Mapping[str, float] | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`best_entries` of ``scores`` (``first`` plus the unmasked second order of the
    query rows ``chunk``) among the pairs some weighed signal links: what
    ``second_order(..., support=weighted(...))`` keeps, without recomputing the chunk's
    signals. An entry of ``first`` is linked by construction; the others among a row's
    ``2 k`` best are tested pair by pair (:func:`pair_support`), then among its ``8 k``
    best for a row with fewer than ``k`` linked there (:data:`GATE_WIDTHS`). A row still
    short (with more entries further down) is masked with its recomputed signals. Linked
    means by a weighed signal other than ``lsa`` (computed only where others link, and
    also where the unweighed authors do), whichever way a row is tested."""
    w = DEFAULT_WEIGHTS if weights is None else weights
    scores = sp.csr_matrix(scores)
    owner = np.repeat(np.arange(scores.shape[0]), np.diff(scores.indptr))
    positive = np.bincount(owner[scores.data > 0], minlength=scores.shape[0])
    todo, found = np.arange(len(chunk)), []
    for width in GATE_WIDTHS:
        local, cols, vals = best_entries(scores if len(todo) == len(chunk) else scores[todo],
                                         width * k)
        local = todo[local]
        ok = values_at(first, local, cols, integer=False) > 0
        test = np.flatnonzero(~ok)
        if len(test):
            ok[test] = pair_support(ix, chunk[local[test]], cols[test], w)
        local, cols, vals = local[ok], cols[ok], vals[ok]
        kept = np.bincount(local, minlength=len(chunk))
        short = todo[(kept[todo] < k) & (positive[todo] > width * k)]
        settled = ~np.isin(local, short)
        found.append((local[settled], cols[settled], vals[settled]))
        todo = short
        if not len(todo):
            break
    others = {name: v for name, v in w.items() if name != "lsa"}
    if len(todo) and any(v > 0 for v in others.values()):
        mask = sp.csr_matrix(weighted(ix, chunk[todo], weights=others), copy=True)
        mask.data = (mask.data > 0).astype(np.float64)
        s_local, s_cols, s_vals = best_entries(scores[todo].multiply(mask), k)
        found.append((todo[s_local], s_cols, s_vals))
    local, cols, vals = (np.concatenate(x) for x in zip(*found, strict=True))
    order = np.lexsort((cols, -vals, local))
    local, cols, vals = local[order], cols[order], vals[order]
    rank = np.arange(len(local)) - np.searchsorted(local, local)
    keep = rank < k
    return local[keep], cols[keep], vals[keep]


def _listing(ix: RelatednessIndex, rows: np.ndarray, *, k: int,
             weights: Mapping[str, float] | None, pool: int, expand: float,
             chunk_size: int, terms: int, near: int | None = None, workers: int = 1,
             compact: bool = False, shape: Callable[[list[tuple]], Any] | None = None
             ) -> Iterator[Any]:
    """The rows of :func:`related_papers` for the papers at positions ``rows`` (unique);
    ``near``: see :func:`related_rows`; ``workers``: see :func:`related_papers`;
    ``compact``: lists of :func:`related_links` tuples instead, a list a chunk (each
    given to ``shape``, if any, in the process that scored it)."""
    pool = max(pool, k)
    table = _table(ix, [rows], weights, pool, chunk_size, workers)
    closest = table.indices if near is None else best_entries(table, near)[1]
    around = np.setdiff1d(np.unique(closest), rows)  # the second order and `via` need them
    if len(around):
        table = table + _table(ix, [around], weights, pool, chunk_size, workers)
    table.sort_indices()
    linked = sp.csr_matrix(table, copy=True)
    linked.data[:] = 1.0
    prepare(ix, DEFAULT_WEIGHTS if weights is None else weights)
    state = {"index": ix, "rows": rows, "table": table, "linked": linked, "k": k,
             "weights": weights, "expand": expand, "size": chunk_size, "terms": terms,
             "compact": compact, "shape": shape}
    for block in in_order(_rows_block, state, range(0, len(rows), chunk_size), workers):
        if compact:
            yield block
        else:
            yield from block


def _rows_block(state: dict, start: int) -> list[tuple]:
    """The listing's rows of the chunk of ``state["rows"]`` from ``start``."""
    ix, table, linked = state["index"], state["table"], state["linked"]
    chunk = state["rows"][start:start + state["size"]]
    first = table[chunk]
    local, cols, vals = _best_supported(ix, chunk, first,
                                        second_order(first, table, chunk,
                                                     expand=state["expand"]),
                                        state["k"], state["weights"])
    i = chunk[local]
    if state.get("compact"):
        ev_ = evidence_columns(ix, i, cols, terms=state["terms"], only=STORED)
        ids = ix.ids
        links = [(ids[a], ids[b], round(score, 6), cocited, coupled, cites, text,
                  ", ".join(shared))
                 for a, b, score, cocited, coupled, cites, text, shared in zip(
                     i.tolist(), cols.tolist(), vals.tolist(), ev_["cocited"], ev_["coupled"],
                     ev_["cites"], ev_["text"], ev_["terms"], strict=True)]
        return state["shape"](links) if state.get("shape") else links
    ev = pair_evidence(ix, i, cols, terms=state["terms"])
    via = values_at(sp.csr_matrix(linked[chunk] @ linked), local, cols)
    out = []
    for a, b, score, e, v in zip(i.tolist(), cols.tolist(), vals.tolist(), ev, via.tolist(),
                                 strict=True):
        e["via"] = v
        out.append((ix.ids[a], ix.ids[b], round(score, 6), e))
    return out


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
    support = weighted(index, rows, weights=weights)
    first = top_rows(support, pool)
    if expand:
        near = np.unique(first.indices)
        if len(near):
            table = first_order(index, near, weights=weights, pool=pool)
            first = second_order(first, table, rows, expand=expand, near=near,
                                 support=support)
    total = np.asarray(first.sum(axis=0)).ravel()
    total[rows + [index.position[x] for x in exclude if x in index.position]] = 0
    nz = np.flatnonzero(total > 0)
    order = nz[np.lexsort((nz, -total[nz]))][:k]
    return [(index.ids[j], float(total[j])) for j in order]

"""Rows of sparse score matrices: each row's best entries, and entries looked up by place.

Pure (numpy / scipy). The related-work index keeps each paper's best candidates
(:func:`best_entries`, :func:`top_rows`) and reads back the scores of given pairs
(:func:`values_at`), for a chunk of papers at a time, without a Python step per entry
but one per long row.

>>> m = sp.csr_matrix(np.array([[0.5, 2.0, 2.0, 0.0], [0.0, -1.0, 0.0, 0.0]]))
>>> [x.tolist() for x in best_entries(m, 2)]
[[0, 0], [1, 2], [2.0, 2.0]]
>>> values_at(m, np.array([0, 1, 1]), np.array([0, 1, 3]), integer=False).tolist()
[0.5, -1.0, 0.0]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from explorer.algorithms.relatedness_evidence import find_keys
from explorer.algorithms.relatedness_signals import max_normalised

__all__ = ["best_entries", "top_rows", "values_at", "within_reach"]


def _floors(m: sp.csr_matrix, count: int) -> np.ndarray:
    """Each row's ``count``-th largest value (``-inf`` for a row of at most ``count``
    entries), a step per long row."""
    lengths = np.diff(m.indptr)
    out = np.full(m.shape[0], -np.inf)
    for r in np.flatnonzero(lengths > count).tolist():
        v = m.data[m.indptr[r]:m.indptr[r + 1]]
        out[r] = np.partition(v, len(v) - count)[len(v) - count]
    return out


def best_entries(m: sp.spmatrix, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``count`` largest positive values, ties by column: (row, column, value),
    rows ascending, within a row best first."""
    m = sp.csr_matrix(m)
    lengths = np.diff(m.indptr)
    keep = (m.data > 0) & (m.data >= np.repeat(_floors(m, count), lengths))
    at = np.flatnonzero(keep)
    row = np.repeat(np.arange(m.shape[0], dtype=np.int64), lengths)[at]
    order = np.lexsort((m.indices[at], -m.data[at], row))
    at, row = at[order], row[order]
    first = np.arange(len(row)) - np.searchsorted(row, row) < count
    return row[first], m.indices[at[first]].astype(np.int64), m.data[at[first]]


def within_reach(m: sp.csr_matrix, count: int, margin: float) -> sp.csr_matrix:
    """``m`` without the entries more than ``margin`` below their row's ``count``-th largest
    value (a new matrix; rows of at most ``count`` entries kept whole): what adding at most
    ``margin`` to each entry can still bring into its row's ``count`` best."""
    m = sp.csr_matrix(m)
    lengths = np.diff(m.indptr)
    if not (lengths > count).any():
        return m
    keep = m.data >= np.repeat(_floors(m, count) - margin, lengths)
    owner = np.repeat(np.arange(m.shape[0], dtype=np.int64), lengths)
    indptr = np.concatenate([[0], np.cumsum(np.bincount(owner[keep], minlength=m.shape[0]))])
    return sp.csr_matrix((m.data[keep], m.indices[keep], indptr), shape=m.shape)


def top_rows(scores: sp.spmatrix, pool: int) -> sp.csr_matrix:
    """Keep each row's ``pool`` largest positive values (ties by column), max-normalised."""
    rows, cols, vals = best_entries(scores, pool)
    out = sp.csr_matrix((vals, (rows, cols)), shape=scores.shape)
    out.sort_indices()
    return max_normalised(out)


def values_at(m: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, *,
              integer: bool = True) -> np.ndarray:
    """``m[rows[p], cols[p]]`` for every ``p`` (0 where not stored), as integers unless
    ``integer`` is false. ``m`` is made canonical in place (sorted, no duplicates)."""
    m.sum_duplicates()  # canonical: sorted, so row * width + column keys ascend
    keys = np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr)) * m.shape[1] \
        + m.indices
    at, found = find_keys(keys, np.asarray(rows, dtype=np.int64) * m.shape[1] + cols)
    out = np.where(found, m.data[at] if len(keys) else 0, 0)
    return out.astype(np.int64) if integer else out.astype(np.float64)

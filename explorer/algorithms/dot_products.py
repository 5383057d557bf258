"""Dot products of chosen pairs of dense vectors: the LSA signal of the related-work index.

Pure (numpy). :func:`pair_dots` computes, for a chunk of query papers and the candidate
papers each is paired with (a few thousand a paper, most of a field's papers in all),
only the wanted products, in blocks of dense matrix products where enough of a block is
wanted and pair by pair elsewhere.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DOT_BLOCK", "DOT_DENSITY", "pair_dots"]

#: entries of one dense block of dot products (8 MB: a block read back while still in the
#: processor's cache; 64 MB blocks took 0.154 s a 500-paper chunk at 100k, these 0.112 s)
DOT_BLOCK = 1_000_000
#: share of a block's entries that must be wanted pairs for it to be computed densely
DOT_DENSITY = 0.015


def pair_dots(vectors: np.ndarray, r: np.ndarray, rows: np.ndarray,
              cols: np.ndarray) -> np.ndarray:
    """``vectors[r[rows[i]]] . vectors[cols[i]]`` for every pair ``i``, in float64.

    The wanted columns are taken in blocks of at most :data:`DOT_BLOCK` products: a
    block where enough pairs are wanted (:data:`DOT_DENSITY`) is one dense matrix
    product of the query rows with the block's columns (a BLAS call), the others pair
    by pair. Float64 makes a pair's value the same whichever rows it is computed with
    (float32 products of different shapes differ in the last bits), so a paper scored
    alone or in a chunk gets the same list. Memory: one block and the pairs.

    >>> v = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 2.0]], dtype=np.float32)
    >>> pair_dots(v, np.array([0, 2]), np.array([0, 0, 1]), np.array([1, 2, 1])).tolist()
    [0.5, 0.0, 1.0]
    """
    out = np.zeros(len(rows), dtype=np.float64)
    if not len(rows):
        return out
    query = vectors[r].astype(np.float64)
    wanted = np.zeros(len(vectors), dtype=bool)
    wanted[cols] = True
    columns = np.flatnonzero(wanted)
    place = (np.cumsum(wanted) - 1)[cols]  # each pair's column among ``columns``
    step = max(1, DOT_BLOCK // len(r))
    space = np.empty(len(r) * min(step, len(columns)), dtype=np.float64)  # reused
    block = place // step
    order = np.argsort(block.astype(np.int16) if len(columns) // step < 2 ** 15 else block,
                       kind="stable")  # 16-bit keys: a radix sort, twice as fast
    bounds = np.searchsorted(block[order], np.arange((len(columns) + step - 1) // step + 1))
    for k in range(len(bounds) - 1):
        pairs = order[bounds[k]:bounds[k + 1]]
        first = k * step
        these = columns[first:first + step]
        if len(pairs) >= DOT_DENSITY * len(r) * len(these):
            products = space[:len(r) * len(these)].reshape(len(r), len(these))
            np.matmul(query, vectors[these].T.astype(np.float64), out=products)
            out[pairs] = products[rows[pairs], place[pairs] - first]
        else:
            for start in range(0, len(pairs), 200_000):  # bounded memory
                some = pairs[start:start + 200_000]
                out[some] = np.einsum("ij,ij->i", query[rows[some]],
                                      vectors[cols[some]].astype(np.float64))
    return out

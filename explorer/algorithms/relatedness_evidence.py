"""The evidence of related pairs: the exact numbers a "why related" sentence is written from.

Pure (numpy / scipy). :func:`pair_evidence` computes the evidence of many
``(i, j)`` pairs of an index at once, vectorised: the pairs' rows of each signal's
matrix are gathered and multiplied element-wise (:func:`pair_products`), and
cocitations come from one sparse product a batch of papers (so a batch costs about the
pairs' row lengths, not the field). :func:`evidence` is the same for one pair.

``cocited``   loaded papers citing both (``cited_by`` rows, every citer)
``coupled``   shared references, stubs included (``refs`` rows)
``cites``     1: ``i`` cites ``j``, -1: the reverse, 2: both, 0: neither
``text``, ``lsa``, ``concepts``, ``venue``, ``authors``: cosines, 4 places
``terms``     the shared words weighing most in the text cosine, best first

>>> from explorer.algorithms.relatedness_signals import build_index
>>> ix = build_index(["a", "b", "c"], [("c", "a"), ("c", "b"), ("a", "x"), ("b", "x")])
>>> [(e["cocited"], e["coupled"], e["cites"]) for e in pair_evidence(ix, [0, 2], [1, 0])]
[(1, 1, 0), (0, 0, 1)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from explorer.algorithms.relatedness_signals import RelatednessIndex, Rows
from explorer.algorithms.text_similarity import top_shared_terms

__all__ = ["STORED", "evidence", "evidence_columns", "find_keys", "pair_counts", "pair_evidence",
           "pair_products", "pair_support", "prepare"]

#: entries of gathered rows held at once (bounded memory whatever the hubs)
BATCH_ENTRIES = 4_000_000


def _sorted(m: sp.csr_matrix) -> sp.csr_matrix:
    return m if m.has_sorted_indices else m.sorted_indices()


def _csr(m: sp.spmatrix) -> sp.csr_matrix:
    """``m`` itself when it is CSR already: a new wrapper would forget that its indices
    were found sorted, and scanning a field's matrix again costs more than a chunk's
    search."""
    return m if isinstance(m, sp.csr_matrix) else sp.csr_matrix(m)


def _gather(m: sp.csr_matrix, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of ``m``'s ``rows``: (position in ``rows``, column, value), row by row."""
    starts = m.indptr[rows].astype(np.int64)
    lengths = m.indptr[rows + 1].astype(np.int64) - starts
    which = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
    ends = np.cumsum(lengths)
    offsets = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) \
        - np.repeat(ends - lengths - starts, lengths)
    return which, m.indices[offsets].astype(np.int64), m.data[offsets]


def find_keys(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``wanted`` is in the sorted ``keys``: (position, found), per key.

    The wanted keys are searched in ascending order (numpy narrows each search from the
    last one), about ten times faster than in their own order on a field's millions of
    keys; positions come back in the order given.

    >>> [x.tolist() for x in find_keys(np.array([2, 5, 9]), np.array([9, 1, 5]))]
    [[2, 0, 1], [True, False, True]]
    """
    wanted = np.asarray(wanted)
    if not len(keys):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    order = np.argsort(wanted, kind="stable")
    at = np.empty(len(wanted), dtype=np.int64)
    at[order] = np.searchsorted(keys, wanted[order])
    at = np.minimum(at, len(keys) - 1)
    return at, keys[at] == wanted


def _batches(sizes: np.ndarray, limit: int) -> list[slice]:
    """Slices of the pairs holding about ``limit`` gathered entries each (at least one pair),
    ``sizes`` the entries of each pair."""
    sizes = np.cumsum(sizes)
    out, start = [], 0
    while start < len(sizes):
        stop = max(start + 1, int(np.searchsorted(sizes, (sizes[start - 1] if start else 0)
                                                  + limit, side="right")))
        out.append(slice(start, stop))
        start = stop
    return out


def pair_products(a: sp.csr_matrix, i: Rows, b: sp.csr_matrix, j: Rows, *,
                  limit: int = BATCH_ENTRIES, pattern: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The columns rows ``a[i[p]]`` and ``b[j[p]]`` share, for every pair ``p``, with the
    product of their two values: the rows gathered and multiplied element-wise by
    scipy (a merge of two sorted rows a pair, in C), about ``limit`` entries a batch.

    Returns ``(pair, column, product)``, pairs ascending and within a pair columns
    ascending; a zero product is not listed. With ``pattern``, every stored value
    counts as 1 (the products are 1: the shared columns). ``a`` and ``b`` have as many
    columns.

    >>> m = sp.csr_matrix(np.array([[1., 2, 0], [0, 3, 4]]))
    >>> [x.tolist() for x in pair_products(m, [0, 0], m, [1, 0])]
    [[0, 1, 1], [1, 0, 1], [6.0, 1.0, 4.0]]
    """
    a, b = _sorted(_csr(a)), _sorted(_csr(b))
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"pair_products: {a.shape[1]} columns against {b.shape[1]}")
    ii, jj = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    parts = []
    for part in _batches(np.diff(a.indptr)[ii] + np.diff(b.indptr)[jj], limit):
        left, right = a[ii[part]], b[jj[part]]
        if pattern:
            left.data[:] = 1.0
            right.data[:] = 1.0
        both = sp.csr_matrix(left.multiply(right))
        both.eliminate_zeros()
        both.sort_indices()
        parts.append((np.repeat(np.arange(part.start, part.stop, dtype=np.int64),
                                np.diff(both.indptr)), both.indices.astype(np.int64),
                      both.data.astype(np.float64)))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    pair, col, product = (np.concatenate(x) for x in zip(*parts, strict=True))
    return pair, col, product


def pair_counts(a: sp.csr_matrix, i: Rows, b: sp.csr_matrix, j: Rows) -> np.ndarray:
    """Number of columns rows ``a[i[p]]`` and ``b[j[p]]`` share, per pair (int)."""
    pair = pair_products(a, i, b, j, pattern=True)[0]
    return np.bincount(pair, minlength=len(i)).astype(np.int64)


def _dots(a: sp.csr_matrix, i: Rows, b: sp.csr_matrix, j: Rows) -> np.ndarray:
    pair, _, product = pair_products(a, i, b, j)
    return np.bincount(pair, weights=product, minlength=len(i))


def _stored(m: sp.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Whether ``m[i[p], j[p]]`` is stored and non-zero, per pair."""
    m = _sorted(m)
    which, col, val = _gather(m, i)
    keys = which[val != 0] * max(m.shape[1], 1) + col[val != 0]
    wanted = np.arange(len(i), dtype=np.int64) * max(m.shape[1], 1) + j
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    return keys[at] == wanted if len(keys) else np.zeros(len(i), dtype=bool)


def _keys(index: RelatednessIndex, name: str, m: sp.csr_matrix) -> np.ndarray:
    """The sorted keys ``row * width + column`` of ``m``'s stored entries, made once per
    index and ``name`` (before scoring processes fork, by :func:`prepare`, they share it)."""
    if f"{name} keys" not in index.derived:
        m = _sorted(m)
        index.derived[f"{name} keys"] = (
            np.repeat(np.arange(m.shape[0], dtype=np.int64), np.diff(m.indptr))
            * max(m.shape[1], 1) + m.indices)
    return index.derived[f"{name} keys"]


def _shares(index: RelatednessIndex, name: str, m: sp.csr_matrix, i: np.ndarray,
            j: np.ndarray) -> np.ndarray:
    """Whether rows ``m[i[p]]`` and ``m[j[p]]`` share a stored column, per pair: the
    shorter row's columns are looked up among the sorted keys of ``m`` (so a pair costs
    its shorter row: a hub's thousands of citers cost nothing when the other paper has
    a few)."""
    m = _sorted(m)
    width = max(m.shape[1], 1)
    lengths = np.diff(m.indptr)
    swap = lengths[j] < lengths[i]
    few, other = np.where(swap, j, i), np.where(swap, i, j)
    keys = _keys(index, name, m)
    out = np.zeros(len(few), dtype=bool)
    for part in _batches(lengths[few], BATCH_ENTRIES):
        which, col, _ = _gather(m, few[part])
        hit = find_keys(keys, other[part][which] * width + col)[1]
        out[part] = np.bincount(which[hit], minlength=part.stop - part.start) > 0
    return out


def _cocited(index: RelatednessIndex, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Loaded papers citing both, per pair: one sparse product a batch of first papers,
    a batch holding about :data:`BATCH_ENTRIES` references of its first papers' citers,
    so a hub costs its citers' references once, not once a pair. The product is the
    cheaper of two: the first papers' citers' references (``cited_by[U] @ refs``, as
    many entries as those references: few for papers cited a few times, where the
    partners are often much cited), or their citers against their partners' citers
    (``cited_by[U] @ cited_by[V].T``, whose transpose holds as many entries as the
    partners' citers: fewer for much-cited first papers)."""
    cited_by, refs = _sorted(index.cited_by), _sorted(index.refs)
    work, cited = _citers_references(index), np.diff(cited_by.indptr)
    counts = np.zeros(len(i), dtype=np.int64)
    order = np.argsort(i, kind="stable")
    first, at, many = np.unique(i[order], return_index=True, return_counts=True)
    ends = at + many
    for part in _batches(work[first] + many, BATCH_ENTRIES):
        these = order[at[part.start]:ends[part.stop - 1]]
        partners, column = np.unique(j[these], return_inverse=True)
        left = cited_by[first[part]]
        if work[first[part]].sum() <= cited[partners].sum():
            product, width, wanted = sp.csr_matrix(left @ refs), refs.shape[1], j[these]
        else:
            product, width, wanted = sp.csr_matrix(left @ cited_by[partners].T), \
                len(partners), column
        product.sum_duplicates()
        row = np.searchsorted(first[part], i[these])
        keys = np.repeat(np.arange(product.shape[0], dtype=np.int64),
                         np.diff(product.indptr)) * width + product.indices
        found, hit = find_keys(keys, row * width + wanted)
        counts[these] = np.where(hit, product.data[found] if len(keys) else 0, 0)
    return counts


def _citers_references(index: RelatednessIndex) -> np.ndarray:
    """Per paper, the references of the papers citing it, summed (a cocitation product's
    work), made once per index (by :func:`prepare` before scoring processes fork)."""
    if "citers' references" not in index.derived:
        index.derived["citers' references"] = index.cited_by @ np.diff(index.refs.indptr)
    return index.derived["citers' references"]


def _lsa(z: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Row dot products of the float32 LSA vectors, computed as ``z[i] @ z[j]`` is."""
    out = np.empty(len(i))
    for s in range(0, len(i), 50_000):
        out[s:s + 50_000] = np.matmul(z[i[s:s + 50_000]][:, None, :],
                                      z[j[s:s + 50_000]][:, :, None]).ravel()
    return out


def pair_evidence(index: RelatednessIndex, i: Rows, j: Rows, *, terms: int = 5) -> list[dict]:
    """The evidence of the papers at positions ``i[p]`` and ``j[p]``, for every pair ``p``.

    One dict per pair, in order, with the keys of the module docstring
    (``terms``: at most ``terms`` shared terms, an empty list when the text
    cosine is 0). Counts are exact (hubs included); equal to :func:`evidence`
    pair by pair.
    """
    columns = evidence_columns(index, i, j, terms=terms)
    names = list(columns)
    return [dict(zip(names, values, strict=True))
            for values in zip(*columns.values(), strict=True)]


#: the evidence a related-work link stores in the graph (the others are for explanations)
STORED = ("cocited", "coupled", "cites", "text", "terms")


def evidence_columns(index: RelatednessIndex, i: Rows, j: Rows, *, terms: int = 5,
                     only: Sequence[str] | None = None) -> dict[str, Sequence]:
    """:func:`pair_evidence` as one list per key (pairs in order); with ``only``, just
    those keys (``text`` and ``terms`` come together), the others not computed."""
    ix = index
    ii, jj = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    want = set(only) if only is not None else {"cocited", "coupled", "cites", "text", "lsa",
                                                "terms", *ix.bags}
    columns: dict[str, Sequence] = {}
    if "cocited" in want:
        columns["cocited"] = _cocited(ix, ii, jj).tolist()
    if "coupled" in want:
        columns["coupled"] = pair_counts(ix.refs, ii, ix.refs, jj).tolist()
    if "cites" in want:
        out_, in_ = _stored(ix.refs, ii, jj), _stored(ix.refs, jj, ii)
        columns["cites"] = np.where(out_ & in_, 2, np.where(out_, 1, np.where(in_, -1, 0))
                                    ).tolist()
    shared = None
    if want & {"text", "terms"}:
        pair, col, prod = pair_products(ix.text, ii, ix.text, jj)
        columns["text"] = [round(x, 4) for x in
                           np.bincount(pair, weights=prod, minlength=len(ii)).tolist()]
        shared = top_shared_terms(ix.terms, pair, col, prod, len(ii), terms)
    if "lsa" in want:
        columns["lsa"] = [round(max(x, 0.0), 4) for x in _lsa(ix.lsa, ii, jj).tolist()]
    for name, bag in ix.bags.items():
        if name in want:
            columns[name] = [round(x, 4) for x in _dots(bag, ii, bag, jj).tolist()]
    if shared is not None:
        columns["terms"] = shared
    return columns


#: the matrix whose shared columns make each weighed signal positive for a pair (``lsa`` is
#: computed only where another signal is positive, ``direct`` is a citation either way),
#: in the order tested
_SUPPORT = {"text": "text", "concepts": "concepts", "venue": "venue", "authors": "authors",
            "citation_cosine": "links", "cocited": "citers", "coupled_rare": "rare"}
#: signals whose support lies inside another's: ``links`` holds every column of ``citers``
#: (shared citers) and of ``rare`` (shared references cited 2 to ``max_degree`` times)
_INSIDE = {"cocited": "citation_cosine", "coupled_rare": "citation_cosine"}


def pair_support(index: RelatednessIndex, i: Rows, j: Rows,
                 weights: Mapping[str, float]) -> np.ndarray:
    """Whether some signal weighed positively in ``weights`` links ``i[p]`` and ``j[p]``,
    per pair: exactly where :func:`relatedness.weighted` is positive, tested pair by pair
    (shared columns of the hub-cut matrices the signals are products of), so a few pairs
    cost their rows, not a chunk's products.
    """
    ix = index
    ii, jj = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    out = np.zeros(len(ii), dtype=bool)
    if weights.get("direct", 0) > 0:
        out |= _stored(ix.refs, ii, jj) | _stored(ix.refs, jj, ii)
    for source, m in _searched(ix, weights):
        if out.all():
            break
        left = np.flatnonzero(~out)
        out[left] |= _shares(ix, source, m, ii[left], jj[left])
    return out


def _searched(index: RelatednessIndex, weights: Mapping[str, float]
              ) -> list[tuple[str, sp.csr_matrix]]:
    """The matrices :func:`pair_support` searches for ``weights``, in order, by name: one a
    signal weighed positively whose support is not inside another's weighed one."""
    out = []
    for name, source in _SUPPORT.items():
        if weights.get(name, 0) <= 0 or weights.get(_INSIDE.get(name, ""), 0) > 0:
            continue
        m = index.products.get(name) if source == name else getattr(index, source)
        if m is not None:
            out.append((source, m))
    return out


def prepare(index: RelatednessIndex, weights: Mapping[str, float]) -> None:
    """Make the sorted keys :func:`pair_support` searches and the work estimates of the
    cocitation products of :func:`pair_evidence`, once, in this process: scoring
    processes forked afterwards share them rather than each making its own."""
    _citers_references(index)
    for source, m in _searched(index, weights):
        _keys(index, source, m)


def evidence(index: RelatednessIndex, i: int, j: int, *, terms: int = 5) -> dict:
    """The evidence of the papers at positions ``i`` and ``j`` (see :func:`pair_evidence`)."""
    return pair_evidence(index, [i], [j], terms=terms)[0]

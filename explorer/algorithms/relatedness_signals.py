"""Pairwise signals of the related-work index, as sparse matrices over plain inputs.

Pure (numpy / scipy / scikit-learn; no database). :func:`build_index` turns
paper ids, ``(citing, cited)`` pairs and optional content into the matrices of
a :class:`RelatednessIndex`; :func:`signal_matrices` gives, for some query
papers, every signal against all papers. A cited id that is not a loaded
paper is a *stub*: evidence (two papers citing the same stub are coupled) but
never a column. How the signals are weighed into one score lives in
:mod:`explorer.algorithms.relatedness`.

===================  ==========================================================
``text``             TF-IDF cosine of title (x3) + abstract, words and phrases
``lsa``              cosine of the LSA (truncated SVD) vectors of that text
``concepts``         cosine of IDF-weighted concept (topic) scores
``venue``            cosine of IDF-weighted venues (same journal, rare ones more)
``authors``          cosine of IDF-weighted author ids
``cocited``          number of loaded papers citing both (raw count)
``citation_cosine``  Salton cosine of the papers' citation links: shared
                     references (stubs too) + shared citers, divided by
                     sqrt(links(a) * links(b))
``coupled_rare``     shared references weighted by rarity, 1 / log(1 + times
                     the reference is cited) (Adamic-Adar)
``direct``           1 if either paper cites the other
===================  ==========================================================

Scale: matrices are built once (``O(papers + citations + text)`` memory) and
products are taken for the query rows only. *Hubs* are left out of the
products (they link nearly everything and would make a chunk dense):
references cited by more than ``max_degree`` loaded papers, citing papers
with more than ``max_degree`` references, and terms, concepts, venues or
authors of more than ``max_degree`` papers. On a field of a few thousand
papers nothing is left out; the evidence counts (:func:`relatedness.evidence`)
always count everything.

>>> ix = build_index(["a", "b", "c"], [("c", "a"), ("c", "b"), ("a", "x"), ("b", "x")])
>>> m = signal_matrices(ix, [0], normalise=False)
>>> m["cocited"].toarray().tolist(), m["direct"].toarray().tolist()
([[0.0, 1.0, 0.0]], [[0.0, 0.0, 1.0]])
>>> round(float(m["citation_cosine"][0, 1]), 6)  # a: x and c; b: x and c
1.0
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from explorer.algorithms import forked
from explorer.algorithms.dot_products import pair_dots
from explorer.algorithms.text_similarity import (
    bag_matrix,
    lsa_matrix,
    text_matrix,
)

__all__ = ["APART_FROM", "APART_UP_TO", "SIGNALS", "RelatednessIndex", "Rows", "build_index",
           "build_index_arrays", "citation_positions", "hub_cut", "lsa_values",
           "max_normalised", "pair_dots", "raw_signals", "signal_matrices", "start_text_parts",
           "text_parts"]

#: from this many papers up to APART_UP_TO, the text matrix and its LSA are computed in
#: a forked process while this one builds the citation matrices (an index update's
#: region at a million papers, about 150,000 papers: 5 s of its 10 s build side by side;
#: fewer papers are not worth a process, and a whole large field's text would come back
#: through a pipe, held twice in memory meanwhile)
APART_FROM = 20_000
APART_UP_TO = 400_000

Id = Hashable
#: positions of papers in the index: a sequence or a 1-d integer array
Rows = Sequence[int] | np.ndarray
SIGNALS = ("text", "lsa", "concepts", "venue", "authors", "cocited", "citation_cosine",
           "coupled_rare", "direct")

@dataclass
class RelatednessIndex:
    """The per-paper matrices the signals are products of (rows = ``ids``, in order)."""

    ids: list
    refs: sp.csr_matrix        # papers x (papers + stubs), 1 = cites
    citers: sp.csr_matrix      # papers x papers, row i = papers citing i (at most max_degree refs)
    cited_by: sp.csr_matrix    # papers x papers, row i = every loaded paper citing i
    links: sp.csr_matrix       # [refs | citers] / sqrt(all links), hubs left out
    rare: sp.csr_matrix        # refs scaled by sqrt(1 / log(1 + times cited)), hubs left out
    text: sp.csr_matrix        # TF-IDF rows (L2), possibly zero-width
    terms: np.ndarray
    lsa: np.ndarray
    bags: dict[str, sp.csr_matrix] = field(default_factory=dict)  # concepts, venue, authors
    products: dict[str, sp.csr_matrix] = field(default_factory=dict)  # text and bags, pruned
    position: dict = field(default_factory=dict)
    #: arrays derived from the matrices once, when first needed (transposes, sorted keys)
    derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def transpose(self, name: str, m: sp.csr_matrix) -> sp.csr_matrix:
        """``m.T`` as CSR, made once per index and ``name`` (products of chunks reuse it)."""
        if f"{name}.T" not in self.derived:
            self.derived[f"{name}.T"] = sp.csr_matrix(m.T)
        return self.derived[f"{name}.T"]


def _incidence(rows: Rows, cols: Rows, shape: tuple[int, int]) -> sp.csr_matrix:
    m = sp.csr_matrix((np.ones(len(rows)), (np.asarray(rows, dtype=np.int64),
                                            np.asarray(cols, dtype=np.int64))), shape=shape)
    m.data[:] = 1.0  # repeated pairs count once
    m.sort_indices()
    return m


def hub_cut(papers: int) -> int:
    """The default ``max_degree`` of a field of ``papers`` papers: 2,000 up to 100,000
    papers (the expert benchmark's fields, a few thousand papers, lose nothing), then
    shrinking as the field grows, never below 200, so that the first order's candidate
    pairs per paper (about the shared features times the cut) stay bounded and the whole
    index of a large field is built in time proportional to its size.

    >>> hub_cut(1_175), hub_cut(100_000), hub_cut(400_000), hub_cut(5_000_000)
    (2000, 2000, 500, 200)
    """
    if papers <= 100_000:
        return 2000
    return max(200, round(2000 * 100_000 / papers))


def build_index(papers: Iterable[Id], citations: Iterable[tuple[Id, Id]], *,
                texts: Mapping[Id, tuple[str | None, str | None]] | None = None,
                concepts: Mapping[Id, Iterable[tuple[Id, float]]] | None = None,
                venues: Mapping[Id, Id | None] | None = None,
                authors: Mapping[Id, Iterable[Id]] | None = None,
                lsa_dims: int = 64, lsa_iterations: int = 2, max_degree: int | None = None,
                seed: int = 0, cited_counts: Mapping[Id, int] | None = None
                ) -> RelatednessIndex:
    """Build the matrices of :class:`RelatednessIndex` from plain inputs.

    ``papers``: the loaded paper ids (repeats ignored). ``citations``:
    ``(citing, cited)`` pairs; pairs whose citing paper is not loaded are
    ignored, a cited id not loaded becomes a stub, self-citations are dropped.
    ``texts`` maps an id to ``(title, abstract)``; ``concepts`` to
    ``(concept id, score)`` pairs; ``venues`` to a venue id; ``authors`` to
    author ids. Missing entries mean "unknown" (a zero row). ``seed`` fixes
    the randomised SVD of the LSA; ``lsa_dims`` and ``lsa_iterations`` are
    its size and power iterations (64 and 2 score as 100 and 5 did on
    ``bench/synergy_quality.py``, at a third of the time). ``max_degree``
    (default :func:`hub_cut` of the field's size) is where hubs start.
    ``cited_counts`` maps a paper to the number of papers citing it in the whole
    field, when ``citations`` are only part of the field's (a region around some
    papers): a paper cited more than ``max_degree`` times there is a hub here too.
    """
    ids = list(dict.fromkeys(papers))
    n = len(ids)
    pos: dict = {p: i for i, p in enumerate(ids)}
    stubs: dict = {}
    rows, cols = [], []
    for a, b in citations:
        i = pos.get(a)
        if i is None or a == b:
            continue
        j = pos.get(b)
        if j is None:
            j = n + stubs.setdefault(b, len(stubs))
        rows.append(i)
        cols.append(j)
    texts = texts or {}
    return build_index_arrays(
        ids, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), len(stubs),
        texts=[texts.get(p, (None, None)) for p in ids],
        concepts=[list((concepts or {}).get(p, ())) for p in ids],
        venues=[(venues or {}).get(p) for p in ids],
        authors=[list((authors or {}).get(p, ())) for p in ids],
        lsa_dims=lsa_dims, lsa_iterations=lsa_iterations, max_degree=max_degree, seed=seed,
        cited_counts=None if cited_counts is None else [cited_counts.get(p, 0) for p in ids])


def citation_positions(ids: Sequence[Id], refs: Sequence[Id], counts: Sequence[int]
                       ) -> tuple[np.ndarray, np.ndarray, int]:
    """The inputs of :func:`build_index_arrays` from each paper's references: ``ids``
    the loaded papers (unique), ``refs`` their references one paper after another and
    ``counts`` how many each has. Returns ``(citing, cited, stubs)``: a reference not
    loaded is a stub, numbered in the order first met (as :func:`build_index` numbers
    them), without a Python step per reference.

    >>> citing, cited, stubs = citation_positions(["a", "b"], ["x", "b", "x", "y"], [3, 1])
    >>> citing.tolist(), cited.tolist(), stubs
    ([0, 0, 0, 1], [2, 1, 2, 3], 2)
    """
    at = dict(zip(dict.fromkeys(itertools.chain(ids, refs)), itertools.count()))
    cited = np.fromiter(map(at.__getitem__, refs), dtype=np.int64, count=len(refs))
    citing = np.repeat(np.arange(len(ids), dtype=np.int64),
                       np.asarray(counts, dtype=np.int64))
    return citing, cited, len(at) - len(ids)


def text_parts(texts: Sequence[tuple[str | None, str | None]], *, lsa_dims: int = 64,
               lsa_iterations: int = 2, seed: int = 0
               ) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """The text matrix of ``(title, abstract)`` pairs, its terms and its LSA rows."""
    text, terms = text_matrix(list(texts))
    return text, terms, lsa_matrix(text, dims=lsa_dims, seed=seed, iterations=lsa_iterations)


def start_text_parts(texts: Sequence[tuple[str | None, str | None]], **options: Any
                     ) -> Callable[[], tuple[sp.csr_matrix, np.ndarray, np.ndarray]]:
    """:func:`text_parts`, in a forked process (:data:`APART_FROM`) while the caller goes
    on, or when called; the answer is the same either way."""
    if APART_FROM <= len(texts) <= APART_UP_TO:
        return forked.apart(functools.partial(text_parts, **options), texts)
    return lambda: text_parts(texts, **options)


def build_index_arrays(ids: list, citing: np.ndarray, cited: np.ndarray, stubs: int, *,
                       texts: Sequence[tuple[str | None, str | None]] | None = None,
                       concepts: Sequence[Iterable[tuple[Id, float]]] | None = None,
                       venues: Sequence[Id | None] | None = None,
                       authors: Sequence[Iterable[Id]] | None = None,
                       lsa_dims: int = 64, lsa_iterations: int = 2,
                       max_degree: int | None = None, seed: int = 0,
                       cited_counts: Sequence[int] | np.ndarray | None = None,
                       text_job: Callable[[], tuple] | None = None) -> RelatednessIndex:
    """:func:`build_index` from compact inputs: ``ids`` the loaded papers (unique, rows in
    this order); citations as two integer arrays of positions, ``citing`` in
    ``[0, len(ids))``, ``cited`` in ``[0, len(ids) + stubs)`` (from ``len(ids)`` on, a
    stub); self-citations are dropped, repeats count once. ``texts``, ``concepts``,
    ``venues`` and ``authors`` are per paper, in the order of ``ids`` (None: unknown);
    ``cited_counts`` too (see :func:`build_index`). ``text_job``: the answer of
    :func:`start_text_parts` for these texts, started earlier by the caller.
    Memory: the arrays and the matrices, never a Python object per citation.
    """
    n = len(ids)
    if text_job is None:
        text_job = start_text_parts(list(texts) if texts is not None else [(None, None)] * n,
                                    lsa_dims=lsa_dims, lsa_iterations=lsa_iterations,
                                    seed=seed)
    pos: dict = {p: i for i, p in enumerate(ids)}
    citing = np.asarray(citing, dtype=np.int64)
    cited = np.asarray(cited, dtype=np.int64)
    keep = citing != cited
    rows, cols = citing[keep], cited[keep]
    max_degree = hub_cut(n) if max_degree is None else max_degree
    refs = _incidence(rows, cols, (n, n + stubs))
    cited = np.asarray(refs.sum(axis=0)).ravel()
    if cited_counts is not None:  # a region: its hubs are the field's
        cited[:n] = np.maximum(cited[:n], np.asarray(cited_counts, dtype=cited.dtype))
    n_refs = np.asarray(refs.sum(axis=1)).ravel()
    cited_by = sp.csr_matrix(refs[:, :n].T)
    cited_by.sort_indices()
    # hubs (references cited more than max_degree times, papers citing more than
    # max_degree) are left out of the products; the cosine keeps their full link counts
    citers = _pruned(cited_by, columns=n_refs[:n] <= max_degree)
    norms = np.sqrt(n_refs + np.asarray(cited_by.sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    links = sp.csr_matrix(sp.diags(1.0 / norms) @ sp.hstack(
        [_pruned(refs, columns=cited <= max_degree), citers], format="csr"))
    links.sort_indices()  # sorted once: pair-by-pair tests would sort a copy each time
    rarity = np.where((cited >= 2) & (cited <= max_degree),
                      1.0 / np.log1p(np.maximum(cited, 1)), 0.0)
    rare = _pruned(sp.csr_matrix(refs @ sp.diags(np.sqrt(rarity))))
    bags = {
        "concepts": bag_matrix([list(c or ()) for c in concepts] if concepts is not None
                               else [[] for _ in range(n)]),
        "venue": bag_matrix([[(v, 1.0)] if v else [] for v in venues] if venues is not None
                            else [[] for _ in range(n)]),
        "authors": bag_matrix([[(a, 1.0) for a in (x or ())] for x in authors]
                              if authors is not None else [[] for _ in range(n)]),
    }
    text, terms, lsa = text_job()  # the bags were made meanwhile
    products = {name: _pruned(m, columns=np.diff(sp.csc_matrix(m).indptr) <= max_degree)
                for name, m in {"text": text, **bags}.items()}
    return RelatednessIndex(ids, refs, citers, cited_by, links, rare, text, terms, lsa, bags,
                            products, pos)


def _pruned(m: sp.spmatrix, columns: np.ndarray | None = None) -> sp.csr_matrix:
    """``m`` as sorted CSR without explicit zeros, keeping only the ``columns`` mask if given."""
    out = sp.csr_matrix(m if columns is None else m @ sp.diags(columns.astype(float)))
    out.eliminate_zeros()
    out.sort_indices()
    return out


def max_normalised(m: sp.csr_matrix) -> sp.csr_matrix:
    """Each row divided by its largest value (rows without a positive value stay as they are).

    A new matrix without explicit zeros (``m`` is left as it is), its columns in the
    order of ``m``'s. ``m``
    holds no duplicate entries, as a product or a sum of sparse matrices never does: the
    rows are not sorted to find their largest values.
    """
    m = sp.csr_matrix(m)
    top = np.zeros(m.shape[0])
    filled = np.diff(m.indptr) > 0
    if filled.any():
        top[filled] = np.maximum.reduceat(m.data, m.indptr[:-1][filled])
    top[top <= 0] = 1.0
    out = sp.csr_matrix((m.data * np.repeat(1.0 / top, np.diff(m.indptr)), m.indices.copy(),
                         m.indptr.copy()), shape=m.shape)
    out.eliminate_zeros()
    return out


def _without_own(m: sp.spmatrix, r: np.ndarray) -> sp.csr_matrix:
    """``m`` (query rows ``r``) without its own columns and explicit zeros (a copy)."""
    out = sp.csr_matrix(m, copy=True)
    out.data[out.indices == np.repeat(r, np.diff(out.indptr))] = 0.0
    out.eliminate_zeros()
    return out


def raw_signals(index: RelatednessIndex, rows: Rows, names: Iterable[str]
                ) -> dict[str, sp.csr_matrix]:
    """The signals ``names`` (of :data:`SIGNALS`, but ``lsa``) of the query ``rows``
    against all papers, raw (counts for ``cocited``), without the queries' own columns."""
    ix = index
    r = np.asarray(rows, dtype=np.int64)
    sources = {"cocited": ("citers", ix.citers), "citation_cosine": ("links", ix.links),
               "coupled_rare": ("rare", ix.rare), **{k: (k, m) for k, m in ix.products.items()}}
    out = {}
    for name in names:
        if name == "direct":
            m = ix.refs[r][:, :len(ix.ids)] + ix.cited_by[r]
            m.data[:] = 1.0
        else:
            key, source = sources[name]
            m = source[r] @ ix.transpose(key, source)
        out[name] = _without_own(m, r)
    return out


def lsa_values(index: RelatednessIndex, rows: Rows, pattern: sp.csr_matrix) -> np.ndarray:
    """The LSA cosines (negative ones as 0) of the query ``rows`` with the papers at
    ``pattern``'s stored places, in the order of its entries."""
    owner = np.repeat(np.arange(pattern.shape[0]), np.diff(pattern.indptr))
    r = np.asarray(rows, dtype=np.int64)
    return np.clip(pair_dots(index.lsa, r, owner, pattern.indices.astype(np.int64)), 0, None)


def signal_matrices(index: RelatednessIndex, rows: Rows, *, normalise: bool = True,
                    rare: bool = True) -> dict[str, sp.csr_matrix]:
    """Every signal of :data:`SIGNALS` for the query ``rows`` against all papers.

    Returns ``len(rows) x len(index.ids)`` CSR matrices; a query's own column
    is 0. With ``normalise`` each row is divided by its maximum (the
    per-query normalisation the weights apply to), but ``lsa``'s, a cosine from 0
    to 1 already (its row maximum, among the candidates, is a poorer scale: about as
    good on the SYNERGY reviews, and unknown until every candidate is computed);
    otherwise raw values
    (counts for ``cocited``). ``lsa`` is computed only on pairs some other
    signal already links (candidate pairs), so it never adds candidates. Without
    ``rare``, ``coupled_rare`` is left out (when it weighs nothing): its pairs are
    among ``citation_cosine``'s, so every other signal is the same.
    """
    out = raw_signals(index, rows, [name for name in SIGNALS
                                    if name != "lsa" and (rare or name != "coupled_rare")])
    pattern = sp.csr_matrix(sum((abs(m) for m in sorted(out.values(), key=lambda m: m.nnz)),
                                sp.csr_matrix((len(rows), len(index.ids)))))  # largest last
    pattern.sum_duplicates()
    out["lsa"] = sp.csr_matrix((lsa_values(index, rows, pattern), pattern.indices,
                                pattern.indptr), shape=pattern.shape)
    out["lsa"].eliminate_zeros()
    if normalise:  # lsa is a cosine already, from 0 to 1
        out = {name: m if name == "lsa" else max_normalised(m) for name, m in out.items()}
    return {name: out[name] for name in SIGNALS if name in out}

"""Content features of papers for the related-work index: text, LSA and bag-of-ids vectors.

Pure functions (numpy / scipy / scikit-learn, nothing downloaded). Every
feature is a row-per-paper matrix whose rows are L2-normalised, so the
similarity of two papers is the dot product of their rows (a cosine):

* :func:`text_matrix` - TF-IDF over the title (repeated ``title_weight``
  times, titles being the densest text) and the abstract, words and two-word
  phrases seen in at least two papers, sublinear term frequency, English and
  paper stop words removed;
* :func:`lsa_matrix` - latent semantic analysis: a truncated SVD of the text
  matrix (dense, ``dims`` columns), which matches papers using different words
  for the same thing;
* :func:`bag_matrix` - a bag of ids per paper (OpenAlex concepts with their
  scores, authors, venues), each id weighted by its rarity (IDF).

A paper without text, concepts or authors gets an all-zero row and so a
similarity of 0 on that feature; the other features still carry it.

>>> m, terms = text_matrix([("Stem cells for knee cartilage", ""),
...                         ("Cartilage repair with stem cells", ""),
...                         ("Hormone therapy after menopause", "")])
>>> sims = (m @ m.T).toarray()
>>> bool(sims[0, 1] > 0.5), float(sims[0, 2])
(True, 0.0)
>>> b = bag_matrix([[("a", 1.0)], [("a", 0.5), ("b", 1.0)], []])
>>> (b @ b.T).toarray().round(2).tolist()[2]
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from explorer.algorithms.text import PAPER_STOP_WORDS

__all__ = ["bag_matrix", "lsa_matrix", "shared_terms", "strip_accents", "text_matrix",
           "top_shared_terms"]


def _rows_normalised(matrix: sp.spmatrix) -> sp.csr_matrix:
    """``matrix`` as CSR with every non-zero row scaled to unit L2 norm."""
    m = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


_WORD = re.compile(r"(?u)\b[^\W\d_][^\W\d_]+\b")


class _Marks(dict):
    """A ``str.translate`` table that drops combining characters (accents once a text is
    decomposed) and keeps every other, learning each character once."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def strip_accents(text: str) -> str:
    """``text`` without accents: what scikit-learn's ``strip_accents_unicode`` gives
    (compatibility decomposition, combining characters dropped), without a Python
    step a character.

    >>> strip_accents("Gödel, naïve café")
    'Godel, naive cafe'
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


def _terms(doc: str, stop: frozenset[str]) -> list[str]:
    """A document's terms: its words (lower case, accents stripped, stop words dropped),
    then its two-word phrases, as scikit-learn's word analyser with ``ngram_range=(1, 2)``."""
    words = [w for w in _WORD.findall(strip_accents(doc.lower())) if w not in stop]
    return words + [f"{x} {y}" for x, y in zip(words, words[1:], strict=False)]


def text_matrix(texts: Sequence[tuple[str | None, str | None]], *, title_weight: int = 3,
                min_df: int = 2, max_features: int | None = 200_000
                ) -> tuple[sp.csr_matrix, np.ndarray]:
    """TF-IDF rows (L2-normalised) of ``(title, abstract)`` pairs, and the term of each column.

    Terms are words of two or more letters and two-word phrases occurring in
    at least ``min_df`` papers (all papers if fewer than ``min_df`` are
    given); at most ``max_features`` most frequent terms are kept (bounded
    memory on large fields). Papers with no usable text get a zero row; when
    no paper has any, the matrix has no columns. Terms are in ascending order
    (so a column's position orders terms as the strings do). The weights are
    scikit-learn's ``TfidfVectorizer`` ones (sublinear term frequency, smooth
    IDF, English and paper stop words), computed without its vocabulary-wide
    Python loops: terms seen in fewer than ``min_df`` papers are dropped before
    any sorting.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from sklearn.preprocessing import normalize

    stop = frozenset(ENGLISH_STOP_WORDS | PAPER_STOP_WORDS)
    vocabulary: dict[str, int] = {}
    ids: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for k, (title, abstract) in enumerate(texts):
        title = " ".join(str(title or "").split())
        terms = _terms(". ".join([title] * title_weight * bool(title) + [str(abstract or "")]),
                       stop)
        ids.extend([vocabulary.setdefault(t, len(vocabulary)) for t in terms])
        lengths[k] = len(terms)
    n, width = len(texts), max(len(vocabulary), 1)
    cells, counts = np.unique(np.repeat(np.arange(n, dtype=np.int64), lengths) * width
                              + np.asarray(ids, dtype=np.int64), return_counts=True)
    doc, term = np.divmod(cells, width)
    df = np.bincount(term, minlength=width)
    kept = np.flatnonzero(df >= min(min_df, max(n, 1)))
    names = np.array(list(vocabulary), dtype=object)[kept] if vocabulary else np.array([], object)
    order = np.argsort(names, kind="stable")
    kept, names = kept[order], names[order]
    if max_features is not None and len(kept) > max_features:  # the most frequent, as sklearn
        total = np.bincount(term, weights=counts, minlength=width)[kept]
        kept, names = (x[np.sort((-total).argsort()[:max_features])] for x in (kept, names))
    column = np.full(width, -1, dtype=np.int64)
    column[kept] = np.arange(len(kept))
    use = column[term] >= 0
    if not use.any():
        return sp.csr_matrix((n, 0)), np.array([], dtype=object)
    idf = np.log((n + 1) / (df[kept] + 1.0)) + 1.0
    values = (np.log(counts[use].astype(np.float64)) + 1.0) * idf[column[term[use]]]
    # entries in the vectoriser's order (by first sight of the term), so that the norms
    # are summed in the same order and the weights are equal to the last bit
    indptr = np.concatenate([[0], np.cumsum(np.bincount(doc[use], minlength=n))])
    matrix = sp.csr_matrix((values, column[term[use]], indptr), shape=(n, len(kept)))
    out = _rows_normalised(normalize(matrix, norm="l2", copy=False))
    out.sort_indices()
    return out, names


def lsa_matrix(text: sp.csr_matrix, *, dims: int = 100, seed: int = 0,
               iterations: int = 5) -> np.ndarray:
    """Dense LSA rows (L2-normalised, float32) of a TF-IDF matrix: TruncatedSVD, ``seed`` fixed.

    ``dims`` is lowered to what the matrix allows; a matrix too small for an
    SVD (fewer than 3 rows or columns) gives zero rows of width 1.
    ``iterations``: power iterations of the randomised SVD (more: closer to
    the exact SVD, slower).
    """
    from sklearn.decomposition import TruncatedSVD

    dims = min(dims, text.shape[0] - 1, text.shape[1] - 1)
    if dims < 2 or text.nnz == 0:
        return np.zeros((text.shape[0], 1), dtype=np.float32)
    z = TruncatedSVD(dims, algorithm="randomized", n_iter=iterations,
                     random_state=seed).fit_transform(text)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (z / norms).astype(np.float32)


def bag_matrix(bags: Sequence[Iterable[tuple[Hashable, float]]]) -> sp.csr_matrix:
    """Rows (L2-normalised) of ``(id, weight)`` bags, each id's weight times its IDF.

    IDF is ``log((1 + n) / (1 + df))``: an id every paper carries weighs 0 and
    says nothing; the rarer an id, the more two papers sharing it have in
    common. A repeated id in one bag keeps its largest weight.
    """
    vocab: dict[Hashable, int] = {}
    cells: dict[tuple[int, int], float] = {}
    for i, bag in enumerate(bags):
        for key, weight in bag:
            j = vocab.setdefault(key, len(vocab))
            cells[i, j] = max(cells.get((i, j), 0.0), float(weight))
    n = len(bags)
    if not cells:
        return sp.csr_matrix((n, 0))
    rows, cols = (np.array(x) for x in zip(*cells, strict=True))
    m = sp.csr_matrix((np.array(list(cells.values())), (rows, cols)), shape=(n, len(vocab)))
    df = np.bincount(cols, minlength=len(vocab))
    return _rows_normalised(m @ sp.diags(np.log((1.0 + n) / (1.0 + df))))


def shared_terms(text: sp.csr_matrix, terms: np.ndarray, a: int, b: int, n: int = 5) -> list[str]:
    """The ``n`` terms contributing most to the text cosine of rows ``a`` and ``b``, best first.

    Ties go to the term first in ascending order (``terms`` ascending, as
    :func:`text_matrix` gives them).

    >>> m, t = text_matrix([("knee cartilage repair", ""), ("cartilage repair", ""), ("x", "")],
    ...                    min_df=1)
    >>> shared_terms(m, t, 0, 1)
    ['cartilage', 'cartilage repair', 'repair']
    """
    prod = sp.coo_matrix(text.getrow(a).multiply(text.getrow(b)))
    return top_shared_terms(terms, np.zeros(prod.nnz, dtype=np.int64), prod.col, prod.data, 1,
                            n)[0]


def top_shared_terms(terms: np.ndarray, pair: np.ndarray, column: np.ndarray,
                     product: np.ndarray, pairs: int, n: int = 5) -> list[list[str]]:
    """The ``n`` best terms of each of ``pairs`` pairs, from their shared columns.

    ``pair``, ``column`` and ``product`` list, for every column two rows
    share, the pair (``0 .. pairs - 1``), the column and the product of the
    two values (its share of the cosine). Per pair: positive products only,
    largest first, ties by column (``terms`` ascending: by term); products within
    ``2 ** -40`` of each other, relative to the pair's largest, are tied (sums of the same
    numbers in another order differ in their last bits).

    >>> top_shared_terms(np.array(["a", "b", "c"]), np.array([0, 0, 0, 2]),
    ...                  np.array([0, 1, 2, 1]), np.array([.1, .3, .1, .2]), 3, n=2)
    [['b', 'a'], [], ['b']]
    """
    keep = np.flatnonzero(product > 0)
    order = keep[_pair_rank_order(pair[keep], column[keep], product[keep], pairs)]
    p = pair[order]
    first = np.searchsorted(p, p)
    best = order[np.arange(len(p)) - first < n]
    words = terms[column[best]].tolist()
    bounds = np.searchsorted(pair[best], np.arange(pairs + 1)).tolist()
    return [words[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


#: bits of a product's place below its pair's largest product in :func:`_pair_rank_order`
_RANK_BITS = 40


def _pair_rank_order(pair: np.ndarray, column: np.ndarray, product: np.ndarray,
                     pairs: int) -> np.ndarray:
    """The order of the entries by pair, then product (largest first), then column: one
    stable sort of a single integer key, the pair above each product's distance below its
    pair's largest, in steps of 2 ** -40 of it (products closer than that to each other
    are tied, and go by column), rather than a sort by three keys (a chunk's millions of
    shared words: a tenth of the time). The distance depends on the pair's own products
    only, so a pair ranks its words the same alone or among others. Positive products."""
    if pairs >= 2 ** (62 - _RANK_BITS):
        return np.lexsort((column, -product, pair))
    by_column = np.lexsort((column, pair)) if len(pair) and not _ascending(pair, column) \
        else np.arange(len(pair))
    pair, product = pair[by_column].astype(np.int64), product[by_column]
    if not len(pair):
        return by_column
    starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
    top = np.repeat(np.maximum.reduceat(product, starts), np.diff(np.append(starts, len(pair))))
    below = np.floor((1.0 - product / top) * 2.0 ** _RANK_BITS).astype(np.int64)
    return by_column[np.argsort((pair << (_RANK_BITS + 1)) + below, kind="stable")]


def _ascending(pair: np.ndarray, column: np.ndarray) -> bool:
    """Whether the entries come by pair, then column, ascending."""
    step = np.diff(pair)
    return bool((step >= 0).all() and (np.diff(column)[step == 0] > 0).all())

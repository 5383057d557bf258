"""explorer.algorithms.text_similarity: the TF-IDF rows equal scikit-learn's vectoriser's."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from explorer.algorithms import text_similarity as ts
from explorer.algorithms.text import PAPER_STOP_WORDS

WORDS = ("knee cartilage stem cell therapy trial cohort graph citation network model survey "
         "hormone menopause cancer review outcome protein signal layout the of study "
         "épaule naïve x2 a").split()


def reference(texts, *, title_weight=3, min_df=2, max_features=200_000):
    """The text matrix as scikit-learn's TfidfVectorizer computes it (then our L2 pass)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    docs = []
    for title, abstract in texts:
        title = " ".join(str(title or "").split())
        docs.append(". ".join([title] * title_weight * bool(title) + [str(abstract or "")]))
    v = TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | PAPER_STOP_WORDS),
                        sublinear_tf=True, strip_accents="unicode",
                        token_pattern=r"(?u)\b[^\W\d_][^\W\d_]+\b", ngram_range=(1, 2),
                        min_df=min(min_df, max(len(docs), 1)), max_features=max_features,
                        dtype=np.float64)
    m = v.fit_transform(docs)
    return ts._rows_normalised(m), v.get_feature_names_out()


def random_texts(n, seed):
    rng = np.random.default_rng(seed)
    return [(" ".join(rng.choice(WORDS, rng.integers(0, 8))) or None,
             " ".join(rng.choice(WORDS, rng.integers(0, 30))) or None) for _ in range(n)]


def test_text_matrix_equals_the_vectoriser_to_the_last_bit():
    for seed, kw in [(1, {}), (2, {"min_df": 1}), (3, {"max_features": 40}),
                     (4, {"title_weight": 1, "min_df": 3})]:
        texts = random_texts(200, seed)
        m, terms = ts.text_matrix(texts, **kw)
        ref, ref_terms = reference(texts, **kw)
        assert terms.tolist() == ref_terms.tolist()
        assert m.shape == ref.shape and (m != ref).nnz == 0
        assert m.has_sorted_indices
    assert "epaule" in ts.text_matrix(random_texts(200, 1))[1].tolist()  # accents stripped


def test_text_matrix_without_terms_has_no_columns():
    for texts in ([], [(None, None), ("", "")], [("x 1 2", None), ("the of", "")]):
        m, terms = ts.text_matrix(texts)
        assert m.shape == (len(texts), 0) and len(terms) == 0


def test_shared_terms_rank_by_product_then_term():
    m, terms = ts.text_matrix([("knee cartilage", "stem"), ("knee cartilage", "stem"),
                               ("hormone", None)], min_df=1)
    shared = ts.shared_terms(m, terms, 0, 1)
    assert len(shared) == 5 and "knee cartilage" in shared
    assert ts.shared_terms(m, terms, 0, 2) == []
    prod = sp.coo_matrix(m.getrow(0).multiply(m.getrow(1)))
    best = sorted(zip(-prod.data, terms[prod.col].tolist(), strict=True))
    assert shared == [t for _, t in best][:5]


def test_shared_terms_tie_products_equal_but_for_their_last_bits():
    """Sums of the same numbers in another order differ in their last bits: such
    products are tied and go by term, in a batch as alone; distinct products do not."""
    terms = np.array(["alpha", "beta", "gamma", "delta"])
    close = np.nextafter(0.2, 1.0)
    for product, expected in (([0.2, close, 0.3, 0.1], ["gamma", "alpha", "beta"]),
                              ([0.2, 0.2 * (1 + 1e-9), 0.3, 0.1], ["gamma", "beta", "alpha"])):
        column = np.array([3, 0, 1, 2])[::-1]  # any order of the entries
        alone = ts.top_shared_terms(terms, np.zeros(4, dtype=np.int64), np.arange(4)[::-1],
                                    np.array(product)[::-1], 1, n=3)
        batch = ts.top_shared_terms(terms, np.repeat([2, 0], 4),
                                    np.concatenate([column, np.arange(4)]),
                                    np.concatenate([np.ones(4), product]), 3, n=3)
        assert alone == [expected] and batch[0] == expected and batch[1] == []


def test_accents_are_stripped_as_scikit_learn_strips_them():
    from sklearn.feature_extraction.text import strip_accents_unicode

    texts = ["Gödel, naïve café", "Ångström façade", "Nguyễn Văn Thượng", "ﬁnal ｆｕｌｌ ²",
             "Ἀριστοτέλης", "e\u0301 a\u0300 combining", "Zürich—Köln “quotes”", "plain",
             "日本語のテキスト", "Straße œuvre Æsir", "ø ł đ ħ ı", ""]
    for text in texts * 2:  # the second time from the characters learnt
        assert ts.strip_accents(text) == strip_accents_unicode(text), text
    assert ts.strip_accents("naïve") == "naive"

"""LaTeX in BibTeX values as plain Unicode text."""

from __future__ import annotations

import pytest

from loaders.latex import latex_to_text


@pytest.mark.parametrize("latex, text", [
    ('G{\\"o}del', "Gödel"), ('\\"{o}', "ö"), ("\\'{e}t\\'e", "été"), ("Erd\\H{o}s", "Erdős"),
    ("{\\AA}ngstr{\\\"o}m", "Ångström"), ("Stra\\ss e", "Straße"), ("\\c{c}a", "ça"),
    ("\\v Z", "Ž"), ("na\\\"{\\i}ve", "naïve"), ("Ko{\\l}odziej", "Kołodziej"),
    ("R\\&D 100\\%", "R&D 100%"), ("pages 1--2, a---b", "pages 1–2, a—b"),
    ("``quoted''", "\u201cquoted\u201d"), ("The {DNA} \\emph{world}", "The DNA world"),
    ("a~b", "a b"), ("$\\alpha$-helix", "α-helix"), ("A \\{brace\\}", "A {brace}"),
    ("", ""), (None, ""), ("  many \n  spaces  ", "many spaces"),
    # math keeps its Greek letters, symbols and operator names (they were dropped)
    ("{$\\beta$}-lactamase", "β-lactamase"), ("$\\mathcal{O}(n \\log n)$", "O(n log n)"),
    ("$\\Lambda_{\\alpha}$, $n \\times m$, $\\leq$", "Λ_α, n × m, ≤"),
    ("$\\Sigma$Ci, $\\mu + \\lambda$, $\\infty$", "ΣCi, μ + λ, ∞"),
    ("\\textbf{Bold} \\LaTeX{} \\ldots", "Bold …")])
def test_latex_to_text(latex, text):
    assert latex_to_text(latex) == text

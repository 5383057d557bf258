"""LaTeX in BibTeX field values turned into plain Unicode text.

Accents (``{\\"o}`` and ``\\"{o}`` -> ``ö``), special letters (``\\ss``),
escaped characters, dashes and quotes; in math, Greek letters and common symbols
(``$\\epsilon$`` -> ``ε``, ``\\times`` -> ``×``) and operator names (``\\log``
-> ``log``), which titles carry (``$\\epsilon$-Indicators``); other commands and
grouping braces are dropped.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
    "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ",
}
_BASE = r"(\\[ij](?![A-Za-z])|[A-Za-z])"
_SYMBOL_ACCENT = re.compile(r"\\(['`^\"~=.])\s*(?:\{\s*" + _BASE + r"\s*\}|" + _BASE + ")")
_LETTER_ACCENT = re.compile(r"\\([uvHckrdb])(?:\s*\{\s*" + _BASE + r"\s*\}|\s+([A-Za-z]))")
_SPECIAL = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*")
_ESCAPED = re.compile(r"\\([&%$_#{}])")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?\s*|\\-")
_SPACING = re.compile(r"\\[,;: !/]")
_GREEK = dict(zip(("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu "
                   "xi pi rho sigma tau upsilon phi chi psi omega").split(),
                  "αβγδεζηθικλμνξπρστυφχψω", strict=True))
_MATH = {  # the spaces around a symbol are kept as typed (TeX's math ignores them)
    **_GREEK, **dict(zip("Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega".split(),
                         "ΓΔΘΛΞΠΣΥΦΨΩ", strict=True)),
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "varrho": "ϱ", "varsigma": "ς",
    "varpi": "ϖ", "ell": "ℓ", "infty": "∞", "pm": "±", "mp": "∓", "times": "×", "cdot": "·",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
    "sim": "∼", "equiv": "≡", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "leftrightarrow": "↔", "partial": "∂", "nabla": "∇", "sqrt": "√",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "emptyset": "∅", "forall": "∀", "exists": "∃", "ldots": "…", "dots": "…", "cdots": "⋯",
}
_OPERATORS = frozenset("log ln exp sin cos tan max min lim sup inf det dim arg mod".split())
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+)(?![A-Za-z])")
_REPLACEMENTS = (("---", "\u2014"), ("--", "\u2013"), ("``", "\u201c"), ("''", "\u201d"),
                 ("~", " "), ("$", ""))


def _accent(mark: str, base: str) -> str:
    base = base[1:] if base.startswith("\\") else base  # \i, \j: dotless under an accent
    return unicodedata.normalize("NFC", base + _MARKS[mark])


def _math(match: re.Match) -> str:
    """A math symbol or operator name as text; any other command left as it is."""
    name = match.group(1)
    return _MATH.get(name) or (name if name in _OPERATORS else match.group(0))


def latex_to_text(value: str | None) -> str:
    """Turn a BibTeX/LaTeX value into plain Unicode text on one line.

    >>> latex_to_text('G{\\\\"o}del and Erd\\\\H{o}s {\\\\&} {\\\\AA}str{\\\\"{o}}m')
    'Gödel and Erdős & Åström'
    >>> latex_to_text("The {Pareto} \\\\emph{front}  -- a  $\\\\cal MAX$")
    'The Pareto front – a MAX'
    """
    if not value:
        return ""
    text = _SYMBOL_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), value)
    text = _LETTER_ACCENT.sub(lambda m: _accent(m.group(1), m.group(2) or m.group(3)), text)
    text = text.replace("\\slash", "/")
    text = _SPECIAL.sub(lambda m: _LETTERS[m.group(1)], text)
    text = _MATH_COMMAND.sub(_math, text)
    text = _ESCAPED.sub(lambda m: "\x00" + m.group(1), text)
    text = _COMMAND.sub("", _SPACING.sub(" ", text)).replace("\\", "")
    for old, new in _REPLACEMENTS:
        text = text.replace(old, new)
    text = re.sub(r"(?<!\x00)[{}]", "", text).replace("\x00", "")
    return " ".join(unicodedata.normalize("NFC", text).split())

"""Markup inside titles from the sources (``<i>b</i><sup>2</sup>``, ``<scp>``, ``&amp;``).

Titles are text from the data: they are never shown as live HTML. ``title_parts``
splits a title into pieces of plain text, each with the allow-listed formatting
that applies to it (italic, bold, sub- and superscript), which a template renders
as elements it writes itself around escaped text; every other tag is dropped and
character references are decoded. ``plain`` is the same text without formatting.
``webui/static/dom.js`` (``formatted``) applies the same rules in the browser.
"""

from __future__ import annotations

import html
import re
from typing import Any

# tag in the source -> the element the page writes for it
ALLOWED = {"i": "i", "em": "i", "b": "b", "strong": "b", "sub": "sub", "sup": "sup"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(/?)\s*>")


def title_parts(text: object) -> list[dict[str, Any]]:
    """Pieces of ``text``: ``{"text": str, "tags": [element, ...]}``, outermost first.

    >>> title_parts("Tests of <i>b</i><sup>2</sup> &amp; <scp>more</scp>")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'text': 'Tests of ', 'tags': []}, {'text': 'b', 'tags': ['i']},
     {'text': '2', 'tags': ['sup']}, {'text': ' & more', 'tags': []}]
    >>> title_parts("<script>alert(1)</script> maps <img src=x onerror=alert(1)>")
    [{'text': 'alert(1) maps ', 'tags': []}]
    >>> title_parts("a < b and c > d")
    [{'text': 'a < b and c > d', 'tags': []}]
    """
    parts: list[dict[str, Any]] = []
    stack: list[str] = []

    def add(piece: str) -> None:
        piece = html.unescape(piece)
        if not piece:
            return
        if parts and parts[-1]["tags"] == stack:
            parts[-1]["text"] += piece
        else:
            parts.append({"text": piece, "tags": list(stack)})

    source = str(text or "")
    at = 0
    for match in _TAG.finditer(source):
        add(source[at:match.start()])
        at = match.end()
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        element = ALLOWED.get(name)
        if element is None or selfclosing:
            continue
        if closing:
            if element in stack:
                del stack[len(stack) - 1 - stack[::-1].index(element):]
        else:
            stack.append(element)
    add(source[at:])
    return [p for p in parts if p["text"]]


def plain(text: object) -> str:
    """The title without markup, spaces folded.

    >>> plain("Tests of <i>b</i><sup>2</sup>")
    'Tests of b2'
    """
    return " ".join("".join(p["text"] for p in title_parts(text)).split())

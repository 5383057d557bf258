"""A paper's related-work list in one node: what a map reads of the index.

The related-work index is the ``(:Paper)-[:RELATED {score, cocited, coupled, cites,
text, shared}]->(:Paper)`` links. Beside them each indexed paper has one
``(:RelatedList {id, links})`` node (``id``: the paper's id; ``links``: its links, best
first, as compact JSON text, ``[[related id, score, cocited, coupled, cites, shared],
...]``), written by every writer of the index with the links themselves. A map reads a
paper's list with one lookup by id and one property, where following the paper's
thirty links and reading five properties of each cost the reads of a depth-2 map half
their time (docs/BENCHMARKS.md). A paper without a list (a graph indexed before the
lists were kept) is read from its links instead.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

#: the label of the list nodes
LABEL = "RelatedList"
#: what an entry of a list holds, in order (the ``RELATED`` properties a map reads)
ENTRY = ("id", "score", "cocited", "coupled", "cites", "shared")


def links_text(entries: Iterable[tuple | list]) -> str:
    """The ``links`` text of a list: ``entries`` are ``(related id, score, cocited,
    coupled, cites, shared)``.

    >>> links_text([("W2", 0.5, 3, 1, 0, "knee, cartilage")])
    '[["W2",0.5,3,1,0,"knee, cartilage"]]'
    """
    return json.dumps([list(entry) for entry in entries], separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)


def read_links(text: str | None) -> list[list[Any]]:
    """The entries of a ``links`` text (none for None).

    >>> read_links('[["W2",0.5,3,1,0,"knee"]]')
    [['W2', 0.5, 3, 1, 0, 'knee']]
    """
    return json.loads(text) if text else []


def list_rows(links: Iterable[tuple]) -> Iterator[dict[str, str]]:
    """One ``{id, links}`` row a paper from link tuples ``(paper, related, score,
    cocited, coupled, cites, text, shared)``, each paper's links together and in
    their order (as the scoring gives them).

    >>> list(list_rows([("a", "b", 0.9, 1, 0, 0, 0.0, ""), ("a", "c", 0.5, 0, 2, 0, 0.1, "x")]))
    [{'id': 'a', 'links': '[["b",0.9,1,0,0,""],["c",0.5,0,2,0,"x"]]'}]
    """
    for paper, group in itertools.groupby(links, key=lambda link: link[0]):
        yield {"id": paper, "links": links_text(
            (dst, score, cocited, coupled, cites, shared)
            for _, dst, score, cocited, coupled, cites, _text, shared in group)}

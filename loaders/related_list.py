"""Each paper's related-work index list kept on the paper itself, as one JSON property.

On the local server a map reads the index lists of hundreds of papers at once. Read
through the ``RELATED`` links, every link's far end is a record the server loads to
learn its id: two thirds of a 300-paper map's read (docs/BENCHMARKS.md). Where the
backend asks for it (``Backend.index_lists``), every paper whose index list is written
also gets that list as ``related_list``: a JSON array of ``[related id, score, cocited,
coupled, cites, text, shared words]``, best first, the ``RELATED`` links' own values.
A paper with no related paper has no ``related_list``. The links stay the index (the
Cypher console, exports and every other read use them); the maps read the property
and fall back to the links when a paper has none.

Both writers of the index make the property from the same links with
:func:`list_json`: the Cypher one (``write/set_related_list``) and the import's
(:func:`set_lists`, after the links of :func:`loaders.bulk_local.write_related`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

#: papers a transaction of :func:`set_lists`
BATCH = 2_000


def list_json(links: Iterable[Sequence]) -> str | None:
    """The ``related_list`` of one paper from its links ``(related id, score, cocited,
    coupled, cites, text, shared)``, best first (equal scores keep their order); None
    when there is none.

    >>> list_json([("b", 0.5, 1, 0, 0, 0.0, ""), ("c", 2.0, 3, 2, 1, 0.25, "knee")])
    '[["c",2.0,3,2,1,0.25,"knee"],["b",0.5,1,0,0,0.0,""]]'
    >>> list_json([]) is None
    True
    """
    rows = [[str(dst), float(score), int(cocited), int(coupled), int(cites), float(text),
             str(shared or "")]
            for dst, score, cocited, coupled, cites, text, shared in links]
    if not rows:
        return None
    rows.sort(key=lambda row: -row[1])
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def entries(value: str | None) -> list[list]:
    """The entries of a stored ``related_list`` (``[]`` for None).

    >>> entries('[["c",2.0,3,2,1,0.25,"knee"]]')
    [['c', 2.0, 3, 2, 1, 0.25, 'knee']]
    """
    return json.loads(value) if value else []


def by_paper(chunk: Sequence[Sequence]) -> Iterator[tuple[str, str]]:
    """``(paper, related_list)`` of each paper of a chunk of links ``(paper, related id,
    score, cocited, coupled, cites, text, shared)``, a paper's links next to each other.

    >>> list(by_paper([("a", "b", 1.0, 1, 0, 0, 0.0, ""), ("a", "c", 2.0, 0, 1, 0, 0.0, ""),
    ...                ("d", "a", 1.0, 1, 0, 0, 0.0, "x")]))[1]
    ('d', '[["a",1.0,1,0,0,0.0,"x"]]')
    """
    start = 0
    for at in range(1, len(chunk) + 1):
        if at == len(chunk) or chunk[at][0] != chunk[start][0]:
            value = list_json(link[1:] for link in chunk[start:at])
            if value is not None:
                yield str(chunk[start][0]), value
            start = at


def set_lists(db, path: Path) -> int:
    """Give each paper of ``path`` (lines ``record id<TAB>related_list``, written by the
    import's link writer) its ``related_list``, in transactions of :data:`BATCH` papers
    of the open embedded database ``db``; return how many."""
    import jpype

    java = db._java_db
    rid_of = jpype.JClass("com.arcadedb.database.RID")
    done = 0
    with open(path, encoding="utf-8") as lines:
        while True:
            batch = [line.rstrip("\n").split("\t", 1) for line in islice(lines, BATCH)]
            if not batch:
                return done
            db.begin()
            try:
                for rid, value in batch:
                    vertex = java.lookupByRID(rid_of(rid), True).asVertex().modify()
                    vertex.set("related_list", value)
                    vertex.save()
                db.commit()
            except BaseException:
                db.rollback()
                raise
            done += len(batch)

"""Each paper's related-work index list kept on the paper itself, as three properties.

On the local server a map reads the index lists of hundreds of papers at once. Read
through the ``RELATED`` links, every link's far end is a record the server loads to
learn its id: two thirds of a 300-paper map's read (docs/BENCHMARKS.md). Where the
backend asks for it (``Backend.index_lists``), every paper whose index list is written
also gets that list, best first, the ``RELATED`` links' own values:

* ``related_ids``: the related papers' ids;
* ``related_scores``: their scores;
* ``related_evidence``: for each, ``[cocited, coupled, cites, text, shared words]`` as
  JSON text, decoded only for the links a map draws.

A paper with no related paper has none of them. The links stay the index (the Cypher
console, exports and every other read use them); the maps read the properties and
fall back to the links when a paper has none.

Both writers of the index make the properties from the same links with :func:`lists`:
the Cypher one (``write/set_related_list``) and the import's (:func:`set_lists`, after
the links of :func:`loaders.bulk_local.write_related`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

#: papers a transaction of :func:`set_lists`
BATCH = 2_000
#: one link's evidence as JSON (what json.dumps of the list gives, made a tenth as fast)
_EVIDENCE = "[%d,%d,%d,%r,%s]"
_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


def lists(links: Iterable[Sequence]) -> dict[str, list] | None:
    """The three properties of one paper from its links ``(related id, score, cocited,
    coupled, cites, text, shared)``, best first (equal scores keep their order); None
    when there is none.

    >>> lists([("b", 0.5, 1, 0, 0, 0.0, ""), ("c", 2.0, 3, 2, 1, 0.25, "knee")])
    {'related_ids': ['c', 'b'], 'related_scores': [2.0, 0.5], \
'related_evidence': ['[3,2,1,0.25,"knee"]', '[1,0,0,0.0,""]']}
    >>> lists([]) is None
    True
    """
    rows = sorted(links, key=lambda link: -float(link[1]))
    if not rows:
        return None
    return {"related_ids": [str(link[0]) for link in rows],
            "related_scores": [float(link[1]) for link in rows],
            "related_evidence": [_EVIDENCE % (int(cocited), int(coupled), int(cites),
                                              float(text), _quote(str(shared or "")))
                                 for _, _, cocited, coupled, cites, text, shared in rows]}


def evidence_of(entry: Sequence) -> dict:
    """``cocited``, ``coupled``, ``cites`` and ``shared`` of an index entry: ``[related
    id, score, evidence]`` from the stored lists (the evidence still JSON), or as read
    from a link, ``[related id, score, cocited, coupled, cites, text, shared]``.

    >>> evidence_of(["c", 2.0, '[3,2,1,0.25,"knee"]'])
    {'cocited': 3, 'coupled': 2, 'cites': 1, 'shared': 'knee'}
    >>> evidence_of(["c", 2.0, 3, 2, 1, 0.25, None])["shared"]
    ''
    """
    cocited, coupled, cites, _, shared = (json.loads(entry[2]) if len(entry) == 3
                                          else entry[2:7])
    return {"cocited": cocited, "coupled": coupled, "cites": cites, "shared": shared or ""}


def by_paper(chunk: Sequence[Sequence]) -> Iterator[tuple[str, dict[str, list]]]:
    """``(paper, its lists)`` (:func:`lists`) of each paper of a chunk of links ``(paper,
    related id, score, cocited, coupled, cites, text, shared)``, a paper's links next to
    each other; papers without links are not in a chunk.

    >>> [(paper, made["related_ids"]) for paper, made in by_paper([
    ...     ("a", "b", 1.0, 1, 0, 0, 0.0, ""), ("a", "c", 2.0, 0, 1, 0, 0.0, ""),
    ...     ("d", "a", 1.0, 1, 0, 0, 0.0, "")])]
    [('a', ['c', 'b']), ('d', ['a'])]
    """
    start = 0
    for at in range(1, len(chunk) + 1):
        if at == len(chunk) or chunk[at][0] != chunk[start][0]:
            made = lists(link[1:] for link in chunk[start:at])
            if made is not None:
                yield str(chunk[start][0]), made
            start = at


def line(made: dict[str, list]) -> str:
    """A paper's lists as one line of JSON (no line break or tab inside).

    >>> json.loads(line(lists([("b", 0.5, 1, 0, 0, 0.0, "x")])))["related_ids"]
    ['b']
    """
    return json.dumps(made, separators=(",", ":"), ensure_ascii=False)


def set_lists(db, path: Path) -> int:
    """Give each paper of ``path`` (lines ``record id<TAB>its properties as JSON``,
    written by the import's link writer) its lists, in transactions of :data:`BATCH`
    papers of the open embedded database ``db``; return how many."""
    import jpype

    java = db._java_db
    rid_of = jpype.JClass("com.arcadedb.database.RID")
    parse = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
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
                    vertex.set(parse(value).toMap())
                    vertex.save()
                db.commit()
            except BaseException:
                db.rollback()
                raise
            done += len(batch)

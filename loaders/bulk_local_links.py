"""The related-work links of a first load into the empty local graph
(:mod:`loaders.bulk_local`), written with ArcadeDB's batch graph API by the import's
child after the graph, as the caller scores them.

The scoring processes shape each chunk as the batch API takes it (:func:`shaper`:
the links and the papers' list nodes as JSON text, by record id), so the writing
process's core only hands text on: at a million works the writer, formatting the
links itself, held the scoring back (docs/BENCHMARKS.md). The chunks come from the
caller's process through a pipe, then ``None``: :func:`send_links` sends them,
:func:`received` takes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring_ascii
from typing import NamedTuple

from loaders import related_lists

#: one related-work link as the batch API reads it (what json.dumps of the link gives)
_LINK_JSON = ('{"_src": "%s", "_dst": "%s", "score": %r, "cocited": %d, "coupled": %d, '
              '"cites": %d, "text": %r, "shared": %s}')


class Shaped(NamedTuple):
    """A chunk of links as the batch API takes it: the links (``RELATED``) and the
    papers' list nodes as JSON text, how many links, and the chunk's last paper."""

    edges: str
    lists: str
    links: int
    last: str | None


def shaper(rid_of: Mapping[str, str]) -> Callable[[list[tuple]], Shaped]:
    """The format of a chunk of link tuples (``(paper, related, score, cocited,
    coupled, cites, text, shared)``, whole papers) for :func:`write_links`, given each
    paper's record id by its id: made where the links are scored, so that the writing
    process's one core only hands the text on."""
    dumps, quoted = json.dumps, encode_basestring_ascii  # quoted(s) is json.dumps(s)

    def shape(chunk: list[tuple]) -> Shaped:
        edges = "[" + ",".join([
            _LINK_JSON % (rid_of[src], rid_of[dst], score, cocited, coupled, cites, text,
                          quoted(shared))
            for src, dst, score, cocited, coupled, cites, text, shared in chunk]) + "]"
        lists = dumps(list(related_lists.list_rows(chunk)), allow_nan=False)
        return Shaped(edges, lists, len(chunk), chunk[-1][0] if chunk else None)

    return shape


def write_links(db, chunks: Iterable[Shaped]) -> int:
    """Write the ``RELATED`` links of ``chunks`` (:func:`shaper`) into the open
    database ``db`` with each paper's list node (:mod:`loaders.related_lists`); return
    how many links."""
    import jpype

    db.schema.get_or_create_edge_type("RELATED")
    db.schema.get_or_create_vertex_type(related_lists.LABEL)
    vertices = jpype.JClass("com.arcadedb.python.VertexBatcher")
    edges = jpype.JClass("com.arcadedb.python.EdgeBatcher")
    written = 0
    with db.graph_batch(bidirectional=True, use_wal=False) as batch:
        java = batch._java_graph_batch
        for chunk in chunks:
            if chunk.links:
                edges.newEdgesJson(java, "RELATED", chunk.edges)
                vertices.createVerticesJson(java, related_lists.LABEL, chunk.lists)
            written += chunk.links
    return written


def send_links(links: Callable[..., Iterable[list[tuple] | Shaped]],
               shape_from: Callable[[], Callable[[list[tuple]], Shaped]], out
               ) -> Exception | None:
    """Send the chunks of ``links(shape_from=shape_from)`` to the writing child (shaped
    here if they come as lists of tuples), then the end (None); return the error that
    stopped making them, if any (the child then ends with those sent)."""
    failed = None
    try:
        for chunk in links(shape_from=shape_from):
            if not isinstance(chunk, Shaped):
                chunk = shape_from()(chunk)
            if chunk.links:
                out.send(chunk)
    except (BrokenPipeError, EOFError):
        pass  # the child stopped: its answer says why
    except Exception as exc:  # noqa: BLE001 - the graph stays; the caller is told
        failed = exc
    close(out)
    return failed


def close(out) -> None:
    """Send the end of the links (once) and close the pipe, if still open."""
    if out is None or out.closed:
        return
    try:
        out.send(None)
    except OSError:
        pass
    out.close()


def received(pipe) -> Iterator[Shaped]:
    """The chunks of links the parent sends, to its end marker (None) or to the end of
    the pipe: a parent interrupted, or gone, stops sending, and a chunk it was cut
    short in is dropped (the graph is kept with the chunks before it)."""
    while True:
        try:
            if (chunk := pipe.recv()) is None:
                return
        except (EOFError, OSError):
            return
        yield chunk

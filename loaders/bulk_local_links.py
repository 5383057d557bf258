"""The related-work links of a first load into the empty local graph
(:mod:`loaders.bulk_local`): written with ArcadeDB's batch graph API, as the caller
scores them, by the import's child after the graph, or, for a large graph, by a
process of its own started once the graph is in place (:func:`links_child`).

A million-work first load measured its links' batch 4-6 minutes slower in the Java
runtime that had just written the graph than in a fresh one (docs/BENCHMARKS.md);
below :data:`APART_FROM` papers a second runtime costs more than it saves.

The links come from the caller's process through a pipe, a chunk of whole papers at
a time, then ``None``: :func:`send_links` sends them, :func:`received` takes them.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from loaders import related_lists

#: papers from which a first load's links are written by a process of their own
APART_FROM = 300_000

#: one related-work link as the batch API reads it (what json.dumps of the link gives)
_LINK_JSON = ('{"_src": "%s", "_dst": "%s", "score": %r, "cocited": %d, "coupled": %d, '
              '"cites": %d, "text": %r, "shared": %s}')


def write_links(db, rids: np.ndarray, number: Callable[[str], int],
                links: Iterable[list[tuple]]) -> int:
    """Write the ``RELATED`` links ``links`` into the open database ``db`` (``rids``:
    record ids by paper number) and each paper's list node
    (:mod:`loaders.related_lists`; a chunk holds whole papers); return how many."""
    import jpype

    db.schema.get_or_create_edge_type("RELATED")
    db.schema.get_or_create_vertex_type(related_lists.LABEL)
    vertices = jpype.JClass("com.arcadedb.python.VertexBatcher")
    edges = jpype.JClass("com.arcadedb.python.EdgeBatcher")
    written = 0
    dumps = json.dumps
    with db.graph_batch(bidirectional=True, use_wal=False) as batch:
        java = batch._java_graph_batch
        for chunk in links:
            # one format per link: what json.dumps of the row's dict gives
            edges.newEdgesJson(java, "RELATED", "[" + ",".join([
                _LINK_JSON % (rids[number(src)], rids[number(dst)], score, cocited, coupled,
                              cites, text, dumps(shared))
                for src, dst, score, cocited, coupled, cites, text, shared in chunk]) + "]")
            rows = list(related_lists.list_rows(chunk))
            if rows:
                vertices.createVerticesJson(java, related_lists.LABEL,
                                            dumps(rows, allow_nan=False))
            written += len(chunk)
    return written


def into_home(home: Path) -> None:
    """A forked child's working directory and output: ``home`` and its ``server.log``
    (where the Java runtime's files and log lines belong)."""
    os.chdir(home)
    log = os.open(home / "server.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)


def links_child(send, target: Path, heap: str, home: Path, rids: np.ndarray,
                number: Callable[[str], int], pipes) -> None:
    """The forked process that writes the links into the database at ``target`` (the
    graph written there, the server stopped): output to ``server.log``; send
    ("done", links written) or ("error", text). ``pipes``: the two ends of the pipe
    the links come by."""
    into_home(home)
    pipes[1].close()  # the parent's end: its death is the end of the links here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides: kill it or let it end
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import arcadedb_embedded as arcade

        db = arcade.open_database(str(target), jvm_kwargs={"heap_size": heap})
        try:
            written = write_links(db, rids, number, received(pipes[0]))
        finally:
            db.close()
        send.send(("done", written))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        send.send(("error", " ".join(str(exc).split())[:300]))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def send_links(links: Callable[[], Iterable[list[tuple]]], out) -> Exception | None:
    """Send the chunks of ``links()`` to the writing child, then the end (None); return
    the error that stopped making them, if any (the child then ends with those sent)."""
    failed = None
    try:
        for chunk in links():
            if chunk:
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


def received(pipe) -> Iterator[list[tuple]]:
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

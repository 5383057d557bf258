"""From input paths to a stream of records: the plan of a load and its dispatch.

Every parser is pure; this module expands the paths (folders, zip archives),
names each file's format (:mod:`loaders.formats` detects it from the content)
and hands each file to its format's parser in the way its kind asks.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from cypher.access.errors import InputError
from cypher.access.settings import max_bibtex_bytes
from loaders import formats, sources, textfiles
from loaders.records import Rejection
from loaders.textfiles import Input

AUTO = "auto"
DAMAGED = ("damaged ", "unreadable data")  # how the readers' damage rejections begin


def choices() -> tuple[str, ...]:
    """What ``--format`` accepts: ``auto`` and every registered format's name."""
    return (AUTO, *formats.names())


def _check(fmt: str) -> None:
    if fmt != AUTO:
        formats.get(fmt)  # InputError naming the choices


def expand_paths(paths: list[str]) -> list[Input]:
    """Return the input files, directories and zip archives expanded; raise
    InputError if a path is missing or nothing is left to read."""
    for raw in paths:
        if not Path(raw).exists():
            raise InputError(f"{raw}: no such file or directory")
    try:
        files = list(sources.iter_input_files([Path(p) for p in paths]))
    except OSError as exc:
        raise InputError(str(exc)) from exc
    if not files:
        raise InputError(f"no input files in {', '.join(paths)}")
    return files


def plan(paths: list[str], fmt: str = AUTO) -> list[tuple[Input, str]]:
    """Return (file, format) for every input file; raise InputError when a file's
    format cannot be told or does not exist."""
    _check(fmt)
    return [(path, fmt if fmt != AUTO else formats.detect(path))
            for path in expand_paths(paths)]


def plan_usable(paths: list[str], fmt: str = AUTO
                ) -> tuple[list[tuple[Input, str]], list[Rejection]]:
    """Like :func:`plan`, but a file that cannot be used (unknown or binary
    content, empty, a device, unreadable) is one rejection naming it instead of
    stopping the plan; raise InputError only for a missing path or bad format."""
    _check(fmt)
    usable, refused = [], []
    for path in expand_paths(paths):
        try:
            if fmt != AUTO:
                textfiles.check_regular(path)  # a device or pipe is refused by name
            usable.append((path, fmt if fmt != AUTO else formats.detect(path)))
        except (InputError, OSError) as exc:
            refused.append(Rejection(str(path), None, f"file not loaded: {_reason(exc)}",
                                     fatal=True))
    return usable, refused


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.split(": ", 1)[1] if ": " in text else text


def _read_whole(group: list[Input]) -> tuple[list[tuple[str, str]], list[Rejection]]:
    """The texts of files read whole, and the rejections met reading them."""
    texts, rejections = [], []
    for path in group:
        try:
            text, skipped = sources.read_text(path, max_bibtex_bytes())
        except InputError as exc:
            skipped = [Rejection(str(path), None, f"file not loaded: {_reason(exc)}",
                                 fatal=True)]
            text = ""
        texts.append((str(path), text))
        rejections += skipped
    return texts, rejections


def iter_records(planned: list[tuple[Input, str]], *, id_prefix: str = "",
                 nodes: str | None = None) -> Iterator:
    """Yield the records and rejections of every planned file, in order.

    JSON formats get the file's JSON records, line formats its lines (one
    record at a time), and a format read whole (BibTeX) gets every file of
    its format at once, at the place of the first, so ``@string`` macros and
    ``crossref`` targets resolve across files. ``id_prefix`` goes to the
    formats that take it (edge lists); ``nodes`` is a node table read last.
    """
    given = {"id_prefix": id_prefix}
    whole_done: set[str] = set()
    for path, name in planned:
        try:
            yield from _file_records(path, formats.get(name), planned, whole_done, given)
        except InputError as exc:  # a file that cannot be read: rejected alone, by name
            yield Rejection(str(path), None, f"file not loaded: {_reason(exc)}", fatal=True)
    if nodes:
        from loaders.edges import parse_node_table

        with sources.open_text(Path(nodes)) as lines:
            yield from parse_node_table(lines, file=nodes, id_prefix=id_prefix)


def _file_records(path: Input, fmt: formats.InputFormat, planned: list[tuple[Input, str]],
                  whole_done: set[str], given: dict[str, str]) -> Iterator:
    """The records and rejections of one planned file, fed to its format's parser;
    for a format read whole, every file of that format at the first one's place."""
    options = {option: given[option] for option in fmt.options}
    if fmt.kind == formats.JSON:
        pages = sources.PageLines()
        parsed = fmt.parse(sources.iter_json_objects(path, pages), file=str(path), **options)
        yield from counted(pages.relined(parsed))
    elif fmt.kind == formats.LINES:
        with sources.open_text(path) as lines:  # one record at a time
            yield from counted(fmt.parse(lines, file=str(path), **options))
    elif fmt.name not in whole_done:
        whole_done.add(fmt.name)
        texts, rejections = _read_whole([p for p, f in planned if f == fmt.name])
        yield from counted(itertools.chain(fmt.parse(texts, file=None, **options),
                                           rejections))


def counted(items: Iterator) -> Iterator:
    """Pass on records and rejections; a fatal rejection for damage (``damaged gzip
    data ...``) also says how many records of its file came before it (they are
    loaded: the damage ends the file, not the load)."""
    records: dict[str | None, int] = {}
    for item in items:
        if not isinstance(item, Rejection):
            file = getattr(item, "file", None)
            records[file] = records.get(file, 0) + 1
        elif item.fatal and item.reason.startswith(DAMAGED):
            head, sep, tail = item.reason.partition(": ")
            count = records.get(item.file, 0)
            kept = "1 record read before the damage is" if count == 1 else (
                f"{count:,} records read before the damage are")
            item = replace(item, reason=f"{head} ({kept} kept){sep}{tail}")
        yield item


#: records a reading process sends at a time (a few hundred kilobytes pickled)
AHEAD_BATCH = 256
#: batches a reading process may hold ready beyond the one being sent
AHEAD_BATCHES = 16


def read_ahead(items: Callable[[], Iterable[Any]], *, batch: int = AHEAD_BATCH
               ) -> Iterator[Any]:
    """The items of ``items()`` (records and rejections), read in a forked process
    while this one works on the ones before: reading and parsing the files beside
    merging them, on two cores (the bulk paths' in-memory graph). The same items in
    the same order; an error of the reading raises here as it would have (an
    ``OSError`` or ``InputError`` as itself); ending early ends the reader. One core,
    or no fork: read here. Memory: the pipe's buffer, one batch here and up to
    ``AHEAD_BATCHES`` more in the reading process, which sends from a thread of its own
    so that it reads on while this process is busy (a pipe alone holds about one batch:
    the two processes took turns)."""
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from items()
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    reader = context.Process(target=_read_into, args=(send, receive, items, batch),
                             daemon=True)
    reader.start()
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError(f"the process reading the input ended early (exit code "
                                   f"{reader.exitcode})") from None
            if kind == "items":
                yield from payload
            elif kind == "error":
                raise payload
            else:
                return
    finally:
        if reader.is_alive():
            reader.kill()
        reader.join()
        receive.close()


def _read_into(send: Any, receive: Any, items: Callable[[], Iterable[Any]],
               batch: int) -> None:
    """The reading process: send ("items", [...]) batches, then ("done", None) or
    ("error", exception). Ctrl-C and SIGTERM are the parent's to handle (it ends this
    process; so does the parent's end, which breaks the pipe). It ends without running
    the parent's exit handlers (which stop servers the parent started)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    receive.close()  # the parent's end: once the parent is gone, sending fails
    ready: queue.Queue = queue.Queue(maxsize=AHEAD_BATCHES)
    sender = threading.Thread(target=_send_from, args=(send, ready), daemon=True)
    sender.start()
    try:
        chunk: list = []
        for item in items():
            chunk.append(item)
            if len(chunk) >= batch:
                ready.put(("items", chunk))
                chunk = []
        if chunk:
            ready.put(("items", chunk))
        ready.put(("done", None))
    except BaseException as exc:  # noqa: BLE001 - raised again by the parent
        ready.put(("error", exc))
    finally:
        sender.join()
        send.close()
        os._exit(0)


def _send_from(send: Any, ready: queue.Queue) -> None:
    """The reading process's sender: each message of ``ready`` in turn, until the last
    (``done`` or ``error``) or until the parent stops reading (a broken pipe)."""
    while True:
        kind, payload = message = ready.get()
        try:
            send.send(message)  # pickled whole before anything is written
        except OSError:
            os._exit(0)  # the parent has gone or stopped reading: nothing more to do
        except Exception as exc:  # noqa: BLE001 - a message that cannot be pickled
            problem = payload if kind == "error" else exc
            with contextlib.suppress(OSError):
                send.send(("error", RuntimeError(" ".join(str(problem).split())[:500])))
            os._exit(0)
        if kind != "items":
            return


def count_lines(path: Input) -> int | None:
    """Estimate the records in a file for progress (its line count), or None."""
    try:
        with sources.open_text(path) as lines:
            return sum(1 for _ in lines)
    except Exception:
        return None


__all__ = ["AUTO", "Rejection", "choices", "count_lines", "counted", "expand_paths", "iter_records",
           "plan", "plan_usable", "read_ahead"]

"""Work over chunks in forked processes, results in order: the related-work index's scoring.

Pure (no database). :func:`in_order` runs ``work(state, start)`` for every start,
in this process or in a pool of forked processes that inherit ``state`` (the index's
matrices: not copied, not pickled), at most two tasks each in flight so that
results never pile up ahead of a slow consumer; the answers come back in the order
of the starts, so a listing is the same whatever the number of processes.
:func:`apart` runs one piece of work in a forked process while this one goes on.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from threadpoolctl import threadpool_limits

__all__ = ["FORK_FROM", "apart", "in_order", "worker_start", "worker_signals"]

#: chunks from which scoring is spread over processes (fewer are scored in this one)
FORK_FROM = 4
#: the state forked scoring processes start with (set while they are forked, under the lock)
_FORKED: dict[str, Any] = {}
_FORK_LOCK = threading.Lock()


def in_order(work: Callable[[dict, int], Any], state: dict, starts: Iterable[int],
             workers: int) -> Iterator[Any]:
    """``work(state, start)`` for every start, in order: in this process, or in
    ``workers`` forked processes (which inherit ``state``), at most two tasks each in
    flight so that results never pile up ahead of a slow consumer."""
    starts = list(starts)
    if workers <= 1 or len(starts) < FORK_FROM or \
            "fork" not in multiprocessing.get_all_start_methods():
        yield from (work(state, start) for start in starts)
        return
    with _FORK_LOCK:
        _FORKED["state"] = state
        try:
            threads = max(1, (os.cpu_count() or 1) // workers)
            processes = multiprocessing.get_context("fork").Pool(
                workers, initializer=worker_start, initargs=(threads,))
        finally:
            _FORKED.clear()  # the forked processes keep their copy
    with processes:
        todo = iter(starts)
        flight = deque(processes.apply_async(_forked, (work, start))
                       for start in itertools.islice(todo, 2 * workers))
        while flight:
            result = flight.popleft().get()
            for start in itertools.islice(todo, 1):
                flight.append(processes.apply_async(_forked, (work, start)))
            yield result


def worker_start(threads: int) -> None:
    """A scoring process's start: its signals (:func:`worker_signals`), and at most
    ``threads`` threads for its numerical libraries' matrix products, so that the
    processes do not fight over the cores (two processes of two threads each on two
    cores scored the same rows about a quarter slower, measured). What it inherited is
    left out of its cycle collections (``gc.freeze``): they would walk the parent's
    objects, which it only reads, and copy their memory pages to mark them."""
    gc.freeze()
    worker_signals()
    threadpool_limits(threads)


def worker_signals() -> None:
    """A scoring process leaves Ctrl-C to its parent (which ends the pool) and ends
    quietly when the pool ends it (not through a handler inherited from the CLI)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _forked(work: Callable[[dict, int], Any], start: int) -> Any:
    return work(_FORKED["state"], start)


def apart(work: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start ``work(*args)`` in a forked process (which inherits ``args``: they are not
    pickled; its answer is) and return a function that waits for the answer, raising
    what the work raised. Without fork, the work is done when that function is called.
    The process's numerical libraries use one thread: it shares the cores with this one."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return lambda: work(*args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_apart, args=(send, work, args), daemon=True,
                              name="explorer-apart")
    process.start()
    send.close()

    def answer() -> Any:
        try:
            done, value = receive.recv()
        except EOFError:
            process.join()  # its exit code is known once it has ended
            raise RuntimeError(f"the forked process of {getattr(work, '__name__', work)} "
                               f"ended without an answer (exit code "
                               f"{process.exitcode})") from None
        finally:
            receive.close()
            process.join()
        if not done:
            raise value
        return value

    return answer


def _apart(send: Any, work: Callable[..., Any], args: tuple) -> None:
    worker_start(1)
    try:
        answer = (True, work(*args))
    except Exception as exc:  # raised again in the parent, where it is handled
        answer = (False, exc)
    send.send(answer)
    send.close()

"""Work over chunks in forked processes, results in order: the related-work index's scoring.

Pure (no database). :func:`in_order` runs ``work(state, start)`` for every start,
in this process or in a pool of forked processes that inherit ``state`` (the index's
matrices: not copied, not pickled), at most two tasks each in flight so that
results never pile up ahead of a slow consumer; the answers come back in the order
of the starts, so a listing is the same whatever the number of processes.
"""

from __future__ import annotations

import itertools
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = ["FORK_FROM", "in_order", "worker_signals"]

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
            processes = multiprocessing.get_context("fork").Pool(workers,
                                                                 initializer=worker_signals)
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


def worker_signals() -> None:
    """A scoring process leaves Ctrl-C to its parent (which ends the pool) and ends
    quietly when the pool ends it (not through a handler inherited from the CLI)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _forked(work: Callable[[dict, int], Any], start: int) -> Any:
    return work(_FORKED["state"], start)

"""Python's cycle collector held back while a view is built.

Building a 300-paper map makes a few hundred thousand short-lived objects (the
answer decoded, the lists parsed, the graph laid out) and keeps almost none, so the
cycle collector runs hundreds of times over objects about to be freed anyway: 15-20 %
of the client's time for such a map (docs/BENCHMARKS.md). :func:`paused` turns it
off for the span of one view and back on after; the objects a view frees are freed by
their reference counts as before, and what cycles it leaves are collected at the next
collection after it. Threads share the one collector: it is off while any thread is
inside :func:`paused` and on again when the last leaves, unless it was off before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"inside": 0, "was_on": False}


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off inside the block (see the module's docstring).

    >>> import gc
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    with _lock:
        if _state["inside"] == 0:
            _state["was_on"] = gc.isenabled()
            gc.disable()
        _state["inside"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["inside"] -= 1
            if _state["inside"] == 0 and _state["was_on"]:
                gc.enable()

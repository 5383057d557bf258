"""One load at a time into one graph: a lock file beside the local server's data.

Two ``explorer load`` runs into the same graph would race on the same MERGEs;
the second waits for the first instead (with a message), so the result is
that of the two loads run one after the other. The lock is an advisory
``flock`` under ``EXPLORER_HOME`` (one per graph URI and database), released by
the system when its holder dies, even on ``kill -9``. Where ``fcntl`` does not
exist (Windows) loads are not serialised and rely on the writer's retries.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


def lock_path(home: Path, uri: str, database: str) -> Path:
    """The lock file for the graph at ``uri``/``database``."""
    key = hashlib.sha256(f"{uri}|{database}".encode()).hexdigest()[:16]
    return Path(home) / f"load-{key}.lock"


@contextmanager
def load_lock(home: Path, uri: str, database: str,
              on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the graph's load lock; if another load holds it, say so and wait."""
    if fcntl is None:
        yield
        return
    path = lock_path(home, uri, database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            message = (f"another load into this graph is running (pid {holder}); "
                       "waiting for it to finish")
            if on_wait is not None:
                on_wait(message)
            else:
                print(message, file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""One load at a time into one graph: the lock file, its holder, waiting for it."""

from __future__ import annotations

import os
import threading
import time

import pytest

from loaders.loadlock import load_lock, lock_path

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock is POSIX only")


def test_one_lock_file_per_graph_uri_and_database(tmp_path):
    first = lock_path(tmp_path, "bolt://127.0.0.1:7687", "neo4j")
    assert first == lock_path(tmp_path, "bolt://127.0.0.1:7687", "neo4j")
    assert first != lock_path(tmp_path, "bolt://127.0.0.1:7688", "neo4j")
    assert first != lock_path(tmp_path, "bolt://127.0.0.1:7687", "other")
    assert first.parent == tmp_path and first.name.startswith("load-")


def test_the_holder_writes_its_pid_and_a_second_load_waits_with_a_message(tmp_path):
    messages: list[str] = []
    order: list[str] = []
    with load_lock(tmp_path, "bolt://x", "db"):
        assert lock_path(tmp_path, "bolt://x", "db").read_text() == str(os.getpid())

        def second() -> None:
            with load_lock(tmp_path, "bolt://x", "db", on_wait=messages.append):
                order.append("second")

        thread = threading.Thread(target=second)
        thread.start()
        deadline = time.monotonic() + 10
        while not messages and time.monotonic() < deadline:
            time.sleep(0.01)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]
    assert messages == [f"another load into this graph is running (pid {os.getpid()}); "
                        "waiting for it to finish"]

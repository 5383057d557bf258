"""explorer.algorithms.forked: chunks worked on in forked processes come back in order."""

from __future__ import annotations

import gc
import os
import signal
import time

import numpy  # noqa: F401  (its matrix-product library is loaded, as when scoring)
from threadpoolctl import threadpool_info

from explorer.algorithms import forked


def _blas_threads() -> int:
    return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")


def _work(state: dict, start: int) -> tuple[int, int, object, object, int, int]:
    time.sleep(0.02 if start % 3 == 0 else 0.0)  # later tasks may end first
    return (start, os.getpid(), state["square"](start),
            signal.getsignal(signal.SIGINT), _blas_threads(), gc.get_freeze_count())


def test_forked_processes_inherit_the_state_and_answer_in_order():
    # a lambda cannot be pickled: the state reaches the processes by the fork alone
    state = {"square": lambda x: x * x}
    starts = range(0, 40, 4)
    here = list(forked.in_order(_work, state, starts, workers=1))
    there = list(forked.in_order(_work, state, starts, workers=2))
    assert [r[0] for r in there] == list(starts) == [r[0] for r in here]
    assert [r[2] for r in there] == [x * x for x in starts] == [r[2] for r in here]
    assert {r[1] for r in here} == {os.getpid()}
    workers = {r[1] for r in there}
    assert os.getpid() not in workers and 1 <= len(workers) <= 2
    assert {r[3] for r in there} == {signal.SIG_IGN}  # Ctrl-C is the parent's to handle
    # the two processes share the cores: matrix products in cores / 2 threads each
    assert {r[4] for r in there} == {max(1, (os.cpu_count() or 1) // 2)}
    assert _blas_threads() == here[0][4]  # this process's own threads left as they were
    # what they inherited is out of their cycle collections; this process's objects are not
    assert min(r[5] for r in there) > 1000 and {r[5] for r in here} == {gc.get_freeze_count()}


def test_few_chunks_are_worked_on_here():
    few = list(forked.in_order(_work, {"square": abs}, range(forked.FORK_FROM - 1),
                               workers=2))
    assert {r[1] for r in few} == {os.getpid()}


def _answer(x: int) -> tuple[int, int]:
    if x < 0:
        raise ValueError(f"negative: {x}")
    return os.getpid(), x * x


def test_work_apart_runs_in_another_process_and_brings_back_its_answer_or_error():
    wait = forked.apart(_answer, 7)
    pid, value = wait()
    assert value == 49 and pid != os.getpid()
    failing = forked.apart(_answer, -1)
    try:
        failing()
    except ValueError as exc:
        assert "negative: -1" in str(exc)
    else:
        raise AssertionError("the work's error was not raised")
    gone = forked.apart(os._exit, 3)  # a process that ends without answering
    try:
        gone()
    except RuntimeError as exc:
        assert "without an answer" in str(exc) and "exit code 3" in str(exc)
    else:
        raise AssertionError("a missing answer was not reported")

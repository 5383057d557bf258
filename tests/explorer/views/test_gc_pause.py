"""The cycle collector held back while a view is built, across threads and nesting."""

import gc
import threading

from explorer.views.gc_pause import paused


def test_off_inside_on_after_and_nested():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer view is still being built
    assert gc.isenabled()


def test_on_again_after_an_error():
    try:
        with paused():
            raise ValueError("a view that failed")
    except ValueError:
        pass
    assert gc.isenabled()


def test_left_off_when_it_was_off_before():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_off_while_any_thread_is_inside():
    inside, leave = threading.Event(), threading.Event()

    def view():
        with paused():
            inside.set()
            leave.wait(10)

    other = threading.Thread(target=view)
    other.start()
    inside.wait(10)
    with paused():
        pass
    assert not gc.isenabled()  # the other thread's view is not done
    leave.set()
    other.join(10)
    assert gc.isenabled()


def test_a_map_is_built_with_it_off(monkeypatch):
    from explorer.views import research_map as module

    seen = []
    monkeypatch.setattr(module, "related_map",
                        lambda graph, node_id, **options: seen.append(gc.isenabled()) or {})
    module.research_map(None, "W1")
    assert seen == [False] and gc.isenabled()

"""A server's process frees what loading the app left behind, then freezes
the rest, so Python's full collections no longer walk the loaded app."""

from __future__ import annotations

import gc
import weakref

from scratchpad.server.startup import settle_memory


class Node:
    pass


def test_garbage_is_collected_and_the_living_frozen():
    garbage = Node()
    garbage.cycle = garbage  # only a collection frees it
    dead = weakref.ref(garbage)
    del garbage
    alive = Node()
    alive.cycle = alive
    try:
        settle_memory()
        assert dead() is None
        assert gc.get_freeze_count() > 0
        assert all(obj is not alive for obj in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(obj is alive for obj in gc.get_objects())

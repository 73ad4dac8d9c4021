"""Pausing the cyclic collector around a block that builds many objects."""

from __future__ import annotations

import gc
import sys
import weakref

from dealcoach.core._gc import gc_paused


class Node:
    def __init__(self) -> None:
        self.peer: Node | None = None


def test_the_collector_is_paused_in_the_block_and_back_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_block_made_waits_in_the_oldest_generation_and_is_still_collected() -> None:
    """No young collection walks the block's objects; a cycle among them is still freed
    by a full collection."""
    with gc_paused():
        made = [Node() for _ in range(1000)]
        a, b = Node(), Node()
        a.peer, b.peer = b, a
    if sys.version_info < (3, 14):  # generations as CPython 3.11-3.13 keep them
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert all(id(n) in oldest for n in made[:10])
        assert gc.get_count()[0] < 100  # the young generation starts again
    cycle = weakref.ref(a)
    del a, b
    gc.collect()
    assert cycle() is None


def test_objects_frozen_on_purpose_stay_frozen() -> None:
    """An embedding program's frozen objects are left as they are."""
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with gc_paused():
            made = [Node() for _ in range(100)]
        assert gc.get_freeze_count() == frozen
        assert made
    finally:
        gc.unfreeze()

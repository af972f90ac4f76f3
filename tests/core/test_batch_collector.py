"""core.batch.run holds off the garbage collector's full collections while it
lasts (issue 18: a 10^4-row ledger spent 2 s of CPU in them) and puts the
thresholds back after, however it ends and however many runs overlap; the
young generations still collect, so a cycle made inside a run is freed."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from fazhi.core import batch


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle only the collector frees


def test_full_collections_held_inside_a_run_and_thresholds_restored() -> None:
    before = gc.get_threshold()
    with batch.run():
        assert gc.get_threshold()[:2] == before[:2]
        assert gc.get_threshold()[2] == batch.NO_FULL_COLLECTION
        with batch.run():  # nested: shares the outer run
            assert gc.get_threshold()[2] == batch.NO_FULL_COLLECTION
        assert gc.get_threshold()[2] == batch.NO_FULL_COLLECTION
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), batch.run():
        raise ValueError
    assert gc.get_threshold() == before


def test_overlapping_runs_in_two_threads_restore_once_both_end() -> None:
    before = gc.get_threshold()
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with batch.run():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    entered.wait(5)
    with batch.run():
        pass
    assert gc.get_threshold()[2] == batch.NO_FULL_COLLECTION  # the other still runs
    leave.set()
    thread.join(5)
    assert gc.get_threshold() == before


def test_a_cycle_made_inside_a_run_is_freed_by_a_young_collection() -> None:
    with batch.run():
        node = _Node()
        gone = weakref.ref(node)
        del node
        # Allocations past the first generation's threshold: the collector
        # runs by itself (no gc.collect here).
        kept = [[] for _i in range(gc.get_threshold()[0] * 3)]
        assert gone() is None
        del kept

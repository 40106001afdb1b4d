"""Full garbage collections only while the keyboard is quiet (smtui/ui/gc_policy.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from smtui.ui import gc_policy
from smtui.ui.gc_policy import GcPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    monkeypatch.setattr(gc_policy, "FREEZE_AT", 0)  # freeze whatever the test process holds
    yield Clock()
    gc.unfreeze()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_quiet_tick_freezes_what_survived(clock: Clock) -> None:
    policy = GcPolicy(clock)
    clock.now += gc_policy.QUIET + 0.1
    kept = [Cycle() for _ in range(50)]
    policy.tick()
    assert gc.get_freeze_count() >= len(kept)
    assert policy.freezes == 1 and policy.fulls == 0


def test_no_collection_while_keys_arrive(clock: Clock) -> None:
    policy = GcPolicy(clock)
    clock.now += 5
    policy.touch()
    clock.now += gc_policy.QUIET / 2
    policy.tick()
    assert policy.freezes == 0
    assert gc.get_freeze_count() == 0


def test_frozen_cycles_are_collected_by_the_periodic_full_collection(clock: Clock) -> None:
    policy = GcPolicy(clock)
    clock.now += gc_policy.QUIET + 0.1
    garbage = Cycle()
    ref = weakref.ref(garbage)
    policy.tick()  # frozen while alive
    del garbage
    gc.collect()
    assert ref() is not None, "frozen: an ordinary collection leaves it"
    clock.now += gc_policy.FULL_EVERY
    policy.tick()
    assert policy.fulls == 1
    assert ref() is None


def test_release_unfreezes(clock: Clock) -> None:
    policy = GcPolicy(clock)
    clock.now += gc_policy.QUIET + 0.1
    policy.tick()
    assert gc.get_freeze_count()
    policy.release()
    assert gc.get_freeze_count() == 0


def test_a_small_heap_is_left_to_the_automatic_collector(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gc_policy, "FREEZE_AT", 10**9)
    policy = GcPolicy(clock)
    clock.now += gc_policy.QUIET + 0.1
    policy.tick()
    assert policy.freezes == 0 and gc.get_freeze_count() == 0

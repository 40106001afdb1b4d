"""The accrual ledger: sweeps fold in, disappeared endpoints stop accruing, kinds a sweep
could not list keep their entries, and what ended before the month is forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smtui.domain import cost as math
from smtui.domain.cost import Charge, Price, Segment, VariantUsage
from smtui.services.cost_ledger import Ledger

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def price_of(instance_type: str) -> Price:
    return Price(1.0, "test")


def endpoint(name: str, count: int, since: datetime = NOW - timedelta(hours=10)) -> Charge:
    return math.endpoint_charge(
        name, "InService", [VariantUsage("v", "ml.m5.xlarge", count)], since, price_of
    )


def test_sweeps_fold_in_and_totals_tick_without_calls() -> None:
    ledger = Ledger()
    ledger.apply([endpoint("a", 2)], NOW, covered={"endpoint"}, since=math.day_start(NOW))
    assert ledger.totals(NOW).burn_per_hour == 2.0
    # An hour later, no sweep: the figures grew with the clock alone.
    later = NOW + timedelta(hours=1)
    assert ledger.totals(later).today == pytest.approx(ledger.totals(NOW).today + 2.0)


def test_a_scaled_endpoint_keeps_its_history_and_a_gone_one_stops() -> None:
    ledger = Ledger()
    ledger.apply([endpoint("a", 2), endpoint("b", 1)], NOW, covered={"endpoint"}, since=NOW)
    later = NOW + timedelta(hours=1)
    ledger.apply([endpoint("a", 4)], later, covered={"endpoint"}, since=NOW)
    a, b = ledger.get("endpoint", "a"), ledger.get("endpoint", "b")
    assert a is not None and b is not None
    assert a.hourly(later) == 4.0 and b.hourly(later) == 0  # b was deleted
    # 10 h at 2/h before the first sweep, 1 h at 2/h, then 4/h
    assert a.accrued(later + timedelta(hours=1)) == pytest.approx(20 + 2 + 4)
    assert b.accrued(later + timedelta(hours=5)) == pytest.approx(11.0)


def test_a_kind_the_sweep_could_not_list_keeps_its_entries() -> None:
    ledger = Ledger()
    ledger.apply([endpoint("a", 2)], NOW, covered={"endpoint"}, since=NOW)
    ledger.apply([], NOW + timedelta(hours=1), covered={"training"}, since=NOW)
    a = ledger.get("endpoint", "a")
    assert a is not None and a.hourly(NOW + timedelta(hours=1)) == 2.0


def test_what_ended_before_the_month_is_forgotten() -> None:
    old = Charge(
        "training",
        "old",
        segments=(Segment(NOW - timedelta(days=40), NOW - timedelta(days=39), 5.0),),
    )
    recent = Charge(
        "training",
        "recent",
        segments=(Segment(NOW - timedelta(days=2), NOW - timedelta(days=1), 5.0),),
    )
    ledger = Ledger()
    ledger.apply([old, recent], NOW, covered={"training"}, since=math.month_start(NOW))
    assert ledger.get("training", "old") is None and ledger.get("training", "recent") is not None
    # Unless a sweep asked for an earlier start (smtui cost --since).
    ledger.apply([old], NOW, covered={"training"}, since=NOW - timedelta(days=60))
    assert ledger.get("training", "old") is not None


def test_cached_totals_equal_a_full_sum_as_time_passes_and_sweeps_land() -> None:
    """The ledger sums ended charges once per day and sweep; its totals stay exactly
    the domain's sum over every charge, across a day boundary and a new sweep."""
    h = timedelta(hours=1)
    ended = [
        Charge("training", f"t{i}", "Completed", (Segment(NOW - (i + 3) * h, NOW - i * h, 2.0),))
        for i in range(1, 30)
    ]
    live = [
        Charge("training", "run", "InProgress", (Segment(NOW - 2 * h, None, 3.0),)),
        Charge("processing", "soon", "InProgress", (Segment(NOW - h, NOW + 2 * h, 1.5),)),
        endpoint("e", 2),
    ]
    ledger = Ledger()
    ledger.apply([*ended, *live], NOW, covered={"endpoint"}, since=math.month_start(NOW))
    for at in (NOW, NOW + h, NOW + 3 * h, NOW + 13 * h, NOW + 40 * h):  # +13 h: next day
        assert ledger.totals(at) == math.totals(ledger.charges(), at), at
    later = NOW + 5 * h
    ledger.apply([endpoint("e", 4)], later, covered={"endpoint"}, since=math.month_start(NOW))
    assert ledger.totals(later + h) == math.totals(ledger.charges(), later + h)


def test_today_never_goes_down_when_a_running_job_completes() -> None:
    """Issue 21: a p5 job re-priced from its billable time when it completes costs a
    little less than the running figure shown a moment before; today's total stays."""
    h = timedelta(hours=1)
    ledger = Ledger()
    running = Charge("training", "p5", "InProgress", (Segment(NOW - h, None, 113.0),))
    ledger.apply([running], NOW, covered={"training"}, since=math.day_start(NOW))
    shown = ledger.totals(NOW + timedelta(seconds=20))
    assert shown.today == pytest.approx(113.0 * (3620 / 3600))
    done = Charge("training", "p5", "Completed", (Segment(NOW - h, NOW, 113.0),))
    ledger.apply([done], NOW + timedelta(seconds=30), covered={"training"}, since=NOW - h)
    later = ledger.totals(NOW + timedelta(seconds=40))
    assert later.today == pytest.approx(shown.today) and later.month >= shown.month
    # An earlier moment is still computed as it was, and a new day starts from its own.
    assert ledger.totals(NOW).today == pytest.approx(113.0)
    assert ledger.totals(math.day_start(NOW) + timedelta(days=1, hours=1)).today == 0.0

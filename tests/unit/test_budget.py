from __future__ import annotations

from smtui.aws.budget import TokenBucket
from smtui.aws.stats import ApiStats


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_burst_then_the_rate_applies() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=2.0, burst=3, clock=t.clock, sleep=t.sleep)
    assert [bucket.acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
    waited = bucket.acquire()
    assert abs(waited - 0.5) < 1e-9
    for _ in range(10):
        bucket.acquire()
    assert abs(t.now - 5.5) < 1e-6  # 11 tokens after the burst at 2 per second


def test_tokens_refill_while_idle_up_to_the_burst() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=1.0, burst=2, clock=t.clock, sleep=t.sleep)
    bucket.acquire(), bucket.acquire()
    t.now += 100
    assert bucket.acquire() == 0.0 and bucket.acquire() == 0.0
    assert bucket.acquire() > 0


def test_stats_count_errors_throttles_and_calls_per_minute() -> None:
    stats = ApiStats()

    class Http:
        def __init__(self, status: int) -> None:
            self.status_code = status

    stats._on_attempt(response=(Http(200), {}))
    stats._on_attempt(response=(Http(400), {"Error": {"Code": "ThrottlingException"}}))
    stats._on_attempt(caught_exception=ConnectionError())
    snap = stats.snapshot()
    assert (snap.calls, snap.errors, snap.throttles, snap.per_minute) == (3, 2, 1, 3)
    assert snap.last_error == "ConnectionError"

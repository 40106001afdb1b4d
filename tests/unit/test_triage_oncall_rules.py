"""Issue 21's triage rules on plain data: an Updating endpoint keeps its 5xx finding,
autoscaling undoing a manual desired count is a finding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smtui.domain import triage as rules
from smtui.domain.triage import EndpointTraffic, Thresholds
from smtui.domain.triage_scaling import ManualDesired, scaled_back

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TH = Thresholds()


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def _points(values: list[float]) -> tuple[tuple[datetime, float], ...]:
    return tuple((ago(hours=1) + timedelta(minutes=5 * i), v) for i, v in enumerate(values))


def test_an_updating_endpoint_keeps_its_5xx_finding_but_is_never_idle() -> None:
    burst = EndpointTraffic(
        "e",
        recent_invocations=_points([1000.0] * 12),
        recent_5xx=_points([0] * 10 + [80.0, 120.0]),
        baseline_invocations=20000,
        invocations_24h=0,
        status="Updating",
    )
    kinds = [f.kind for f in rules.traffic_findings([burst], NOW, TH)]
    assert kinds == ["endpoint-5xx"]


def _activity(minutes: float, count: int, status: str = "Successful") -> dict:
    return {
        "ResourceId": "endpoint/llm/variant/AllTraffic",
        "StatusCode": status,
        "StartTime": ago(minutes=minutes),
        "Description": f"Setting desired instance count to {count}.",
    }


def test_autoscaling_setting_desired_below_the_manual_count_is_a_finding() -> None:
    manual = [ManualDesired("llm", "AllTraffic", 3, ago(minutes=30))]
    acts = [_activity(40, 1), _activity(20, 2), _activity(10, 4), _activity(5, 2, "Failed")]
    (f,) = scaled_back(manual, acts, NOW, TH)
    assert f.kind == "endpoint-scaled-back" and f.severity == "high"
    assert f.target_kind == "endpoints" and f.target_key == "llm"
    assert f.since == ago(minutes=20)
    assert f.reason.startswith("autoscaling set AllTraffic back to 2 at 11:40, below the 3")
    # The activity before the manual change, a scale-out after it: nothing.
    assert scaled_back(manual, [_activity(40, 1), _activity(10, 4)], NOW, TH) == []
    # A newer manual count (2) that autoscaling kept: nothing.
    newer = [*manual, ManualDesired("llm", "AllTraffic", 2, ago(minutes=25))]
    assert scaled_back(newer, acts, NOW, TH) == []
    # Long ago: gone.
    assert scaled_back(manual, acts, NOW + timedelta(hours=25), TH) == []


def test_violations_in_runs_in_a_row_are_a_high_finding() -> None:
    from smtui.domain.triage import MonitorFacts

    once = MonitorFacts("dq", "ep", "CompletedWithViolations", ago(hours=1), repeated=1)
    again = MonitorFacts(
        "mq", "ep", "CompletedWithViolations", ago(hours=1), repeated=3, violations=9
    )
    found = {f.target_key: f for f in rules.monitor_findings([once, again])}
    assert found["dq"].kind == "monitor-violations" and found["dq"].severity == "medium"
    assert found["mq"].kind == "monitor-repeated" and found["mq"].severity == "high"
    assert found["mq"].reason.startswith("9 violations in the last run; violations in each")

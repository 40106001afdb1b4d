"""The triage rules on plain data: each finding kind, its severity, and when it clears."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smtui.domain import triage as rules
from smtui.domain.triage import (
    Acks,
    EndpointFacts,
    EndpointTraffic,
    JobFacts,
    MonitorFacts,
    Thresholds,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TH = Thresholds()


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def test_failed_jobs_in_the_window_with_a_short_reason() -> None:
    long_reason = "AlgorithmError: " + "x" * 300
    jobs = [
        JobFacts("jobs", "training", "a", "Failed", ago(hours=3), ago(hours=2), long_reason),
        JobFacts("jobs", "training", "old", "Failed", ago(hours=30), ago(hours=25), "gone"),
        JobFacts("jobs", "training", "ok", "Completed", ago(hours=3), ago(hours=1)),
        JobFacts("processing", "processing", "p", "Failed", ago(hours=1), ago(minutes=5), ""),
    ]
    found = rules.failed_jobs(jobs, NOW, TH)
    assert [(f.resource, f.severity, f.target_kind) for f in found] == [
        ("training/a", "high", "jobs"),
        ("processing/p", "high", "processing"),
    ]
    assert len(found[0].reason) <= 90 and found[0].reason.endswith("…")
    assert found[1].reason == "failed: no FailureReason"
    assert found[0].since == ago(hours=2)


def test_typical_phases_are_the_fleet_median() -> None:
    t0 = ago(days=1)
    transitions = [
        {"Status": "Starting", "StartTime": t0, "EndTime": t0 + timedelta(seconds=s)}
        for s in (100, 200, 900)
    ]
    durations = [rules.phase_durations([t]) for t in transitions]
    assert rules.typical_phases(durations) == {"Starting": 200}
    assert rules.phase_durations([{"Status": "Training", "StartTime": t0}]) == {}


def _running(**kw: object) -> JobFacts:
    base: dict[str, object] = dict(
        target_kind="jobs",
        noun="training",
        name="j",
        status="InProgress",
        created=ago(hours=5),
        secondary="Downloading",
        phase_since=ago(minutes=45),
    )
    base.update(kw)
    return JobFacts(**base)  # type: ignore[arg-type]


def test_stuck_in_a_phase_against_the_fleet_usual() -> None:
    typical = {"Downloading": 120.0, "Training": 60.0}
    (f,) = rules.stuck_jobs([_running()], typical, NOW, TH)
    assert f.kind == "job-stuck" and f.severity == "medium"
    assert "Downloading for 45m (fleet's usual 2m)" in f.reason
    # Below the absolute floor (30 min) it is not stuck, however short the usual is.
    assert rules.stuck_jobs([_running(phase_since=ago(minutes=20))], typical, NOW, TH) == []
    # Training varies by design: never "stuck" against the fleet.
    training = _running(secondary="Training", phase_since=ago(hours=9))
    assert rules.stuck_jobs([training], typical, NOW, TH) == []


def test_near_max_runtime_and_spot_waiting() -> None:
    near = _running(secondary="Training", max_runtime=3600, started=ago(minutes=57))
    (f,) = rules.stuck_jobs([near], {}, NOW, TH)
    assert f.severity == "high" and f.reason.startswith("95% of MaxRuntimeInSeconds")
    under = _running(secondary="Training", max_runtime=3600, started=ago(minutes=30))
    assert rules.stuck_jobs([under], {}, NOW, TH) == []
    spot = _running(spot=True, secondary="Starting", phase_since=ago(minutes=25), message="x")
    (s,) = rules.stuck_jobs([spot], {}, NOW, TH)
    assert "waiting on capacity" in s.reason and s.severity == "medium"
    not_spot = _running(secondary="Starting", phase_since=ago(minutes=25))
    assert rules.stuck_jobs([not_spot], {}, NOW, TH) == []


def test_endpoint_status_rules() -> None:
    eps = [
        EndpointFacts("bad", "Failed", ago(hours=3), "container did not pass ping"),
        EndpointFacts("slow", "Updating", ago(minutes=90)),
        EndpointFacts("fresh", "Updating", ago(minutes=10)),
        EndpointFacts("fine", "InService", ago(days=3)),
    ]
    found = {f.target_key: f for f in rules.endpoint_status(eps, NOW, TH)}
    assert set(found) == {"bad", "slow"}
    assert found["bad"].severity == "critical" and "ping" in found["bad"].reason
    assert found["slow"].severity == "high" and found["slow"].reason == "Updating for 1h30"


def test_failed_scaling_activity_newest_per_endpoint() -> None:
    acts = [
        {
            "ResourceId": "endpoint/e/variant/v",
            "StatusCode": "Failed",
            "StartTime": ago(minutes=m),
            "StatusMessage": f"at max {m}",
        }
        for m in (10, 30, 200)
    ] + [{"ResourceId": "endpoint/x/variant/v", "StatusCode": "Successful", "StartTime": NOW}]
    (f,) = rules.scaling_failures(acts, NOW, TH)
    assert f.target_key == "e" and f.reason == "scaling v: at max 10"


def _points(values: list[float], step: int = 300) -> tuple[tuple[datetime, float], ...]:
    start = ago(hours=1)
    return tuple((start + timedelta(seconds=i * step), v) for i, v in enumerate(values))


def test_5xx_burst_latency_jump_and_idle() -> None:
    calls = _points([1000.0] * 12)
    burst = EndpointTraffic(
        "e",
        recent_invocations=calls,
        recent_5xx=_points([0] * 10 + [80.0, 120.0]),
        baseline_invocations=20000,
        baseline_5xx=2,
        recent_latency=_points([15000.0] * 6 + [90000.0] * 6),
        baseline_latency=(15000.0, 16000.0, 14000.0),
        invocations_24h=32000,
    )
    found = {f.kind: f for f in rules.traffic_findings([burst], NOW, TH)}
    assert set(found) == {"endpoint-5xx", "endpoint-latency"}
    assert found["endpoint-5xx"].severity == "critical"
    assert found["endpoint-5xx"].since == calls[10][0]
    assert "12.0%" in found["endpoint-5xx"].reason
    assert found["endpoint-latency"].since == calls[6][0]
    assert "90 ms" in found["endpoint-latency"].reason
    calm = EndpointTraffic(
        "e",
        recent_invocations=calls,
        recent_5xx=_points([1.0] * 12),
        baseline_invocations=20000,
        baseline_5xx=20,
        recent_latency=_points([15000.0] * 12),
        baseline_latency=(15000.0,),
        invocations_24h=32000,
    )
    assert rules.traffic_findings([calm], NOW, TH) == []
    idle = EndpointTraffic("i", invocations_24h=0, in_service_since=ago(days=3))
    (f,) = rules.traffic_findings([idle], NOW, TH)
    assert f.kind == "endpoint-idle" and f.severity == "low"
    young = EndpointTraffic("y", invocations_24h=0, in_service_since=ago(hours=2))
    assert rules.traffic_findings([young], NOW, TH) == []


def test_monitoring_and_budget() -> None:
    facts = [
        MonitorFacts("dq", "ep", "CompletedWithViolations", ago(hours=1)),
        MonitorFacts("mq", "ep", "Failed", ago(hours=2), "Job inputs had no data"),
        MonitorFacts("ok", "ep", "Completed", ago(hours=1)),
    ]
    found = rules.monitor_findings(facts)
    assert [f.kind for f in found] == ["monitor-violations", "monitor-failed"]
    assert "no data" in found[1].reason
    month = datetime(2026, 11, 1, tzinfo=UTC)
    assert rules.budget_finding(900, 1.0, 0, NOW, month) == []
    assert rules.budget_finding(800, 1.0, 1000, NOW, month) == []
    (near,) = rules.budget_finding(950, 1.0, 1000, NOW, month)
    (over,) = rules.budget_finding(1500, 2.5, 1000, NOW, month)
    assert (near.severity, over.severity) == ("medium", "high")
    assert "over the $1,000 budget" in over.reason


def test_ranking_and_acknowledgement_until_it_changes() -> None:
    a = rules.Finding("job-failed", "high", "r", "x", ago(hours=2), "jobs", "a", "s1")
    b = rules.Finding("endpoint-status", "critical", "r", "x", ago(hours=5), "endpoints", "b")
    c = rules.Finding("job-failed", "high", "r", "x", ago(hours=1), "jobs", "c", "s1")
    assert rules.ranked([a, b, c]) == [b, c, a]
    acks = Acks()
    acks.acknowledge(a)
    assert acks.visible([a, b]) == [b]
    changed = rules.Finding("job-failed", "high", "r", "y", ago(hours=2), "jobs", "a", "s2")
    assert acks.visible([changed]) == [changed]
    acks.prune([b])
    assert acks.acked == {}


@pytest.mark.parametrize(
    ("severity", "floor", "expected"),
    [("critical", "high", True), ("medium", "high", False), ("high", "high", True)],
)
def test_at_or_above(severity: str, floor: str, expected: bool) -> None:
    assert rules.at_or_above(severity, floor) is expected


def test_thresholds_from_config_table() -> None:
    from smtui.services.settings import Settings, SettingsError, _apply

    s = _apply(Settings(), {"triage": {"stuck_factor": 5, "notify": "critical"}}, "t")
    th = rules.thresholds_from(s.triage)
    assert th.stuck_factor == 5.0 and th.notify == "critical" and th.latency_factor == 2.0
    with pytest.raises(SettingsError, match="no setting 'nope'"):
        _apply(Settings(), {"triage": {"nope": 1}}, "t")
    with pytest.raises(SettingsError, match="must be one of"):
        _apply(Settings(), {"triage": {"notify": "loud"}}, "t")
    assert _apply(Settings(), {"start_view": "triage"}, "t").start_view == "triage"

"""Stuck jobs of the other kinds (processing, transform, tuning, AutoML, labeling,
compilation): the usual duration per kind and name family, the maximum runtime each
kind's describe carries, and the [triage] settings for them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from smtui.domain import triage as rules
from smtui.domain.triage import JobFacts, Thresholds
from smtui.services.settings import SettingsError, load_settings
from smtui.services.triage.collect import _max_runtime

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TH = Thresholds()


def ago(**kw: float) -> datetime:
    return NOW - timedelta(**kw)


def done(kind: str, name: str, minutes: float) -> JobFacts:
    created = ago(days=1)
    return JobFacts(kind, kind, name, "Completed", created, created + timedelta(minutes=minutes))


def running(kind: str, name: str, **kw: object) -> JobFacts:
    return JobFacts(kind, kind, name, "InProgress", kw.pop("created", ago(hours=2)), **kw)  # type: ignore[arg-type]


def test_family_strips_the_sdk_timestamp() -> None:
    assert rules.family_of("fraud-features-spark-2026-11-26-11-40-00-000") == (
        "fraud-features-spark"
    )
    assert rules.family_of("imagenet-resnet-hpo-261126-0129") == "imagenet-resnet-hpo"
    assert rules.family_of("churn-autopilot-1126-112625") == "churn-autopilot"
    assert rules.family_of("my-job") == "my-job"


def test_usual_duration_per_kind_and_family() -> None:
    jobs = [done("processing", f"prep-2026-11-2{i}-00-00-00-000", 10) for i in range(3)]
    jobs += [done("processing", "spark-2026-11-20-00-00-00-000", 100)]
    jobs += [done("processing", "spark-2026-11-21-00-00-00-000", 120)]
    jobs += [JobFacts("transform", "transform", "t", "Completed", ago(hours=1))]  # no end
    usual = rules.job_durations(jobs)
    assert usual["processing"] == 600  # the median of 10, 10, 10, 100, 120 minutes
    assert usual["processing/prep"] == 600
    assert "processing/spark" not in usual  # two samples: too few for its own
    assert "transform" not in usual


def test_long_running_job_is_stuck_against_its_family_or_kind() -> None:
    usual = {"processing": 600.0, "processing/spark": 3000.0}
    jobs = [
        running("processing", "prep-2026-11-26-10-00-00-000", created=ago(minutes=65)),
        running("processing", "prep-2026-11-26-11-00-00-000", created=ago(minutes=50)),
        running("processing", "spark-2026-11-26-10-00-00-000", created=ago(minutes=140)),
        running("processing", "spark-2026-11-26-09-00-00-000", created=ago(minutes=160)),
        running("transform", "t-2026-11-26-01-00-00-000", created=ago(hours=11)),  # no usual
        JobFacts("processing", "processing", "x", "Completed", ago(hours=9)),
    ]
    found = rules.stuck_kind_jobs(jobs, usual, NOW, TH)
    assert [(f.resource, f.severity) for f in found] == [
        ("processing/prep-2026-11-26-10-00-00-000", "medium"),
        ("processing/spark-2026-11-26-09-00-00-000", "medium"),
    ]
    assert found[0].id == "job-stuck:processing:prep-2026-11-26-10-00-00-000"
    assert found[0].reason == "in progress for 1h05 (fleet's usual 10m)"
    assert found[0].since == ago(minutes=65)
    # The thresholds move it: a larger factor and minimum clear both.
    lax = Thresholds(job_stuck_factor=10, job_stuck_min_minutes=180)
    assert rules.stuck_kind_jobs(jobs, usual, NOW, lax) == []


def test_past_most_of_the_maximum_runtime_is_high() -> None:
    job = running(
        "processing", "p", created=ago(hours=3), started=ago(minutes=165), max_runtime=10800
    )
    (f,) = rules.stuck_kind_jobs([job], {}, NOW, TH)
    assert f.severity == "high" and f.since == ago(minutes=165)
    assert f.reason == "92% of its maximum runtime (3h00) used"
    auto = running("automl", "a", created=ago(hours=5), max_runtime=18000, secondary="Training")
    (g,) = rules.stuck_kind_jobs([auto], {}, NOW, TH)  # counted from CreationTime
    assert g.reason == "100% of its maximum runtime (5h00) used, in Training"
    assert rules.stuck_kind_jobs([job], {}, NOW, Thresholds(runtime_fraction=0.95)) == []


def test_max_runtime_from_each_kinds_describe() -> None:
    t = ago(hours=1)
    assert _max_runtime(
        "processing", {"StoppingCondition": {"MaxRuntimeInSeconds": 3600}, "ProcessingStartTime": t}
    ) == (3600.0, t)
    assert _max_runtime(
        "compilation",
        {"StoppingCondition": {"MaxRuntimeInSeconds": 900}, "CompilationStartTime": t},
    ) == (900.0, t)
    tuning = {"HyperParameterTuningJobConfig": {"ResourceLimits": {"MaxRuntimeInSeconds": 7200}}}
    assert _max_runtime("tuning", tuning) == (7200.0, None)
    v2 = {
        "AutoMLProblemTypeConfig": {
            "TabularJobConfig": {"CompletionCriteria": {"MaxAutoMLJobRuntimeInSeconds": 86400}}
        }
    }
    assert _max_runtime("automl", v2) == (86400.0, None)
    v1 = {"AutoMLJobConfig": {"CompletionCriteria": {"MaxAutoMLJobRuntimeInSeconds": 600}}}
    assert _max_runtime("automl", v1) == (600.0, None)
    assert _max_runtime("tuning", {"HyperParameterTuningJobConfig": {}}) == (None, None)
    assert _max_runtime("transform", {"StoppingCondition": {"MaxRuntimeInSeconds": 60}}) == (
        None,
        None,
    )


def test_settings_read_the_new_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[triage]\njob_stuck_factor = 5\njob_stuck_min_minutes = 90\n")
    settings = load_settings(None, path=path, environ={})
    th = rules.thresholds_from(settings.triage)
    assert (th.job_stuck_factor, th.job_stuck_min_minutes) == (5, 90)
    path.write_text('[triage]\njob_stuck_factor = "lots"\n')
    with pytest.raises(SettingsError, match="job_stuck_factor"):
        load_settings(None, path=path, environ={})

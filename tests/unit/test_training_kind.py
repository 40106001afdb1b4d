"""The training jobs registry entry on plain data: args, rows, detail sections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from smtui.domain import timefmt
from smtui.domain.training import TrainingJobSummary, can_stop
from smtui.services.kinds import default_registry
from smtui.services.kinds.training_jobs import STOP, TRAINING_JOBS, parse_args
from smtui.services.registry import QueryError

ARN_PREFIX = "arn:aws:sagemaker:us-east-1:123456789012:training-job/"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def summary(
    status: str = "InProgress", secondary: str = "Training", end: datetime | None = None
) -> TrainingJobSummary:
    return TrainingJobSummary.from_api(
        {
            "TrainingJobName": "bert-base-sentiment-1",
            "TrainingJobArn": ARN_PREFIX + "bert-base-sentiment-1",
            "TrainingJobStatus": status,
            "SecondaryStatus": secondary,
            "CreationTime": T0,
            "TrainingEndTime": end,
            "LastModifiedTime": T0,
        }
    )


def test_parse_args_status_words_and_name() -> None:
    assert parse_args([]) == {}
    assert parse_args(["failed"]) == {"status": "Failed"}
    assert parse_args(["running", "bert"]) == {"status": "InProgress", "name_contains": "bert"}
    with pytest.raises(QueryError):
        parse_args(["bert", "xgb", "resnet"])


def test_row_of_a_running_job_ticks_with_now() -> None:
    job = summary()
    row = TRAINING_JOBS.row(job, T0 + timedelta(minutes=12, seconds=5))
    assert row.key == "bert-base-sentiment-1"
    assert row.cells[1] == ("InProgress", "running")
    assert row.cells[2] == ("Training", "running")
    assert row.cells[3] == "…" and row.cells[4] == "…"  # not enriched yet
    assert row.cells[5] == "11-20 09:00"
    assert row.cells[6] == "12m05s"
    later = TRAINING_JOBS.row(job, T0 + timedelta(hours=3))
    assert later.cells[6] == "3h00m"
    assert TRAINING_JOBS.ticking(job)


def test_row_of_a_finished_job_uses_its_end_time() -> None:
    job = summary("Failed", "Failed", end=T0 + timedelta(minutes=2))
    row = TRAINING_JOBS.row(job, T0 + timedelta(days=5))
    assert row.cells[6] == "2m00s" and row.cells[1] == ("Failed", "error")
    assert not TRAINING_JOBS.ticking(job) and TRAINING_JOBS.cacheable(job)


def test_stop_applies_to_running_jobs_only() -> None:
    assert STOP.mutating and STOP.applies(summary())
    for status in ("Completed", "Failed", "Stopped", "Stopping"):
        assert not can_stop(status) and not STOP.applies(summary(status, status))


def test_detail_shows_failure_reason_first_and_in_full() -> None:
    reason = "AlgorithmError: ExecuteUserScriptError: " + "x" * 400
    data = {
        "TrainingJobName": "j",
        "TrainingJobArn": "arn",
        "TrainingJobStatus": "Failed",
        "SecondaryStatus": "Failed",
        "FailureReason": reason,
        "CreationTime": T0,
        "HyperParameters": {"lr": "0.1"},
        "ResourceConfig": {
            "InstanceType": "ml.g5.2xlarge",
            "InstanceCount": 2,
            "VolumeSizeInGB": 50,
        },
        "SecondaryStatusTransitions": [
            {
                "Status": "Starting",
                "StartTime": T0,
                "EndTime": T0 + timedelta(seconds=90),
                "StatusMessage": "Launching",
            }
        ],
    }
    sections = TRAINING_JOBS.detail(summary("Failed", "Failed"), data)  # type: ignore[misc]
    titles = [s.title for s in sections]
    assert titles == ["Overview", "Configuration", "Metrics", "Debugger & Profiler", "Logs", "Raw"]
    overview = sections[0]
    assert overview.text == f"FAILED: {reason}" and overview.role == "error"
    assert ("  Starting", "09:00:00     1m30s  Launching") in overview.rows
    config = sections[1]
    assert ("  lr", "0.1") in config.rows
    assert ("  Instances", "ml.g5.2xlarge x 2") in config.rows
    assert sections[4].logs is not None and sections[4].logs.stream_prefix == "j/"
    assert sections[5].raw == data


def test_registry_resolves_names_aliases_and_completes() -> None:
    registry = default_registry()
    assert registry.resolve("jobs") is TRAINING_JOBS
    assert registry.resolve("TJ") is TRAINING_JOBS
    assert registry.resolve("nope") is None
    words = registry.completions()
    assert "jobs" in words and "jobs failed" in words and "audit" in words


def test_durations_format() -> None:
    assert [timefmt.duration(s) for s in (0, 59, 60, 3599, 3600, 86400 + 3600)] == [
        "0s",
        "59s",
        "1m00s",
        "59m59s",
        "1h00m",
        "1d01h",
    ]

"""The monitors views' rows and arguments (pure parts of smtui/services/kinds/monitors.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from smtui.domain.monitoring import ExecutionSummary, Schedule
from smtui.services.kinds.monitors import (
    ago,
    enrich_merge,
    execution_row,
    parse_args,
    schedule_row,
)
from smtui.services.registry import QueryError

NOW = datetime(2026, 11, 26, 12, 40, tzinfo=UTC)
LISTED = Schedule(
    name="fraud-dq",
    arn="arn:aws:sagemaker:us-east-1:1:monitoring-schedule/fraud-dq",
    status="Scheduled",
    created=NOW - timedelta(days=30),
    modified=NOW,
    endpoint="fraud",
    monitoring_type="DataQuality",
)
LAST = ExecutionSummary(
    schedule="fraud-dq",
    scheduled=NOW - timedelta(minutes=40),
    created=NOW - timedelta(minutes=40),
    modified=NOW - timedelta(minutes=10),
    status="CompletedWithViolations",
    job_arn="arn:aws:sagemaker:us-east-1:1:processing-job/model-monitoring-x",
)


def test_arguments() -> None:
    assert parse_args(["failed"]) == {"status": "Failed"}
    assert parse_args(["bias", "churn"]) == {"type": "ModelBias", "name_contains": "churn"}
    assert parse_args(["endpoint=fraud-detector-prod"]) == {"endpoint": "fraud-detector-prod"}
    with pytest.raises(QueryError):
        parse_args(["a", "b"])


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0m"),
        (59, "59m"),
        (65, "1h05m"),
        (600, "10h"),
        (3 * 1440 + 420, "3d07h"),
        (20 * 1440, "20d"),
    ],
)
def test_ago_fits_five_cells(minutes: int, text: str) -> None:
    assert ago(NOW - timedelta(minutes=minutes), NOW) == text and len(text) <= 5
    assert ago(None, NOW) == "-"


def test_a_listed_schedule_shows_dots_until_described() -> None:
    row = schedule_row(LISTED, NOW)
    assert row.cells[4:] == ("…", "…", "…", "…")
    described = replace(
        LISTED, expression="cron(0 * ? * * *)", described=True, last=replace(LAST, violations=3)
    )
    row = schedule_row(described, NOW)
    assert row.cells[4:] == ("hourly", "40m", ("Violations", "warning"), ("3", "warning"))
    unreadable = replace(described, last=replace(LAST, violations=None, report="malformed"))
    assert schedule_row(unreadable, NOW).cells[7] == ("?", "error")
    never = replace(described, last=None)
    assert schedule_row(never, NOW).cells[5:] == ("-", ("-", "muted"), ("-", "muted"))


def test_enrichment_keeps_the_listed_status() -> None:
    stale = {
        "describe": {
            "MonitoringScheduleName": "fraud-dq",
            "MonitoringScheduleStatus": "Stopped",
            "MonitoringScheduleConfig": {"ScheduleConfig": {"ScheduleExpression": "NOW"}},
        },
        "violations": 2,
        "report": "",
    }
    merged = enrich_merge(LISTED, stale)
    assert merged.status == "Scheduled" and merged.expression == "NOW" and merged.described


def test_execution_rows() -> None:
    failed = replace(LAST, status="Failed", failure="Job inputs had no data")
    row = execution_row(failed, NOW)
    assert row.cells[1] == ("Failed", "error") and row.cells[2] == ("-", "muted")
    assert row.cells[3] == ("Job inputs had no data", "error")
    assert execution_row(LAST, NOW).cells[2] == "…"  # not read yet
    bad = replace(LAST, report="constraint_violations.json is not valid JSON")
    assert execution_row(bad, NOW).cells[2:4] == (
        ("?", "error"),
        ("constraint_violations.json is not valid JSON", "error"),
    )
    assert execution_row(replace(LAST, violations=0), NOW).cells[2] == ("0", "ok")

"""The monitoring schedules pane on the sandbox: the list, schedule -> execution ->
violations with the report's content, the trend chart, stop and start (and the read-only
refusal), the link to the endpoint, and reports that are missing or malformed."""

from __future__ import annotations

import json
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.monitoring import BUCKET, monitoring_area
from smtui.sandbox.objects import object_store
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.widgets.chart import ChartView
from tests.sandbox.conftest import client
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, audit, cell, cursor_to, loaded

FRAUD_DQ = "fraud-detector-prod-data-quality"
PRICING_MQ = "pricing-ab-test-prod-model-quality"


def settle(sb: Sandbox, minutes: int = 40) -> None:
    """Move the frozen clock past the start: the executions due at 12:00 have run."""
    sb.simulator.clock.advance(minutes * 60)


def executions(sb: Sandbox, name: str) -> list[dict[str, Any]]:
    sm = client(sb, "sagemaker")
    pages = sm.get_paginator("list_monitoring_executions").paginate(MonitoringScheduleName=name)
    return [e for page in pages for e in page["MonitoringExecutionSummaries"]]


def violations_of(sb: Sandbox, execution: dict[str, Any]) -> list[dict[str, Any]]:
    """The report as boto3 reads it: DescribeProcessingJob, then S3 GetObject."""
    sm, s3 = client(sb, "sagemaker"), client(sb, "s3")
    job = sm.describe_processing_job(
        ProcessingJobName=execution["ProcessingJobArn"].rsplit("/", 1)[1]
    )
    uri = job["ProcessingOutputConfig"]["Outputs"][0]["S3Output"]["S3Uri"]
    bucket, prefix = uri[5:].split("/", 1)
    body = s3.get_object(Bucket=bucket, Key=f"{prefix}/constraint_violations.json")["Body"]
    return list(json.loads(body.read())["violations"])


def key_of(execution: dict[str, Any]) -> str:
    return f"{execution['MonitoringScheduleName']}@" + execution["ScheduledTime"].strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )


def enriched(screen: Any) -> bool:
    rows = [screen.table.index.get(k) for k in screen.items]
    return bool(rows) and all(r is not None and "…" not in r.cells for r in rows)


def sections(screen: DetailScreen) -> dict[str, Any]:
    return {v.section.title: v.section for v in screen.query(SectionView)}


async def open_detail(pilot: Any, key: str = "d") -> DetailScreen:
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    screen = app.screen
    await wait_for(pilot, lambda: len(screen.query(SectionView)) > 2)
    return screen


async def test_the_list_shows_each_schedule_with_its_last_execution(sandbox: Sandbox) -> None:
    settle(sandbox)
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "monitors", 8)
        await wait_for(pilot, lambda: enriched(screen))
        fraud = screen.table.index.get(FRAUD_DQ)
        last = executions(sandbox, FRAUD_DQ)[0]
        count = len(violations_of(sandbox, last))
        assert fraud.cells[:5] == (
            FRAUD_DQ,
            "fraud-detector-prod",
            "DataQual",
            ("Scheduled", "ok"),
            "hourly",
        )
        assert fraud.cells[5] == "40m"  # the 12:00 execution, 40 minutes ago
        assert fraud.cells[6] == ("Violations", "warning")  # CompletedWithViolations stands out
        assert fraud.cells[7] == (str(count), "warning") and count > 0
        assert cell(screen, PRICING_MQ, 6) == ("Failed", "error")
        assert cell(screen, "llm-chat-prod-data-quality", 3) == ("Failed", "error")
        assert cell(screen, "churn-xgb-prod-model-explainability", 3) == ("Stopped", "muted")
        assert cell(screen, "pricing-ab-test-prod-data-quality", 3)[0] == "Scheduled"
        assert cell(screen, "churn-xgb-prod-model-bias", 4) == "daily at 05:00"
        assert cell(screen, "fraud-detector-prod-model-quality", 4) == "every 6h"
        # `:monitors failed` filters by status, `:monitors bias` by type.
        assert app.run_command_line("monitors failed") is None
        failed = await loaded(pilot, "monitors", 1)
        assert list(failed.items) == ["llm-chat-prod-data-quality"]
        assert app.run_command_line("monitors bias") is None
        await wait_for(pilot, lambda: list(app.screen.items) == ["churn-xgb-prod-model-bias"])


async def test_drill_schedule_execution_violations_with_the_reports_content(
    sandbox: Sandbox,
) -> None:
    settle(sandbox)
    listed = executions(sandbox, FRAUD_DQ)
    target = next(
        e
        for e in listed[1:]
        if e["MonitoringExecutionStatus"] == "CompletedWithViolations"
        and not _malformed(sandbox, e)
    )
    report = violations_of(sandbox, target)
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        schedules = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, schedules, FRAUD_DQ)
        await pilot.press("enter")
        runs = await loaded(pilot, "monitor-executions", len(listed))
        assert runs.table.cursor_key == key_of(listed[0])  # newest first
        await wait_for(pilot, lambda: enriched_keys(runs, [key_of(target)]))
        row = runs.table.index.get(key_of(target))
        assert row.cells[1] == ("Violations", "warning")
        assert row.cells[2] == (str(len(report)), "warning")
        assert row.cells[4] == target["ProcessingJobArn"].rsplit("/", 1)[1]
        await cursor_to(pilot, runs, key_of(target))
        await pilot.press("enter")
        found = await loaded(pilot, "monitor-violations", len(report))
        shown = [found.table.index.get(k).cells for k in found.table.index.visible_keys()]
        assert sorted((c[0], c[1][0], c[2]) for c in shown) == sorted(
            (v["feature_name"], v["constraint_check_type"], v["description"]) for v in report
        )
        drift = next(v for v in report if v["constraint_check_type"] == "baseline_drift_check")
        await cursor_to(pilot, found, f"{drift['feature_name']} baseline_drift_check")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        detail = app.screen
        await wait_for(pilot, lambda: "Current vs baseline" in sections(detail))
        compare = sections(detail)["Current vs baseline"]
        assert compare.rows and compare.rows[0][0] == drift["feature_name"]
        assert "->" in compare.rows[0][1] and "Drift threshold 0.1" in compare.text
        assert sections(detail)["Violation"].rows[2] == ("Description", drift["description"])
        # Back to the executions: `d` shows the execution with its statistics.
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is found)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is runs)
        execution = await open_detail(pilot)
        parts = sections(execution)
        assert len(parts["Violations"].rows) == len(report)
        stats = parts["Statistics vs baseline"]
        assert "records analysed" in stats.text and len(stats.rows) >= 10


def enriched_keys(screen: Any, keys: list[str]) -> bool:
    return all(
        (row := screen.table.index.get(k)) is not None and "…" not in row.cells for k in keys
    )


def _malformed(sb: Sandbox, execution: dict[str, Any]) -> bool:
    schedule = monitoring_area(sb.world).schedules[execution["MonitoringScheduleName"]]
    when = execution["ScheduledTime"].timestamp()
    return any(e.malformed and e.scheduled == when for e in schedule.executions)


async def test_malformed_and_missing_reports_are_shown_as_such(sandbox: Sandbox) -> None:
    settle(sandbox)
    listed = executions(sandbox, FRAUD_DQ)
    malformed = next(e for e in listed if _malformed(sandbox, e))
    # An S3 lifecycle rule expired one report: its key is gone (NoSuchKey).
    expired = next(
        e
        for e in listed
        if e["MonitoringExecutionStatus"] == "CompletedWithViolations" and e is not malformed
    )
    area = monitoring_area(sandbox.world)
    gone = expired["ScheduledTime"].strftime("%Y/%m/%d/%H") + "/constraint_violations.json"
    object_store(sandbox.world).register(
        BUCKET, lambda key, now: None if key.endswith(gone) else area.object(key, now)
    )
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        schedules = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, schedules, FRAUD_DQ)
        await pilot.press("enter")
        runs = await loaded(pilot, "monitor-executions", len(listed))
        for bad in (malformed, expired):
            await cursor_to(pilot, runs, key_of(bad))
            await wait_for(pilot, lambda b=bad: enriched_keys(runs, [key_of(b)]))
        row = runs.table.index.get(key_of(malformed))
        assert row.cells[2] == ("?", "error")
        assert row.cells[3][1] == "error" and "not valid JSON" in row.cells[3][0]
        assert "NoSuchKey" in runs.table.index.get(key_of(expired)).cells[3][0]
        for bad, says in (
            (malformed, "constraint_violations.json is not valid JSON"),
            (expired, "constraint_violations.json is missing (NoSuchKey"),
        ):
            await cursor_to(pilot, runs, key_of(bad))
            await pilot.press("enter")
            found = await loaded(pilot, "monitor-violations", 1)
            (line,) = [found.table.index.get(k) for k in found.table.index.visible_keys()]
            assert line.cells[1] == ("no report", "error")
            assert line.cells[2][0].startswith(says) and "s3://" in line.cells[2][0]
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is runs)
        # The execution's detail says it where the violations would be, and goes on.
        await cursor_to(pilot, runs, key_of(malformed))
        detail = await open_detail(pilot)
        part = sections(detail)["Violations"]
        assert part.role == "error" and "not valid JSON" in part.text
        assert "records analysed" in sections(detail)["Statistics vs baseline"].text
        await pilot.press("escape")
        # A failed execution wrote no report: said so, with its failure reason.
        assert app.run_command_line("monitors") is None
        schedules = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, schedules, PRICING_MQ)
        await pilot.press("enter")
        failed_runs = await loaded(pilot, "monitor-executions")
        newest = executions(sandbox, PRICING_MQ)[0]
        row = failed_runs.table.index.get(key_of(newest))
        assert row.cells[1] == ("Failed", "error") and row.cells[3] == (
            "Job inputs had no data",
            "error",
        )
        await cursor_to(pilot, failed_runs, key_of(newest))
        await pilot.press("enter")
        found = await loaded(pilot, "monitor-violations", 1)
        (line,) = [found.table.index.get(k) for k in found.table.index.visible_keys()]
        assert line.cells[2][0] == "no report: the execution failed (Job inputs had no data)"


async def test_trend_chart_and_endpoint_capture_in_the_schedule_detail(sandbox: Sandbox) -> None:
    settle(sandbox)
    listed = executions(sandbox, FRAUD_DQ)[:24]
    expected = sorted(
        (e["ScheduledTime"].timestamp(), float(len(violations_of(sandbox, e))))
        for e in listed
        if e["MonitoringExecutionStatus"].startswith("Completed") and not _malformed(sandbox, e)
    )
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        schedules = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, schedules, FRAUD_DQ)
        detail = await open_detail(pilot)
        parts = sections(detail)
        trend = parts["Violations trend"]
        (chart,) = trend.charts
        assert chart.series[0].points == tuple(expected)
        assert expected[-1][1] > expected[0][1]  # the drift grew over the day
        assert "1 without a readable report" in trend.text
        assert detail.query(ChartView)
        capture = dict(parts["Endpoint data capture"].rows)
        assert capture["Sampling"] == "20%" and capture["Capture"] == "Started"
        assert capture["Destination"] == "s3://sandbox-ml-datacapture/fraud-detector-prod"
        assert dict(parts["Overview"].rows)["Schedule"] == "hourly  cron(0 * ? * * *)"
        assert dict(parts["Last execution"].rows)["Violations"] == str(int(expected[-1][1]))
        # `e` opens the endpoint's own detail.
        await pilot.press("e")
        await wait_for(
            pilot, lambda: app.screen is not detail and isinstance(app.screen, DetailScreen)
        )
        assert app.screen.kind.name == "endpoints" and app.screen.key == "fraud-detector-prod"


async def test_stop_then_start_a_schedule(sandbox: Sandbox) -> None:
    sm = client(sandbox, "sagemaker")
    app = app_at(sandbox, "monitors", interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, screen, FRAUD_DQ)
        assert screen.check_action("run_action", ("monitors.start",)) is None  # dimmed
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(
            pilot, lambda: ("sagemaker", "StopMonitoringSchedule") in sandbox.request_log
        )
        described = sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)
        assert described["MonitoringScheduleStatus"] == "Stopped"
        await wait_for(pilot, lambda: screen.items[FRAUD_DQ].status == "Stopped")
        assert cell(screen, FRAUD_DQ, 3) == ("Stopped", "muted")
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.items[FRAUD_DQ].status == "Scheduled")
    described = sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)
    assert described["MonitoringScheduleStatus"] == "Scheduled"
    assert [(r["action"], r["resource"], r["outcome"]) for r in audit()] == [
        ("monitors.stop", FRAUD_DQ, "ok"),
        ("monitors.start", FRAUD_DQ, "ok"),
    ]


async def test_read_only_refuses_stop_before_any_request(sandbox: Sandbox) -> None:
    app = app_at(sandbox, "monitors", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "monitors", 8)
        await cursor_to(pilot, screen, FRAUD_DQ)
        await pilot.press("s")
        await wait_for(pilot, lambda: len(audit()) == 1)
        assert not isinstance(app.screen, ConfirmScreen)
        await cursor_to(pilot, screen, "churn-xgb-prod-model-explainability")
        await pilot.press("t")
        await wait_for(pilot, lambda: len(audit()) == 2)
    assert [(r["action"], r["outcome"]) for r in audit()] == [
        ("monitors.stop", "refused: read-only"),
        ("monitors.start", "refused: read-only"),
    ]
    mutations = {"StopMonitoringSchedule", "StartMonitoringSchedule"}
    assert not [op for _, op in sandbox.request_log if op in mutations]
    sm = client(sandbox, "sagemaker")
    assert (
        sm.describe_monitoring_schedule(MonitoringScheduleName=FRAUD_DQ)["MonitoringScheduleStatus"]
        == "Scheduled"
    )

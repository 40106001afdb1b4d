"""The training jobs pane on the sandbox: enriched columns, detail sections, logs (failure,
follow), copy / console URL, Debugger issues, and watching a job."""

from __future__ import annotations

import json

from textual.widgets import Input

from smtui.sandbox import Sandbox
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.log_view import LogLines, LogView
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded

ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/"
DYING = "bert-base-sentiment-2026-11-26-11-04-29-123"
"""Planted: in Training at the frozen start, fails with CUDA OOM 300 virtual seconds later."""


def failed_with_traceback(sb: Sandbox) -> str:
    records, now = sb.simulator.records()
    return next(
        j.name
        for j in records
        if j.is_terminal(now) and j.final_status == "Failed" and j.failure in ("oom", "script")
    )


def with_issues(sb: Sandbox) -> str:
    for name in sb.simulator.job_names():
        d = sb.simulator.describe_training_job(name)
        if any(
            s["RuleEvaluationStatus"] == "IssuesFound"
            for s in d.get("DebugRuleEvaluationStatuses", [])
        ):
            return name
    raise AssertionError("the fleet has no Debugger rule with IssuesFound")


async def filter_to(pilot, app: SmtuiApp, name: str) -> None:
    await wait_loaded(pilot, app)
    await pilot.press("slash")
    app.screen.query_one("#filter", Input).value = name
    await wait_for(pilot, lambda: table_of(app).row_count == 1)
    await pilot.press("enter")


async def open_detail(pilot, app: SmtuiApp, name: str) -> DetailScreen:
    await filter_to(pilot, app, name)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
    screen = app.screen
    assert isinstance(screen, DetailScreen)
    await wait_for(pilot, lambda: len(screen.query(SectionView)) == 6)
    return screen


def log_view(screen: DetailScreen) -> LogView:
    return screen.query_one(LogView)


def messages(view: LogView) -> list[str]:
    return [line.message for line in view.lines.buffer]


async def test_the_list_shows_instances_and_spot_after_enrichment(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        screen = app.screen
        assert isinstance(screen, ResourceScreen)
        visible = [table.index.key_at(i) for i in range(30)]
        await wait_for(pilot, lambda: all(table.index.get(k).cells[3] != "…" for k in visible))
        for key in visible[:10]:
            d = sandbox.simulator.describe_training_job(key)
            rc = d["ResourceConfig"]
            row = table.index.get(key)
            assert row.cells[3] == f"{rc['InstanceType'][3:]} x{rc['InstanceCount']}"
            spot = row.cells[4] if isinstance(row.cells[4], str) else row.cells[4][0]
            if not d["EnableManagedSpotTraining"]:
                assert spot == "-"
            elif "BillableTimeInSeconds" in d:
                saving = 1 - d["BillableTimeInSeconds"] / d["TrainingTimeInSeconds"]
                assert spot == f"spot {saving:.0%}"
            else:
                assert spot == "spot"
        # Rows far below the screen wait until scrolled to: describes stay bounded.
        described = [op for _, op in sandbox.request_log].count("DescribeTrainingJob")
        assert described < 100
        last = table.index.key_at(table.row_count - 1)
        assert table.index.get(last).cells[3] == "…"
        await pilot.press("end")
        await wait_for(pilot, lambda: table.index.get(last).cells[3] != "…")


async def test_detail_sections_and_key_jumps(sandbox) -> None:
    app = make_app(sandbox)
    name = next(n for n, s in sandbox.simulator.statuses().items() if s == "Completed")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, app, name)
        sections = list(screen.query(SectionView))
        titles = [v.section.title for v in sections]
        assert titles == [
            "Overview",
            "Configuration",
            "Metrics",
            "Debugger & Profiler",
            "Logs",
            "Raw",
        ]
        await pilot.press("3")
        assert screen.focused is sections[2]
        assert sections[2].section.charts, "CloudWatch charts of the job's metrics"
        chart_titles = [c.title for c in sections[2].section.charts]
        assert "CPU utilisation" in chart_titles and "Memory utilisation" in chart_titles
        # Algorithm metrics (loss, accuracy) are read under TrainingJobName: one series
        # for the job, charted before the instance metrics.
        first = sections[2].section.charts[0]
        assert "utilisation" not in first.title
        assert [s.label for s in first.series] == ["job"] and first.series[0].points
        await pilot.press("right_square_bracket")
        assert screen.focused is sections[3]
        await pilot.press("left_square_bracket")
        assert screen.focused is sections[2]
        await pilot.press("5")
        await wait_for(pilot, lambda: isinstance(screen.focused, LogLines))
        await pilot.press("right_square_bracket")  # from inside the log viewer, on to Raw
        assert screen.focused is sections[5]
        await pilot.press("J")
        raw = json.loads(app.clipboard)
        assert raw["TrainingJobName"] == name and "_metrics" not in raw


async def test_a_failed_job_shows_its_reason_first_and_the_traceback_in_its_logs(sandbox) -> None:
    app = make_app(sandbox)
    name = failed_with_traceback(sandbox)
    reason = sandbox.simulator.describe_training_job(name)["FailureReason"]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, app, name)
        overview = screen.query(SectionView).first()
        assert overview.section.text == f"FAILED: {reason}" and overview.has_class("-role-error")
        await pilot.press("5")
        view = log_view(screen)
        await wait_for(pilot, lambda: len(view.lines.buffer) > 10)
        lines = messages(view)
        exception = reason.split('ErrorMessage "')[1].split('"')[0]
        assert "Traceback (most recent call last):" in lines and exception in lines
        assert not view.following  # a finished job's logs do not move
        await pilot.press("e")
        assert view.lines.current == lines.index("Traceback (most recent call last):")
        await pilot.press("slash")
        for ch in "exitcode":
            await pilot.press(ch)
        await pilot.press("enter")
        assert view.lines.needle == "exitcode"
        assert "ExitCode" in lines[view.lines.current]  # type: ignore[index]


async def test_follow_mode_shows_new_lines_as_the_job_writes_them(sandbox) -> None:
    app = make_app(sandbox, interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, app, DYING)
        await pilot.press("5")
        view = log_view(screen)
        assert view.following
        await wait_for(pilot, lambda: len(view.lines.buffer) > 5)
        before = len(view.lines.buffer)
        last = view.lines.buffer[-1].timestamp
        sandbox.simulator.clock.advance(120)
        await wait_for(pilot, lambda: len(view.lines.buffer) > before)
        assert view.lines.buffer[-1].timestamp > last
        await pilot.press("f")  # pause: no polls while paused
        assert not view.following
        count = len(view.lines.buffer)
        sandbox.simulator.clock.advance(60)
        await pilot.pause(2.5)
        assert len(view.lines.buffer) == count
        await pilot.press("f")
        await wait_for(pilot, lambda: len(view.lines.buffer) > count)
        sandbox.simulator.clock.advance(300)  # the job dies: its traceback arrives
        await wait_for(pilot, lambda: "Traceback (most recent call last):" in messages(view))
        await wait_for(pilot, lambda: not view.following)  # it ended: nothing more to follow


async def test_the_log_buffer_is_bounded_by_the_setting(sandbox) -> None:
    app = make_app(sandbox, log_lines=100)
    name = next(
        j.name
        for j in sandbox.simulator.records()[0]
        if j.final_status == "Completed" and j.template == 3  # a long LLM fine-tune
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, app, name)
        await pilot.press("5")
        view = log_view(screen)
        await wait_for(pilot, lambda: len(view.lines.buffer) == 100)
        assert messages(view)[-1].startswith("Uploading generated training model")


async def test_copy_arn_name_and_console_url_in_the_list_and_the_detail(sandbox) -> None:
    app = make_app(sandbox)
    name = sandbox.simulator.job_names()[-1]
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_to(pilot, app, name)
        await pilot.press("y")
        assert app.clipboard == ARN + name.lower()
        await pilot.press("Y")
        assert app.clipboard == name
        await pilot.press("o")
        url = (
            f"https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/jobs/{name}"
        )
        assert app.clipboard == url
        assert any(n.message == url for n in app._notifications)  # shown as well
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        app.copy_to_clipboard("")
        await pilot.press("y")
        assert app.clipboard == ARN + name.lower()
    # Only the copies: no API call was made for them.
    assert "StopTrainingJob" not in {op for _, op in sandbox.request_log}


async def test_debugger_issues_stand_out(sandbox) -> None:
    app = make_app(sandbox)
    name = with_issues(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_detail(pilot, app, name)
        section = list(screen.query(SectionView))[3]
        assert section.has_class("-role-error")
        flagged = [v for _, v in section.section.rows if v.startswith("⚠ IssuesFound")]
        assert flagged and "RuleEvaluationConditionMet" in flagged[0]
        assert "found issues" in section.section.text


async def test_a_watched_job_announces_its_status_change(sandbox) -> None:
    app = make_app(sandbox, bell=True)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_to(pilot, app, DYING)
        await pilot.press("w")
        table = table_of(app)
        assert str(table.index.get(DYING).cells[0]).startswith("◉ ")
        sandbox.simulator.clock.advance(400)
        await pilot.press("ctrl+r")
        await wait_for(
            pilot,
            lambda: any("InProgress → Failed" in str(n.message) for n in app._notifications),
        )
        assert rings == [1]
        assert str(table.index.get(DYING).cells[0]).startswith("◉ ")  # still marked
        await pilot.press("w")
        assert not str(table.index.get(DYING).cells[0]).startswith("◉ ")


async def test_watched_jobs_are_refetched_while_no_view_polls_them(sandbox) -> None:
    app = make_app(sandbox, interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await filter_to(pilot, app, DYING)
        await pilot.press("w")
        await pilot.press("colon")
        for ch in "audit":
            await pilot.press(ch)
        await pilot.press("enter")  # another view: the jobs list no longer polls
        await wait_for(
            pilot,
            lambda: not isinstance(app.screen, ResourceScreen) or app.screen.kind.name == "audit",
        )
        sandbox.simulator.clock.advance(400)
        await wait_for(
            pilot,
            lambda: any("InProgress → Failed" in str(n.message) for n in app._notifications),
            timeout=60,
        )

"""The console on the sandbox: rows, filter, sort, `:` switch, detail, stop, read-only, quit."""

from __future__ import annotations

import json

from smtui.services import paths
from smtui.services.kinds.training_jobs import CREATED_COLUMN
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.help import HelpScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.widgets.command_line import CommandLine
from smtui.ui.widgets.info_header import InfoHeader
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded


def names_with(sb, status: str) -> list[str]:
    return sorted(n for n, s in sb.simulator.statuses().items() if s == status)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_rows_appear_with_header_identity(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        assert table.row_count == 200
        await wait_for(pilot, lambda: app.backend.identity is not None)
        app.screen.query_one(InfoHeader).update_info()
        header = str(app.screen.query_one(InfoHeader).render())
        assert "123456789012" in header and "us-east-1" in header and "sandbox" in header
        assert "READ-ONLY" not in header
        # newest first by default
        created = [
            table.index.row_at(i).sort_values[CREATED_COLUMN] for i in range(table.row_count)
        ]
        assert created == sorted(created, reverse=True)
        assert "ListTrainingJobs" in {op for _, op in sandbox.request_log}


async def test_filter_narrows_and_escape_clears(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        await pilot.press("slash")
        await type_text(pilot, "xgboost")
        await wait_for(pilot, lambda: table.index.filter_text == "xgboost")
        assert 0 < table.row_count < 200
        assert all("xgboost" in table.index.row_at(i).key for i in range(table.row_count))
        await pilot.press("enter", "escape")
        assert table.row_count == 200 and table.index.filter_text == ""


async def test_sort_by_column_and_reverse(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        await pilot.press("1")
        keys = [table.index.key_at(i) for i in range(table.row_count)]
        assert keys == sorted(keys)
        await pilot.press("1")
        keys = [table.index.key_at(i) for i in range(table.row_count)]
        assert keys == sorted(keys, reverse=True)


async def test_command_line_switches_view_and_rejects_bad_input(sandbox) -> None:
    app = make_app(sandbox)
    failed = names_with(sandbox, "Failed")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        first = app.screen
        await pilot.press("colon")
        await type_text(pilot, "nope")
        await pilot.press("enter")
        line = app.screen.query_one(CommandLine)
        assert "unknown view 'nope'" in str(line.query_one("#command-error").render())
        assert app.screen is first
        line.input.value = ""
        await type_text(pilot, "jobs fai")
        await pilot.press("tab")
        assert line.input.value == "jobs failed"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is not first)
        table = await wait_loaded(pilot, app, len(failed))
        assert sorted(table.index.key_at(i) for i in range(table.row_count)) == failed
        # A `:` view replaces the top-level view (issue 20.7): escape stays on it.
        failed_view = app.screen
        await pilot.press("escape")
        assert app.screen is failed_view and len(app.screen_stack) == 2


async def test_detail_of_a_failed_job_shows_the_failure_first(sandbox) -> None:
    app = make_app(sandbox)
    name = names_with(sandbox, "Failed")[0]
    reason = sandbox.simulator.describe_training_job(name)["FailureReason"]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("slash")
        await type_text(pilot, name)
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) > 3)
        first = app.screen.query(SectionView).first()
        assert (
            reason in str(first.render().__rich__() if hasattr(first.render(), "__rich__") else "")
            or app.screen.data["FailureReason"] == reason
        )
        await pilot.press("2")
        assert app.screen.focused is list(app.screen.query(SectionView))[1]
        await pilot.press("escape")
        assert isinstance(app.screen, ResourceScreen)


async def test_stop_asks_then_stops_and_is_audited(sandbox) -> None:
    app = make_app(sandbox)
    name = names_with(sandbox, "InProgress")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("slash")
        await type_text(pilot, name)
        await pilot.press("enter")
        assert table_of(app).cursor_key == name
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        assert sandbox.simulator.statuses()[name] == "InProgress"
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: sandbox.simulator.statuses()[name] == "Stopping")
        await wait_for(pilot, lambda: app.screen.items[name].status == "Stopping")
        assert not app.screen.check_action("run_action", ("jobs.stop",))
    records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert [(r["action"], r["resource"], r["outcome"]) for r in records] == [
        ("jobs.stop", name, "ok")
    ]
    assert records[0]["account"] == "123456789012"


async def test_stop_is_dimmed_for_jobs_that_are_not_running(sandbox) -> None:
    app = make_app(sandbox)
    name = names_with(sandbox, "Completed")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("slash")
        await type_text(pilot, name)
        await pilot.press("enter")
        assert app.screen.check_action("run_action", ("jobs.stop",)) is None
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
    assert "StopTrainingJob" not in {op for _, op in sandbox.request_log}


async def test_read_only_refuses_and_the_sandbox_never_sees_the_call(sandbox) -> None:
    app = make_app(sandbox, read_only=True)
    name = names_with(sandbox, "InProgress")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        header = app.screen.query_one(InfoHeader)
        header.update_info()
        assert "READ-ONLY" in str(header.render())
        await pilot.press("slash")
        await type_text(pilot, name)
        await pilot.press("enter", "s")
        await wait_for(pilot, lambda: paths.audit_log().exists())
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.pause(0.2)
    assert "StopTrainingJob" not in {op for _, op in sandbox.request_log}
    assert sandbox.simulator.statuses()[name] == "InProgress"
    (record,) = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
    assert record["outcome"] == "refused: read-only" and record["resource"] == name


async def test_errors_are_shown_and_rows_kept(sandbox) -> None:
    app = make_app(sandbox, interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        sandbox.stop()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.error is not None, timeout=60)
        assert table.total_count == 200
        banner = str(app.screen.query_one("#view-banner").render())
        assert "ConnectionError" in banner


async def test_help_lists_keys_with_ids_and_q_quits(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ids = {row[2] for row in app.screen._rows}
        assert {"jobs.stop", "view.filter", "app.quit", "app.command"} <= ids
        await pilot.press("escape")
        assert isinstance(app.screen, ResourceScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_pause_stops_polling(sandbox) -> None:
    app = make_app(sandbox, interval=1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("p")
        assert app.screen.paused
        await pilot.pause(0.3)
        before = len(sandbox.request_log)
        await pilot.pause(1.5)
        assert len(sandbox.request_log) == before
        await pilot.press("p")
        await wait_for(pilot, lambda: len(sandbox.request_log) > before)


async def test_a_stop_through_the_aws_cli_shows_in_the_console(sandbox) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    name = names_with(sandbox, "InProgress")[0]
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert app.screen.items[name].status == "InProgress"
        aws = Path(sys.executable).with_name("aws")
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"}
        subprocess.run(
            [
                str(aws),
                "--endpoint-url",
                sandbox.url,
                "--region",
                "us-east-1",
                "sagemaker",
                "stop-training-job",
                "--training-job-name",
                name,
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.items[name].status == "Stopping")
        row = app.screen.table.index.get(name)
        assert row is not None and row.cells[1] == ("Stopping", "warning")

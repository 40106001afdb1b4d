"""The notebook instances view on the sandbox: idle ones stand out, detail, start/stop."""

from __future__ import annotations

from smtui.services import paths
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.sandbox.conftest import client
from tests.ui.conftest import make_app, wait_for
from tests.ui.surface_helpers import audit, cell, cursor_to, loaded, open_view


async def test_idle_notebooks_stand_out_by_the_configured_threshold(sandbox) -> None:
    app = make_app(sandbox, notebook_idle_hours=48)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        assert cell(screen, "gustavo-sandbox", 1) == ("InService", "warning")  # 5.5 days
        assert cell(screen, "gustavo-sandbox", 6)[1] == "warning"
        assert cell(screen, "bob-scratch", 1) == ("InService", "ok")  # 26 hours < 48
        assert cell(screen, "bob-scratch", 3) == "5G"  # the volume, from the describe
        first = screen.table.index.key_at(0)
        assert first == "gustavo-sandbox"  # longest in service first


async def test_default_threshold_flags_a_day_old_notebook(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        assert cell(screen, "bob-scratch", 1) == ("InService", "warning")
        assert cell(screen, "fraud-features-dev", 1) == ("InService", "ok")
        app.run_command_line("notebooks stopped")
        await wait_for(pilot, lambda: app.screen is not screen)
        stopped = await loaded(pilot, "notebooks", 4)
        assert {r.cells[1] for r in map(stopped.table.index.row_at, range(4))} == {
            ("Stopped", "muted")
        }


async def test_detail_shows_network_lifecycle_and_failure(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        await cursor_to(pilot, screen, "eun-ji-rl-sim")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(SectionView)))
        titles = [v.section.title for v in app.screen.query(SectionView)]
        assert titles == ["Failure reason", "Overview", "Lifecycle and code", "Network", "Security"]
        assert "took longer than 5 minutes" in app.screen.query(SectionView).first().section.text


async def test_stop_asks_and_a_plain_boto3_describe_sees_it(sandbox) -> None:
    app = make_app(sandbox, interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        await cursor_to(pilot, screen, "bob-scratch")
        assert screen.check_action("run_action", ("notebooks.start",)) is None  # dimmed
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: ("sagemaker", "StopNotebookInstance") in sandbox.request_log)
        await wait_for(pilot, lambda: screen.items["bob-scratch"].status == "Stopping")
    described = client(sandbox, "sagemaker").describe_notebook_instance(
        NotebookInstanceName="bob-scratch"
    )
    assert described["NotebookInstanceStatus"] == "Stopping"
    (record,) = audit()
    assert (record["action"], record["resource"], record["outcome"]) == (
        "notebooks.stop",
        "bob-scratch",
        "ok",
    )


async def test_start_a_stopped_notebook(sandbox) -> None:
    app = make_app(sandbox, interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        await cursor_to(pilot, screen, "carol-bert-debug")
        assert screen.check_action("run_action", ("notebooks.stop",)) is None
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.items["carol-bert-debug"].status == "Pending")
    assert ("sagemaker", "StartNotebookInstance") in sandbox.request_log


async def test_read_only_refuses_stop_without_a_call(sandbox) -> None:
    app = make_app(sandbox, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_view(pilot, "notebooks", 14)
        await cursor_to(pilot, screen, "alice-churn-eda")
        await pilot.press("s")
        await wait_for(pilot, lambda: paths.audit_log().exists())
        assert not isinstance(app.screen, ConfirmScreen)
    assert ("sagemaker", "StopNotebookInstance") not in sandbox.request_log
    assert audit()[0]["outcome"] == "refused: read-only"
    status = client(sandbox, "sagemaker").describe_notebook_instance(
        NotebookInstanceName="alice-churn-eda"
    )["NotebookInstanceStatus"]
    assert status == "InService"

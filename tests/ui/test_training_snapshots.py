"""The training job detail, pinned at 80x24 and 120x40 on a frozen sandbox: a failed job's
logs ending in its traceback, and a completed job's metrics charts."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input
from textual.worker import WorkerState

from smtui.sandbox import Sandbox
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.ui.conftest import (
    make_app,
    table_of,
    wait_enriched,
    wait_for,
    wait_loaded,
    wait_logs_loaded,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _failed_oom(sb: Sandbox) -> str:
    records, now = sb.simulator.records()
    return next(j.name for j in records if j.is_terminal(now) and j.failure == "oom")


def _completed_two_hosts(sb: Sandbox) -> str:
    records, now = sb.simulator.records()
    return next(
        j.name
        for j in reversed(records)
        if j.is_terminal(now) and j.final_status == "Completed" and j.instance_count == 2
    )


async def _idle(pilot, timeout: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    """Until no worker has run for a few checks: on a frozen sandbox nothing moves then."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    deadline = asyncio.get_running_loop().time() + timeout
    calm = 0
    while calm < 6:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("workers never settled")
        await pilot.pause(0.05)
        calm = 0 if any(w.state in busy for w in pilot.app.workers) else calm + 1


def _open(name: str, section: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        await wait_loaded(pilot, app, 200)
        await wait_for(pilot, lambda: app.backend.identity is not None)
        await pilot.press("slash")
        app.screen.query_one("#filter", Input).value = name
        await wait_for(pilot, lambda: table_of(app).row_count == 1)
        await pilot.press("enter")
        await wait_enriched(pilot, app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) == 6)
        await wait_logs_loaded(pilot, app)
        poller = getattr(app, "cost_poller", None)  # the header's cost figures, if any
        if poller is not None:
            await wait_for(pilot, lambda: poller.settled)
        await _idle(pilot)  # every worker done: nothing moves on the frozen sandbox now
        await pilot.press(section)  # jump once the layout is final (the scroll position)
        await pilot.pause(0.3)
        for header in app.screen.query("InfoHeader"):
            header.update_info()
        await pilot.pause()

    return run_before


class TestTrainingDetail:
    @pytest.mark.parametrize("size", SIZES)
    def test_failed_job_logs(self, snap_compare, sandbox, size) -> None:
        run_before = _open(_failed_oom(sandbox), "5")
        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_completed_job_metrics(self, snap_compare, sandbox, size) -> None:
        run_before = _open(_completed_two_hosts(sandbox), "3")
        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=run_before)

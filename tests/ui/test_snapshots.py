"""The look, pinned at 80x24 and 120x40 on a frozen sandbox (fixed start, speed 0)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.screens.help import HelpScreen
from tests.ui.conftest import (
    make_app,
    wait_enriched,
    wait_for,
    wait_loaded,
    wait_logs_loaded,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _settled(pilot) -> None:
    app = pilot.app
    await wait_loaded(pilot, app, 200)
    await wait_enriched(pilot, app)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    poller = getattr(app, "cost_poller", None)  # the header's cost figures: one sweep done
    if poller is not None:
        await wait_for(pilot, lambda: poller.settled)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


def _first(sb, status: str) -> str:
    return sorted(n for n, s in sb.simulator.statuses().items() if s == status)[0]


async def _filter_to(pilot, name: str) -> None:
    await pilot.press("slash")
    # All at once: typing it key by key makes the rows on screen (and so the describes
    # that fill their cells, counted in the header) depend on the typing speed.
    pilot.app.screen.query_one("#filter", Input).value = name
    await pilot.press("enter")
    await pilot.pause(1.1)  # the view notices the new rows on screen within a second
    await wait_enriched(pilot, pilot.app)


class TestJobsView:
    @pytest.mark.parametrize("size", SIZES)
    def test_jobs_list(self, snap_compare, sandbox, size) -> None:
        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=_settled)

    @pytest.mark.parametrize("size", SIZES)
    def test_read_only_filtered(self, snap_compare, sandbox, size) -> None:
        async def run_before(pilot) -> None:
            await _settled(pilot)
            await _filter_to(pilot, "bert")

        assert snap_compare(
            make_app(sandbox, read_only=True), terminal_size=size, run_before=run_before
        )


class TestDetail:
    @pytest.mark.parametrize("size", SIZES)
    def test_failed_job_detail(self, snap_compare, sandbox, size) -> None:
        name = _first(sandbox, "Failed")

        async def run_before(pilot) -> None:
            await _settled(pilot)
            await _filter_to(pilot, name)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
            await wait_for(pilot, lambda: len(pilot.app.screen.query(SectionView)) > 3)
            await wait_logs_loaded(pilot, pilot.app)
            for header in pilot.app.screen.query("InfoHeader"):
                header.update_info()
            await pilot.pause()

        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=run_before)


class TestDialogs:
    @pytest.mark.parametrize("size", SIZES)
    def test_stop_confirmation(self, snap_compare, sandbox, size) -> None:
        name = _first(sandbox, "InProgress")

        async def run_before(pilot) -> None:
            await _settled(pilot)
            await _filter_to(pilot, name)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
            await pilot.pause()

        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_help(self, snap_compare, sandbox, size) -> None:
        async def run_before(pilot) -> None:
            await _settled(pilot)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
            await pilot.pause()

        assert snap_compare(make_app(sandbox), terminal_size=size, run_before=run_before)

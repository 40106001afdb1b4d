"""The footer at 80x24 and 120x40 (issue 20.6): whole keys, `? Help` for the rest, and
still shown while the filter box is open."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.ui.conftest import wait_enriched, wait_for
from tests.ui.surface_helpers import app_at, loaded

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _endpoints(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = await loaded(pilot, "endpoints")
    await wait_for(pilot, lambda: screen.table.row_count > 0)
    await wait_enriched(pilot, pilot.app)
    poller = getattr(pilot.app, "cost_poller", None)
    if poller is not None:
        await wait_for(pilot, lambda: poller.settled)


class TestFooter:
    @pytest.mark.parametrize("size", SIZES)
    def test_endpoints_footer(self, snap_compare, sandbox, size) -> None:  # type: ignore[no-untyped-def]
        app = app_at(sandbox, "endpoints")
        assert snap_compare(app, terminal_size=size, run_before=_endpoints)

    @pytest.mark.parametrize("size", SIZES)
    def test_footer_under_an_open_filter_box(self, snap_compare, sandbox, size) -> None:  # type: ignore[no-untyped-def]
        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await _endpoints(pilot)
            await pilot.press("slash")
            pilot.app.screen.query_one("#filter", Input).value = "prod"
            await pilot.pause(1.1)  # the view notices the new rows on screen within a second
            await wait_enriched(pilot, pilot.app)

        app = app_at(sandbox, "endpoints")
        assert snap_compare(app, terminal_size=size, run_before=run_before)

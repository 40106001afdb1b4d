"""The endpoints view and an endpoint's detail, pinned at 80x24 and 120x40 (frozen sandbox)."""

from __future__ import annotations

import pytest

from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.ui.conftest import make_app, table_of, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _app(sandbox) -> SmtuiApp:
    # A long interval: no second poll moves the header's API counter before the shot.
    return SmtuiApp(make_app(sandbox, interval=600).backend, start="endpoints")


async def _listed(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None)
    table = table_of(app)
    await wait_for(pilot, lambda: table.total_count == 16)
    await wait_for(pilot, lambda: table.index.get("fraud-detector-prod").cells[4] != "-")
    await wait_for(pilot, lambda: app.backend.identity is not None)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


class TestEndpoints:
    @pytest.mark.parametrize("size", SIZES)
    def test_endpoints_view(self, snap_compare, sandbox, size) -> None:
        assert snap_compare(_app(sandbox), terminal_size=size, run_before=_listed)

    @pytest.mark.parametrize("size", SIZES)
    def test_endpoint_detail(self, snap_compare, sandbox, size) -> None:
        async def run_before(pilot) -> None:
            await _listed(pilot)
            await pilot.press("slash")
            for ch in "llm-chat":
                await pilot.press(ch)
            await pilot.press("enter", "enter")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, DetailScreen))
            await wait_for(pilot, lambda: len(pilot.app.screen.query(SectionView)) > 5)
            for header in pilot.app.screen.query("InfoHeader"):
                header.update_info()
            await pilot.pause()

        assert snap_compare(_app(sandbox), terminal_size=size, run_before=run_before)

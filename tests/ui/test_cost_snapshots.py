"""The :cost view pinned at 80x24 and 120x40 (frozen sandbox, prices from the sandbox's
Price List): the summary (burn rate, today, month, month-end projection against a
budget, spot savings, price source) over the resources, top spenders first."""

from __future__ import annotations

import pytest

from smtui.ui.app import SmtuiApp
from tests.ui.conftest import make_app, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _app(sandbox) -> SmtuiApp:
    # A long interval: no second poll moves the header's API counter before the shot.
    backend = make_app(sandbox, interval=600, monthly_budget=50000.0).backend
    return SmtuiApp(backend, start="cost")


async def _listed(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_cost_view(snap_compare, sandbox, size) -> None:
    assert snap_compare(_app(sandbox), terminal_size=size, run_before=_listed)

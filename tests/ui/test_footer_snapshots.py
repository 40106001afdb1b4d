"""The footer at 80x24 and 120x40 (issue 20.6): whole keys, `? Help` for the rest. (Still
shown while the filter box is open: tests/ui/test_keys_ui.py, by position; a snapshot of
the open box differs from run to run in the input's cursor styling.)"""

from __future__ import annotations

import pytest

from smtui.ui.app import SmtuiApp
from tests.ui.conftest import make_app, table_of, wait_enriched, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _app(sandbox) -> SmtuiApp:  # type: ignore[no-untyped-def]
    # A long interval: no second poll moves the header's API counter before the shot.
    return SmtuiApp(make_app(sandbox, interval=600).backend, start="endpoints")


async def _endpoints(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    # The first endpoints poll (describes, metrics) is slow on a loaded machine.
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None, 60)
    table = table_of(app)
    await wait_for(pilot, lambda: table.total_count == 16, 60)
    await wait_for(pilot, lambda: table.index.get("fraud-detector-prod").cells[4] != "-", 60)
    await wait_enriched(pilot, app)
    await wait_for(pilot, lambda: app.backend.identity is not None, 60)
    poller = getattr(app, "cost_poller", None)
    if poller is not None:
        await wait_for(pilot, lambda: poller.settled, 60)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


class TestFooter:
    @pytest.mark.parametrize("size", SIZES)
    def test_endpoints_footer(self, snap_compare, sandbox, size) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(_app(sandbox), terminal_size=size, run_before=_endpoints)

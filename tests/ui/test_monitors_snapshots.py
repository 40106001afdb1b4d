"""The monitoring schedules view pinned at 80x24 and 120x40 (frozen sandbox, 40 minutes
after its start so the executions due at 12:00 have reported)."""

from __future__ import annotations

import pytest

from smtui.ui.app import SmtuiApp
from tests.ui.conftest import make_app, quiesce, table_of, wait_for

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def _app(sandbox) -> SmtuiApp:
    sandbox.simulator.clock.advance(40 * 60)
    # A long interval: no second poll moves the header's API counter before the shot.
    return SmtuiApp(make_app(sandbox, interval=600).backend, start="monitors")


async def _listed(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None)
    table = table_of(app)
    await wait_for(pilot, lambda: table.total_count == 8)

    def enriched() -> bool:
        rows = [table.index.get(k) for k in table.index.visible_keys()]
        return not app.screen._enriching and all(r is not None and "…" not in r.cells for r in rows)

    await wait_for(pilot, enriched)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    await quiesce(pilot)  # every worker done (the header's cost too), header repainted


class TestMonitors:
    @pytest.mark.parametrize("size", SIZES)
    def test_monitors_view(self, snap_compare, sandbox, size) -> None:
        assert snap_compare(_app(sandbox), terminal_size=size, run_before=_listed)

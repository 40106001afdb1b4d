"""The compare screen, pinned at 80x24 and 120x40 on a frozen sandbox."""

from __future__ import annotations

import pytest

from smtui.ui.screens.compare_screen import CompareScreen, RunsChart
from smtui.ui.screens.resource_screen import ResourceScreen
from tests.ui.conftest import make_app, table_of, wait_for, wait_loaded

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SWEEP = "reviews-bert-lr-sweep"


async def _compare_three(pilot) -> None:
    app = pilot.app
    await wait_loaded(pilot, app, 200)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    await wait_for(pilot, lambda: not app.screen._enriching)  # header counters settle
    app.run_command_line("experiments")
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, ResourceScreen)
            and app.screen.kind.name == "experiments"
            and SWEEP in app.screen.items
        ),
    )
    table_of(app).move_cursor_to_key(SWEEP)
    await pilot.press("r")
    await wait_for(
        pilot,
        lambda: (
            app.screen.kind.name == "trial-components"
            and "metric:eval_accuracy" in app.screen.extra_columns
            and all(i.detailed for i in app.screen.items.values())
        ),
    )
    runs = app.screen
    for name in sorted(n for n in runs.items if n.endswith("-aws-training-job"))[:3]:
        table_of(app).move_cursor_to_key(name)
        await pilot.press("space")
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
    await wait_for(pilot, lambda: app.screen.comparison is not None)
    await wait_for(pilot, lambda: len(app.screen.query(RunsChart)) > 0)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_compare_screen(snap_compare, sandbox, size) -> None:
    assert snap_compare(make_app(sandbox), terminal_size=size, run_before=_compare_three)

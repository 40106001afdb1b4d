"""The notebook instances view, pinned at 80x24 and 120x40 on the frozen sandbox."""

from __future__ import annotations

import pytest

from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, loaded

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _notebooks(pilot) -> None:
    app = pilot.app
    await loaded(pilot, "notebooks", 14)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_notebooks_view(snap_compare, sandbox, size) -> None:
    app = app_at(sandbox, "notebooks")
    assert snap_compare(app, terminal_size=size, run_before=_notebooks)

"""Every shipped theme at 80x24 on the frozen sandbox, and the NO_COLOR look.

Each snapshot shows the jobs view with one row selected (space: the ▌ marker) and the
cursor on the next row, so the selection, the cursor and the status words are pinned.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.worker import WorkerState

from smtui.ui.themes import discover_themes
from tests.ui.conftest import make_app, wait_for, wait_loaded

SHIPPED = sorted(info.name for info in discover_themes()[0] if info.source == "shipped")


async def wait_idle(pilot, timeout: float = 15.0) -> None:
    """Until no worker (poll, describe of the rows on screen, identity) has run for a while:
    on the frozen sandbox nothing changes after that."""
    app = pilot.app
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    deadline = asyncio.get_running_loop().time() + timeout
    calm = 0
    while calm < 4:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("workers never settled")
        await pilot.pause(0.05)
        calm = 0 if any(w.state in busy for w in app.workers) else calm + 1


async def _select_and_move(pilot) -> None:
    app = pilot.app
    await wait_loaded(pilot, app, 200)
    await wait_for(pilot, lambda: app.backend.identity is not None)
    await pilot.press("space", "j")
    await wait_idle(pilot)
    for header in app.screen.query("InfoHeader"):
        header.update_info()
    await pilot.pause()


def test_every_theme_file_is_covered() -> None:
    assert {"smtui-dark", "smtui-light", "smtui-high-contrast", "smtui-256", "smtui-mono"} <= set(
        SHIPPED
    )


@pytest.mark.parametrize("theme", SHIPPED)
def test_theme_80x24(snap_compare, sandbox, theme, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(sandbox, theme=theme)
    assert app.theme == theme
    assert snap_compare(app, terminal_size=(80, 24), run_before=_select_and_move)


def test_no_color_80x24(snap_compare, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sandbox)  # configured smtui-dark: NO_COLOR wins
    assert app.no_color and app.theme == "smtui-mono"
    assert snap_compare(app, terminal_size=(80, 24), run_before=_select_and_move)

"""Helpers for the notebooks, Studio, pipelines and human review UI tests."""

from __future__ import annotations

import json
from typing import Any

from smtui.services import paths
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.resource_screen import ResourceScreen
from tests.ui.conftest import make_app, wait_for


def app_at(sb: Any, start: str, **settings: Any) -> SmtuiApp:
    """The app on the sandbox, opening on ``start`` (a `:` command) instead of the jobs."""
    app = make_app(sb, **settings)
    return SmtuiApp(app.backend, start=start)


async def open_view(pilot: Any, command: str, count: int | None = None) -> Any:
    """Run `:command` and wait for its first complete listing (``count`` rows if given)."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ResourceScreen))
    app.run_command_line(command)
    return await loaded(pilot, command.split()[0], count)


async def loaded(pilot: Any, kind: str, count: int | None = None) -> Any:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ResourceScreen))
    await wait_for(pilot, lambda: app.screen.kind.name == kind)
    screen = app.screen
    await wait_for(pilot, lambda: screen.last_refresh is not None)
    if count is not None:
        await wait_for(pilot, lambda: screen.table.total_count == count)
    return screen


async def cursor_to(pilot: Any, screen: Any, key: str) -> None:
    await wait_for(pilot, lambda: screen.table.index.position_of(key) is not None)
    assert screen.table.move_cursor_to_key(key)
    await pilot.pause()


def cell(screen: Any, key: str, column: int) -> Any:
    row = screen.table.index.get(key)
    assert row is not None, key
    return row.cells[column]


def audit() -> list[dict[str, str]]:
    if not paths.audit_log().exists():
        return []
    return [json.loads(x) for x in paths.audit_log().read_text().splitlines()]


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)

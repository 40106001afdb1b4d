"""Resizing down to 40x12 and back keeps the console usable."""

from __future__ import annotations

from tests.ui.conftest import make_app, wait_loaded


async def test_resize_small_and_back(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        await pilot.resize_terminal(40, 12)
        await pilot.pause(0.2)
        await pilot.press("j", "j", "pagedown")
        small = app.export_screenshot()
        assert table.cursor_key is not None and "NAME" in small
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        assert app.is_running and table.size.width > 100
        assert table.cursor_key is not None

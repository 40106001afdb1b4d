"""Config [keys] remaps bindings by id (table keys, view keys, registry actions), and
vim-style movement works alongside arrows and page keys."""

from __future__ import annotations

from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.help import HelpScreen
from tests.ui.conftest import make_app, wait_for, wait_loaded

REMAP = {"table.cursor_down": "n", "jobs.stop": "x", "view.filter": "f"}


def _first_in_progress(app) -> int:
    table = app.screen.table
    for position in range(table.row_count):
        if app.screen.items[table.index.key_at(position)].status == "InProgress":
            return position
    raise AssertionError("no InProgress job in the sandbox fleet")


async def test_remapped_keys_act_and_the_old_ones_do_not(sandbox) -> None:
    app = make_app(sandbox, keys=REMAP)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        assert table.cursor_position == 0
        await pilot.press("n")
        assert table.cursor_position == 1  # table key, remapped
        await pilot.press("j", "down")
        assert table.cursor_position == 1  # its old keys are gone
        await pilot.press("k")
        assert table.cursor_position == 0  # others untouched

        table.move_cursor(_first_in_progress(app))
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("x")  # registry action, remapped
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))

        await pilot.press("f")  # view key, remapped
        box = app.screen.query_one("#filter")
        await wait_for(pilot, lambda: box.has_focus)
        await pilot.pause()
        # visible, on the line above the footer (which stays shown: issue 20.6)
        assert app.screen.get_widget_at(10, app.size.height - 2)[0] is box
        assert type(app.screen.get_widget_at(10, app.size.height - 1)[0]).__name__ == "FooterKey"
        await pilot.press("escape")

        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = {ident: keys for keys, _, ident in app.screen._rows if ident}
        assert rows["jobs.stop"] == "x"
        assert rows["table.cursor_down"] == "n"
        assert rows["view.filter"] == "f"
        assert "k" in rows["table.cursor_up"]


async def test_vim_movement_and_half_pages(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 24)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        body = table.scrollable_content_region.height - 1  # minus the header line
        half = body // 2
        await pilot.press("j", "j", "k")
        assert table.cursor_position == 1
        await pilot.press("ctrl+d")
        assert table.cursor_position == 1 + half
        await pilot.press("ctrl+d")
        assert table.cursor_position == 1 + 2 * half
        await pilot.press("ctrl+u")
        assert table.cursor_position == 1 + half
        await pilot.press("G")
        assert table.cursor_position == 199
        await pilot.press("ctrl+u")
        assert table.cursor_position == 199 - half
        await pilot.press("g")
        assert table.cursor_position == 0
        await pilot.press("ctrl+f")
        assert table.cursor_position == body
        await pilot.press("pageup")
        assert table.cursor_position == 0


async def test_vim_scrolling_in_the_detail(sandbox) -> None:
    from smtui.ui.screens.detail_screen import DetailScreen, SectionView

    app = make_app(sandbox)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) > 3)
        box = app.screen.query_one("#sections")
        await wait_for(pilot, lambda: box.max_scroll_y > 12)
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: box.scroll_y == 2)
        await pilot.press("k")
        await wait_for(pilot, lambda: box.scroll_y == 1)
        await pilot.press("G")
        await wait_for(pilot, lambda: box.scroll_y == box.max_scroll_y)
        await pilot.press("g")
        await wait_for(pilot, lambda: box.scroll_y == 0)
        await pilot.press("ctrl+d")
        half = box.scrollable_content_region.height // 2
        await wait_for(pilot, lambda: box.scroll_y == half)
        await pilot.press("ctrl+u")
        await wait_for(pilot, lambda: box.scroll_y == 0)

"""`?` in the running console agrees with the keys reference page (list and detail)."""

from __future__ import annotations

from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.help import HelpScreen
from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.unit.test_docs_pages import documented_keys


async def _help_ids(pilot) -> set[str]:
    app = pilot.app
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    ids = {ident for _, _, ident in app.screen._rows if ident}
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
    return ids


async def test_help_bindings_are_all_in_the_keys_reference(sandbox) -> None:
    documented = documented_keys()
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        on_list = await _help_ids(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        on_detail = await _help_ids(pilot)
    assert {"app.help", "view.filter", "table.cursor_down", "jobs.stop"} <= on_list
    assert "detail.next" in on_detail
    for ident in on_list | on_detail:
        assert ident in documented, f"`?` shows {ident}; docs/reference/keys.md does not"

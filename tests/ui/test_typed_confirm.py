"""The typed-confirmation modal on its own: only the exact text confirms."""

from __future__ import annotations

from textual.app import App

from smtui.ui.screens.typed_confirm import TypedConfirmScreen, typed_matches
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import type_text


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool | None] = []

    def on_mount(self) -> None:
        self.ask()

    def ask(self) -> None:
        self.push_screen(
            TypedConfirmScreen("Delete app?", "Its instance stops.", "alice/default", "Delete"),
            self.answers.append,
        )


def test_matching_rule() -> None:
    assert typed_matches("alice/default", " alice/default ")
    assert not typed_matches("alice/default", "Alice/default")
    assert not typed_matches("alice/default", "alice/")
    assert not typed_matches("alice/default", "")


async def test_wrong_text_is_refused_right_text_confirms_escape_cancels() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        modal = app.screen
        assert modal.query_one("#confirm").disabled
        await type_text(pilot, "alice/defaul")
        await pilot.press("enter")
        assert app.screen is modal and app.answers == []
        assert "nothing was sent" in str(modal.query_one("#feedback").render())
        await pilot.press("t")
        assert not modal.query_one("#confirm").disabled
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.answers == [True])
        app.ask()
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        await type_text(pilot, "alice/default")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.answers == [True, False])

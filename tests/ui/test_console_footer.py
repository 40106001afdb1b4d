"""ConsoleFooter does not keep the keys of earlier footers alive (Textual's Footer does)."""

from __future__ import annotations

import gc

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from smtui.ui.widgets.console_footer import ConsoleFooter


def app_with(footer: type[Footer]) -> App[None]:
    class Demo(App[None]):
        BINDINGS = [Binding("x", "bell", "X"), Binding("y", "bell", "Y")]

        def compose(self) -> ComposeResult:
            yield Static("body")
            yield footer()

    return Demo()


async def alive_keys_after_refreshes(footer: type[Footer]) -> int:
    app = app_with(footer)
    async with app.run_test() as pilot:
        for _ in range(50):
            app.refresh_bindings()
            await pilot.pause(0.01)
        await pilot.pause(0.3)
        gc.collect()
        return sum(isinstance(o, FooterKey) for o in gc.get_objects())


async def test_refreshes_do_not_accumulate_footer_keys() -> None:
    assert await alive_keys_after_refreshes(ConsoleFooter) <= 4
    # The upstream widget still leaks; when it stops, ConsoleFooter can go.
    assert await alive_keys_after_refreshes(Footer) > 20

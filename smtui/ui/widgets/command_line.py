"""The `:` command line: type a view (`:jobs failed`, `:audit`), with completion.

Bad input gets a message next to the field and nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label


class CommandLine(Horizontal):
    DEFAULT_CSS = """
    CommandLine {
        dock: bottom;
        height: 1;
        display: none;
        background: $surface;
    }
    CommandLine.-open { display: block; }
    CommandLine > .prompt { width: 2; color: $accent; text-style: bold; }
    CommandLine > Input { width: 1fr; height: 1; border: none; padding: 0; background: $surface; }
    CommandLine > Input:focus { border: none; }
    CommandLine > .error { width: auto; max-width: 60%; color: $error; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="command.close", show=False),
        Binding("tab", "complete", "Complete", id="command.complete", show=False),
    ]

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, words: Iterable[str], prompt: str = ":") -> None:
        super().__init__()
        self._words = list(words)
        self._prompt = prompt

    def compose(self) -> ComposeResult:
        yield Label(self._prompt, classes="prompt")
        yield Input(
            suggester=SuggestFromList(self._words, case_sensitive=False),
            id="command-input",
            select_on_focus=False,
        )
        yield Label("", classes="error", id="command-error")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def open(self) -> None:
        self.add_class("-open")
        self.show_error("")
        self.input.value = ""
        self.input.focus()

    def show_error(self, message: str) -> None:
        self.query_one("#command-error", Label).update(message)

    def action_close(self) -> None:
        self.remove_class("-open")
        self.show_error("")
        self.screen.set_focus(None)
        self.screen.focus_next()

    def action_complete(self) -> None:
        # Input accepts its suggestion when the cursor moves right at the end of the value.
        self.input.action_end()
        self.input.action_cursor_right()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(event.value.strip()))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_error("")

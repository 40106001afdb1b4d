"""The `:` command line: type a view (`:jobs failed`, `:audit`), with completion.

Bad input gets a message next to the field and nothing happens.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from smtui.ui.typeahead import focus_now


class CommandLine(Vertical):
    """The prompt and its input on the bottom line; an error above it, whole (wrapped)."""

    DEFAULT_CSS = """
    CommandLine {
        dock: bottom;
        height: auto;
        display: none;
        background: $surface;
    }
    CommandLine.-open { display: block; }
    CommandLine > Horizontal { height: 1; }
    CommandLine .prompt { width: 2; color: $accent; text-style: bold; }
    CommandLine Input { width: 1fr; height: 1; border: none; padding: 0; background: $surface; }
    CommandLine Input:focus { border: none; }
    CommandLine > .error { width: 1fr; height: auto; color: $error; padding: 0 1; display: none; }
    CommandLine > .error.-shown { display: block; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="command.close", show=False),
        Binding("tab", "complete", "Complete", id="command.complete", show=False),
    ]

    class Submitted(Message):
        def __init__(self, line: CommandLine, text: str) -> None:
            super().__init__()
            self.line = line
            self.text = text

    def __init__(self, words: Iterable[str], prompt: str = ":") -> None:
        super().__init__()
        self._words = list(words)
        self._prompt = prompt
        self._error_for: str | None = None

    def compose(self) -> ComposeResult:
        yield Label("", classes="error", id="command-error")
        with Horizontal():
            yield Label(self._prompt, classes="prompt")
            yield Input(
                suggester=SuggestFromList(self._words, case_sensitive=False),
                id="command-input",
                select_on_focus=False,
            )

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def open(self) -> None:
        self.add_class("-open")
        self.show_error("")
        self.input.value = ""
        focus_now(self.input)  # the keys typed right after `:` go here (ui/typeahead.py)

    def show_error(self, message: str) -> None:
        self._error_for = self.input.value if message else None
        label = self.query_one("#command-error", Label)
        label.update(message)
        label.set_class(bool(message), "-shown")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def action_close(self) -> None:
        """Hide the line with nothing left in it; the view's first widget (the table)
        takes the focus back."""
        self.remove_class("-open")
        self.show_error("")
        self.input.value = ""
        self.screen.set_focus(None)
        self.screen.focus_next()

    def action_complete(self) -> None:
        # Input accepts its suggestion when the cursor moves right at the end of the value.
        self.input.action_end()
        self.input.action_cursor_right()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, event.value.strip()))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self._error_for:  # edited since the error: it no longer applies
            self.show_error("")

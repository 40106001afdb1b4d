"""Typed confirmation for the costliest actions: the user types a name to go on.

``TypedConfirmScreen(title, message, expected_text)`` is a generic modal: it dismisses
with ``True`` only once the field holds exactly ``expected_text`` and the user presses
enter (or the confirm button); `esc` (or the cancel button) dismisses with ``False``.
A wrong text is refused with a message beside the field and nothing is sent. A
registry :class:`~smtui.services.registry.Action` with ``typed`` set gets this screen
instead of the yes/no one (ui/screens/base.py).

Usage::

    def answered(ok: bool | None) -> None:
        if ok:
            ...  # run the call
    app.push_screen(
        TypedConfirmScreen("Delete app?", "It stops the instance.", "default"), answered
    )
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


def typed_matches(expected: str, typed: str) -> bool:
    """Exact match, surrounding spaces aside: no case folding, no prefix."""
    return typed.strip() == expected


class TypedConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    TypedConfirmScreen { align: center middle; }
    TypedConfirmScreen > Vertical {
        width: 76; max-width: 95%; height: auto;
        border: thick $error; background: $surface; padding: 1 2;
    }
    TypedConfirmScreen .title { text-style: bold; color: $error; }
    TypedConfirmScreen .message { margin: 1 0 0 0; }
    TypedConfirmScreen .prompt { margin: 1 0 0 0; color: $text-muted; }
    TypedConfirmScreen Input { margin: 0; }
    TypedConfirmScreen .feedback { height: auto; min-height: 1; color: $text-muted; }
    TypedConfirmScreen .feedback.-wrong { color: $error; }
    TypedConfirmScreen .feedback.-right { color: $success; }
    TypedConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    TypedConfirmScreen Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="typed_confirm.cancel")]

    def __init__(
        self, title: str, message: str, expected_text: str, confirm_label: str = "Confirm"
    ) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self.expected_text = expected_text
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="title", markup=False)
            yield Static(self._message, classes="message", markup=False)
            yield Static(f"Type {self.expected_text} to confirm:", classes="prompt", markup=False)
            yield Input(placeholder=self.expected_text, id="typed")
            yield Static("", classes="feedback", id="feedback", markup=False)
            with Horizontal():
                yield Button("Cancel (esc)", id="cancel")
                yield Button(self._confirm_label, id="confirm", variant="error", disabled=True)

    def on_mount(self) -> None:
        self.query_one("#typed", Input).focus()

    @property
    def matches(self) -> bool:
        return typed_matches(self.expected_text, self.query_one("#typed", Input).value)

    @on(Input.Changed, "#typed")
    def _changed(self, event: Input.Changed) -> None:
        feedback = self.query_one("#feedback", Static)
        feedback.remove_class("-wrong", "-right")
        ok = self.matches
        self.query_one("#confirm", Button).disabled = not ok
        if ok:
            feedback.update("matches: enter confirms")
            feedback.add_class("-right")
        elif event.value and not self.expected_text.startswith(event.value.strip()):
            feedback.update(f"does not match {self.expected_text}")
            feedback.add_class("-wrong")
        else:
            feedback.update("")

    @on(Input.Submitted, "#typed")
    def _submitted(self) -> None:
        if self.matches:
            self.dismiss(True)
            return
        feedback = self.query_one("#feedback", Static)
        feedback.remove_class("-right")
        feedback.update(f"does not match {self.expected_text}: nothing was sent")
        feedback.add_class("-wrong")

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if self.matches:
            self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel_button(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

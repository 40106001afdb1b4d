"""An editable grid of key/value rows (channels -> S3 URIs, hyperparameters): rows can be
added and removed; each row has a message beside it (the form's checks)."""

from __future__ import annotations

import itertools

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

_ids = itertools.count(1)


class KVRow(Horizontal):
    DEFAULT_CSS = """
    KVRow { height: 1; }
    KVRow .kv-key { width: 1fr; max-width: 24; }
    KVRow .kv-sep { width: 3; color: $text-muted; }
    KVRow .kv-value { width: 3fr; }
    KVRow Button { width: 3; min-width: 3; margin-left: 1; }
    KVRow .message { width: auto; max-width: 34; padding: 0 0 0 1; color: $text-muted; }
    KVRow .message.-error { color: $error; }
    """

    def __init__(self, key: str, value: str, prefix: str) -> None:
        self.serial = next(_ids)
        super().__init__(id=f"{prefix}-{self.serial}")
        self._key, self._value, self.prefix = key, value, prefix

    def compose(self) -> ComposeResult:
        yield Input(self._key, classes="kv-key", compact=True, id=f"{self.id}-key")
        # A separator, so a name never runs into its value; the value takes the width a
        # message does not (an S3 URI is whole at 80 columns).
        yield Static(" = ", classes="kv-sep", markup=False)
        yield Input(self._value, classes="kv-value", compact=True, id=f"{self.id}-value")
        yield Button("x", classes="kv-remove", compact=True, id=f"{self.id}-remove")
        yield Static("", classes="message", markup=False)

    @property
    def pair(self) -> tuple[str, str]:
        key = self.query_one(".kv-key", Input).value
        return key, self.query_one(".kv-value", Input).value

    def show(self, message: str) -> None:
        label = self.query_one(".message", Static)
        label.update(message)
        label.set_class(bool(message), "-error")


class KVGrid(Vertical):
    """Rows of (key, value); ``+`` adds one, ``x`` removes one."""

    DEFAULT_CSS = """
    KVGrid { height: auto; }
    KVGrid > .kv-title { margin-top: 1; text-style: bold; }
    KVGrid > .kv-add { margin-top: 0; }
    """

    class Changed(Message):
        """A row was added or removed."""

    def __init__(self, title: str, rows: list[tuple[str, str]], *, id: str) -> None:
        super().__init__(id=id)
        self.title = title
        self._initial = rows

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="kv-title", markup=False)
        for key, value in self._initial:
            yield KVRow(key, value, self.id or "kv")
        yield Button(f"+ add {self.title.lower().rstrip('s')}", classes="kv-add", compact=True)

    @property
    def rows(self) -> list[KVRow]:
        return list(self.query(KVRow))

    def pairs(self) -> list[tuple[str, str]]:
        return [row.pair for row in self.rows]

    def show(self, messages: list[str]) -> None:
        for row, message in zip(self.rows, messages, strict=False):
            row.show(message)

    def add_row(self, key: str = "", value: str = "") -> KVRow:
        row = KVRow(key, value, self.id or "kv")
        self.mount(row, before=self.query_one(".kv-add"))
        return row

    @on(Button.Pressed, ".kv-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        row = self.add_row()
        self.call_after_refresh(lambda: row.query_one(".kv-key", Input).focus())
        self.post_message(self.Changed())

    @on(Button.Pressed, ".kv-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        row = event.button.parent
        if isinstance(row, KVRow):
            row.remove()
            self.call_after_refresh(lambda: self.post_message(self.Changed()))

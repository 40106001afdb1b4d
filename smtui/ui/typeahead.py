"""Type-ahead: keys typed right after `:` (or `/`) belong to the input they open.

A paste, or an SSH link that batches keystrokes, delivers `:processing` + Enter in one
read. Textual queues every key of it before the `:` has opened anything, so without care
the letters after `:` reach the table and fire its one-letter verbs (`p` pauses, `c`
clones). Two parts keep them in the input:

- `:` and `/` are priority bindings (smtui/ui/app.py, resource_screen.py): their action
  runs while the app handles the key, before the next key is dispatched, and the input
  takes focus at once (:func:`focus_now`), so the next key already goes to it.
- When the input is not there yet (`:` pressed while a new view is still being built),
  the app holds every following key here until the view's command line is open and
  focused, then replays them into it in order. Nothing held ever reaches the table: keys
  still held after :data:`HOLD_LIMIT` seconds (an input that never opened) are dropped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, TextArea

HOLD_LIMIT = 3.0
"""Seconds an input may take to open before the keys held for it are dropped."""


def takes_text(widget: Widget | None) -> bool:
    """Whether ``widget`` types printable keys itself (then `:` and `/` are characters)."""
    return isinstance(widget, Input | TextArea)


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` now, not after the queued messages (``Widget.focus`` defers), so
    the keys already queued behind the one that opened it are dispatched to it."""
    widget.screen.set_focus(widget)


SUBMITTING_INPUTS = ("command-input", "filter")
"""Inputs whose Enter changes what has the focus (the `:` line, a view's filter box)."""


class TypeAhead:
    """Keys held for an input that is opening (see the module docstring).

    Holding starts when `:` finds no line to open yet (:meth:`start` with ``drop=True``:
    if it never opens, the keys are dropped, never given to the table) and when Enter is
    typed in the `:` line or a filter box (the keys after it belong to whatever that
    Enter opens or focuses: released by :meth:`release` once it is there, or replayed
    where the focus is after :data:`HOLD_LIMIT`).
    """

    def __init__(self, app: App[Any], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._dispatch = dispatch
        self._held: list[events.Key] | None = None
        self._ready = False
        self._drop = False
        self._timer: Timer | None = None
        self.dropped = 0
        """Keys dropped because their input never opened (for the user's message)."""

    @property
    def holding(self) -> bool:
        """Keys are being held and not yet released."""
        return self._held is not None and not self._ready

    def start(self, *, drop: bool) -> None:
        if self._held is None:
            self._held, self._ready, self._drop = [], False, drop
            self._timer = self._app.set_timer(HOLD_LIMIT, self._expire)

    def release(self) -> None:
        """What the held keys belong to is open and focused: replay them, in order,
        before any key typed after them."""
        if self._held is not None and not self._ready:
            self._ready = True
            self._app.call_later(self.replay)

    async def key(self, event: events.Key) -> None:
        """A key from the terminal: held, or dispatched after the released ones."""
        if self.holding:
            assert self._held is not None
            self._held.append(event)
            return
        await self.replay()
        await self._dispatch_one(event)

    async def replay(self) -> None:
        if self._held is None or not self._ready:
            return
        held, self._held, self._ready = self._held, None, False
        if self._timer is not None:
            self._timer.stop()
        for n, event in enumerate(held):
            if self.holding:  # a replayed `:` or Enter holds again: keep the rest back
                assert self._held is not None
                self._held.extend(held[n:])
                return
            await self._dispatch_one(event)

    async def _dispatch_one(self, event: events.Key) -> None:
        focused = self._app.focused
        submits = (
            event.key == "enter"
            and takes_text(focused)
            and focused is not None
            and focused.id in SUBMITTING_INPUTS
        )
        await self._dispatch(event)
        if submits:
            self.start(drop=False)

    def _expire(self) -> None:
        if not self.holding:
            return
        if self._drop:  # the input never opened: the keys never reach the table
            assert self._held is not None
            self.dropped = len(self._held)
            self._held = None
            if self.dropped:
                self._app.notify(
                    f"{self.dropped} keys typed after : were dropped (no command line)",
                    severity="warning",
                )
            return
        self.release()

"""Textual's Footer, without its memory leak on recompose, recomposing only when the
keys it shows change.

Textual 8.2.8's Footer data-binds every FooterKey it composes to its ``compact``
reactive; the watcher list is pruned only when ``compact`` changes, so each recompose
(every binding refresh) leaves the old keys alive. Found by tests/ui/test_soak.py.

It shows whole keys only (issue 20.6): the keys that do not fit the width are left
out, the least useful first (:data:`DROP_FIRST`, then from the end), and `? Help`,
which lists them all, always stays.

It also recomposes on every binding refresh, which costs a layout pass (tens of
milliseconds) each time the cursor moves to a row where another set of actions applies
(a running job can be stopped, a finished one not). When the same keys are shown and
only which of them are enabled changed, the keys are updated in place instead.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

Entry = tuple[Binding, bool, str]

HELP_ID = "app.help"
DROP_FIRST = (
    "view.refresh",
    "app.quit",
    "view.pause",
    "view.columns",
    "view.compare",
    "view.watch",
)
"""Binding ids left out first when the keys do not fit (all still listed by `?`)."""


class ConsoleFooter(Footer):
    _layout: tuple[Any, ...] | None = None
    """The keys the last compose showed (key, description, action, tooltip, group)."""

    def compose(self) -> ComposeResult:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for watching in watchers.values():
            watching[:] = [(node, cb) for node, cb in watching if node.is_attached]
        if not self._bindings_ready:
            return
        shown = self._entries()
        self._layout = _layout(shown)
        palette = self.app.COMMAND_PALETTE_BINDING
        for binding, enabled, tooltip in shown:
            if binding.key == palette and binding.action in {
                "command_palette",
                "app.command_palette",
            }:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                )
                continue
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        if self._bindings_ready and self._layout != _layout(self._entries()):
            self.refresh(recompose=True)

    def _entries(self) -> list[Entry]:
        """What :meth:`Footer.compose` shows, in its order: the first binding of each
        action, then the command palette's key."""
        active = self.screen.active_bindings
        per_action: defaultdict[str, list[Entry]] = defaultdict(list)
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                per_action[binding.action].append((binding, enabled, tooltip))
        entries = [found[0] for found in per_action.values()]
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        tail: list[Entry] = []
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette:
            tail.append((palette[1], palette[2], palette[3]))
        return self._fitting(entries, tail) + tail

    def _cells(self, entry: Entry) -> int:
        """Cells a key takes: `` key `` then ``description ``."""
        binding = entry[0]
        return len(self.app.get_key_display(binding)) + 2 + len(binding.description) + 1

    def _fitting(self, entries: list[Entry], tail: list[Entry]) -> list[Entry]:
        """The entries that fit whole beside ``tail``, in their order; `? Help` kept."""
        width = self.size.width or self.app.size.width
        room = width - sum(self._cells(e) for e in tail) - 1
        order = {ident: n for n, ident in enumerate(DROP_FIRST)}

        def importance(n: int) -> tuple[int, int, int]:
            ident = entries[n][0].id or ""
            return (ident == HELP_ID, order.get(ident, len(order)), -n)

        keep: set[int] = set()
        used = 0
        for n in sorted(range(len(entries)), key=importance, reverse=True):
            cells = self._cells(entries[n])
            if used + cells <= room or entries[n][0].id == HELP_ID:
                keep.add(n)
                used += cells
        shown = [e for n, e in enumerate(entries) if n in keep]
        return shown

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._layout is not None and self.is_attached and screen is self.screen:
            entries = self._entries()
            keys = list(self.query(FooterKey))
            if _layout(entries) == self._layout and len(keys) == len(entries):
                for key, (_, enabled, _) in zip(keys, entries, strict=True):
                    # As FooterKey.__init__ sets them: its own flag (a click on a disabled
                    # key rings the bell) and the class that dims it.
                    key._disabled = not enabled
                    key.set_class(not enabled, "-disabled")
                return
        super().bindings_changed(screen)


def _layout(entries: list[Entry]) -> tuple[Any, ...]:
    return tuple(
        (b.key, b.description, b.action, tooltip, b.group and b.group.description)
        for b, _, tooltip in entries
    )

"""Key bindings and messages of `ResourceTable` (also reachable as `ResourceTable.CursorMoved`…).

Every binding has an id (``table.*``) so the app's keymap can rebind it.

They use the ``resource_table`` namespace, so handlers are named
``on_resource_table_cursor_moved``, ``on_resource_table_row_activated`` and
``on_resource_table_sort_changed`` (and ``on_resource_table_view_ready``);
`control` is the table, so ``@on(..., "#id")`` works.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.message import Message

if TYPE_CHECKING:
    from smtui.ui.widgets.resource_table import ResourceTable


def _sort_binding(n: int) -> Binding:
    return Binding(
        str(n), f"sort({n - 1})", f"Sort by column {n}", show=False, id=f"table.sort_{n}"
    )


BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="table.cursor_up"),
    Binding("down,j", "cursor_down", "Down", show=False, id="table.cursor_down"),
    Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="table.page_up"),
    Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="table.page_down"),
    Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="table.half_page_up"),
    Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="table.half_page_down"),
    Binding("home,g", "cursor_home", "First row", show=False, id="table.home"),
    Binding("end,G", "cursor_end", "Last row", show=False, id="table.end"),
    Binding("space", "toggle_select", "Select", id="table.toggle_select"),
    Binding("enter", "activate", "Open", id="table.activate"),
    *(_sort_binding(n) for n in range(1, 10)),
]


class CursorMoved(Message, namespace="resource_table"):
    """The cursor moved to another key (None: the table is empty)."""

    def __init__(self, table: ResourceTable, key: str | None) -> None:
        super().__init__()
        self.table = table
        self.key = key

    @property
    def control(self) -> ResourceTable:
        return self.table

    def can_replace(self, message: Message) -> bool:
        # A backlog of cursor moves (key repeat) collapses to the latest one.
        return isinstance(message, CursorMoved) and message.table is self.table


class RowActivated(Message, namespace="resource_table"):
    """Enter (or a double click) on a row."""

    def __init__(self, table: ResourceTable, key: str) -> None:
        super().__init__()
        self.table = table
        self.key = key

    @property
    def control(self) -> ResourceTable:
        return self.table


class SortChanged(Message, namespace="resource_table"):
    """The sort column or direction changed (column None: insertion order)."""

    def __init__(self, table: ResourceTable, column: int | None, reverse: bool) -> None:
        super().__init__()
        self.table = table
        self.column = column
        self.reverse = reverse

    @property
    def control(self) -> ResourceTable:
        return self.table


class ViewReady(Message, namespace="resource_table"):
    """A sort or filter computed off the event loop (large sets) is now shown:
    row counts and the cursor may have changed."""

    def __init__(self, table: ResourceTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> ResourceTable:
        return self.table

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ViewReady) and message.table is self.table

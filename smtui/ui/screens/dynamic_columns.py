"""Optional columns computed from the loaded rows (``ResourceKind.dynamic_columns``): a
trial component's parameters and metrics.

Until the user picks, the view shows the kind's default for the rows it has, recomputed
whenever they change; `v` opens the picker, and the pick then holds for every view of
that kind in this session (`d` in the picker goes back to the default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

from smtui.services.registry import Item, ResourceKind
from smtui.services.table_index import ColumnSpec, TableRow
from smtui.ui.widgets.resource_table_render import GAP, GUTTER

if TYPE_CHECKING:
    from smtui.ui.screens.resource_screen import ResourceScreen

_PICKED: WeakKeyDictionary[App[None], dict[str, list[str]]] = WeakKeyDictionary()


def picked(app: App[None]) -> dict[str, list[str]]:
    """kind name -> the optional columns the user picked (absent: the default)."""
    return _PICKED.setdefault(app, {})


def specs(kind: ResourceKind, extra: Sequence[str]) -> list[ColumnSpec]:
    columns = list(kind.columns)
    if kind.dynamic_columns is not None:
        columns += [kind.dynamic_columns.column(name) for name in extra]
    return [
        ColumnSpec(
            c.label, c.width, flex=c.flex, justify=c.justify, priority=c.priority, name=c.name
        )
        for c in columns
    ]


def extend(kind: ResourceKind, row: TableRow, item: Item | None, extra: Sequence[str]) -> TableRow:
    dyn = kind.dynamic_columns
    if dyn is None or not extra or item is None:
        return row
    cells = [dyn.cell(item, name) for name in extra]
    return replace(
        row,
        cells=(*row.cells, *(c for c, _ in cells)),
        sort_values=(*row.sort_values, *(v for _, v in cells)),
    )


NAME_ROOM = 14
"""Cells a flex column (a name) keeps before default optional columns are dropped."""


def fitting(kind: ResourceKind, names: Sequence[str], width: int) -> list[str]:
    """The leading ``names`` whose columns fit beside the kind's own at ``width`` (the
    default only: a pick is shown whole, narrow or not)."""
    dyn = kind.dynamic_columns
    if dyn is None or width <= 0:
        return list(names)
    room = (
        width
        - GUTTER
        - sum((min(c.width, NAME_ROOM) if c.flex else c.width) + GAP for c in kind.columns)
    )
    out = []
    for name in names:
        room -= dyn.column(name).width + GAP
        if room < 0:
            break
        out.append(name)
    return out


def rows_for(screen: ResourceScreen, rows: list[TableRow]) -> list[TableRow]:
    """``rows`` with their optional cells; when the chosen columns changed (new rows, a
    pick), the table gets the new columns and every row is rendered again."""
    kind = screen.kind
    dyn = kind.dynamic_columns
    if dyn is None:
        return rows
    items = list(screen.items.values())
    chosen = picked(screen.app).get(kind.name)
    if chosen is None:
        chosen = fitting(kind, dyn.default(items), screen.table.size.width or screen.app.size.width)
    if chosen != screen.extra_columns:
        screen.extra_columns = list(chosen)
        screen.table.set_columns(specs(kind, chosen))
        now = screen.backend.clock()
        rows = [kind.row(i, now) for i in items]
    return [extend(kind, r, screen.items.get(r.key), chosen) for r in rows]


def pick_columns(screen: ResourceScreen) -> None:
    """Open the picker over the names the loaded rows offer."""
    dyn = screen.kind.dynamic_columns
    if dyn is None:
        return
    names = dyn.names(list(screen.items.values()))
    if not names:
        screen.notify("No parameters or metrics loaded yet", severity="warning")
        return

    def chosen(result: list[str] | None) -> None:
        if result is None:
            return
        choice = picked(screen.app)
        if result == ["__default__"]:
            choice.pop(screen.kind.name, None)
        else:
            choice[screen.kind.name] = result
        screen.reapply_rows()

    screen.app.push_screen(ColumnPicker(names, screen.extra_columns), chosen)


class ColumnPicker(ModalScreen[list[str] | None]):
    """Tick the optional columns to show: space toggles, enter applies."""

    DEFAULT_CSS = """
    ColumnPicker { align: center middle; }
    ColumnPicker > Vertical {
        width: 60; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    ColumnPicker SelectionList { height: auto; max-height: 20; border: none; }
    ColumnPicker .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("enter", "apply", "Apply", id="columns.apply", priority=True),
        Binding("escape", "cancel", "Cancel", id="columns.cancel"),
        Binding("d", "default", "Default", id="columns.default"),
    ]

    def __init__(self, names: list[str], shown: Sequence[str]) -> None:
        super().__init__()
        self.names = names
        self.shown = list(shown)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Columns: space toggles, enter applies, d default, esc")
            yield SelectionList[str](
                *(
                    (f"{n.split(':', 1)[0]:<7} {n.split(':', 1)[1]}", n, n in self.shown)
                    for n in self.names
                )
            )
            yield Label(
                "Shown after the view's own columns, in this order; 1-9 sort by them.",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_apply(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        # Keep the order: what was shown first (as it was), then the newly ticked.
        order = [n for n in self.shown if n in selected]
        order += [n for n in self.names if n in selected and n not in order]
        self.dismiss(order)

    def action_default(self) -> None:
        self.dismiss(["__default__"])

    def action_cancel(self) -> None:
        self.dismiss(None)

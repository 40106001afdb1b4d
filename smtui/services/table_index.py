"""A pure, fast, keyed row store with a sorted and filtered view.

This is the model behind the resource table widget. It knows nothing about
Textual: it holds rows by key, remembers insertion order, and lazily computes
the visible (sorted + filtered) sequence of keys only when someone asks for it.
Everything is designed for ~100,000 rows refreshed every few seconds:

* a refresh (`replace`) is a keyed diff; rows whose sort value and filter
  match did not change leave the computed view untouched,
* sorting works on a decorated index list (C-level key function), with a
  fallback for mixed, mutually incomparable types,
* `position_of` is backed by a lazily built key -> position dict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Cell = str | tuple[str, str]
"""A display value: plain text, or ``(text, role)`` where role is a semantic style name
("ok", "error", "warning", "running", "muted", "accent"; "" means none)."""

ROLES: tuple[str, ...] = ("ok", "error", "warning", "running", "muted", "accent")


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """How a column is laid out.

    `width` is the preferred width; `flex` columns absorb spare width (and give it
    back first on narrow terminals).
    """

    label: str
    width: int
    flex: bool = False
    justify: Literal["left", "right"] = "left"
    priority: int = 0
    """0: always shown. Otherwise, when the columns do not fit, the highest priority
    number is hidden first (so a 13-column view stays readable at 80 columns)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: stable identity, display cells, per-column sort values and search text."""

    key: str
    cells: tuple[Cell, ...]
    sort_values: tuple[object, ...]
    search_text: str


@dataclass(frozen=True, slots=True)
class RowDiff:
    """Keys affected by an update, in a deterministic order."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


_NUMERIC = (int, float)


def _fallback_sort_key(value: object) -> tuple[int, str, object]:
    """Group values by type so mixed columns never raise; numbers compare together."""
    if isinstance(value, _NUMERIC):
        return (0, "", value)
    return (1, type(value).__name__, value)


def _sorted_positions(values: list[object], reverse: bool) -> list[int]:
    """Return indices of `values` in sorted order; None always last; stable for ties."""
    present = [i for i, v in enumerate(values) if v is not None]
    missing = [i for i, v in enumerate(values) if v is None] if len(present) != len(values) else []
    try:
        ordered = sorted(present, key=values.__getitem__, reverse=reverse)  # type: ignore[arg-type]
    except TypeError:
        # A failed sort may leave a list half-permuted, hence `sorted` on the pristine input.
        try:
            ordered = sorted(present, key=lambda i: _fallback_sort_key(values[i]), reverse=reverse)
        except TypeError:
            # Same type but not orderable (e.g. dicts): compare textual forms.
            ordered = sorted(
                present, key=lambda i: (type(values[i]).__name__, str(values[i])), reverse=reverse
            )
    ordered.extend(missing)
    return ordered


class RowIndex:
    """Holds rows by key and a sorted+filtered view of their keys.

    Without a sort column the view is in insertion order: refreshes keep existing
    rows in place and append new keys. Sorting is stable, so ties keep insertion order.
    """

    __slots__ = (
        "_rows",
        "_sorted",
        "_view",
        "_positions",
        "sort_column",
        "sort_reverse",
        "filter_text",
        "_needle",
    )

    def __init__(self) -> None:
        self._rows: dict[str, TableRow] = {}
        self._sorted: list[str] | None = None  # all keys, in sort order
        self._view: list[str] | None = None  # filtered `_sorted`
        self._positions: dict[str, int] | None = None
        self.sort_column: int | None = None
        self.sort_reverse: bool = False
        self.filter_text: str = ""
        self._needle: str = ""

    # ------------------------------------------------------------------ updates
    def replace(self, rows: Iterable[TableRow]) -> RowDiff:
        """Full refresh: rows not in `rows` are removed. Returns the keyed diff."""
        incoming = {row.key: row for row in rows}
        old = self._rows
        if not old:
            self._rows = incoming
            if incoming:
                self._invalidate_structure(removed_only=False, removed=())
            return RowDiff(tuple(incoming), (), ())
        removed = [key for key in old if key not in incoming]
        added = [key for key in incoming if key not in old]
        changed = self._apply_changes(row for key, row in incoming.items() if key in old)
        if added or removed:
            if removed:
                new = {key: row for key, row in old.items() if key in incoming}
            else:
                new = old
            for key in added:
                new[key] = incoming[key]
            self._rows = new
            self._invalidate_structure(removed_only=not added, removed=removed)
        return RowDiff(tuple(added), tuple(removed), tuple(changed))

    def upsert(self, rows: Iterable[TableRow]) -> RowDiff:
        """Partial update: add new keys (appended) and update existing ones."""
        stored = self._rows
        added: dict[str, None] = {}
        existing: list[TableRow] = []
        for row in rows:
            key = row.key
            if key in added or key not in stored:
                added[key] = None
                stored[key] = row  # a repeated new key in one batch: last wins
            else:
                existing.append(row)
        changed = self._apply_changes(existing)
        if added:
            self._invalidate_structure(removed_only=False, removed=())
        return RowDiff(tuple(added), (), tuple(changed))

    def remove(self, keys: Iterable[str]) -> RowDiff:
        """Remove rows by key; unknown keys are ignored."""
        rows = self._rows
        removed = [key for key in dict.fromkeys(keys) if key in rows]
        for key in removed:
            del rows[key]
        if removed:
            self._invalidate_structure(removed_only=True, removed=removed)
        return RowDiff((), tuple(removed), ())

    def clear(self) -> RowDiff:
        """Remove every row."""
        return self.replace(())

    # ------------------------------------------------------------- view control
    def set_filter(self, text: str) -> None:
        """Show only rows whose `search_text` contains `text` (case-insensitive)."""
        needle = text.lower()
        self.filter_text = text
        if needle == self._needle:
            return
        previous, self._needle = self._needle, needle
        if self._view is not None and previous in needle:
            # Narrowing: every match of the new needle also matched the old one.
            rows = self._rows
            self._view = [key for key in self._view if needle in rows[key].search_text]
        else:
            self._view = None
        self._positions = None

    def set_sort(self, column: int | None, reverse: bool = False) -> None:
        """Sort by column index (None: insertion order). No-op if unchanged."""
        if column == self.sort_column and (column is None or reverse == self.sort_reverse):
            return
        self.sort_column = column
        self.sort_reverse = reverse if column is not None else False
        self._sorted = self._view = self._positions = None

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self._get_view())

    @property
    def total(self) -> int:
        """Number of rows, ignoring the filter."""
        return len(self._rows)

    def row_at(self, position: int) -> TableRow:
        """Row at a visible position (IndexError if out of range)."""
        return self._rows[self._get_view()[position]]

    def key_at(self, position: int) -> str:
        """Key at a visible position (IndexError if out of range)."""
        return self._get_view()[position]

    def position_of(self, key: str) -> int | None:
        """Visible position of `key`, or None if absent or filtered out."""
        positions = self._positions
        if positions is None:
            view = self._get_view()
            positions = self._positions = dict(zip(view, range(len(view)), strict=True))
        return positions.get(key)

    def get(self, key: str) -> TableRow | None:
        """Row by key regardless of the filter."""
        return self._rows.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def visible_keys(self, start: int = 0, stop: int | None = None) -> list[str]:
        """A slice of the visible keys (a copy)."""
        return self._get_view()[start:stop]

    # ---------------------------------------------------------------- internals
    def _apply_changes(self, rows: Iterable[TableRow]) -> list[str]:
        """Store changed rows in place and invalidate only what they affect."""
        stored = self._rows
        column = self.sort_column
        needle = self._needle
        resort = refilter = False
        changed: dict[str, None] = {}
        for row in rows:
            key = row.key
            previous = stored[key]
            if previous is row or (
                previous.cells == row.cells
                and previous.search_text == row.search_text
                and previous.sort_values == row.sort_values
            ):
                continue
            changed[key] = None
            stored[key] = row
            if column is not None and not resort:
                if _sort_value(previous, column) != _sort_value(row, column):
                    resort = True
            if needle and not refilter:
                if (needle in previous.search_text) != (needle in row.search_text):
                    refilter = True
        if resort:
            self._sorted = self._view = self._positions = None
        elif refilter:
            self._view = self._positions = None
        return list(changed)

    def _invalidate_structure(self, removed_only: bool, removed: Iterable[str]) -> None:
        if removed_only and self._sorted is not None:
            # Removal never changes relative order: drop keys instead of re-sorting.
            gone = set(removed)
            shared = self._view is self._sorted
            self._sorted = [key for key in self._sorted if key not in gone]
            if shared:
                self._view = self._sorted
            elif self._view is not None:
                self._view = [key for key in self._view if key not in gone]
        else:
            self._sorted = self._view = None
        self._positions = None

    def _get_sorted(self) -> list[str]:
        if self._sorted is None:
            rows = self._rows
            column = self.sort_column
            if column is None:
                self._sorted = list(rows)
            else:
                keys = list(rows)
                values = [_sort_value(row, column) for row in rows.values()]
                self._sorted = [keys[i] for i in _sorted_positions(values, self.sort_reverse)]
        return self._sorted

    def _get_view(self) -> list[str]:
        view = self._view
        if view is None:
            ordered = self._get_sorted()
            needle = self._needle
            if needle:
                rows = self._rows
                view = [key for key in ordered if needle in rows[key].search_text]
            else:
                view = ordered
            self._view = view
        return view


def _sort_value(row: TableRow, column: int) -> object:
    values = row.sort_values
    return values[column] if column < len(values) else None

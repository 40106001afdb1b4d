"""A virtualised, keyed, sortable and filterable table for large resource lists.

Textual's `DataTable` measures and stores every row up front (~19 s for 100,000
rows on a small machine). `ResourceTable` keeps its rows in a pure
`RowIndex` and paints through the Line API: `render_line` is only called for the
rows on screen, so opening, scrolling, sorting and filtering cost time in
proportion to the index operations, not to the number of rows drawn.

Refreshes are keyed: after `set_rows` the cursor stays on the same key, the
selection keeps the keys that still exist, and the scroll offset only moves if
the cursor would otherwise leave the viewport.

Above `async_threshold` rows (default `table_index.ASYNC_THRESHOLD`) sorting and
filtering run in a worker thread (`compute_view` on an immutable snapshot): the
table keeps showing the previous order, the header says "sorting…"/"filtering…",
a newer request supersedes an older one, and rows that arrive meanwhile are
reconciled when the result is applied. `ViewReady` is posted once it is.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence

from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from smtui.services import table_index
from smtui.services.table_index import (
    ASYNC_THRESHOLD,
    ColumnSpec,
    RowDiff,
    RowIndex,
    Superseded,
    TableRow,
    ViewJob,
)
from smtui.ui.widgets.name_cut import distinct_head, width_needed
from smtui.ui.widgets.resource_table_events import (
    BINDINGS,
    CursorMoved,
    RowActivated,
    SortChanged,
    ViewReady,
)
from smtui.ui.widgets.resource_table_render import (
    COMPONENT_CLASSES,
    DEFAULT_CSS,
    GAP,
    LinePainter,
    column_at,
    name_column,
    used_width,
)

__all__ = ["ColumnSpec", "ResourceTable", "TableRow"]

_HEADER_HEIGHT = 1
_log = logging.getLogger(__name__)


class ResourceTable(ScrollView, can_focus=True):
    """A k9s-style table painting only the visible rows of a `RowIndex`."""

    COMPONENT_CLASSES = COMPONENT_CLASSES
    DEFAULT_CSS = DEFAULT_CSS

    BINDINGS = BINDINGS
    CursorMoved = CursorMoved
    RowActivated = RowActivated
    SortChanged = SortChanged
    ViewReady = ViewReady

    def __init__(
        self,
        columns: Sequence[ColumnSpec] = (),
        *,
        zebra_stripes: bool = False,
        empty_message: str = "",
        async_threshold: int | None = ASYNC_THRESHOLD,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's convention
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._index = RowIndex(defer_above=async_threshold)
        self._zebra = zebra_stripes
        self._empty_message = empty_message
        self._cursor_key: str | None = None
        self._cursor_pos = 0
        self._placed = False
        """The user (or a screen) put the cursor somewhere: from then on it stays on its
        row's key. Until then it stays on the top row, whatever arrives above it (rows of
        a second source, a sort's first results)."""
        self._selected: set[str] = set()
        self._painter = LinePainter(self, columns)
        self._frame: tuple[int, int] | None = None  # (width, scroll y) during a paint
        self._names_fitted: tuple[object, ...] | None = None

    # ------------------------------------------------------------ public API
    @property
    def index(self) -> RowIndex:
        """The underlying row index (read it; mutate through the table's methods)."""
        return self._index

    @property
    def async_threshold(self) -> int | None:
        """Above this many rows sorting and filtering run in a thread (None: never)."""
        return self._index.defer_above

    @async_threshold.setter
    def async_threshold(self, rows: int | None) -> None:
        self._index.defer_above = rows
        self._after_change()

    @property
    def busy(self) -> str:
        """What is computed off the loop for the user ("sorting", "filtering"), or ""."""
        return self._index.busy

    @property
    def view_pending(self) -> bool:
        """The order shown is provisional (a computation is due or running)."""
        return self._index.pending

    @property
    def columns(self) -> tuple[ColumnSpec, ...]:
        return self._painter.columns

    @property
    def cursor_key(self) -> str | None:
        return self._cursor_key

    @property
    def cursor_row(self) -> TableRow | None:
        return None if self._cursor_key is None else self._index.get(self._cursor_key)

    @property
    def cursor_position(self) -> int:
        """Visible position of the cursor (0 when empty)."""
        return self._cursor_pos

    @property
    def selected_keys(self) -> frozenset[str]:
        return frozenset(self._selected)

    @property
    def row_count(self) -> int:
        """Rows passing the filter."""
        return len(self._index)

    @property
    def total_count(self) -> int:
        """All rows, ignoring the filter."""
        return self._index.total

    def set_columns(self, columns: Sequence[ColumnSpec]) -> None:
        self._painter.columns = tuple(columns)
        if self._index.sort_column is not None and self._index.sort_column >= len(columns):
            self._index.set_sort(None)
        self._invalidate_render()
        self._after_change()

    def set_rows(self, rows: Iterable[TableRow]) -> RowDiff:
        """Full refresh (keyed diff against the current rows)."""
        diff = self._index.replace(rows)
        self._after_change(diff)
        return diff

    def upsert_rows(self, rows: Iterable[TableRow]) -> RowDiff:
        diff = self._index.upsert(rows)
        self._after_change(diff)
        return diff

    def remove_rows(self, keys: Iterable[str]) -> RowDiff:
        diff = self._index.remove(keys)
        self._after_change(diff)
        return diff

    def set_filter(self, text: str) -> None:
        """Show only rows whose search text contains `text` (case-insensitive)."""
        self._index.set_filter(text)
        self._after_change()

    def sort_by(self, column: int | None, reverse: bool | None = None) -> None:
        """Sort by `column`; with `reverse=None` the same column toggles direction."""
        index = self._index
        if column is not None and not 0 <= column < len(self._painter.columns):
            return
        if reverse is None:
            reverse = (not index.sort_reverse) if column == index.sort_column else False
        if column == index.sort_column and (column is None or reverse == index.sort_reverse):
            return
        index.set_sort(column, reverse)
        self._after_change()
        self.post_message(self.SortChanged(self, index.sort_column, index.sort_reverse))

    def set_empty_message(self, text: str) -> None:
        self._empty_message = text
        if not len(self._index):
            self.refresh()

    def set_selected(self, keys: Iterable[str]) -> None:
        """Replace the selection (unknown keys are ignored)."""
        self._selected = {key for key in keys if key in self._index}
        self.refresh()

    def move_cursor(self, position: int) -> None:
        """Put the cursor on a visible position (clamped), scrolling only if needed."""
        self._set_cursor(position)

    def move_cursor_to_key(self, key: str) -> bool:
        """Put the cursor on `key` if it is visible; returns whether it is."""
        position = self._index.position_of(key)
        if position is not None:
            self._set_cursor(position)
        return position is not None

    # --------------------------------------------------------------- actions
    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor_pos - 1)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor_pos + 1)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_half_page_up(self) -> None:
        self._page(-1, half=True)

    def action_half_page_down(self) -> None:
        self._page(1, half=True)

    def action_cursor_home(self) -> None:
        self._set_cursor(0)

    def action_cursor_end(self) -> None:
        self._set_cursor(len(self._index) - 1)

    def action_toggle_select(self) -> None:
        key = self._cursor_key
        if key is None:
            return
        self._selected.symmetric_difference_update((key,))
        self._refresh_position(self._cursor_pos)

    def action_activate(self) -> None:
        if self._cursor_key is not None:
            self.post_message(self.RowActivated(self, self._cursor_key))

    def action_sort(self, column: int) -> None:
        self.sort_by(column)

    # ------------------------------------------------------------ rendering
    def render_lines(self, crop: Region) -> list[Strip]:
        # Geometry lookups are surprisingly costly per line; resolve them once per paint.
        self._frame = (self.scrollable_content_region.width, self.scroll_offset.y)
        self._fit_names(*self._frame)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width, top = self._frame or (self.scrollable_content_region.width, self.scroll_offset.y)
        index = self._index
        if y < _HEADER_HEIGHT:
            header = self._painter.header(width, index.sort_column, index.sort_reverse)
            busy = index.busy
            return self._painter.busy(header, f" {busy}… ", width) if busy else header
        body_y = y - _HEADER_HEIGHT
        position = top + body_y
        count = len(index)
        if position >= count:
            if not count and self._empty_message and body_y == max(0, self._body_height() - 1) // 2:
                return self._painter.message(self._empty_message, width)
            return self._painter.blank(width)
        return self._row_strip(position, index.row_at(position), width)

    def _fit_names(self, width: int, top: int) -> None:
        """Room and cut for the names on screen so they read apart (widgets/name_cut.py)."""
        painter, index = self._painter, self._index
        if not painter.columns:
            return
        named = name_column(painter.columns)
        end = min(len(index), top + max(1, self._body_height()))
        names = []
        for position in range(top, end):
            cells = index.row_at(position).cells
            cell = cells[named] if named < len(cells) else ""
            names.append(cell[0] if isinstance(cell, tuple) else cell)
        key = (tuple(names), width, painter.columns)
        if key != self._names_fitted:
            self._names_fitted = key
            before = (painter.name_need, painter.name_cut)
            painter.name_need = 0
            base = painter.widths(width)
            have = base[named]
            spare = width - used_width(base)  # cells no column uses (a fixed-width name)
            room = (
                have
                + max(0, spare)
                + sum(w + GAP for i, w in enumerate(base) if w and painter.columns[i].priority)
            )
            # Whole names first (k9s: names are the last thing cut), else as wide as
            # it takes for the names to read apart.
            longest = max((len(n) for n in names), default=0)
            if longest <= room:
                need = longest
            else:  # cut anyway: the spare cells, or what it takes to read apart
                need = max(width_needed(names, have, room), min(room, have + max(0, spare)))
            painter.name_need = need if have and need > have else 0
            head = distinct_head(names, painter.widths(width)[named])
            painter.name_cut = None if head is None else (named, head)
            if (painter.name_need, painter.name_cut) != before:
                self.refresh()  # lines outside this paint's crop show the old layout

    def _row_strip(self, position: int, row: TableRow, width: int) -> Strip:
        odd = self._zebra and position % 2 == 1
        return self._painter.row(
            row, width, position == self._cursor_pos, row.key in self._selected, odd
        )

    def _invalidate_render(self) -> None:
        self._painter.invalidate()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate_render()

    def on_focus(self) -> None:
        self._invalidate_render()

    def on_blur(self) -> None:
        self._invalidate_render()

    def on_mount(self) -> None:
        self._schedule_view()  # rows set before mounting

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    # ------------------------------------------------------------------ mouse
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < _HEADER_HEIGHT:
            widths = self._painter.widths(self.scrollable_content_region.width)
            column = column_at(widths, offset.x)
            if column is not None:
                event.stop()
                self.sort_by(column)
            return
        position = self.scroll_offset.y + offset.y - _HEADER_HEIGHT
        if position < len(self._index):
            event.stop()
            self._set_cursor(position)
            if event.chain == 2:
                self.action_activate()

    # -------------------------------------------------------------- internals
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - _HEADER_HEIGHT)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self._index) + _HEADER_HEIGHT
        )

    def _after_change(self, diff: RowDiff | None = None) -> None:
        """Re-anchor cursor, selection and scroll after the index changed."""
        index = self._index
        count = len(index)
        previous = self._cursor_key
        position = None if previous is None else index.position_of(previous)
        if not self._placed and self._cursor_pos == 0:
            position = 0
        if position is None:
            position = min(self._cursor_pos, count - 1) if count else 0
        self._cursor_pos = position
        self._cursor_key = index.key_at(position) if count else None
        if diff is not None and diff.removed and self._selected:
            self._selected = {key for key in self._selected if key in index}
        self._update_virtual_size()
        last_top = max(0, count - self._body_height())
        if self.scroll_offset.y > last_top:
            self.scroll_to(y=last_top, animate=False, force=True)
        self._scroll_cursor_into_view()
        self.refresh()
        if self._cursor_key != previous:
            self.post_message(self.CursorMoved(self, self._cursor_key))
        self._schedule_view()

    def _schedule_view(self) -> None:
        """Start computing a pending order in a thread (large sets only)."""
        index = self._index
        if not index.wants_job() or not self.is_mounted:
            return
        job = index.begin_compute()
        if job is not None:
            self.run_worker(
                self._compute_view(job), group="resource-table-view", exit_on_error=False
            )

    async def _compute_view(self, job: ViewJob) -> None:
        index = self._index
        generation = job.generation

        def cancelled() -> bool:
            return index.generation != generation

        try:
            # Looked up on the module at call time, so tests can hold a computation.
            result = await asyncio.to_thread(table_index.compute_view, job, cancelled)
        except Superseded:
            return
        except Exception:
            _log.exception("computing the table's order failed")
            if index.generation == generation:
                index.cancel_compute()
            return
        applied = index.finish_compute(result)
        if applied or not index.computing:
            self._after_change()  # re-anchors the cursor; computes again if still pending
        if applied:
            self.post_message(self.ViewReady(self))

    def _set_cursor(self, position: int) -> None:
        count = len(self._index)
        if not count:
            return
        self._placed = True
        position = max(0, min(position, count - 1))
        previous = self._cursor_pos
        self._cursor_pos = position
        key = self._index.key_at(position)
        changed = key != self._cursor_key
        self._cursor_key = key
        self._refresh_position(previous)
        self._refresh_position(position)
        self._scroll_cursor_into_view()
        if changed:
            self.post_message(self.CursorMoved(self, key))

    def _page(self, direction: int, *, half: bool = False) -> None:
        """Move the cursor and the viewport by one body height (half of it: vim's
        ctrl+d/ctrl+u), keeping the cursor's screen line."""
        page = max(1, self._body_height() // 2) if half else self._body_height()
        top = self.scroll_offset.y
        self.scroll_to(y=top + direction * page, animate=False, force=True)
        self._set_cursor(self._cursor_pos + direction * page)

    def _scroll_cursor_into_view(self) -> None:
        if not len(self._index) or not self.scrollable_content_region.height:
            return
        top = self.scroll_offset.y
        body = self._body_height()
        position = self._cursor_pos
        if position < top:
            self.scroll_to(y=position, animate=False, force=True)
        elif position >= top + body:
            self.scroll_to(y=position - body + 1, animate=False, force=True)

    def _refresh_position(self, position: int) -> None:
        y = position - self.scroll_offset.y + _HEADER_HEIGHT
        if _HEADER_HEIGHT <= y < self.scrollable_content_region.height:
            self.refresh_line(y + self.scroll_offset.y)

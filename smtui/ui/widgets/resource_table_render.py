"""Column layout and fast single-line rendering for `ResourceTable`.

Kept apart from the widget so it can be reasoned about (and tested) without an
app: the functions take plain values and Rich styles, never query the DOM.
A body line is one `Segment` per cell plus a one-cell selection gutter, so the
table's own share of painting a screenful of rows is well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from smtui.domain.text import strip_controls
from smtui.services.table_index import ROLES, ColumnSpec, TableRow
from smtui.ui.widgets.name_cut import cut_middle

if TYPE_CHECKING:
    from textual.widget import Widget

_STRIP_CACHE_LIMIT = 2048
GUTTER = 1
"""Leading cells reserved for the selection marker."""
GAP = 1
"""Blank cells between columns."""
SELECTED_MARKER = "▌"
ELLIPSIS = "…"
SORT_ASCENDING = "▲"
SORT_DESCENDING = "▼"
COMPONENT_CLASSES = {
    "resource-table--header",
    "resource-table--cursor",
    "resource-table--selected",
    "resource-table--zebra",
    "resource-table--empty",
    "resource-table--busy",
    *(f"resource-table--role-{role}" for role in ROLES),
}

DEFAULT_CSS = """
ResourceTable {
    width: 1fr;
    height: 1fr;
    background: $surface;
    color: $foreground;
    overflow-x: hidden;
    overflow-y: auto;
    & > .resource-table--header { background: $panel; color: $foreground; text-style: bold; }
    & > .resource-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: bold;  /* the cursor row is marked by weight too, not by colour alone */
    }
    &:focus > .resource-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    & > .resource-table--selected { background: $accent 25%; color: $text-accent; }
    & > .resource-table--zebra { background: $boost; }
    & > .resource-table--empty { color: $text-muted; text-style: italic; }
    & > .resource-table--busy {
        background: $warning-muted;
        color: $text-warning;
        text-style: bold;
    }
    & > .resource-table--role-ok { color: $text-success; }
    & > .resource-table--role-error { color: $text-error; }
    & > .resource-table--role-warning { color: $text-warning; }
    & > .resource-table--role-running { color: $text-primary; }
    & > .resource-table--role-muted { color: $text-muted; }
    & > .resource-table--role-accent { color: $text-accent; }
}
"""
"""Theme-variable styling; apps override any `resource-table--*` component in their CSS."""

_FLEX_FLOOR = 10
_MIN_WIDTH = 3


def name_column(columns: Sequence[ColumnSpec]) -> int:
    """The column that tells rows apart: the one marked ``name``, else the first."""
    return next((i for i, c in enumerate(columns) if c.name), 0)


def layout_columns(columns: Sequence[ColumnSpec], width: int, name_need: int = 0) -> list[int]:
    """Distribute `width` cells (gutter excluded) across `columns`.

    ``name_need``: the cells the name column needs for the rows on screen to read
    apart; columns with a priority are hidden (highest first) until it gets them.

    Spare cells go to flex columns (or are left blank if there are none). When the
    preferred widths do not fit, flex columns shrink first (to a floor of 10), then
    the widest columns give up one cell at a time down to 3. Whatever still does not
    fit is cropped at the right edge by the caller.
    """
    if not columns:
        return []
    hidden = _hidden_columns(columns, width)
    if name_need:
        named = name_column(columns)
        if not columns[named].flex:  # a fixed-width name takes spare cells too
            columns = [replace(c, flex=True) if i == named else c for i, c in enumerate(columns)]
        while True:
            widths = _layout_shown(columns, width, hidden)
            shown = [i for i in range(len(columns)) if i not in hidden and columns[i].priority]
            if widths[named] >= name_need or not shown:
                return widths
            hidden.add(max(shown, key=lambda i: (columns[i].priority, i)))
    return _layout_shown(columns, width, hidden)


def _layout_shown(columns: Sequence[ColumnSpec], width: int, hidden: set[int]) -> list[int]:
    if hidden:
        shown = [i for i in range(len(columns)) if i not in hidden]
        inner = _layout_shown([columns[i] for i in shown], width, set())
        widths_all = [0] * len(columns)
        for i, w in zip(shown, inner, strict=True):
            widths_all[i] = w
        return widths_all
    widths = [max(1, column.width) for column in columns]
    available = width - GAP * (len(columns) - 1)
    spare = available - sum(widths)
    flex = [i for i, column in enumerate(columns) if column.flex]
    if spare > 0 and flex:
        share, extra = divmod(spare, len(flex))
        for n, i in enumerate(flex):
            widths[i] += share + (1 if n < extra else 0)
    elif spare < 0:
        deficit = -spare
        for i in flex:
            give = min(deficit, max(0, widths[i] - _FLEX_FLOOR))
            widths[i] -= give
            deficit -= give
        while deficit > 0:
            widest = max(range(len(widths)), key=widths.__getitem__)
            if widths[widest] <= _MIN_WIDTH:
                break
            widths[widest] -= 1
            deficit -= 1
    return widths


def _hidden_columns(columns: Sequence[ColumnSpec], width: int) -> set[int]:
    """Columns to hide (priority > 0, highest first) until the rest fit at their
    preferred widths: a flex column (the name) keeps at least its preferred width."""

    def needed(shown: list[int]) -> int:
        cells = sum(columns[i].width for i in shown)
        return cells + GAP * (len(shown) - 1)

    shown = list(range(len(columns)))
    hidden: set[int] = set()
    while needed(shown) > width:
        candidates = [i for i in shown if columns[i].priority > 0]
        if not candidates:
            break
        drop = max(candidates, key=lambda i: (columns[i].priority, i))
        shown.remove(drop)
        hidden.add(drop)
    return hidden


def column_at(widths: Sequence[int], x: int) -> int | None:
    """The column under content x-coordinate `x`, or None (gutter, gap, or past the end)."""
    start = GUTTER
    for column, width in enumerate(widths):
        if width == 0:
            continue  # a hidden column
        if start <= x < start + width:
            return column
        start += width + GAP
    return None


def fit(text: str, width: int, justify: str = "left") -> str:
    """Pad or truncate `text` to exactly `width` cells; truncation ends with an ellipsis."""
    if width <= 0:
        return ""
    if not text.isprintable():
        # Escape sequences in API payloads must never reach the terminal (they are
        # removed whole, smtui/domain/text.py); newlines or tabs never wrap or break
        # alignment.
        text = strip_controls(text, keep_lines=False)
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    if text.isascii():
        length = len(text)
        if length > width:
            return text[: width - 1] + ELLIPSIS
    else:
        length = cell_len(text)
        if length > width:
            return set_cell_size(text, width - 1) + ELLIPSIS
    pad = " " * (width - length)
    return pad + text if justify == "right" else text + pad


@dataclass(frozen=True, slots=True)
class LineStyles:
    """Resolved Rich styles for one paint; rebuilt whenever the widget's CSS changes."""

    base: Style
    header: Style
    cursor: Style
    selected: Style
    zebra: Style
    empty: Style
    busy: Style
    roles: Mapping[str, Style]


def resolve_styles(widget: Widget) -> LineStyles:
    """Read the widget's component classes into Rich styles (cache the result)."""
    component = widget.get_component_rich_style
    roles = {}
    for role in ROLES:
        full = component(f"resource-table--role-{role}")
        # Roles only recolour text; the row (cursor, selection, zebra) owns the background.
        roles[role] = Style(
            color=full.color,
            bold=full.bold,
            italic=full.italic,
            dim=full.dim,
            underline=full.underline,
        )
    return LineStyles(
        base=widget.rich_style,
        header=component("resource-table--header"),
        cursor=component("resource-table--cursor"),
        selected=component("resource-table--selected"),
        zebra=component("resource-table--zebra"),
        empty=component("resource-table--empty"),
        busy=component("resource-table--busy"),
        roles=roles,
    )


def render_row(
    row: TableRow,
    columns: Sequence[ColumnSpec],
    widths: Sequence[int],
    line_width: int,
    row_style: Style,
    roles: Mapping[str, Style] | None,
    selected: bool,
    name_cut: tuple[int, int] | None = None,
) -> Strip:
    """Render one body line. `roles` is None when role colours must not apply (cursor row);
    ``name_cut``: (column, head) of a name cut in the middle (widgets/name_cut.py)."""
    segments = [Segment(SELECTED_MARKER if selected else " ", row_style)]
    cells = row.cells
    last = _last_shown(widths)
    for i, width in enumerate(widths):
        if width == 0:
            continue  # hidden: the terminal is too narrow for this column
        cell = cells[i] if i < len(cells) else ""
        if isinstance(cell, tuple):
            text, role = cell
            style = row_style + roles[role] if roles and role in roles else row_style
        else:
            text, style = cell, row_style
        if name_cut is not None and i == name_cut[0] and len(text) > width:
            text = cut_middle(text, width, name_cut[1])
        text = fit(text, width, columns[i].justify)
        if i != last:
            text += " " * GAP
        segments.append(Segment(text, style))
    return _finish(segments, line_width, row_style, used_width(widths))


def render_header(
    columns: Sequence[ColumnSpec],
    widths: Sequence[int],
    line_width: int,
    style: Style,
    sort_column: int | None,
    sort_reverse: bool,
) -> Strip:
    """Render the column labels, with ▲/▼ after the sort column's label."""
    parts = [" " * GUTTER]
    last = _last_shown(widths)
    for i, width in enumerate(widths):
        if width == 0:
            continue
        column = columns[i]
        if i == sort_column and width >= 3:
            arrow = SORT_DESCENDING if sort_reverse else SORT_ASCENDING
            label = fit(column.label, width - 2, "left").rstrip() + " " + arrow
            text = fit(label, width, column.justify)
        else:
            text = fit(column.label, width, column.justify)
        parts.append(text + (" " * GAP if i != last else ""))
    return _finish([Segment("".join(parts), style)], line_width, style, used_width(widths))


def render_message(text: str, line_width: int, base: Style, style: Style) -> Strip:
    """A centred single-line message (the empty-table text)."""
    text = fit(text, line_width)
    stripped = text.rstrip()
    left = (line_width - cell_len(stripped)) // 2
    segments = [Segment(" " * left, base), Segment(stripped, base + style)]
    return _finish(segments, line_width, base, left + cell_len(stripped))


def _finish(segments: list[Segment], line_width: int, fill: Style, used: int) -> Strip:
    """Make a strip exactly `line_width` cells wide; `used` is the segments' cell length."""
    if used < line_width:
        segments.append(Segment(" " * (line_width - used), fill))
        return Strip(segments, line_width)
    strip = Strip(segments, used)
    return strip.crop(0, line_width) if used > line_width else strip


def _last_shown(widths: Sequence[int]) -> int:
    return max((i for i, w in enumerate(widths) if w > 0), default=-1)


def used_width(widths: Sequence[int]) -> int:
    """Cells occupied by the gutter, the shown columns and the gaps between them."""
    shown = sum(1 for w in widths if w > 0)
    return GUTTER + sum(widths) + GAP * max(0, shown - 1)


class LinePainter:
    """Renders a table's lines, caching column widths, resolved styles and strips.

    Row strips are cached per (key, width, cursor?, selected?, odd?) and reused only
    while the row object is the same, so refreshed rows repaint without invalidation.
    Call `invalidate` when columns, CSS, theme or focus change.
    """

    def __init__(self, widget: Widget, columns: Sequence[ColumnSpec] = ()) -> None:
        self._widget = widget
        self.columns: tuple[ColumnSpec, ...] = tuple(columns)
        self._styles: LineStyles | None = None
        self._widths: tuple[tuple[int, int], list[int]] | None = None
        self._header: tuple[tuple[int, int | None, bool, tuple[int, ...]], Strip] | None = None
        self._rows: dict[tuple[object, ...], tuple[TableRow, Strip]] = {}
        self.name_need = 0
        """Cells the name column needs for the rows on screen to read apart."""
        self.name_cut: tuple[int, int] | None = None
        """(column, head): the name column is cut in the middle, keeping ``head`` cells."""

    def invalidate(self) -> None:
        self._styles = self._widths = self._header = None
        self._rows.clear()

    @property
    def styles(self) -> LineStyles:
        if self._styles is None:
            self._styles = resolve_styles(self._widget)
        return self._styles

    def widths(self, width: int) -> list[int]:
        """Column widths for a line `width` cells wide (gutter included)."""
        key = (width, self.name_need)
        if self._widths is None or self._widths[0] != key:
            self._widths = (key, layout_columns(self.columns, width - GUTTER, self.name_need))
        return self._widths[1]

    def header(self, width: int, sort_column: int | None, sort_reverse: bool) -> Strip:
        key = (width, sort_column, sort_reverse, tuple(self.widths(width)))
        if self._header is None or self._header[0] != key:
            strip = render_header(
                self.columns,
                self.widths(width),
                width,
                self.styles.header,
                sort_column,
                sort_reverse,
            )
            self._header = (key, strip)
        return self._header[1]

    def row(self, row: TableRow, width: int, cursor: bool, selected: bool, odd: bool) -> Strip:
        cache_key = (row.key, width, cursor, selected, odd, self.name_need, self.name_cut)
        cached = self._rows.get(cache_key)
        if cached is not None and cached[0] is row:
            return cached[1]
        styles = self.styles
        style = styles.base
        if odd:
            style = style + styles.zebra
        if selected:
            style = style + styles.selected
        if cursor:
            style = style + styles.cursor
        # Role colours are dropped on the cursor row so it reads as one solid bar.
        roles = None if cursor else styles.roles
        strip = render_row(
            row, self.columns, self.widths(width), width, style, roles, selected, self.name_cut
        )
        if len(self._rows) >= _STRIP_CACHE_LIMIT:
            self._rows.clear()
        self._rows[cache_key] = (row, strip)
        return strip

    def message(self, text: str, width: int) -> Strip:
        return render_message(text, width, self.styles.base, self.styles.empty)

    def busy(self, header: Strip, label: str, width: int) -> Strip:
        """The header with `label` ("sorting…") over its right end."""
        label = fit(label, min(width, cell_len(label)))
        keep = width - cell_len(label)
        styles = self.styles
        return Strip.join(
            [header.crop(0, keep), Strip([Segment(label, styles.header + styles.busy)])]
        )

    def blank(self, width: int) -> Strip:
        return Strip.blank(width, self.styles.base)

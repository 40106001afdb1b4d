"""ResourceTable driven headless with Pilot at 80x24 (1 header line + 23 body rows)."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.strip import Strip

from smtui.services.table_index import ColumnSpec, TableRow
from smtui.ui.widgets.resource_table import ResourceTable

pytestmark = pytest.mark.ui

COLUMNS = [
    ColumnSpec("NAME", 24, flex=True),
    ColumnSpec("STATUS", 12),
    ColumnSpec("TYPE", 14),
    ColumnSpec("CREATED", 19),
    ColumnSpec("SECS", 6, justify="right"),
]
STATUSES = [
    ("Completed", "ok"),
    ("Failed", "error"),
    ("InProgress", "running"),
    ("Stopped", "muted"),
]
BODY = 23


def make_row(i: int, status: int | None = None, prefix: str = "job") -> TableRow:
    name = f"{prefix}-{i:06d}"
    text, role = STATUSES[(i if status is None else status) % 4]
    created = f"2024-01-{i % 28 + 1:02d} 10:00:00"
    return TableRow(
        name,
        (name, (text, role), "ml.m5.xlarge", created, str(i % 1000)),
        (name, text, "ml.m5.xlarge", created, i % 1000),
        f"{name} {text}".lower(),
    )


def make_rows(n: int) -> list[TableRow]:
    return [make_row(i) for i in range(n)]


class CountingTable(ResourceTable):
    """Counts body lines painted, to prove only visible rows are rendered."""

    painted_rows = 0

    def _row_strip(self, position: int, row: TableRow, width: int) -> Strip:
        self.painted_rows += 1
        return super()._row_strip(position, row, width)


class TableApp(App[None]):
    def __init__(self, rows: list[TableRow] | None = None) -> None:
        super().__init__()
        self.initial_rows = rows or []
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield CountingTable(COLUMNS, id="table")

    def on_mount(self) -> None:
        self.table.set_rows(self.initial_rows)

    @property
    def table(self) -> CountingTable:
        return self.query_one(CountingTable)

    def on_resource_table_cursor_moved(self, message: ResourceTable.CursorMoved) -> None:
        self.messages.append(message)

    def on_resource_table_row_activated(self, message: ResourceTable.RowActivated) -> None:
        self.messages.append(message)

    def on_resource_table_sort_changed(self, message: ResourceTable.SortChanged) -> None:
        self.messages.append(message)


def line(table: ResourceTable, y: int) -> str:
    return table.render_line(y).text


async def test_mounting_100k_rows_paints_only_visible_rows() -> None:
    app = TableApp(make_rows(100_000))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.table
        assert table.row_count == table.total_count == 100_000
        assert 0 < table.painted_rows <= 3 * BODY
        assert line(table, 1).startswith(" job-000000")
        assert line(table, BODY).startswith(" job-000022")
        assert "NAME" in line(table, 0) and "SECS" in line(table, 0)
        await pilot.press("end")
        assert table.cursor_key == "job-099999"
        assert table.scroll_offset.y == 100_000 - BODY == table.max_scroll_y
        assert line(table, BODY).startswith(" job-099999")
        assert table.painted_rows <= 6 * BODY


async def test_cursor_keys_move_and_post_cursor_moved() -> None:
    app = TableApp(make_rows(100))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        assert table.has_focus and table.cursor_key == "job-000000"
        await pilot.press("down", "j", "j")
        assert table.cursor_key == "job-000003"
        await pilot.press("up", "k")
        assert table.cursor_key == "job-000001"
        assert table.cursor_row == make_row(1)
        await pilot.press("up", "up", "up")
        assert table.cursor_position == 0
        await pilot.pause()
        moved = [m.key for m in app.messages if isinstance(m, ResourceTable.CursorMoved)]
        assert moved and moved[-1] == "job-000000"


async def test_paging_end_and_home() -> None:
    app = TableApp(make_rows(1000))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.press("down", "down", "pagedown")
        assert table.cursor_position == 2 + BODY
        assert table.scroll_offset.y == BODY  # the cursor keeps its screen line
        await pilot.press("ctrl+f", "pageup")
        assert table.cursor_position == 2 + BODY
        await pilot.press("G")
        assert table.cursor_key == "job-000999" and table.scroll_offset.y == 1000 - BODY
        await pilot.press("pagedown")
        assert table.cursor_key == "job-000999"
        await pilot.press("g")
        assert table.cursor_position == 0 and table.scroll_offset.y == 0
        await pilot.press("end", "home")
        assert table.cursor_position == 0


async def test_sort_keys_toggle_direction_and_keep_cursor() -> None:
    app = TableApp(make_rows(50))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.press("down", "down", "down")  # job-000003
        await pilot.press("5")  # SECS column ascending
        assert (table.index.sort_column, table.index.sort_reverse) == (4, False)
        assert "SECS ▲" in line(table, 0)
        assert table.cursor_key == "job-000003"
        await pilot.press("5")
        assert table.index.sort_reverse is True and "SECS ▼" in line(table, 0)
        assert table.index.key_at(0) == "job-000049" and table.cursor_key == "job-000003"
        await pilot.press("2")
        assert (table.index.sort_column, table.index.sort_reverse) == (1, False)
        await pilot.press("9")  # no such column: ignored
        assert table.index.sort_column == 1
        await pilot.pause()
        sorts = [
            (m.column, m.reverse) for m in app.messages if isinstance(m, ResourceTable.SortChanged)
        ]
        assert sorts == [(4, False), (4, True), (1, False)]


async def test_header_click_sorts_and_row_click_moves_cursor() -> None:
    app = TableApp(make_rows(100))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        status_x = line(table, 0).index("STATUS")
        await pilot.click(table, offset=(status_x + 1, 0))
        assert table.index.sort_column == 1 and table.index.sort_reverse is False
        await pilot.click(table, offset=(status_x + 1, 0))
        assert table.index.sort_reverse is True
        top = table.scroll_offset.y  # nobody placed the cursor: it stays on the top row
        assert top == 0 and table.cursor_position == 0
        assert table.cursor_key == table.index.key_at(0)
        await pilot.click(table, offset=(5, 4))
        assert table.cursor_position == top + 3
        assert table.cursor_key == table.index.key_at(top + 3)


async def test_mouse_wheel_scrolls_without_moving_cursor() -> None:
    app = TableApp(make_rows(100))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        region = table.region
        for _ in range(3):
            table.post_message(
                events.MouseScrollDown(
                    table,
                    5,
                    5,
                    0,
                    0,
                    0,
                    False,
                    False,
                    False,
                    screen_x=region.x + 5,
                    screen_y=region.y + 5,
                )
            )
        await pilot.pause()
        assert table.scroll_offset.y > 0
        assert table.cursor_position == 0


async def test_filter_and_empty_message() -> None:
    app = TableApp(make_rows(100))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.press("down", "down", "down")  # job-000003, Stopped
        table.set_filter("STOPPED")
        await pilot.pause()
        assert table.row_count == 25 and table.total_count == 100
        assert table.cursor_key == "job-000003" and table.cursor_position == 0
        table.set_filter("failed")
        await pilot.pause()
        assert table.cursor_key == "job-000001"  # gone: same position, clamped
        table.set_empty_message("No jobs match 'zzz'")
        table.set_filter("zzz")
        await pilot.pause()
        assert table.row_count == 0 and table.cursor_key is None and table.cursor_row is None
        body = [line(table, y) for y in range(1, BODY + 1)]
        message_lines = [text for text in body if "No jobs match 'zzz'" in text]
        assert len(message_lines) == 1
        text = message_lines[0]
        assert abs(text.index("No") - (len(text) - len(text.rstrip()))) <= 1  # centred
        await pilot.press("enter", "down", "space")  # harmless on an empty table
        table.set_filter("")
        await pilot.pause()
        assert table.row_count == 100


async def test_refresh_keeps_cursor_key_scroll_offset_and_selection() -> None:
    rows = make_rows(1000)
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.move_cursor(500)
        await pilot.pause()
        await pilot.press("up", "up", "space", "down", "space")  # select 498 and 499
        top = table.scroll_offset.y
        assert table.selected_keys == {"job-000498", "job-000499"}
        # Refresh: 1% changed, rows before the cursor removed, new rows appended.
        refreshed = [make_row(i, status=i + 1) if i % 100 == 0 else r for i, r in enumerate(rows)]
        del refreshed[495:497]
        refreshed.append(make_row(5000))
        refreshed.remove(rows[498])  # a selected key disappears
        diff = table.set_rows(refreshed)
        await pilot.pause()
        assert len(diff.changed) == 10 and diff.added == ("job-005000",)
        assert table.cursor_key == "job-000499"
        assert table.scroll_offset.y == top
        assert table.selected_keys == {"job-000499"}
        assert "▌job-000499" in line(table, table.cursor_position - top + 1)
        # The cursor's own key vanishes: the cursor stays at the same position.
        position = table.cursor_position
        table.remove_rows(["job-000499"])
        await pilot.pause()
        assert table.cursor_position == position and table.cursor_key == "job-000500"
        assert table.selected_keys == frozenset()


async def test_refresh_scrolls_only_when_cursor_would_leave_viewport() -> None:
    rows = make_rows(200)
    app = TableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.move_cursor(BODY - 1)  # last visible line
        await pilot.pause()
        assert table.scroll_offset.y == 0
        table.upsert_rows([make_row(i, prefix="aaa") for i in range(3)])  # appended: no move
        await pilot.pause()
        assert table.scroll_offset.y == 0 and table.cursor_position == BODY - 1
        table.sort_by(0)  # "aaa-*" sort first: the cursor row moves 3 lines down
        await pilot.pause()
        assert table.cursor_position == BODY + 2
        assert table.scroll_offset.y == 3


async def test_enter_posts_row_activated() -> None:
    app = TableApp(make_rows(10))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        activated = [m.key for m in app.messages if isinstance(m, ResourceTable.RowActivated)]
        assert activated == ["job-000001"]


async def test_narrow_terminal_truncates_with_ellipsis() -> None:
    long_name = "a-very-long-training-job-name-that-cannot-possibly-fit-" * 2
    row = TableRow(
        long_name, (long_name, ("Completed", "ok"), "x", "y", "1"), (long_name,), long_name
    )
    app = TableApp([row])
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table = app.table
        text = line(table, 1)
        assert "…" in text and len(text) == table.scrollable_content_region.width
        assert "Completed" in text or "Complet…" in text
        assert table.render_line(1).cell_length == table.scrollable_content_region.width


async def test_rows_set_before_mount_and_columns_changed_later() -> None:
    table = ResourceTable(COLUMNS)
    table.set_rows(make_rows(5))
    table.sort_by(1, reverse=True)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield table

    async with Host().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert table.row_count == 5 and "STATUS ▼" in line(table, 0)
        table.set_columns(COLUMNS[:1])
        await pilot.pause()
        assert table.index.sort_column is None
        assert line(table, 0).strip() == "NAME"


async def test_role_and_zebra_styles_come_from_component_classes() -> None:
    table = ResourceTable(COLUMNS, zebra_stripes=True)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield table

    async with Host().run_test(size=(80, 24)) as pilot:
        table.set_rows(make_rows(4))
        await pilot.pause()

        def style_of(y: int, text: str):  # type: ignore[no-untyped-def]
            return next(s.style for s in table.render_line(y) if text in s.text)

        error = table.get_component_rich_style("resource-table--role-error")
        assert style_of(2, "Failed").color == error.color
        assert style_of(2, "job-000001").color != error.color
        assert style_of(2, "job-000001").bgcolor != style_of(3, "job-000002").bgcolor  # zebra
        cursor = table.get_component_rich_style("resource-table--cursor")
        assert style_of(1, "Completed").bgcolor == cursor.bgcolor


async def test_resize_relayouts_flex_column() -> None:
    app = TableApp(make_rows(30))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        narrow = line(table, 0).index("STATUS")
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert line(table, 0).index("STATUS") == narrow + 40
        assert len(line(table, 1)) == table.scrollable_content_region.width


async def test_an_unplaced_cursor_stays_on_top_as_rows_arrive_above_it() -> None:
    """Rows of a second source (or a later page) sorting above the first: the cursor
    nobody moved stays on the top row; once moved, it keeps its row's key."""
    app = TableApp(make_rows(10))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.sort_by(0, reverse=True)
        await pilot.pause()
        first = table.cursor_key
        table.upsert_rows([make_row(i, prefix="src2") for i in range(30)])
        await pilot.pause()
        assert table.cursor_position == 0 and table.cursor_key != first
        assert table.scroll_offset.y == 0
        await pilot.press("down")
        placed = table.cursor_key
        table.upsert_rows([make_row(i, prefix="src3") for i in range(5)])
        await pilot.pause()
        assert table.cursor_key == placed and table.cursor_position > 1

"""Large sets sort and filter in a worker thread: the loop keeps handling keys, the
header says "sorting…"/"filtering…", stale results are dropped, rows that arrive
meanwhile are kept, and the cursor stays on its key.

The threshold is lowered (3,000 rows, threshold 500) so the tests stay fast, and every
computation is held at a gate until the test has checked the screen while it runs:
no timing is asserted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from textual.app import App, ComposeResult

from smtui.services import table_index
from smtui.services.table_index import RowIndex, TableRow, ViewJob, ViewResult
from smtui.ui.widgets.resource_table import ResourceTable
from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.ui.test_resource_table import COLUMNS, make_row

pytestmark = pytest.mark.ui

ROWS = 3_000
THRESHOLD = 500


class Gate:
    """Holds `compute_view` calls in their worker thread until opened."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started = 0
        self.threads: set[int] = set()
        self.finished: list[int] = []

    def __call__(self, job: ViewJob, cancelled=None) -> ViewResult:  # type: ignore[no-untyped-def]
        self.started += 1
        self.threads.add(threading.get_ident())
        assert self.open.wait(10), "gate never opened"
        result = real_compute_view(job, cancelled)
        self.finished.append(job.generation)
        return result


real_compute_view = table_index.compute_view


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    monkeypatch.setattr(table_index, "compute_view", gate)
    yield gate
    gate.open.set()  # never leave a worker thread waiting


def shuffled_row(i: int) -> TableRow:
    # Names in a scrambled order, so sorting by NAME really moves rows.
    row = make_row((i * 7919) % ROWS)
    return TableRow(
        f"{row.key}-{i}", row.cells, (f"{row.key}-{i}", *row.sort_values[1:]), row.search_text
    )


class BigApp(App[None]):
    def __init__(self, rows: list[TableRow]) -> None:
        super().__init__()
        self.initial = rows
        self.ready = 0

    def compose(self) -> ComposeResult:
        yield ResourceTable(COLUMNS, id="table", async_threshold=THRESHOLD)

    def on_mount(self) -> None:
        self.table.set_rows(self.initial)
        self.table.focus()

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    def on_resource_table_view_ready(self) -> None:
        self.ready += 1


def visible(table: ResourceTable) -> list[str]:
    return [table.index.key_at(i) for i in range(table.row_count)]


def expected(rows: list[TableRow], column: int | None, reverse: bool, needle: str) -> list[str]:
    index = RowIndex()  # the synchronous path
    index.replace(rows)
    index.set_sort(column, reverse)
    index.set_filter(needle)
    return [index.key_at(i) for i in range(len(index))]


async def test_sort_runs_in_a_thread_while_keys_are_handled(gate: Gate) -> None:
    rows = [shuffled_row(i) for i in range(ROWS)]
    app = BigApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.press("down", "down", "down")
        before = visible(table)
        assert table.cursor_key == before[3]

        await pilot.press("1")  # sort by NAME: held at the gate
        await wait_for(pilot, lambda: gate.started == 1)
        assert table.busy == "sorting" and table.view_pending
        assert "sorting…" in table.render_line(0).text
        assert visible(table) == before  # the previous order stays on screen
        # The loop is free: keys are handled while the sort runs.
        await pilot.press("down", "down")
        cursor = table.cursor_key
        assert cursor == before[5]
        # Rows arriving from a poll meanwhile: new, changed and removed.
        new = [make_row(i, prefix="new") for i in range(5)]
        changed = TableRow(before[10], ("changed",), ("aaa-first",), "changed")
        table.upsert_rows([*new, changed])
        table.remove_rows(before[20:25])
        rows_now = {r.key: r for r in rows}
        rows_now[changed.key] = changed
        for key in before[20:25]:
            del rows_now[key]
        rows_now.update((r.key, r) for r in new)
        assert threading.get_ident() not in gate.threads

        gate.open.set()
        await wait_for(pilot, lambda: not table.view_pending and not table.index.computing)
        assert visible(table) == expected(list(rows_now.values()), 0, False, "")
        assert visible(table)[0] == changed.key
        assert table.cursor_key == cursor  # kept on its key, wherever it went
        assert table.cursor_position == table.index.position_of(cursor)
        assert table.busy == "" and "sorting…" not in table.render_line(0).text
        assert "NAME ▲" in table.render_line(0).text
        assert app.ready >= 1


async def test_newer_filter_supersedes_older_ones(gate: Gate) -> None:
    rows = [shuffled_row(i) for i in range(ROWS)]
    app = BigApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        table.move_cursor_to_key(rows[7].key)  # status "failed" (see make_row)
        table.set_selected([rows[7].key, rows[11].key])
        table.set_filter("f")
        await wait_for(pilot, lambda: gate.started == 1)
        assert table.busy == "filtering"
        assert "filtering…" in table.render_line(0).text
        table.set_filter("fa")
        table.set_filter("fai")  # each keystroke supersedes the computation before it
        await wait_for(pilot, lambda: gate.started == 3)
        assert table.row_count == ROWS  # still the unfiltered rows
        gate.open.set()
        await wait_for(pilot, lambda: not table.view_pending and not table.index.computing)
        await pilot.pause()
        assert visible(table) == expected(rows, None, False, "fai")
        assert gate.finished == [3]  # the two older ones gave up
        assert app.ready == 1  # and only the newest result was applied
        assert table.cursor_key == rows[7].key
        assert table.selected_keys == {rows[7].key, rows[11].key}


async def test_small_sets_never_use_the_thread(gate: Gate) -> None:
    rows = [shuffled_row(i) for i in range(THRESHOLD)]
    app = BigApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.table
        await pilot.press("1")
        table.set_filter("failed")
        assert not table.view_pending and table.busy == ""
        assert visible(table) == expected(rows, 0, False, "failed")
        await pilot.pause()
        assert gate.started == 0


async def test_jobs_view_filter_typing_stays_responsive(sandbox, gate: Gate) -> None:
    from tests.ui.test_console import type_text

    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        table.async_threshold = 50  # 200 jobs count as a large set here
        await pilot.press("slash")
        await type_text(pilot, "fail")  # every keystroke is handled while computing
        await wait_for(pilot, lambda: table.index.filter_text == "fail" and gate.started >= 1)
        assert table.busy == "filtering"
        assert table.row_count == 200
        gate.open.set()
        await wait_for(pilot, lambda: not table.view_pending and not table.index.computing)
        await pilot.pause()
        keys = visible(table)
        assert 0 < len(keys) < 200
        assert all("fail" in table.index.get(k).search_text for k in keys)  # type: ignore[union-attr]
        title = str(app.screen.query_one("#view-title").render())
        assert f"[{len(keys)}/200]" in title and "filter: fail" in title

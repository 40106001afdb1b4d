"""A view of one resource kind: a live, filterable, sortable table polled in the background.

Polls run in a thread worker and re-arm only after they finished, so they never
overlap; a view that is not on screen does not poll (a modal over it does not count);
a failed poll keeps the last rows and shows the error above them.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from smtui.domain import timefmt
from smtui.services import gaps, refresh
from smtui.services.backend import Backend
from smtui.services.registry import Column, Item, ResourceKind
from smtui.services.table_index import TableRow
from smtui.ui import watching
from smtui.ui.screens import dynamic_columns
from smtui.ui.screens.base import ConsoleScreen
from smtui.ui.typeahead import focus_now, takes_text
from smtui.ui.widgets.info_header import InfoHeader
from smtui.ui.widgets.resource_table import ColumnSpec, ResourceTable
from smtui.ui.widgets.resource_table_events import RowActivated

ALL_TICKS = 10
"""Every this many ticks (seconds) the rows off screen that move with time are
re-rendered too (their durations as sort values); those on screen, every tick."""


class ResourceScreen(ConsoleScreen):
    DEFAULT_CSS = """
    ResourceScreen #view-title { height: 1; background: $boost; padding: 0 1; text-style: bold; }
    ResourceScreen #view-summary { height: auto; padding: 0 1; display: none; }
    ResourceScreen #view-summary.-shown { display: block; }
    ResourceScreen #view-banner { height: auto; max-height: 3; padding: 0 1; display: none; }
    ResourceScreen #view-banner.-error { display: block; color: $error; }
    ResourceScreen #view-banner.-stale { display: block; color: $warning; }
    ResourceScreen ResourceTable { height: 1fr; }
    ResourceScreen #filter { height: 1; border: none; padding: 0 1; display: none; }
    ResourceScreen #filter.-open { display: block; }
    """
    BINDINGS = [
        # priority: the box opens before the keys typed after `/` are dispatched
        Binding("slash", "filter", "Filter", id="view.filter", priority=True),
        Binding("p", "pause", "Pause", id="view.pause"),
        Binding("ctrl+r", "refresh_now", "Refresh", id="view.refresh"),
        Binding("escape", "back", "Back", id="view.back", show=False),
        Binding("d", "describe", "Describe", id="view.describe", show=False),
        Binding("w", "watch", "Watch", id="view.watch"),
        Binding("c", "compare", "Compare", id="view.compare"),
        Binding("v", "columns", "Columns", id="view.columns"),
    ]

    class BatchArrived(Message):
        def __init__(self, batch: refresh.Batch, generation: int) -> None:
            super().__init__()
            self.batch = batch
            self.generation = generation

    class PollEnded(Message):
        def __init__(self, generation: int) -> None:
            super().__init__()
            self.generation = generation

    class RowsEnriched(Message):
        def __init__(self, items: list[tuple[str, Item]], generation: int) -> None:
            super().__init__()
            self.items = items
            self.generation = generation

    class EnrichEnded(Message):
        def __init__(self, gaps: tuple[str, ...] = ()) -> None:
            super().__init__()
            self.gaps = gaps
            """What this round could not fetch (a denied describe), for the banner."""

    def __init__(
        self, backend: Backend, kind: ResourceKind, params: dict[str, Any], label: str
    ) -> None:
        super().__init__(backend, kind)
        self.params = params
        self.label = label
        self.items: dict[str, Item] = {}
        self._ticking: set[str] = set()
        self._ticks = 0
        self.error: Any = None
        self._generation = 0
        self._polling = False
        self._last_full_pass: datetime | None = None
        self._timer: Timer | None = None
        self._loaded = False
        self.gaps: tuple[str, ...] = ()
        """What the last complete poll could not read (smtui/services/gaps.py)."""
        self._enrich_gaps: tuple[str, ...] = ()
        """What the last enrichment round could not fetch."""
        self._enriched = refresh.Enriched()
        self._enriching = False
        self._enrich_again: bool | str = False
        self._enriched_view: tuple[str, ...] = ()
        self._settling_view: tuple[str, ...] = ()
        self.extra_columns: list[str] = []
        """Optional columns shown (``kind.dynamic_columns``), see ui/screens/dynamic_columns."""

    @property
    def interval(self) -> float:
        return self.backend.settings.refresh_interval

    def compose_body(self) -> ComposeResult:
        yield Static("", id="view-title", markup=False)
        yield Static("", id="view-summary", markup=False)
        yield Static("", id="view-banner", markup=False)
        yield ResourceTable(id="table")
        yield Input(placeholder="filter rows (esc clears)", id="filter")

    @property
    def table(self) -> ResourceTable:
        return self.query_one(ResourceTable)

    def on_mount(self) -> None:
        self.table.set_columns(
            [
                ColumnSpec(
                    c.label,
                    c.width,
                    flex=c.flex,
                    justify=c.justify,
                    priority=c.priority,
                    name=c.name,
                )
                for c in self._columns()
            ]
        )
        sort = self._default_sort()
        if sort is not None:
            self.table.sort_by(*sort)
        self.table.set_empty_message(self.kind.loading_message)
        self.table.focus()
        self.set_interval(1.0, self._tick)
        self._update_title()
        self.start_poll()

    def _columns(self) -> tuple[Column, ...]:
        return self.kind.columns

    def _default_sort(self) -> tuple[int, bool] | None:
        return self.kind.default_sort

    # --- polling -----------------------------------------------------------------
    @property
    def on_screen(self) -> bool:
        stack = self.app.screen_stack
        if stack and stack[-1] is self:
            return True
        return len(stack) >= 2 and stack[-2] is self and isinstance(stack[-1], ModalScreen)

    def start_poll(self) -> None:
        if self._polling or self.paused or not self.on_screen:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._polling = True
        self._poll(self._generation, self._since())

    def _since(self) -> datetime | None:
        """Changes since the last good poll (minus a margin), or None for a full pass:
        the first one, after an error, and every FULL_PASS_SECONDS."""
        if self.kind.list_changed is None or self.error is not None:
            return None
        return refresh.changes_since(self.last_refresh, self._last_full_pass, self.backend.clock())

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self, generation: int, since: datetime | None = None) -> None:
        worker = get_current_worker()
        try:
            for batch in refresh.poll(
                self.kind,
                self.backend.clients,
                self.params,
                cancelled=lambda: worker.is_cancelled,
                now=self.backend.clock,
                enriched=self._enriched,
                since=since,
            ):
                if worker.is_cancelled:
                    return
                self.post_message(self.BatchArrived(batch, generation))
        finally:
            self.post_message(self.PollEnded(generation))

    @on(BatchArrived)
    def _apply(self, message: BatchArrived) -> None:
        batch = message.batch
        if message.generation != self._generation:
            return
        if batch.error is not None:
            self.error = batch.error
            self.backend.note(batch.error)
        else:
            self.items.update((self.kind.key(i), i) for i in batch.items)
            self._upsert(batch.rows)
            watching.observe(
                self.app,
                self.backend,
                self.kind,
                zip((r.key for r in batch.rows), batch.items, strict=True),
            )
            gone = [k for k in batch.removed if k in self.items]
            if batch.seen is not None:
                gone = [k for k in self.items if k not in batch.seen]
                self._last_full_pass = batch.at
            if batch.done:
                for key in gone:
                    del self.items[key]
                self.table.remove_rows(gone)
                self.error = None
                self.gaps = batch.gaps
                self.backend.note(None)
                self.last_refresh = batch.at
                self.is_stale = False  # fresh now, whatever the last tick computed
                self._loaded = True
        if self._loaded or batch.error is not None:
            self.table.set_empty_message(self._empty_message())
        self._update_title()
        self.refresh_actions()
        self.app.call_later(self._refresh_header)

    def _refresh_header(self) -> None:
        for header in self.query(InfoHeader):
            header.update_info()

    @on(PollEnded)
    def _ended(self, message: PollEnded) -> None:
        if message.generation != self._generation:
            return
        self._polling = False
        if not self.paused:
            self._timer = self.set_timer(self.interval, self.start_poll)
        self._start_enrich(live=True)

    def on_screen_resume(self) -> None:
        self.start_poll()

    def clean_view(self) -> None:
        """The filter bar closes; a filter still applied stays in the title (esc clears)."""
        box = self.query_one("#filter", Input)
        box.remove_class("-open")
        self.table.focus()
        self._update_title()

    def after_action(self) -> None:
        self.action_refresh_now()

    def _tick(self) -> None:
        """Re-render the rows whose cells move with time alone (running durations)."""
        self.is_stale = (
            self.last_refresh is None
            or (self.backend.clock() - self.last_refresh > timedelta(seconds=2 * self.interval + 5))
            or self.error is not None
        )
        if not self.on_screen:
            return
        now = self.backend.clock()
        items = self.items
        self._ticking.intersection_update(items)  # rows removed since
        visible = self._visible_keys()
        # Rows on screen every second; the others (their sort values) every ALL_TICKS.
        self._ticks += 1
        keys = (
            self._ticking if self._ticks % ALL_TICKS == 0 else self._ticking.intersection(visible)
        )
        rows = [self._row_for(k, items[k], now) for k in keys]
        if rows:
            self._upsert(rows)
        self._update_banner()
        if self._loaded and visible != self._enriched_view:
            # Scrolled, filtered or sorted: new rows on screen. Once they stay for a tick,
            # so scrolling through (or typing a filter over) many rows describes none.
            if visible == self._settling_view:
                self._start_enrich(live=False)
            self._settling_view = visible

    # --- enrichment and watching --------------------------------------------------
    def _row_for(self, key: str, item: Item, now: datetime) -> TableRow:
        """The row of ``item`` (stored under ``key``); a merged view adds its source."""
        return self.kind.row(item, now)

    def _track_ticking(self, rows: list[TableRow]) -> None:
        """Keep the keys of the rows whose cells move with time (the tick re-renders
        those, not a scan of every item: 100,000 jobs hold a few hundred running)."""
        for row in rows:
            item = self.items.get(row.key)
            if item is not None and self.kind.ticking(item):
                self._ticking.add(row.key)
            else:
                self._ticking.discard(row.key)

    def _upsert(self, rows: list[TableRow]) -> None:
        """Rows into the table, watched ones marked."""
        self._track_ticking(rows)
        rows = self._optional_cells(rows)
        watched = self.backend.watch.keys(self.kind) if len(self.backend.watch) else set()
        if watched:
            rows = [_marked(r) if r.key in watched else r for r in rows]
        self.table.upsert_rows(rows)

    def _optional_cells(self, rows: list[TableRow]) -> list[TableRow]:
        """``rows`` with the cells of the optional columns chosen (ui/screens/dynamic_columns)."""
        return dynamic_columns.rows_for(self, rows)

    def _visible_keys(self) -> tuple[str, ...]:
        table = self.table
        index = table.index
        top = int(table.scroll_offset.y)
        height = max(1, table.scrollable_content_region.height - 1)
        return tuple(index.key_at(p) for p in range(top, min(top + height, len(index))))

    def _start_enrich(self, *, live: bool) -> None:
        """Describe the rows on screen (and, after a poll, the live ones) whose version
        changed, in a worker: cells show "…" until it is done."""
        if self.kind.enrichment is None or not self.on_screen:
            return
        if self._enriching:
            self._enrich_again = self._enrich_again or live or "visible"
            return
        visible = self._visible_keys()
        self._enriched_view = visible
        items = self.items if live else {k: self.items[k] for k in visible if k in self.items}
        plan = refresh.enrichment_plan(self.kind, items, visible, self._enriched)
        if not plan:
            return
        self._enriching = True
        self._enrich(plan, self._generation)

    @work(thread=True, exclusive=True, group="enrich", exit_on_error=False)
    def _enrich(self, plan: list[Item], generation: int) -> None:
        worker = get_current_worker()
        pending: list[tuple[str, Item]] = []
        last = time.monotonic()
        missing: list[gaps.Gap] = []
        try:
            for key, item in gaps.pages(
                refresh.enrich(
                    self.kind,
                    self.backend.clients,
                    plan,
                    self._enriched,
                    self.backend.cache,
                    cancelled=lambda: worker.is_cancelled,
                ),
                missing,
            ):
                pending.append((key, item))
                if time.monotonic() - last > 0.2:
                    self.post_message(self.RowsEnriched(pending, generation))
                    pending, last = [], time.monotonic()
            if pending:
                self.post_message(self.RowsEnriched(pending, generation))
        finally:
            self.post_message(self.EnrichEnded(tuple(map(str, missing))))

    @on(RowsEnriched)
    def _enriched_rows(self, message: RowsEnriched) -> None:
        if message.generation != self._generation:
            return
        now = self.backend.clock()
        rows = []
        for key, item in message.items:
            if key in self.items:
                self.items[key] = item
                rows.append(self._row_for(key, item, now))
        if rows:
            self._upsert(rows)
            self.refresh_actions()

    @on(EnrichEnded)
    def _enrich_ended(self, message: EnrichEnded) -> None:
        self._enriching = False
        if message.gaps != self._enrich_gaps:
            self._enrich_gaps = message.gaps
            self._update_banner()
        again, self._enrich_again = self._enrich_again, False
        if again:  # asked for while this round ran: rows scrolled to, or a poll ended
            self._start_enrich(live=again is True)

    def action_watch(self) -> None:
        """Watch the selected rows (or the cursor row) for status changes, or stop."""
        targets = self.action_targets()
        if self.kind.status is None or not targets:
            return
        now = time.monotonic()
        watched = [self.backend.watch.toggle(self.kind, k, i, now) for k, i in targets]
        names = ", ".join(k for k, _ in targets[:3]) + ("…" if len(targets) > 3 else "")
        verb = "Watching" if all(watched) else "Stopped watching" if not any(watched) else "Toggled"
        self.notify(f"{verb} {names}: a status change will be announced", title="Watch")
        clock = self.backend.clock()
        self._upsert([self._row_for(k, i, clock) for k, i in targets])

    # --- title, banner ---------------------------------------------------------
    def _empty_message(self) -> str:
        if self.error is not None and not self.items:
            return f"Could not load {self.kind.title.lower()}."
        if self.table.index.filter_text:
            return f"No rows match {self.table.index.filter_text!r}."
        return self.kind.empty_message

    def _update_title(self) -> None:
        shown, total = self.table.row_count, self.table.total_count
        count = f"{total}" if shown == total else f"{shown}/{total}"
        if not self._loaded and not total:
            count = "…" if self.error is None else "?"  # never "[0]" before a list arrived
        parts = [f"{self.kind.title}{self.label}", f"[{count}]"]
        if self.table.index.filter_text:
            parts.append(f"filter: {self.table.index.filter_text} (esc clears)")
        if self.paused:
            parts.append("PAUSED (p resumes)")
        self.query_one("#view-title", Static).update("  ".join(parts))
        self._update_banner()

    def _update_summary(self) -> None:
        """The kind's summary of the rows shown (``ResourceKind.summary``), e.g. totals."""
        if self.kind.summary is None:
            return
        index = self.table.index
        shown = [self.items[k] for k in map(index.key_at, range(len(index))) if k in self.items]
        box = self.query_one("#view-summary", Static)
        text = self.kind.summary(shown, self.backend.clock()) if self._loaded else ""
        box.update(text)
        box.set_class(bool(text), "-shown")

    def _update_banner(self) -> None:
        self._update_summary()
        banner = self.query_one("#view-banner", Static)
        banner.remove_class("-error", "-stale")
        banner.update("")
        if self.error is not None:
            since = (
                f" Showing rows from {timefmt.timestamp(self.last_refresh)}."
                if self.last_refresh
                else ""
            )
            explained = self.backend.explain(self.error)
            banner.update(f"⚠ {explained}.{since} Retrying every {self.interval:g}s.")
            banner.add_class("-error")
        elif self.is_stale and self._loaded and not self.paused:
            age = timefmt.age(self.last_refresh, self.backend.clock())
            banner.update(f"Data is stale: last refreshed {age} ago.")
            banner.add_class("-stale")
        elif self.gaps or self._enrich_gaps:  # the rows loaded, part could not be read
            banner.update(gaps.banner(self.gaps + self._enrich_gaps))
            banner.add_class("-stale")

    # --- keys ---------------------------------------------------------------------
    def action_targets(self) -> list[tuple[str, Item]]:
        # Only what the user can see: selected rows hidden by the filter are left alone.
        index = self.table.index
        keys = {k for k in self.table.selected_keys if index.position_of(k) is not None} or (
            {self.table.cursor_key} if self.table.cursor_key is not None else set()
        )
        return [(k, self.items[k]) for k in sorted(keys) if k in self.items]

    @on(ResourceTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self.refresh_actions()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "watch":
            return self.kind.status is not None
        if action == "compare":  # dimmed until two rows are marked
            if self.kind.compare is None:
                return False
            return True if len(self._marked_keys()) >= 2 else None
        if action == "columns":
            return self.kind.dynamic_columns is not None
        if action == "filter":  # in a text box `/` is a character
            return not takes_text(self.focused)
        return super().check_action(action, parameters)

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str:
        if action == "columns":
            where = [f":{k.name}" for k in self.backend.registry if k.dynamic_columns and k.listed]
            return (
                f"Columns: {self.kind.title.lower()} have fixed columns; v picks parameter and"
                f" metric columns in {', '.join(where) or 'views that have them'}"
            )
        if action == "compare":
            if self.kind.compare is None:
                return f"Compare: {self.kind.title.lower()} cannot be compared"
            return "Compare: mark two or more rows with space first"
        if action == "watch":
            return f"Watch: {self.kind.title.lower()} have no status to watch"
        return super().why_not(action, parameters)

    def current_item(self) -> Item | None:
        key = self.table.cursor_key
        return self.items.get(key) if key is not None else None

    @on(ResourceTable.RowActivated)
    def _open(self, message: RowActivated) -> None:
        if self.kind.enter != "detail":
            self.action_open_child(self.kind.enter)
        else:
            self.action_describe()

    def action_describe(self) -> None:
        item = self.current_item()
        if item is None or self.kind.describe is None:
            return
        from smtui.ui.screens.detail_screen import DetailScreen

        backend = self.source_of(None)[0]  # the row's own source (a merged view)
        self.app.push_screen(DetailScreen(backend, self.kind, item))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-open")
        box.cursor_position = len(box.value)
        focus_now(box)  # the keys typed right after `/` go here (ui/typeahead.py)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self.table.set_empty_message(self._empty_message())
        self._update_title()

    @on(ResourceTable.ViewReady)
    def _view_ready(self) -> None:
        """A large set's sort or filter, computed in a thread, is now shown."""
        self.table.set_empty_message(self._empty_message())
        self._update_title()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        """The box closes (the footer shows again); the filter stays, in the title."""
        self.query_one("#filter", Input).remove_class("-open")
        self._update_title()
        focus_now(self.table)
        typeahead = getattr(self.app, "typeahead", None)
        if typeahead is not None:
            typeahead.release()  # the keys typed after Enter go to the table

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_class("-open") or box.value:
            box.value = ""
            box.remove_class("-open")
            self.table.focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()

    def action_pause(self) -> None:
        self.paused = not self.paused
        if self.paused and self._timer is not None:
            self._timer.stop()
        if not self.paused:
            self.start_poll()
        self._update_title()

    def _marked_keys(self) -> list[str]:
        """Selected rows the user can see, in screen order."""
        index = self.table.index
        keys = [k for k in self.table.selected_keys if index.position_of(k) is not None]
        return sorted(keys, key=lambda k: index.position_of(k) or 0)

    def action_compare(self) -> None:
        keys = [k for k in self._marked_keys() if k in self.items]
        if self.kind.compare is None:
            return
        if len(keys) < 2:
            self.notify("Compare: mark two or more rows with space", severity="warning")
            return
        from smtui.ui.screens.compare_screen import CompareScreen

        items, backends = [self.items[k] for k in keys], [self.source_of(k)[0] for k in keys]
        self.app.push_screen(CompareScreen(self.backend, self.kind, items, backends))

    def action_columns(self) -> None:
        dynamic_columns.pick_columns(self)

    def reapply_rows(self) -> None:
        """Render every row again (the optional columns changed)."""
        now = self.backend.clock()
        self._upsert([self._row_for(k, i, now) for k, i in self.items.items()])

    def action_refresh_now(self) -> None:
        if self._polling:
            return
        self.start_poll()


def _marked(row: TableRow) -> TableRow:
    """The row with the watch marker before its first cell."""
    first = row.cells[0]
    if isinstance(first, tuple):
        marked: str | tuple[str, str] = (watching.MARKER + first[0], first[1])
    else:
        marked = watching.MARKER + first
    return replace(row, cells=(marked, *row.cells[1:]))

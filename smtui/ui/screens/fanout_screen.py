"""A view merging several sources (``--profile a,b --region x,y``).

Each source (one profile and region, smtui/services/sources.py) is polled in its own
thread worker and fails on its own: its error is named in the banner ("profile b
(us-east-1): ...") while the other sources' rows stay and keep refreshing. Rows carry
ACCOUNT and REGION cells and a key prefixed with their source; the detail screen,
actions, forms, editors, child views and links of a row use the row's own source
(its clients, action guard and audit context, describe cache). The next poll is armed
once every source's poll ended, so polls never overlap.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from textual import on, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from smtui.services import refresh, sources
from smtui.services.backend import AwsError, Backend
from smtui.services.registry import Column, Item, ResourceKind
from smtui.services.table_index import TableRow
from smtui.ui import watching
from smtui.ui.screens.resource_screen import ResourceScreen


class FanoutResourceScreen(ResourceScreen):
    class SourceBatch(Message):
        def __init__(self, batch: refresh.Batch, generation: int, index: int) -> None:
            super().__init__()
            self.batch = batch
            self.generation = generation
            self.index = index

    class SourcePollEnded(Message):
        def __init__(self, generation: int, index: int) -> None:
            super().__init__()
            self.generation = generation
            self.index = index

    class IdentitiesLoaded(Message):
        pass

    def __init__(
        self, backend: Backend, kind: ResourceKind, params: dict[str, Any], label: str
    ) -> None:
        super().__init__(backend, kind, params, label)
        assert backend.sources is not None
        self.fanout_sources = backend.sources
        self.source_list = list(self.fanout_sources)
        count = len(self.source_list)
        self.source_errors: dict[int, AwsError] = {}
        self._source_gaps: dict[int, tuple[str, ...]] = {}
        """Per source: what its last complete poll could not read (smtui/services/gaps.py)."""
        """Per source: the error of its last poll (cleared by its next good one)."""
        self._source_polls: set[int] = set()
        self._source_last: list[datetime | None] = [None] * count
        self._source_full: list[datetime | None] = [None] * count
        self._source_enriched = [refresh.Enriched() for _ in range(count)]
        self._source_of_key: dict[str, int] = {}
        self._identities_asked = False

    # --- routing: a row's own source -------------------------------------------------
    def source_of(self, key: str | None) -> tuple[Backend, str]:
        key = self.table.cursor_key if key is None else key
        found = self.fanout_sources.split(key) if key else None
        if found is None or found[0].backend is None:
            return self.backend, key or ""
        return found[0].backend, found[1]

    def _row_for(self, key: str, item: Item, now: datetime) -> TableRow:
        index = self._source_of_key.get(key)
        row = self.kind.row(item, now)
        return row if index is None else sources.source_row(self.source_list[index], row)

    def _optional_cells(self, rows: list[TableRow]) -> list[TableRow]:
        return rows  # no optional (dynamic) columns: a merged view's lead with the source

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "columns":
            return False
        return super().check_action(action, parameters)

    # --- mounting and identities --------------------------------------------------------
    def _columns(self) -> tuple[Column, ...]:
        return sources.merged_columns(self.kind, [s.region for s in self.source_list])

    def _default_sort(self) -> tuple[int, bool] | None:
        return sources.merged_sort(self.kind)

    @work(thread=True, group="identities", exclusive=True, exit_on_error=False)
    def _load_identities(self) -> None:
        if all(s.backend is None or s.backend.identity is not None for s in self.source_list):
            return
        for source in self.source_list:
            source.fetch_identity()
        self.post_message(self.IdentitiesLoaded())

    @on(IdentitiesLoaded)
    def _identities_loaded(self) -> None:
        self.reapply_rows()  # the ACCOUNT cells
        self._refresh_header()

    # --- polling: one worker per source -------------------------------------------------
    def start_poll(self) -> None:
        if self._source_polls or self.paused or not self.on_screen:
            return
        if not self._identities_asked:  # the ACCOUNT column; again when a source recovers
            self._identities_asked = True
            self._load_identities()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._polling = True
        generation = self._generation
        for index in range(len(self.source_list)):
            self._source_polls.add(index)
            since = self._source_since(index)
            self.run_worker(
                lambda i=index, s=since: self._poll_source(i, generation, s),
                thread=True,
                group=f"poll-source-{index}",
                exclusive=True,
                exit_on_error=False,
            )

    def _source_since(self, index: int) -> datetime | None:
        """As ResourceScreen._since, for one source."""
        if self.kind.list_changed is None or index in self.source_errors:
            return None
        return refresh.changes_since(
            self._source_last[index], self._source_full[index], self.backend.clock()
        )

    def _poll_source(self, index: int, generation: int, since: datetime | None) -> None:
        worker = get_current_worker()
        source = self.source_list[index]
        now = source.backend.clock if source.backend is not None else self.backend.clock
        try:
            for batch in sources.poll(
                self.kind,
                source,
                self.params,
                cancelled=lambda: worker.is_cancelled,
                now=now,
                enriched=self._source_enriched[index],
                since=since,
            ):
                if worker.is_cancelled:
                    return
                self.post_message(self.SourceBatch(batch, generation, index))
        finally:
            self.post_message(self.SourcePollEnded(generation, index))

    @on(SourceBatch)
    def _apply_source(self, message: SourceBatch) -> None:
        batch, index = message.batch, message.index
        if message.generation != self._generation:
            return
        source = self.source_list[index]
        if batch.error is not None:
            self.source_errors[index] = batch.error
            if source.backend is not None:
                source.backend.note(batch.error)
        else:
            keys = [r.key for r in batch.rows]
            for key in keys:
                self._source_of_key[key] = index
            self.items.update(zip(keys, batch.items, strict=True))
            self._upsert(batch.rows)
            watching.observe(self.app, self.backend, self.kind, zip(keys, batch.items, strict=True))
            gone = [k for k in batch.removed if k in self.items]
            if batch.seen is not None:
                gone = [
                    k
                    for k, i in self._source_of_key.items()
                    if i == index and k not in batch.seen and k in self.items
                ]
                self._source_full[index] = batch.at
            if batch.done:
                for key in gone:
                    del self.items[key]
                    self._source_of_key.pop(key, None)
                self.table.remove_rows(gone)
                self.source_errors.pop(index, None)
                self._source_gaps[index] = tuple(f"{source.label}: {g}" for g in batch.gaps)
                self.gaps = tuple(g for found in self._source_gaps.values() for g in found)
                if source.backend is not None:
                    source.backend.note(None)
                self._source_last[index] = batch.at
                if source.backend is not None and source.backend.identity is None:
                    self._load_identities()  # it works now: its account for the column
                self.last_refresh = batch.at
                self.is_stale = False
                self._loaded = True
        self.error = next(iter(self.source_errors.values()), None)
        if self._loaded or batch.error is not None:
            self.table.set_empty_message(self._empty_message())
        self._update_title()
        self.refresh_actions()
        self.app.call_later(self._refresh_header)

    @on(SourcePollEnded)
    def _source_ended(self, message: SourcePollEnded) -> None:
        if message.generation != self._generation:
            return
        self._source_polls.discard(message.index)
        if self._source_polls:
            return
        self._polling = False
        if not self.paused:
            self._timer = self.set_timer(self.interval, self.start_poll)
        self._start_enrich(live=True)

    # --- enrichment: each source's rows with that source's clients and cache ------------
    def _start_enrich(self, *, live: bool) -> None:
        if self.kind.enrichment is None or not self.on_screen:
            return
        if self._enriching:
            self._enrich_again = self._enrich_again or live or "visible"
            return
        visible = self._visible_keys()
        self._enriched_view = visible
        plans: list[tuple[int, list[Item]]] = []
        for index, source in enumerate(self.source_list):
            prefix = source.key("")
            own = {
                k[len(prefix) :]: i
                for k, i in self.items.items()
                if self._source_of_key.get(k) == index
            }
            seen = [k[len(prefix) :] for k in visible if self._source_of_key.get(k) == index]
            pool = own if live else {k: own[k] for k in seen if k in own}
            plan = refresh.enrichment_plan(self.kind, pool, seen, self._source_enriched[index])
            if plan and source.backend is not None:
                plans.append((index, plan))
        if not plans:
            return
        self._enriching = True
        self._enrich_sources(plans, self._generation)

    @work(thread=True, exclusive=True, group="enrich", exit_on_error=False)
    def _enrich_sources(self, plans: list[tuple[int, list[Item]]], generation: int) -> None:
        worker = get_current_worker()
        pending: list[tuple[str, Item]] = []
        last = time.monotonic()
        try:
            for index, plan in plans:
                source = self.source_list[index]
                assert source.backend is not None
                for key, item in refresh.enrich(
                    self.kind,
                    source.backend.clients,
                    plan,
                    self._source_enriched[index],
                    source.backend.cache,
                    cancelled=lambda: worker.is_cancelled,
                ):
                    pending.append((source.key(key), item))
                    if time.monotonic() - last > 0.2:
                        self.post_message(self.RowsEnriched(pending, generation))
                        pending, last = [], time.monotonic()
            if pending:
                self.post_message(self.RowsEnriched(pending, generation))
        finally:
            self.post_message(self.EnrichEnded())

    def _tick(self) -> None:
        super()._tick()
        if self.error is not None and len(self.source_errors) < len(self.source_list):
            # Some sources answer: the view is fresh; the banner names the failing ones.
            age = self.backend.clock() - self.last_refresh if self.last_refresh else None
            self.is_stale = age is None or age > timedelta(seconds=2 * self.interval + 5)

    # --- banner: each failing source by name ---------------------------------------------
    def _update_banner(self) -> None:
        if not self.source_errors:
            super()._update_banner()
            return
        self._update_summary()
        banner = self.query_one("#view-banner", Static)
        banner.remove_class("-error", "-stale")
        lines = [
            f"⚠ {self.source_list[i].explain(error)}"
            for i, error in sorted(self.source_errors.items())
        ]
        ok = len(self.source_list) - len(self.source_errors)
        tail = f"{ok} of {len(self.source_list)} sources fine; the failing keep their last rows."
        more = f" (+{len(lines) - 2} more)" if len(lines) > 2 else ""
        banner.update("\n".join(lines[:2]) + f"{more} {tail} Retrying every {self.interval:g}s.")
        banner.add_class("-error")

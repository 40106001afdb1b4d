"""Say when a watched item changes status: a toast, and the terminal bell if enabled.

Views report the items they polled (``observe``); a small app-level poller refetches
the watched items no visible view polled for a refresh interval (one cheap call each,
in a thread worker, never two polls at once).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from smtui.services.backend import AwsError
from smtui.services.registry import Item, ResourceKind
from smtui.services.watch import StatusChange

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from smtui.services.backend import Backend

MARKER = "◉ "
"""Shown before the first cell of a watched row."""


def announce(app: App[Any], backend: Backend, changes: Iterable[StatusChange]) -> None:
    changes = list(changes)
    for change in changes:
        new = change.new.lower()
        severity: SeverityLevel = (
            "error" if "fail" in new else "warning" if "stop" in new else "information"
        )
        app.notify(
            change.message,
            title=f"Watched: {change.kind.title.lower()}",
            severity=severity,
            timeout=20,
            markup=False,
        )
    if changes and backend.settings.bell:
        app.bell()


def observe(
    app: App[Any], backend: Backend, kind: ResourceKind, items: Iterable[tuple[str, Item]]
) -> None:
    if kind.status is None or not len(backend.watch):
        return
    announce(app, backend, backend.watch.observe(kind, items, time.monotonic()))


class WatchPoller:
    """Refetch watched items nobody polled lately, every refresh interval."""

    def __init__(self, app: App[Any], backend: Backend) -> None:
        self.app = app
        self.backend = backend
        self.running = False

    def start(self) -> None:
        self.app.set_interval(self.backend.settings.refresh_interval, self.tick)

    def tick(self) -> None:
        if self.running or not len(self.backend.watch):
            return
        due = self.backend.watch.due(self.backend.settings.refresh_interval, time.monotonic())
        if not due:
            return
        self.running = True
        self.app.run_worker(
            lambda: self._refetch(due), thread=True, group="watch", exit_on_error=False
        )

    def _refetch(self, due: list[Any]) -> None:
        try:
            for entry in due:
                kind = entry.kind
                if kind.refetch is None:
                    continue
                clients = self.backend.clients
                sources = self.backend.sources
                found = sources.split(entry.key) if sources is not None else None
                if found is not None and found[0].backend is not None:
                    clients = found[0].backend.clients  # a merged view's row: its own source
                try:
                    item = kind.refetch(clients, entry.item)
                except (AwsError, Exception):  # shown by the views; retried next interval
                    continue
                self.app.call_from_thread(
                    observe, self.app, self.backend, kind, [(entry.key, item)]
                )
        finally:
            self.running = False

"""One triage monitor per console (per clients): collects, hides acknowledged findings,
and hands new ones to the notifications (toasts via ``take_alerts``, the webhook).

Over several sources (``--profile a,b --region x,y``) each source has its own monitor
and its own store (state file): an acknowledgement in one account never hides the
same-named finding in another, and the sources' saves do not overwrite each other.
smtui/commands/fanout.py makes them (``monitor_for(..., store=...)``) and registers
them (``use_sources``) for the view's summary; one source keeps ``triage.json``."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from smtui.domain import triage as rules
from smtui.services.settings import Settings
from smtui.services.triage.collect import SOURCES, Collection, collect
from smtui.services.triage.store import TriageStore
from smtui.services.triage.webhook import WebhookSender


class TriageMonitor:
    def __init__(
        self,
        thresholds: rules.Thresholds,
        budget: float = 0.0,
        *,
        where: str = "",
        store: TriageStore | None = None,
        sender: WebhookSender | None = None,
    ) -> None:
        self.thresholds = thresholds
        self.budget = budget
        self.where = where
        self.store = store or TriageStore()
        self.sender = sender or WebhookSender(thresholds.webhook_interval)
        self.last: Collection | None = None
        self.hidden = 0
        """Acknowledged findings the last collection hid."""
        self.acknowledged: list[rules.Finding] = []
        """Those findings, marked acknowledged (``:triage all`` shows them)."""
        self.collections = 0
        self.collected_at: float | None = None
        """Monotonic time of the last collection."""
        self._known: dict[str, tuple[list[rules.Finding], datetime]] = {}
        """Per source label: what it found when it was last read, and when."""
        self._pending: list[rules.Finding] = []
        self._lock = threading.Lock()
        self.listener: Callable[[], object] | None = None
        """Called (in the collecting thread) when a collection added alerts."""

    def collect(self, clients: Any, now: Any) -> Collection:
        """Collect now (in a worker thread); the visible findings, ranked."""
        with self._lock:
            result = self._carry(collect(clients, now, self.thresholds, self.budget), now)
            if result.complete:
                self.store.prune(result.findings)
            visible = self.store.acks.visible(result.findings)
            fresh = self.store.fresh(visible)
            self.store.save()
            th = self.thresholds
            self._pending.extend(f for f in fresh if rules.at_or_above(f.severity, th.notify))
            self.sender.offer(
                [f for f in fresh if rules.at_or_above(f.severity, th.webhook_severity)]
            )
            self.sender.flush(time.monotonic(), self.where, now.timestamp())
            self.hidden = len(result.findings) - len(visible)
            self.acknowledged = self.store.acks.hidden(result.findings)
            self.last = replace(result, findings=visible)
            self.collections += 1
            self.collected_at = time.monotonic()
            alerts = bool(self._pending)
        if alerts and self.listener is not None:
            try:
                self.listener()
            except RuntimeError:  # the console is gone (or this is its own thread)
                pass
        return self.last

    def _carry(self, result: Collection, now: datetime) -> Collection:
        """A source that could not be read keeps what it found when it last was, marked
        stale (``read_at``), instead of dropping it: a failed refresh is never "nothing
        wrong"."""
        by_source: dict[str, list[rules.Finding]] = {}
        for f in result.findings:
            by_source.setdefault(result.origin.get(f.id, ""), []).append(f)
        kept: list[rules.Finding] = []
        origin = dict(result.origin)
        for label in result.failed:
            old, read_at = self._known.get(label, ([], now))
            for f in old:
                if f.id not in origin:
                    kept.append(replace(f, read_at=f.read_at or read_at))
                    origin[f.id] = label
        for label in SOURCES:
            if label not in result.failed:
                self._known[label] = (by_source.get(label, []), now)
        if not kept:
            return result
        return replace(result, findings=rules.ranked(result.findings + kept), origin=origin)

    def acknowledge(self, findings: list[rules.Finding]) -> None:
        with self._lock:
            self.store.acknowledge(findings)

    def unacknowledge(self, findings: list[rules.Finding]) -> None:
        """Show them again (and announce them again only if they change)."""
        with self._lock:
            for f in findings:
                self.store.acks.unacknowledge(f)
            self.store.save()

    def take_alerts(self) -> list[rules.Finding]:
        """New findings at or above the ``notify`` severity since the last call."""
        with self._lock:
            out, self._pending = self._pending, []
            return out


_MONITORS: weakref.WeakKeyDictionary[Any, TriageMonitor] = weakref.WeakKeyDictionary()
_LATEST: list[TriageMonitor] = []
_LOCK = threading.Lock()


def monitor_for(
    clients: Any, settings: Settings, *, store: TriageStore | None = None
) -> TriageMonitor:
    """The console's monitor (created on first use with the settings' thresholds and
    ``store``: default the state dir's ``triage.json``)."""
    with _LOCK:
        found = _MONITORS.get(clients)
        if found is None:
            where = " ".join(str(x) for x in (getattr(clients, "profile", ""), clients.region) if x)
            found = _MONITORS[clients] = TriageMonitor(
                rules.thresholds_from(settings.triage),
                settings.monthly_budget,
                where=where,
                store=store,
            )
        if _SOURCES and all(m is not found for _, m in _SOURCES):
            _SOURCES.clear()  # another console (of one source) runs now
        _LATEST[:] = [found]
        return found


def latest() -> TriageMonitor | None:
    with _LOCK:
        return _LATEST[0] if _LATEST else None


def store_for(clients: Any) -> TriageStore:
    """What the clients' console remembers (a source's own store over several sources;
    ``triage.json`` otherwise), for the CLI's ``smtui triage``."""
    with _LOCK:
        found = _MONITORS.get(clients)
    return found.store if found is not None else TriageStore()


_SOURCES: list[tuple[str, TriageMonitor]] = []


def use_sources(monitors: list[tuple[str, TriageMonitor]]) -> None:
    """(label, monitor) of each source of the console this process runs ([]: one)."""
    with _LOCK:
        _SOURCES[:] = list(monitors)


def sources() -> list[tuple[str, TriageMonitor]]:
    """The running console's (label, monitor) per source; [] with one source."""
    with _LOCK:
        return list(_SOURCES)

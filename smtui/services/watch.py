"""Watched items: the user marks some (a running job), the console says when their
primary status changes.

Pure bookkeeping: views report what they saw (``observe``); whatever nobody looked at
for an interval is ``due`` for a cheap refetch. Kept for the session only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from smtui.services.registry import Item, ResourceKind


@dataclass(slots=True)
class Watched:
    kind: ResourceKind
    key: str
    item: Item
    status: str
    seen_at: float
    """Monotonic time of the last observation."""


@dataclass(frozen=True, slots=True)
class StatusChange:
    kind: ResourceKind
    key: str
    old: str
    new: str

    @property
    def message(self) -> str:
        return f"{self.key}: {self.old} → {self.new}"


class WatchList:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Watched] = {}
        self._lock = threading.Lock()

    @staticmethod
    def watchable(kind: ResourceKind) -> bool:
        return kind.status is not None

    def toggle(self, kind: ResourceKind, key: str, item: Item, now: float) -> bool:
        """Watch the item, or stop watching it; returns whether it is watched now."""
        if kind.status is None:
            raise ValueError(f"{kind.title} cannot be watched: the kind has no status")
        with self._lock:
            if (kind.name, key) in self._entries:
                del self._entries[(kind.name, key)]
                return False
            self._entries[(kind.name, key)] = Watched(kind, key, item, kind.status(item), now)
            return True

    def is_watched(self, kind: ResourceKind, key: str) -> bool:
        return (kind.name, key) in self._entries

    def keys(self, kind: ResourceKind) -> set[str]:
        with self._lock:
            return {key for (name, key) in self._entries if name == kind.name}

    def observe(
        self, kind: ResourceKind, items: Iterable[tuple[str, Item]], now: float
    ) -> list[StatusChange]:
        """Record what a view saw; returns the watched items whose status changed."""
        if kind.status is None:
            return []
        changes: list[StatusChange] = []
        with self._lock:
            if not any(name == kind.name for name, _ in self._entries):
                return []
            for key, item in items:
                entry = self._entries.get((kind.name, key))
                if entry is None:
                    continue
                status = kind.status(item)
                if status != entry.status:
                    changes.append(StatusChange(kind, key, entry.status, status))
                entry.item, entry.status, entry.seen_at = item, status, now
        return changes

    def due(self, interval: float, now: float) -> list[Watched]:
        """Watched items no view observed for ``interval`` seconds, that can be refetched."""
        with self._lock:
            return [
                e
                for e in self._entries.values()
                if now - e.seen_at >= interval and e.kind.refetch is not None
            ]

    def __len__(self) -> int:
        return len(self._entries)

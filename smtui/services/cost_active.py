"""What the cost sweeps list, kept between sweeps: per job kind, the summaries of the
jobs running now or modified since the window's start.

The first sweep (and one every ``refresh.FULL_PASS_SECONDS``) lists them all: the running
ones and those modified since the window's start. Every other sweep lists only what
changed since the previous one (``LastModifiedTimeAfter``, less the views' margin
for clock skew), which is one short page on a quiet account: a job that did not change is still
what it was, and its cost grows with the clock in the ledger, not through an API call.
The full pass reconciles what an incremental one cannot see (a deleted job).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from smtui.aws import cost_sources as src
from smtui.aws.session import Clients
from smtui.services.refresh import changes_since

RUNNING = frozenset({"InProgress", "Stopping"})


class ActiveJobs:
    """The active set of one job kind (see the module docstring)."""

    def __init__(self, list_method: str, list_key: str, name_field: str, status_field: str):
        self.list_method = list_method
        self.list_key = list_key
        self.name_field = name_field
        self.status_field = status_field
        self.summaries: dict[str, dict[str, Any]] = {}
        self.listed_at: datetime | None = None
        self.full_at: datetime | None = None
        self.since: datetime | None = None

    def refresh(
        self,
        clients: Clients,
        since: datetime,
        now: datetime,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[dict[str, Any]] | None:
        """The kind's active summaries at ``now``; None when cancelled mid-way (the set
        is then left as it was)."""
        # As the views do (refresh.changes_since); a new window lists everything.
        after = changes_since(self.listed_at, self.full_at, now) if since == self.since else None
        full = after is None
        if after is None:
            listed = src.active_summaries(
                clients, self.list_method, self.list_key, since, cancelled=cancelled
            )
        else:
            listed = src.changed_summaries(
                clients, self.list_method, self.list_key, after, cancelled=cancelled
            )
        fresh = {str(s[self.name_field]): s for s in listed}
        if cancelled():
            return None
        if full:
            self.summaries = fresh
            self.full_at = now
        else:
            self.summaries.update(fresh)
        self.listed_at, self.since = now, since
        self._prune(since)
        return list(self.summaries.values())

    def _prune(self, since: datetime) -> None:
        """Forget jobs that ended before the window (a window that moved on: a new day)."""
        for name, s in list(self.summaries.items()):
            modified = s.get("LastModifiedTime")
            if str(s.get(self.status_field, "")) in RUNNING:
                continue
            if isinstance(modified, datetime) and modified < since:
                del self.summaries[name]

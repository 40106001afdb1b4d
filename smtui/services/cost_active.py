"""What the cost sweeps list, kept between sweeps: per job kind, the summaries of the
jobs running now or modified since the window's start.

The first sweep lists the jobs in every state that bills (InProgress and Stopping: a
stopping job still runs its instances) and those modified since the window's start, in
one listing filtered here (AWS applies MaxResults before StatusEquals,
API_ListTrainingJobs: a StatusEquals listing reads the whole history anyway). It is done
once per window (a day, or a month), bounded by the kind's longest possible run where
that is documented (domain.lifetimes). After it,
a full pass (every ``refresh.FULL_PASS_SECONDS``) lists only what was modified since the
window's start (the running jobs already known are kept until they end; the cost session
describes one that left the listing), and every other sweep lists
only what changed since the previous one (``LastModifiedTimeAfter``, less the views'
margin for clock skew), one short page on a quiet account: a job that did not change
is still what it was, and its cost grows with the clock in the ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from smtui.aws import cost_sources as src
from smtui.aws.session import Clients
from smtui.services.refresh import changes_since

RUNNING = frozenset({"InProgress", "Stopping"})
"""The states that bill: a Stopping job's instances run until it is Stopped."""


class ActiveJobs:
    """The active set of one job kind (see the module docstring)."""

    def __init__(
        self,
        list_method: str,
        list_key: str,
        name_field: str,
        status_field: str,
        lifetime: timedelta | None = None,
        running: frozenset[str] = RUNNING,
    ):
        self.list_method = list_method
        self.list_key = list_key
        self.name_field = name_field
        self.status_field = status_field
        self.lifetime = lifetime
        """The longest a job of the kind can run (None: not documented): a job running
        now was created within it, which bounds the one status listing."""
        self.running = running
        """The statuses kept in the set whatever their age (the cost: those that bill)."""
        self.scanned = False
        """The status listing was done (the running jobs since are known)."""
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
        # The status listing again for a new window (a new day): the running jobs kept
        # may have ended before it, where a listing of the window's changes cannot see.
        scan = full and (not self.scanned or since != self.since)
        if after is None:
            listed = src.active_summaries(
                clients,
                self.list_method,
                self.list_key,
                since,
                status_field=self.status_field,
                statuses=sorted(self.running) if scan else (),
                created_after=now - self.lifetime if scan and self.lifetime else None,
                cancelled=cancelled,
            )
        else:
            listed = src.changed_summaries(
                clients, self.list_method, self.list_key, after, cancelled=cancelled
            )
        fresh = {str(s[self.name_field]): s for s in listed}
        if cancelled():
            return None
        if full:
            # The running jobs known stay until a listing shows them ended (a full pass
            # after the first lists only what was modified in the window).
            kept = (
                {}
                if scan
                else {
                    n: v
                    for n, v in self.summaries.items()
                    if str(v.get(self.status_field)) in self.running
                }
            )
            self.summaries = {**kept, **fresh}
            self.full_at = now
            self.scanned = True
        else:
            self.summaries.update(fresh)
        self.listed_at, self.since = now, since
        self._prune(since)
        return list(self.summaries.values())

    def _prune(self, since: datetime) -> None:
        """Forget jobs that ended before the window (a window that moved on: a new day)."""
        for name, s in list(self.summaries.items()):
            modified = s.get("LastModifiedTime")
            if str(s.get(self.status_field, "")) in self.running:
                continue
            if isinstance(modified, datetime) and modified < since:
                del self.summaries[name]

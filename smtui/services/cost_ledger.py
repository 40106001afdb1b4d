"""The accrual ledger: every resource's :class:`~smtui.domain.cost.Charge`, kept current
by sweeps, read by the UI every second.

Reading is arithmetic on the charges (no API call): a running resource's figures grow
with the clock, and rates change only when a sweep brings new state. Thread-safe: sweeps
write from worker threads, the header and views read from the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from smtui.domain.cost import (
    Charge,
    Totals,
    add_totals,
    close,
    day_start,
    integrate,
    month_start,
    projection,
    totals,
)
from smtui.services.cost_places import is_unpriced


class Ledger:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._charges: dict[tuple[str, str], Charge] = {}
        self.updated_at: datetime | None = None
        """When a sweep last brought new state (None: never yet)."""
        self.since: datetime | None = None
        """The earliest start the sweeps have covered: totals before it are partial."""
        self._version = 0
        self._split: tuple[tuple[int, datetime, datetime], Totals, list[Charge]] | None = None
        """(version, day, month) -> totals of the charges that ended (they no longer
        change within that day), and the others: the header reads totals every second,
        and a month of jobs is tens of thousands of charges."""
        self._unpriced: tuple[int, int] | None = None
        """(version, how many charges have no price): counted once per sweep."""
        self._floor: tuple[datetime, datetime, float, float] | None = None
        """(month, when, today, month to date) of the latest totals read: what was shown."""

    def apply(
        self,
        charges: Iterable[Charge],
        at: datetime,
        *,
        covered: Iterable[str],
        since: datetime,
    ) -> None:
        """Fold one sweep in. ``covered``: the kinds it listed completely (a kind it could
        not list keeps its entries); open-ended resources of those kinds that it did not
        see any more (deleted, stopped) are billed until ``at``."""
        kinds = set(covered)
        with self._lock:
            seen: set[tuple[str, str]] = set()
            for charge in charges:
                key = (charge.kind, charge.key)
                seen.add(key)
                old = self._charges.get(key)
                self._charges[key] = integrate(old, charge, at) if old is not None else charge
            for key, charge in list(self._charges.items()):
                if key in seen or charge.kind not in kinds:
                    continue
                if charge.integrate and charge.running:
                    self._charges[key] = close(charge, at)
            if self.since is None or since < self.since:
                self.since = since
            self._prune(at, min(month_start(at), self.since))
            self.updated_at = at
            self._version += 1

    def _prune(self, now: datetime, cutoff: datetime) -> None:
        """Forget what ended before ``cutoff`` (this month, or an earlier start asked for):
        the views show today and this month."""
        for key, charge in list(self._charges.items()):
            if not charge.running and all(
                s.end is not None and s.until(now) <= cutoff for s in charge.segments
            ):
                del self._charges[key]

    def charges(self) -> list[Charge]:
        with self._lock:
            return list(self._charges.values())

    def unpriced_count(self) -> int:
        """Charges of resources without a price (their region has none): left out of the
        totals, said in the header. Counted again only after a sweep."""
        with self._lock:
            if self._unpriced is None or self._unpriced[0] != self._version:
                count = sum(1 for c in self._charges.values() if is_unpriced(c))
                self._unpriced = (self._version, count)
            return self._unpriced[1]

    def get(self, kind: str, key: str) -> Charge | None:
        with self._lock:
            return self._charges.get((kind, key))

    def totals(self, now: datetime) -> Totals:
        key = (self._version, day_start(now), month_start(now))
        with self._lock:
            if self._split is None or self._split[0] != key:
                ended: list[Charge] = []
                live: list[Charge] = []
                for c in self._charges.values():
                    done = not c.running and all(s.until(now) <= now for s in c.segments)
                    (ended if done else live).append(c)
                self._split = (key, totals(ended, now), live)
            _, settled, live = self._split
            return self._monotonic(add_totals(settled, totals(live, now), now), now)

    def _monotonic(self, t: Totals, now: datetime) -> Totals:
        """Today's and the month's accruals never go down within their day and month as
        the clock moves on: a job that completes is re-priced from its billable time,
        which can be a little less than the running figure already shown (it ran on to
        the sweep that saw it end); the shown figure stays (under the lock)."""
        floor = self._floor
        if floor is not None and now < floor[1]:
            return t  # an earlier moment asked for (not what the header shows next)
        today, month = t.today, t.month
        if floor is not None and floor[0] == month_start(now):
            month = max(month, floor[3])
            if day_start(floor[1]) == day_start(now):
                today = max(today, floor[2])
        self._floor = (month_start(now), now, today, month)
        if (today, month) == (t.today, t.month):
            return t
        return replace(
            t, today=today, month=month, projected=projection(month, t.burn_per_hour, now)
        )

    def __len__(self) -> int:
        return len(self._charges)

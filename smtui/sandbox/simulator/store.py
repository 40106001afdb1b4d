"""In-memory job store with the indexes ListTrainingJobs needs.

Kept orders (all ascending, so a page is a bisect plus a short walk):

* ``by_created`` -- (CreationTime, name); arrivals are always newer, so they append.
* ``by_name`` -- name; arrivals are inserted with ``bisect.insort``.
* ``static_by_status`` -- per final status, the jobs that were already terminal
  when the store was built.  Terminal jobs never change status again, so
  these lists never need re-sorting.  Everything else lives in ``dynamic``
  (small: running jobs at start plus arrivals) and is sorted per request.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

from .job import STATUS_ORDER, JobRecord


def created_key(job: JobRecord) -> tuple[float, str]:
    return (job.created, job.name)


def name_key(job: JobRecord) -> str:
    return job.name


class JobStore:
    def __init__(self, jobs: Iterable[JobRecord], now: float) -> None:
        self.by_created: list[JobRecord] = sorted(jobs, key=created_key)
        self.by_name: list[JobRecord] = sorted(self.by_created, key=name_key)
        self.names: dict[str, JobRecord] = {j.name: j for j in self.by_created}
        self.static_by_status: dict[str, list[JobRecord]] = {s: [] for s in STATUS_ORDER}
        self.dynamic: list[JobRecord] = []
        for job in self.by_created:
            if job.is_terminal(now):
                self.static_by_status[job.final_status].append(job)
            else:
                self.dynamic.append(job)

    def __len__(self) -> int:
        return len(self.by_created)

    def get(self, name: str) -> JobRecord | None:
        return self.names.get(name)

    def add(self, job: JobRecord) -> None:
        """Add a newly submitted job (its CreationTime is the newest)."""
        if self.by_created and created_key(job) < created_key(self.by_created[-1]):
            raise ValueError("arrivals must be added in creation order")
        self.by_created.append(job)
        bisect.insort(self.by_name, job, key=name_key)
        self.names[job.name] = job
        self.dynamic.append(job)

    # -- ordered walks ------------------------------------------------------
    def walk_created(
        self,
        descending: bool,
        after: tuple[float, str] | None,
        lo: float | None = None,
        hi: float | None = None,
    ) -> Iterator[JobRecord]:
        """Jobs in creation order strictly after the ``after`` key.

        ``lo``/``hi`` restrict to ``lo < CreationTime < hi`` using bisection,
        so CreationTimeAfter/Before filters cost O(log n).
        """
        seq = self.by_created
        start = 0 if lo is None else bisect.bisect_right(seq, lo, key=lambda j: j.created)
        stop = len(seq) if hi is None else bisect.bisect_left(seq, hi, key=lambda j: j.created)
        return _walk(seq, created_key, descending, after, start, stop)

    def walk_name(self, descending: bool, after: str | None) -> Iterator[JobRecord]:
        return _walk(self.by_name, name_key, descending, after, 0, len(self.by_name))

    def walk_status(
        self, status: str, now: float, descending: bool, after: tuple[float, str] | None
    ) -> Iterator[JobRecord]:
        """Jobs whose status at ``now`` is ``status``, in creation order."""
        static = self.static_by_status[status]
        dyn = sorted((j for j in self.dynamic if j.status(now) == status), key=created_key)
        a = _walk(static, created_key, descending, after, 0, len(static))
        b = _walk(dyn, created_key, descending, after, 0, len(dyn))
        return _merge(a, b, descending)


def _walk(seq: list, key, descending: bool, after, start: int, stop: int) -> Iterator:
    if after is not None:
        if descending:
            stop = min(stop, bisect.bisect_left(seq, after, key=key))
        else:
            start = max(start, bisect.bisect_right(seq, after, key=key))
    rng = range(stop - 1, start - 1, -1) if descending else range(start, stop)
    for i in rng:
        yield seq[i]


def _merge(a: Iterator[JobRecord], b: Iterator[JobRecord], descending: bool) -> Iterator[JobRecord]:
    """Merge two creation-ordered streams (heapq.merge without tuple overhead)."""
    x, y = next(a, None), next(b, None)
    while x is not None or y is not None:
        if y is None or (x is not None and ((created_key(x) > created_key(y)) == descending)):
            yield x  # type: ignore[misc]
            x = next(a, None)
        else:
            yield y
            y = next(b, None)

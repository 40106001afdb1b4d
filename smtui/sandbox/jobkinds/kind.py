"""What every simulated job kind shares: its store, List / Describe / Stop, and the rules.

A kind subclasses :class:`KindSim` with its status words, its ARN resource type and how a
job renders as the List summary and the Describe response of its API.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable
from typing import Any

from .record import KindJob, arn
from .store import JobIndex, Query, list_page


class JobNotFoundError(LookupError):
    """No job of this kind with that name."""


class JobStateError(RuntimeError):
    """The job is not in a status that allows the operation."""

    def __init__(self, name: str, status: str) -> None:
        super().__init__(f"{name} is {status}")
        self.status = status


class KindSim:
    kind = ""
    """Short name used by the area and the tests: processing, transform, ..."""
    noun = ""
    """As in error messages: "processing job"."""
    resource = ""
    """ARN resource type: processing-job, transform-job, ..."""
    primary: dict[str, str] = {}
    """Each phase word -> the API's status."""
    stoppable: frozenset[str] = frozenset({"InProgress"})
    stop_words: tuple[str, str] = ("Stopping", "Stopped")
    default_sort: tuple[str, str] = ("CreationTime", "Descending")

    def __init__(self, jobs: Iterable[KindJob], now: float) -> None:
        self._lock = threading.RLock()
        self.lock = self._lock
        """Held while a job is read or stopped (a stop rewrites its timeline)."""
        self.index = JobIndex(list(jobs), now, self.status)

    # -- per kind -----------------------------------------------------------------
    def status(self, job: KindJob, now: float) -> str:
        return self.primary[job.phase(now)]

    def modified(self, job: KindJob, now: float) -> float:
        """LastModifiedTime: the latest change visible at ``now``."""
        return job.starts[job.phase_index(now)]

    def summary(self, job: KindJob, now: float) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self, job: KindJob, now: float) -> dict[str, Any]:
        raise NotImplementedError

    def arn(self, job: KindJob) -> str:
        return arn(self.resource, job.name)

    def on_stop(self, job: KindJob, now: float) -> None:
        """What else a stop does (a tuning job stops its training jobs)."""

    log_group: str | None = None
    """The CloudWatch Logs group the kind writes to, if any (see logs.py)."""

    def log_streams(self, job: KindJob) -> list[tuple[str, float]]:
        """(stream name, creation time) of each stream the job writes."""
        return []

    def log_events(self, job: KindJob, stream: str) -> list[tuple[float, str]]:
        """Every (time, message) the job writes to ``stream``, also those after now."""
        return []

    # -- API ------------------------------------------------------------------------
    def list_jobs(self, query: Query, now: float) -> tuple[list[dict[str, Any]], str | None]:
        """Summaries for one page; raises store.InvalidTokenError."""
        with self._lock:
            page, token = list_page(self.index, query, now, self.modified)
            return [self.summary(j, now) for j in page], token

    def get(self, name: str) -> KindJob:
        job = self.index.get(name)
        if job is None:
            raise JobNotFoundError(name)
        return job

    def describe_named(self, name: str, now: float) -> dict[str, Any]:
        with self._lock:
            return self.describe(self.get(name), now)

    def stop(self, name: str, now: float) -> None:
        """A stoppable job moves to Stopping now and to Stopped 30-90 virtual seconds later."""
        with self._lock:
            job = self.get(name)
            status = self.status(job, now)
            if status not in self.stoppable:
                raise JobStateError(name, status)
            # Deterministic per job, so repeated test runs see the same delay.
            job.stop(now, 30 + zlib.crc32(name.encode()) % 61, *self.stop_words)
            self.on_stop(job, now)

    # -- for tests, examples and logs -------------------------------------------------
    def jobs(self) -> list[KindJob]:
        """Every job, oldest first."""
        with self._lock:
            return list(self.index.by_created)

    def statuses(self, now: float) -> dict[str, str]:
        with self._lock:
            return {j.name: self.status(j, now) for j in self.index.by_created}

    def __len__(self) -> int:
        return len(self.index)

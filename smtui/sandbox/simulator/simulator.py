"""The simulated SageMaker fleet: a store of jobs read through a virtual clock."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from .clock import VirtualClock
from .created import new_record, overlay
from .describe import describe, job_arn, summary, tags
from .generator import ArrivalStream, build_fleet
from .job import JobRecord
from .listing import ListQuery, list_page
from .store import JobStore

T = TypeVar("T")


class JobNotFoundError(LookupError):
    """No training job with that name."""


class JobStateError(RuntimeError):
    """The job is not in a status that allows the operation."""

    def __init__(self, name: str, status: str) -> None:
        super().__init__(f"{name} is {status}")
        self.status = status


class Simulator:
    """Thread-safe facade the service handlers (and tests) talk to.

    All state is derived lazily from the virtual clock on every read; the
    only mutations are new arrivals (materialized on read) and stops.
    """

    def __init__(
        self,
        seed: int = 7,
        jobs: int = 200,
        speed: float = 1.0,
        start: float | None = None,
        running: int | None = None,
    ) -> None:
        if jobs < 0:
            raise ValueError("jobs must be >= 0")
        self.seed = seed
        self.clock = VirtualClock(start, speed)
        self._lock = threading.RLock()
        self._store = JobStore(build_fleet(seed, jobs, self.clock.start, running), self.clock.start)
        self._arrivals = ArrivalStream(seed, self.clock.start)
        # ExperimentConfig of jobs another area (experiments) put in an experiment.
        self._experiment_configs: dict[str, dict[str, str]] = {}
        # CreateTrainingJob requests of the jobs created here (their describe shows them).
        self._created: dict[str, dict[str, Any]] = {}
        # True: ListTrainingJobs answers in creation order whatever SortBy/SortOrder say,
        # as moto and LocalStack do (tests of clients that must cope with them).
        self.sort_ignored = False

    def _sync(self) -> float:
        """Current virtual time, after materializing jobs submitted by then."""
        now = self.clock.now()
        for job in self._arrivals.due(now, self._store.names):
            self._store.add(job)
        return now

    # -- queries --------------------------------------------------------------
    def job_count(self) -> int:
        with self._lock:
            self._sync()
            return len(self._store)

    def job_names(self) -> list[str]:
        """Every job name, oldest first."""
        with self._lock:
            self._sync()
            return [j.name for j in self._store.by_created]

    def statuses(self) -> dict[str, str]:
        """name -> TrainingJobStatus right now (for tests and diagnostics)."""
        with self._lock:
            now = self._sync()
            return {j.name: j.status(now) for j in self._store.by_created}

    def list_training_jobs(self, query: ListQuery) -> tuple[list[dict[str, Any]], str | None]:
        """Summaries for one page; raises listing.InvalidTokenError."""
        if self.sort_ignored:
            query = replace(query, sort_by="CreationTime", sort_order="Ascending")
        with self._lock:
            now = self._sync()
            page, token = list_page(self._store, query, now)
            return [summary(j, now) for j in page], token

    def describe_training_job(self, name: str) -> dict[str, Any]:
        with self._lock:
            now = self._sync()
            out = describe(self._get(name), now)
            config = self._experiment_configs.get(name)
            if config is not None:
                out["ExperimentConfig"] = dict(config)
            request = self._created.get(name)
            return out if request is None else overlay(out, request)

    def set_experiment_config(self, name: str, config: dict[str, str]) -> None:
        """Show ``config`` as the job's ExperimentConfig (the experiments area puts jobs of
        the fleet in its experiments, so lineage reads the same both ways)."""
        with self._lock:
            self._get(name)
            self._experiment_configs[name] = dict(config)

    def job_records(self) -> list[JobRecord]:
        """Every job record, oldest first (read-only, for other sandbox areas)."""
        with self._lock:
            self._sync()
            return list(self._store.by_created)

    def add_jobs(self, jobs: Iterable[JobRecord], *, replace_oldest: int = 0) -> list[str]:
        """Add jobs another area launched (a tuning job's training jobs), created at any
        time. ``replace_oldest=n`` first drops the n oldest plain Completed jobs (no warm
        pool, in no experiment) so the fleet keeps its size; returns the dropped names."""
        with self._lock:
            now = self._sync()
            current = self._store.by_created
            linked = {j.reused_by for j in current if j.reused_by} | set(self._experiment_configs)
            dropped: set[str] = set()
            for job in current:
                if len(dropped) >= replace_oldest:
                    break
                if job.keep_alive or job.tuning_job_arn or job.name in linked:
                    continue
                if job.is_terminal(now) and job.phases[-1] == "Completed":
                    dropped.add(job.name)
            kept = [j for j in current if j.name not in dropped]
            self._store = JobStore([*kept, *jobs], now)
            return sorted(dropped)

    def replace_jobs(self, jobs: Iterable[JobRecord]) -> None:
        """Make ``jobs`` the whole fleet (tests that need chosen creation times)."""
        with self._lock:
            self._store = JobStore(list(jobs), self._sync())

    def create_training_job(self, params: dict[str, Any]) -> str:
        """Add the job a (checked) CreateTrainingJob request asks for, created now; it
        runs its lifecycle from Starting. Raises ValueError when the name is taken."""
        with self._lock:
            now = self._sync()
            name = params["TrainingJobName"]
            if self._store.get(name) is not None:
                raise ValueError(name)
            job = new_record(params, now, self.seed)
            self._store = JobStore([*self._store.by_created, job], now)
            self._created[name] = dict(params)
            return job_arn(name)

    def read(self, fn: Callable[[float], T]) -> T:
        """``fn(now)`` under the simulator's lock: for areas that read records they added."""
        with self._lock:
            return fn(self._sync())

    def stop_training_job(self, name: str) -> None:
        """InProgress -> Stopping now, -> Stopped 30-90 virtual seconds later."""
        with self._lock:
            now = self._sync()
            job = self._get(name)
            status = job.status(now)
            if status != "InProgress":
                raise JobStateError(name, status)
            # Deterministic per job, so repeated test runs see the same delay.
            job.stop(now, 30 + zlib.crc32(name.encode()) % 61)

    def record(self, name: str) -> tuple[JobRecord | None, float]:
        """The job's record (or None) and the current virtual time (logs, metrics)."""
        with self._lock:
            now = self._sync()
            return self._store.get(name), now

    def records(self) -> tuple[list[JobRecord], float]:
        """Every job record, oldest first, and the current virtual time."""
        with self._lock:
            now = self._sync()
            return list(self._store.by_created), now

    def tags_for(self, arn: str) -> list[dict[str, str]] | None:
        """Tags of the resource with that ARN, or None if there is none."""
        _, _, name = arn.partition(":training-job/")
        if not name:
            return None
        with self._lock:
            self._sync()
            job = self._store.get(name)
            if job is None or job_arn(job.name) != arn:
                return None
            request = self._created.get(job.name)
            if request is not None:
                return [dict(t) for t in request.get("Tags", [])]
            return tags(job)

    def _get(self, name: str) -> JobRecord:
        job = self._store.get(name)
        if job is None:
            raise JobNotFoundError(name)
        return job

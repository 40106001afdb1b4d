"""One training job as a planned timeline; its state is derived from the clock.

A job is stored as its full planned sequence of secondary statuses with their
start times (the last one terminal).  Reading the job at virtual time ``now``
picks the last phase that has started, so no background thread is needed:
the fleet "moves" simply because the clock does.
"""

from __future__ import annotations

from dataclasses import dataclass

# Secondary -> primary status, per the SecondaryStatus documentation in
# botocore's sagemaker model (DescribeTrainingJobResponse.SecondaryStatus).
PRIMARY: dict[str, str] = {
    "Starting": "InProgress",
    "Pending": "InProgress",
    "Downloading": "InProgress",
    "Training": "InProgress",
    "Interrupted": "InProgress",
    "Uploading": "InProgress",
    "Stopping": "Stopping",
    "Completed": "Completed",
    "Failed": "Failed",
    "Stopped": "Stopped",
    "MaxRuntimeExceeded": "Stopped",
    "MaxWaitTimeExceeded": "Stopped",
}
TERMINAL = frozenset(
    {"Completed", "Failed", "Stopped", "MaxRuntimeExceeded", "MaxWaitTimeExceeded"}
)
_RUNNING_ON_INSTANCES = frozenset({"Downloading", "Training", "Uploading"})
# Primary statuses in the order SortBy=Status uses (plain string order).
STATUS_ORDER: tuple[str, ...] = tuple(sorted(set(PRIMARY.values())))


@dataclass(slots=True)
class JobRecord:
    """Compact, mostly immutable description of one job (100k of these must fit)."""

    name: str
    template: int
    created: float
    phases: tuple[str, ...]
    starts: tuple[float, ...]
    instance_type: str
    instance_count: int
    spot: bool
    seed: int
    failure: str | None = None
    max_runtime: int = 86400
    keep_alive: int = 0
    reused_by: str | None = None
    reused_at: float = 0.0
    vpc: bool = False
    experiment: bool = False
    training_plan: bool = False
    billable_ratio: float = 1.0
    tuning_job_arn: str | None = None
    """Set on the training jobs a hyperparameter tuning job launched (TuningJobArn)."""
    planned: tuple[tuple[str, ...], tuple[float, ...]] | None = None
    """The timeline as planned before a StopTrainingJob rewrote it (logs and metrics
    written before the stop must not change after it)."""
    capacity_wait: float = 0.0
    """Seconds of the Starting phase a managed spot job spends waiting for spot capacity
    (its StatusMessage says so meanwhile; generator.wait_for_spot)."""

    # -- timeline -----------------------------------------------------------
    @property
    def ends_at(self) -> float:
        """Virtual time the job reaches its terminal status (TrainingEndTime)."""
        return self.starts[-1]

    @property
    def final_status(self) -> str:
        return PRIMARY[self.phases[-1]]

    def phase_index(self, now: float) -> int:
        starts = self.starts
        for i in range(len(starts) - 1, 0, -1):
            if starts[i] <= now:
                return i
        return 0

    def secondary(self, now: float) -> str:
        return self.phases[self.phase_index(now)]

    def status(self, now: float) -> str:
        if now >= self.starts[-1]:
            return PRIMARY[self.phases[-1]]
        return PRIMARY[self.phases[self.phase_index(now)]]

    def is_terminal(self, now: float) -> bool:
        return now >= self.starts[-1]

    def training_start(self, now: float) -> float | None:
        """TrainingStartTime: when the instances were ready (end of Starting)."""
        for phase, start in zip(self.phases, self.starts, strict=True):
            if start > now:
                return None
            if phase in _RUNNING_ON_INSTANCES:
                return start
        return None  # never got past Starting (e.g. CapacityError, early stop)

    def warm_pool(self, now: float) -> tuple[str, int | None, str | None] | None:
        """(Status, ResourceRetainedBillableTimeInSeconds, ReusedByJob) or None."""
        if not self.keep_alive or self.phases[-1] != "Completed" or now < self.ends_at:
            return None
        if self.reused_by is not None and now >= self.reused_at:
            return ("Reused", int(self.reused_at - self.ends_at), self.reused_by)
        if now >= self.ends_at + self.keep_alive:
            return ("Terminated", self.keep_alive, None)
        return ("Available", None, None)

    def last_modified(self, now: float) -> float:
        """Time of the latest change visible at ``now`` (status or warm pool)."""
        latest = self.starts[self.phase_index(now)]
        if self.keep_alive and self.phases[-1] == "Completed" and now >= self.ends_at:
            if self.reused_by is not None and now >= self.reused_at:
                latest = max(latest, self.reused_at)
            elif now >= self.ends_at + self.keep_alive:
                latest = max(latest, self.ends_at + self.keep_alive)
        return latest

    # -- mutation (StopTrainingJob) -----------------------------------------
    def stop(self, now: float, stopping_seconds: float) -> None:
        """Replace the planned future with Stopping -> Stopped from ``now``."""
        if self.planned is None:
            self.planned = (self.phases, self.starts)
        i = self.phase_index(now)
        self.phases = self.phases[: i + 1] + ("Stopping", "Stopped")
        self.starts = self.starts[: i + 1] + (now, now + stopping_seconds)
        self.failure = None

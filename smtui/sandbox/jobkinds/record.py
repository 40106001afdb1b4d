"""One job of a non-training kind as a planned timeline; its state is read through the clock.

Like the training simulator's ``JobRecord``: the job stores its whole planned sequence of
phases (each kind's own status words) with their start times, the last one terminal, and
reading it at virtual time ``now`` picks the last phase that has started.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION

DAY = 86400.0
HISTORY_SECONDS = 30 * DAY


def ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def arn(resource: str, name: str) -> str:
    """``arn:aws:sagemaker:us-east-1:123456789012:<resource>/<name>`` (names lower-cased,
    as SageMaker writes them inside ARNs)."""
    return f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:{resource}/{name.lower()}"


@dataclass(slots=True)
class KindJob:
    name: str
    created: float
    phases: tuple[str, ...]
    starts: tuple[float, ...]
    family: int
    seed: int
    failure: str | None = None
    planned: tuple[tuple[str, ...], tuple[float, ...]] | None = None
    """The timeline as planned before a stop rewrote it (logs written before stay put)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Kind-specific drawn values (instance type, dataset size, ...)."""

    @property
    def ends_at(self) -> float:
        return self.starts[-1]

    def phase_index(self, now: float) -> int:
        starts = self.starts
        for i in range(len(starts) - 1, 0, -1):
            if starts[i] <= now:
                return i
        return 0

    def phase(self, now: float) -> str:
        return self.phases[self.phase_index(now)]

    def is_terminal(self, now: float) -> bool:
        return now >= self.starts[-1]

    def started(self, phase: str, now: float) -> float | None:
        """When ``phase`` began, if it has by ``now``."""
        for p, start in zip(self.phases, self.starts, strict=True):
            if p == phase and start <= now:
                return start
        return None

    def rng(self, salt: str = "") -> random.Random:
        return random.Random(f"{self.seed}:{salt}")

    def stop(self, now: float, seconds: float, stopping: str, stopped: str) -> None:
        """Replace the planned future with ``stopping`` now and ``stopped`` later."""
        if self.planned is None:
            self.planned = (self.phases, self.starts)
        i = self.phase_index(now)
        self.phases = self.phases[: i + 1] + (stopping, stopped)
        self.starts = self.starts[: i + 1] + (now, now + seconds)
        self.failure = None

    @property
    def stopped_at(self) -> float | None:
        """When a stop was requested (the start of the stopping phase), if one was."""
        return self.starts[-2] if self.planned is not None else None


def plan(
    rng: random.Random,
    running: list[tuple[str, float]],
    outcome: str,
    *,
    fail_in: str | None = None,
    final: dict[str, str],
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Phases and start offsets (seconds from creation) for one job.

    ``running`` are (phase, duration) in order; ``outcome`` is Completed, Failed or
    Stopped; ``final`` maps an outcome (and "Stopping") to the kind's status word.
    A failed job dies part way through ``fail_in`` (default: the last running phase);
    a stopped one is stopped part way through its last running phase.
    """
    phases: list[str] = []
    starts: list[float] = []
    t = 0.0
    cut = {"Failed": fail_in or running[-1][0], "Stopped": running[-1][0]}.get(outcome)
    for phase, duration in running:
        phases.append(phase)
        starts.append(t)
        if phase == cut:
            t += duration * rng.uniform(0.2, 0.85)
            break
        t += duration
    if outcome == "Stopped":
        phases += [final["Stopping"], final["Stopped"]]
        starts += [t, t + rng.uniform(30, 120)]
    else:
        phases.append(final[outcome])
        starts.append(t)
    return tuple(phases), tuple(starts)


def place(job: KindJob, created: float) -> KindJob:
    """Anchor a job planned from offsets at ``created`` (absolute times, ms precision)."""
    job.created = round(created, 3)
    job.starts = tuple(round(job.created + o, 3) for o in job.starts)
    return job


def place_running(job: KindJob, now: float, rng: random.Random, phase_index: int) -> KindJob:
    """Anchor a job so that at ``now`` it sits part way through phase ``phase_index``."""
    offsets = job.starts
    duration = offsets[phase_index + 1] - offsets[phase_index]
    elapsed = duration * rng.uniform(0.15, 0.7)
    return place(job, now - (offsets[phase_index] + elapsed))


def stamp(created: float) -> str:
    """SageMaker Python SDK style suffix: ``YYYY-mm-dd-HH-MM-SS-mmm``."""
    t = datetime.fromtimestamp(created, tz=UTC)
    return t.strftime("%Y-%m-%d-%H-%M-%S-") + f"{int(created * 1000) % 1000:03d}"


def short_stamp(created: float) -> str:
    """The SDK's short suffix for names limited to 32 characters: ``yymmdd-HHMM``."""
    return datetime.fromtimestamp(created, tz=UTC).strftime("%y%m%d-%H%M")

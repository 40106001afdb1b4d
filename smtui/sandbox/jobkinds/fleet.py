"""Deterministic fleets for the job kinds: how many, which outcomes, where in time.

Each kind draws its jobs with its own ``random.Random`` seeded from the world seed and
the kind's name, so adding a kind never changes another kind's fleet. A few jobs of
each kind are placed so that they are running when the sandbox starts (some of them
planned to fail later), the rest are spread over the last 30 virtual days.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable

from .record import HISTORY_SECONDS, KindJob, place, place_running

# Share of each outcome among the jobs of the history.
OUTCOMES = (("Completed", 0.74), ("Failed", 0.14), ("Stopped", 0.12))
RUNNING_CAP = 12


def fleet_size(training_jobs: int, per: int, cap: int = 2000) -> int:
    """Jobs of a kind for a training fleet of ``training_jobs`` (tens by default)."""
    return min(cap, training_jobs // per)


def pick_outcome(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for outcome, share in OUTCOMES:
        acc += share
        if roll < acc:
            return outcome
    return OUTCOMES[0][0]


Draw = Callable[[random.Random, str], KindJob]
"""(rng, outcome) -> a job whose ``starts`` are still offsets from creation."""
Namer = Callable[[KindJob], str]


def build_fleet(
    rng: random.Random, count: int, now: float, draw: Draw, namer: Namer
) -> list[KindJob]:
    """``count`` jobs existing at ``now``, a few of them running right now."""
    # A few running: a seventh of a small fleet (the default's tens), at most RUNNING_CAP
    # of a large one (2,000 processing jobs over 30 days do not run 285 at once).
    running = min(count, max(2, min(count // 7, RUNNING_CAP))) if count >= 4 else count // 2
    jobs: list[KindJob] = []
    taken: set[str] = set()
    for k in range(count):
        if k < running:
            # Every third running job is planned to fail, so a watcher sees it happen.
            job = draw(rng, "Failed" if k % 3 == 2 else "Completed")
            place_running(job, now, rng, rng.randrange(len(job.phases) - 1))
        else:
            job = place(draw(rng, pick_outcome(rng)), now - rng.uniform(0, HISTORY_SECONDS))
        job.name = namer(job)
        while job.name in taken:  # same family, same instant: nudge by a second
            job.created += 1.0
            job.starts = tuple(s + 1.0 for s in job.starts)
            job.name = namer(job)
        taken.add(job.name)
        # Stored to the microsecond, answered in whole milliseconds (protocols.shapes), as
        # AWS does; the name (and the millisecond answered) stay what they were.
        job.created = round(job.created + zlib.crc32(job.name.encode()) % 1000 / 1e6, 6)
        jobs.append(job)
    return jobs


# FailureReason texts SageMaker uses across job kinds (as the training simulator's).
CAPACITY = (
    "CapacityError: Unable to provision requested ML compute capacity. Please retry using a "
    "different ML instance type."
)
INTERNAL = "InternalServerError: We encountered an internal error. Please try again."


def pick_failure(rng: random.Random, failures: tuple[str, ...]) -> str:
    """One of a family's failures; those listed first (the container's own errors, which
    leave a traceback in the logs) are the most frequent."""
    weights = [4, 2, 1, 1, 1, 1][: len(failures)]
    return rng.choices(failures, weights=weights)[0]

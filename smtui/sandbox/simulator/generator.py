"""Deterministic fleet generation from a seed.

``build_fleet`` makes the jobs that exist when the sandbox starts: spread over
the last 30 virtual days, plus a few "planted" jobs placed so that some are
running (in every secondary status), one is Stopping and warm pools are
Available/Reused right now.  ``ArrivalStream`` submits new jobs as the clock
moves.  Everything is derived from ``random.Random`` seeded with the fleet
seed, so the same seed (and start time) always gives the same fleet.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Container, Iterable

from .catalog import FAILURES, TEMPLATES, Template
from .job import JobRecord

DAY = 86400.0
HISTORY_SECONDS = 30 * DAY
_CUM_WEIGHTS = list(itertools.accumulate(t.weight for t in TEMPLATES))
_BIG_INSTANCES = ("ml.p4d.24xlarge", "ml.p5.48xlarge", "ml.trn1.32xlarge", "ml.g5.48xlarge")
_WARM_POOL_PERIODS = (600, 1800, 3600)

# Planted jobs: (phase to be in at start, seconds left in that phase or None for
# "well inside", outcome, failure).  The first ones change secondary status
# within a minute of start at speed 1.0, so a user watching sees movement.
_PLANTED: tuple[tuple[str, float | None, str, str | None], ...] = (
    ("Starting", 20.0, "Completed", None),
    ("Downloading", 45.0, "Completed", None),
    ("Training", None, "Completed", None),
    ("Uploading", 40.0, "Completed", None),
    ("Stopping", 50.0, "Stopped", None),
    ("Training", 300.0, "Failed", "oom"),
    ("Starting", None, "Completed", None),
    ("Training", None, "Completed", None),
)


def _pick_template(rng: random.Random) -> int:
    return rng.choices(range(len(TEMPLATES)), cum_weights=_CUM_WEIGHTS)[0]


def _pick_outcome(rng: random.Random, tpl: Template) -> tuple[str, str | None]:
    roll = rng.random()
    if roll < 0.78:
        return "Completed", None
    if roll < 0.90:
        return "Failed", rng.choice(tpl.failures)
    if roll < 0.975:
        return "Stopped", None
    return "MaxRuntimeExceeded", None


def plan_timeline(
    rng: random.Random, tpl: Template, instance_type: str, outcome: str, failure: str | None
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Phases and their start offsets (seconds from creation) for one job."""
    big = instance_type in _BIG_INSTANCES
    durations = {
        "Starting": rng.uniform(180, 600) if big else rng.uniform(60, 240),
        "Downloading": rng.uniform(20, 300),
        "Training": rng.uniform(*tpl.train_minutes) * 60,
        "Uploading": rng.uniform(15, 120),
    }
    order = ("Starting", "Downloading", "Training", "Uploading")
    phases: list[str] = []
    starts: list[float] = []
    t = 0.0
    stop_in = None
    if outcome == "Failed":
        stop_in = FAILURES[failure or "internal"][0]
    elif outcome in ("Stopped", "MaxRuntimeExceeded"):
        stop_in = "Training"
    for phase in order:
        phases.append(phase)
        starts.append(t)
        if phase == stop_in:
            t += durations[phase] * rng.uniform(0.2, 0.9)
            break
        t += durations[phase]
    if outcome == "Failed":
        phases.append("Failed")
        starts.append(t)
    elif outcome in ("Stopped", "MaxRuntimeExceeded"):
        phases += ["Stopping", outcome]
        starts += [t, t + rng.uniform(30, 90)]
    else:
        phases.append("Completed")
        starts.append(t)
    return tuple(phases), tuple(starts)


def job_name(base: str, created: float) -> str:
    """SageMaker Python SDK style name: ``<base>-YYYY-mm-dd-HH-MM-SS-mmm``."""
    stamp = time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime(created))
    return f"{base}-{stamp}-{int(created * 1000) % 1000:03d}"


def _unique_name(base: str, created: float, taken: set[str] | _Names) -> tuple[str, float]:
    name = job_name(base, created)
    while name in taken:  # same family, same millisecond: nudge by 1 ms
        created += 0.001
        name = job_name(base, created)
    taken.add(name)
    return name, created


def draw_job(
    rng: random.Random,
    outcome: str | None = None,
    failure: str | None = None,
    template: int | None = None,
) -> JobRecord:
    """A job whose times are still offsets from creation (see :func:`place`)."""
    ti = _pick_template(rng) if template is None else template
    tpl = TEMPLATES[ti]
    if outcome is None:
        outcome, failure = _pick_outcome(rng, tpl)
    instance_type, counts = rng.choice(tpl.instances)
    count = rng.choice(counts)
    spot = rng.random() < tpl.spot_rate
    phases, offsets = plan_timeline(rng, tpl, instance_type, outcome, failure)
    max_runtime = max(86400, int(offsets[-1] * 2) // 3600 * 3600 + 3600)
    if outcome == "MaxRuntimeExceeded":
        max_runtime = int(offsets[-2])  # the job hit its limit when Stopping began
    return JobRecord(
        name="",
        template=ti,
        created=0.0,
        phases=phases,
        starts=offsets,
        instance_type=instance_type,
        instance_count=count,
        spot=spot,
        seed=rng.getrandbits(32),
        failure=failure if outcome == "Failed" else None,
        max_runtime=max_runtime,
        keep_alive=rng.choice(_WARM_POOL_PERIODS) if rng.random() < 0.08 else 0,
        vpc=rng.random() < 0.15,
        experiment=rng.random() < 0.25,
        training_plan=instance_type == "ml.p5.48xlarge" and rng.random() < 0.5,
        billable_ratio=rng.uniform(0.3, 0.7) if spot else 1.0,
    )


def place(job: JobRecord, created: float, taken: set[str] | _Names) -> JobRecord:
    """Anchor a drawn job at ``created``: absolute times and a unique name.

    CreationTime is kept to the microsecond (a deterministic sub-millisecond part from
    the job's seed) and answered in whole milliseconds (protocols.shapes), as AWS
    answers a time it stores more finely: jobs in one answered millisecond still have
    distinct, ordered creation times, and a client that treats an answered time as
    exact (a window edge, a filter) misses some, as it would against AWS.
    """
    job.name, at = _unique_name(TEMPLATES[job.template].base, round(created, 3), taken)
    job.starts = tuple(round(at + o, 3) for o in job.starts)
    job.created = round(at + (job.seed % 1000) / 1e6, 6)
    return job


def _plant(rng: random.Random, taken: set[str], now: float, spec: tuple) -> JobRecord:
    """A job placed so that at ``now`` it sits in the requested phase."""
    phase, left, outcome, failure = spec
    job = draw_job(rng, outcome, failure)
    i = job.phases.index(phase)
    duration = job.starts[i + 1] - job.starts[i]
    if left is None:
        elapsed = duration * rng.uniform(0.2, 0.6)
    else:  # at least a moment in, so millisecond rounding cannot push it back
        elapsed = max(min(1.0, duration / 2), duration - left)
    return place(job, now - (job.starts[i] + elapsed), taken)


def _plant_warm_pools(
    rng: random.Random, taken: set[str], now: float, runner: JobRecord
) -> list[JobRecord]:
    """A warm pool still Available now, and one that ``runner`` reused."""
    available = draw_job(rng, "Completed")
    available.keep_alive = 3600
    place(available, now - 900 - available.starts[-1], taken)  # ended 15 min ago
    donor = draw_job(rng, "Completed", template=runner.template)
    donor.instance_type, donor.instance_count = runner.instance_type, runner.instance_count
    donor.keep_alive = 1800
    place(donor, runner.created - 300 - donor.starts[-1], taken)  # ended 5 min before
    donor.reused_by, donor.reused_at = runner.name, runner.created
    return [available, donor]


def build_fleet(seed: int, count: int, now: float, running: int | None = None) -> list[JobRecord]:
    """``count`` jobs existing at ``now``, sorted by (CreationTime, name).

    ``running``: at most this many are running at ``now`` (a benchmark's fleet shape,
    e.g. the scale issue's "10,000 jobs, 20 running"); by default a month of history at
    this fleet's pace leaves what it leaves running (hundreds for 10,000 jobs)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    jobs: list[JobRecord] = []
    planted = min(count, max(len(_PLANTED), min(count // 30, 60)))
    if running is not None:
        planted = min(planted, running)
    for k in range(planted):
        spec = (
            _PLANTED[k]
            if k < len(_PLANTED)
            else (
                rng.choice(("Starting", "Downloading", "Training", "Training")),
                None,
                "Completed",
                None,
            )
        )
        jobs.append(_plant(rng, taken, now, spec))
    if count - planted >= 2 and planted > 2:
        jobs += _plant_warm_pools(rng, taken, now, runner=jobs[2])
        planted += 2
    spare = None if running is None else running - planted
    for _ in range(count - planted):
        job = draw_job(rng)
        created = now - rng.uniform(0, HISTORY_SECONDS)
        if spare is not None and created + job.starts[-1] > now:
            if spare > 0:
                spare -= 1
            else:  # over the shape's running count: the same job, finished a while ago
                created = now - job.starts[-1] - rng.uniform(3600, HISTORY_SECONDS / 2)
        jobs.append(place(job, created, taken))
    # Jobs created near "now" may plan a finish in the future: that is fine,
    # they are simply still running.
    jobs.sort(key=lambda j: (j.created, j.name))
    _link_warm_pools(jobs)
    return jobs


def _link_warm_pools(jobs: Iterable[JobRecord]) -> None:
    """Mark some warm pools as reused by the next same-shaped job of the family."""
    jobs = list(jobs)
    for i, job in enumerate(jobs):
        if not job.keep_alive or job.phases[-1] != "Completed" or job.seed % 3 != 0:
            continue
        for later in itertools.islice(jobs, i + 1, i + 200):
            if later.created > job.ends_at + job.keep_alive:
                break
            if (
                later.created >= job.ends_at
                and later.template == job.template
                and later.instance_type == job.instance_type
            ):
                job.reused_by, job.reused_at = later.name, later.created
                break


class _Names:
    """Names already taken: an existing container plus the ones added here."""

    def __init__(self, existing: Container[str]) -> None:
        self._existing = existing
        self._new: set[str] = set()

    def __contains__(self, name: object) -> bool:
        return name in self._new or name in self._existing

    def add(self, name: str) -> None:
        self._new.add(name)


HUNG_ARRIVAL = 2
"""The third job submitted after start hangs in Downloading (on-call triage demos it as a
stuck job): about 10-20 virtual minutes after start, for :data:`HANG_SECONDS`."""
HANG_SECONDS = 2 * 3600.0


def hang(job: JobRecord, seconds: float) -> JobRecord:
    """The job stays ``seconds`` longer in Downloading (no other draw changes)."""
    if "Downloading" not in job.phases:
        return job
    i = job.phases.index("Downloading")
    job.starts = job.starts[: i + 1] + tuple(round(s + seconds, 3) for s in job.starts[i + 1 :])
    return job


SPOT_WAIT_AFTER = 45 * 60.0
"""The first completing arrival of a spot-capable family submitted at least this long
after start is a managed spot job that waits :data:`SPOT_WAIT_SECONDS` for capacity in
Starting (on-call triage demos it): waiting on capacity from about +46 min, a finding
from about +1 h 06, proceeding (Downloading) at about +2 h 16."""
SPOT_WAIT_SECONDS = 90 * 60.0


def wait_for_spot(job: JobRecord, seconds: float) -> JobRecord:
    """The job uses managed spot training and waits ``seconds`` more in Starting for spot
    capacity (the rest of its timeline moves later; no other draw changes)."""
    job.spot = True
    if job.billable_ratio >= 1.0:  # spot saves part of the training time's bill
        job.billable_ratio = 0.3 + 0.4 * random.Random(job.seed).random()
    job.starts = job.starts[:1] + tuple(round(s + seconds, 3) for s in job.starts[1:])
    job.capacity_wait = seconds
    return job


class ArrivalStream:
    """Jobs submitted after start: one every 2-7 virtual minutes, forever."""

    def __init__(self, seed: int, start: float) -> None:
        self._seed = seed
        self._start = start
        self._next_time = start + random.Random(f"{seed}:arrivals").uniform(30, 180)
        self._k = 0
        self._spot_waited = False

    def due(self, now: float, existing: Container[str]) -> list[JobRecord]:
        """Materialize every arrival created at or before ``now``, in order."""
        out: list[JobRecord] = []
        if self._next_time > now:
            return out
        taken = _Names(existing)
        while self._next_time <= now:
            rng = random.Random(f"{self._seed}:arrival:{self._k}")
            outcome = "Failed" if rng.random() < 0.15 else "Completed"
            tpl = _pick_template(rng)
            failure = rng.choice(TEMPLATES[tpl].failures) if outcome == "Failed" else None
            job = place(draw_job(rng, outcome, failure, tpl), self._next_time, taken)
            if self._k == HUNG_ARRIVAL:
                job = hang(job, HANG_SECONDS)
            elif (
                not self._spot_waited
                and outcome == "Completed"
                and TEMPLATES[tpl].spot_rate > 0
                and self._next_time >= self._start + SPOT_WAIT_AFTER
            ):
                job = wait_for_spot(job, SPOT_WAIT_SECONDS)
                self._spot_waited = True
            out.append(job)
            self._k += 1
            self._next_time += rng.uniform(120, 420)
        return out

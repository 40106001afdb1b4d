"""A processing job that hangs: the on-call triage's stuck job of another kind.

A ``fraud-features-spark`` job submitted 20 minutes before the sandbox start on three
ml.r5.4xlarge hosts, whose Spark stage on a skewed join key runs far longer than the
fleet's processing jobs usually take: InProgress (Running) until :data:`DONE` after the
start, then Completed. Its ``StoppingCondition.MaxRuntimeInSeconds`` is three hours
from ProcessingStartTime, so it also passes 90% of it (about +2 h 25) shortly before it
finishes. With the default ``[triage]`` thresholds `:triage` shows it stuck (medium) once it
has been in progress an hour (+40 min), past 90% of its maximum runtime (high) from about
+2 h 25, and not at all once it completed (+2 h 36).
"""

from __future__ import annotations

import random

from .processing import FAMILIES, _name
from .record import KindJob

CREATED = -20 * 60.0
"""Seconds from the sandbox start to the job's CreationTime."""
STARTING = 210.0
"""Seconds in Starting (provisioning three instances)."""
DONE = 2 * 3600 + 35 * 60.0
"""Seconds from the start at which Running ends (Uploading, then Completed)."""
UPLOADING = 45.0
MAX_RUNTIME = 3 * 3600
"""StoppingCondition.MaxRuntimeInSeconds of the job."""
FAMILY = next(i for i, f in enumerate(FAMILIES) if f.base == "fraud-features-spark")


def hung_processing_job(seed: int, start: float) -> KindJob:
    created = round(start + CREATED, 3)
    running = round(created + STARTING, 3)
    uploading = round(start + DONE, 3)
    job = KindJob(
        name="",
        created=created,
        phases=("Starting", "Running", "Uploading", "Completed"),
        starts=(created, running, uploading, round(uploading + UPLOADING, 3)),
        family=FAMILY,
        seed=random.Random(f"{seed}:processing:hung").getrandbits(32),
        extra={"instance": "ml.r5.4xlarge", "count": 3, "version": 8, "max_runtime": MAX_RUNTIME},
    )
    job.name = _name(job)
    return job

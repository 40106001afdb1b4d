"""The sandbox's known triage timeline, seen with plain boto3: the third job submitted
after start hangs in Downloading for two hours, then carries on."""

from __future__ import annotations

from datetime import UTC, datetime

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()


def _downloading(sm, now: datetime) -> dict[str, float]:
    """In-progress training jobs in Downloading -> seconds spent in it so far."""
    out = {}
    for page in sm.get_paginator("list_training_jobs").paginate(StatusEquals="InProgress"):
        for job in page["TrainingJobSummaries"]:
            d = sm.describe_training_job(TrainingJobName=job["TrainingJobName"])
            if d["SecondaryStatus"] == "Downloading":
                began = d["SecondaryStatusTransitions"][-1]["StartTime"]
                out[d["TrainingJobName"]] = (now - began).total_seconds()
    return out


def test_a_job_hangs_in_downloading_then_moves_on() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        sm = client(sb, "sagemaker")
        clock = sb.simulator.clock
        assert all(s < 600 for s in _downloading(sm, clock.now_datetime()).values())
        clock.advance(3600)
        hung = {n: s for n, s in _downloading(sm, clock.now_datetime()).items() if s > 1800}
        assert len(hung) == 1
        (name,) = hung
        clock.advance(2 * 3600)
        d = sm.describe_training_job(TrainingJobName=name)
        assert d["SecondaryStatus"] != "Downloading"
        phases = [t["Status"] for t in d["SecondaryStatusTransitions"]]
        assert phases.index("Downloading") < len(phases) - 1

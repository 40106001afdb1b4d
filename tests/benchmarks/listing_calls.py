"""Calls per minute of the background listings (the header's cost sweeps and the triage
collections) on a 10,000-job sandbox, against re-reading the history every minute.

The sandbox's clock is frozen and moved a minute at a time, so the figure is the calls a
console running for ``MINUTES`` minutes makes, counted at the sandbox, not a rate
measured against wall time. The baseline, measured in the same run on the same
sandbox, is plain NextToken paging of every job kind the listings read (what the AWS CLI
does: ``aws sagemaker list-training-jobs --status-equals InProgress`` pages the whole
history, as AWS applies MaxResults before StatusEquals), once per minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from smtui.aws.session import Clients, Target
from smtui.domain import cost as math
from smtui.domain import triage as rules
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.cost import CostSession
from smtui.services.triage.collect import collect

JOBS = 10_000
MINUTES = 20
LISTS = ("ListTrainingJobs", "ListProcessingJobs", "ListTransformJobs")
PLAIN = (
    ("list_training_jobs", "TrainingJobSummaries"),
    ("list_processing_jobs", "ProcessingJobSummaries"),
    ("list_transform_jobs", "TransformJobSummaries"),
)


def _clients(sb: Sandbox) -> Clients:
    target = Target(
        region=SANDBOX_REGION,
        endpoint_url=sb.url,
        access_key=SANDBOX_ACCESS_KEY,
        secret_key=SANDBOX_SECRET_KEY,
        api_rate=1000.0,
        api_burst=1000.0,
    )
    clients = Clients(target)
    clients.clock = sb.simulator.clock.now_datetime
    return clients


def _lists(sb: Sandbox) -> int:
    return sum(1 for _, op in sb.request_log if op in LISTS)


def measure(jobs: int = JOBS, minutes: int = MINUTES) -> dict[str, float]:
    """List calls: per minute over ``minutes`` (the first minute's listings included) and
    per minute after the first, of the cost sweeps and the triage collections; and the
    calls of one plain paging of the history."""
    with Sandbox(seed=7, jobs=jobs, speed=0).start() as sb, tempfile.TemporaryDirectory() as tmp:
        clients = _clients(sb)
        clock = sb.simulator.clock
        session = CostSession(clients, cache_dir=Path(tmp))
        sm = clients.client("sagemaker")
        before = _lists(sb)
        for method, _ in PLAIN:
            for _page in sm.get_paginator(method).paginate(PaginationConfig={"PageSize": 100}):
                pass
        plain = _lists(sb) - before
        cost: list[int] = []
        triage: list[int] = []
        for _ in range(minutes):
            clock.advance(60)
            now = clock.now_datetime()
            before = _lists(sb)
            session.sweep(clients, math.day_start(now), now)
            cost.append(_lists(sb) - before)
            before = _lists(sb)
            collect(clients, now, rules.Thresholds(), 0.0)
            triage.append(_lists(sb) - before)
    return {
        "cost": sum(cost) / minutes,
        "cost_first": float(cost[0]),
        "cost_after": sum(cost[1:]) / (minutes - 1),
        "triage": sum(triage) / minutes,
        "triage_first": float(triage[0]),
        "triage_after": sum(triage[1:]) / (minutes - 1),
        "plain": float(plain),
    }


async def bench_background_listing_calls(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    got = measure()
    label = "plain paging of the history each minute"
    rows = []
    for key, what in (("cost", "cost sweeps'"), ("triage", "triage collections'")):
        rows.append(
            Measurement(
                f"{what} List calls/min over {MINUTES} min, {JOBS:,} jobs "
                f"(first minute: {got[key + '_first']:.0f} calls)",
                got[key],
                "/min",
                baseline=got["plain"],
                budget=got["plain"] / 5,
                baseline_label=label,
            )
        )
        rows.append(
            Measurement(
                f"{what} List calls/min after the first minute",
                got[key + "_after"],
                "/min",
                baseline=got["plain"],
                budget=got["plain"] / 10,
                baseline_label=label,
            )
        )
    return rows

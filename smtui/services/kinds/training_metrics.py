"""A training job's CloudWatch series for its detail: algorithm metrics and instance
utilisation per host, fetched with its describe and drawn as charts.

Namespace ``/aws/sagemaker/TrainingJobs``. Instance metrics (CPUUtilization,
MemoryUtilization, GPUUtilization, GPUMemoryUtilization and DiskUtilization, in percent,
CPU and GPU ones summed over the instance's cores / GPUs) have the dimension ``Host`` =
``[training-job-name]/algo-[instance-number-in-cluster]``, one series per host.
Algorithm metrics (loss, accuracy: the job's MetricDefinitions) have the dimension
``TrainingJobName`` = the job's name, one series per job.
Sources: SageMaker developer guide, "SageMaker AI job metrics"
(https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html#cloudwatch-metrics-jobs);
the SageMaker Python SDK reads algorithm metrics the same way (sagemaker-python-sdk,
src/sagemaker/analytics.py, ``TrainingJobAnalytics._fetch_metric``: Dimensions
[{"Name": "TrainingJobName", "Value": job}]).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.services.registry import Chart, Series

NAMESPACE = "/aws/sagemaker/TrainingJobs"
INSTANCE_METRICS: tuple[tuple[str, str], ...] = (
    ("CPUUtilization", "CPU"),
    ("MemoryUtilization", "Memory"),
    ("GPUUtilization", "GPU"),
    ("GPUMemoryUtilization", "GPU memory"),
    ("DiskUtilization", "Disk"),
)
MAX_HOSTS = 4
"""Hosts charted (a chart with more series than colours reads badly)."""
MAX_POINTS = 240
JOB_SERIES = "job"
"""The label of an algorithm metric's one series (it is the job's, not a host's)."""


def host_count(d: dict[str, Any]) -> int:
    rc = d.get("ResourceConfig") or {}
    groups = rc.get("InstanceGroups") or []
    if groups:
        return sum(int(g.get("InstanceCount", 0)) for g in groups)
    return int(rc.get("InstanceCount") or 1)


def algorithm_metrics(d: dict[str, Any]) -> list[str]:
    """Names from MetricDefinitions and FinalMetricDataList, in that order."""
    names = [
        m["Name"] for m in (d.get("AlgorithmSpecification") or {}).get("MetricDefinitions") or []
    ]
    names += [m["MetricName"] for m in d.get("FinalMetricDataList") or []]
    return list(dict.fromkeys(names))


def chart_period(start: datetime, end: datetime, now: datetime) -> int:
    """Seconds per point: a multiple of 60 giving at most MAX_POINTS points; a multiple
    of 300 for data older than 15 days and of 3600 past 63 days, as CloudWatch keeps
    coarser data then (GetMetricStatistics, "Period")."""
    span = max(60.0, (end - start).total_seconds())
    period = max(60, math.ceil(span / MAX_POINTS / 60) * 60)
    age = now - start
    step = 3600 if age > timedelta(days=63) else 300 if age > timedelta(days=15) else 60
    return math.ceil(period / step) * step


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def fetch(clients: Clients, d: dict[str, Any], now: datetime | None) -> dict[str, Any]:
    """The job's series as JSON-ready data (kept in the describe cache with the describe)."""
    name = d["TrainingJobName"]
    started = d.get("TrainingStartTime")
    if started is None:
        return {"series": [], "period": 0}
    now = _aware(now or datetime.now(UTC))
    start = _aware(started) - timedelta(minutes=1)
    ended = d.get("TrainingEndTime")
    end = _aware(ended) + timedelta(minutes=1) if ended else now
    if end <= start:
        end = start + timedelta(minutes=5)
    period = chart_period(start, end, now)
    queries: list[MetricQuery] = []
    wanted: list[tuple[str, str, str]] = []
    for metric in algorithm_metrics(d):
        qid = f"m{len(queries)}"
        queries.append(MetricQuery(qid, NAMESPACE, metric, {"TrainingJobName": name}, "Average"))
        wanted.append((qid, metric, JOB_SERIES))
    for host in range(1, min(MAX_HOSTS, host_count(d)) + 1):
        for metric, _ in INSTANCE_METRICS:
            qid = f"m{len(queries)}"
            queries.append(
                MetricQuery(qid, NAMESPACE, metric, {"Host": f"{name}/algo-{host}"}, "Average")
            )
            wanted.append((qid, metric, f"algo-{host}"))
    series = get_metric_series(clients, queries, start, end, period)
    return {
        "period": period,
        "series": [
            {
                "metric": metric,
                "host": host,
                "points": [[when.timestamp(), value] for when, value in series.get(qid, [])],
            }
            for qid, metric, host in wanted
            if series.get(qid)
        ],
    }


def fetch_safely(clients: Clients, d: dict[str, Any], now: datetime | None) -> dict[str, Any]:
    """Like :func:`fetch`, but a CloudWatch error is kept for the detail to show instead
    of failing the whole describe."""
    try:
        return fetch(clients, d, now)
    except AwsError as exc:
        return {"series": [], "period": 0, "error": str(exc)}


def charts(metrics: dict[str, Any] | None, d: dict[str, Any]) -> tuple[Chart, ...]:
    """One chart per algorithm metric, then CPU, memory, GPU, GPU memory and disk."""
    if not metrics:
        return ()
    by_metric: dict[str, list[Series]] = {}
    for s in metrics.get("series") or []:
        points = tuple((float(t), float(v)) for t, v in s["points"])
        by_metric.setdefault(s["metric"], []).append(Series(s["host"], points))
    out = [
        Chart(metric, tuple(by_metric[metric]))
        for metric in algorithm_metrics(d)
        if metric in by_metric
    ]
    out += [
        Chart(f"{label} utilisation", tuple(by_metric[metric]), unit="%")
        for metric, label in INSTANCE_METRICS
        if metric in by_metric
    ]
    return tuple(out)

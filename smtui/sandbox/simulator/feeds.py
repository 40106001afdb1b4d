"""The training fleet's CloudWatch feeds: the /aws/sagemaker/TrainingJobs log group and
the /aws/sagemaker/TrainingJobs metric namespace, registered in the world's hubs.

Both read the simulator through :mod:`.telemetry`, so the log lines, the algorithm
metric series and FinalMetricDataList tell the same story.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..hubs import LogEvent, LogSource, LogStream, MetricId, dims
from .catalog import TEMPLATES
from .job import JobRecord
from .telemetry import (
    GPU_METRICS,
    INSTANCE_METRICS,
    SAMPLE_SECONDS,
    PlannedEvent,
    host_count,
    host_events,
    instance_value,
    instances_down,
    instances_up,
    specs,
)

if TYPE_CHECKING:
    from ..world import World
    from .simulator import Simulator

GROUP = "/aws/sagemaker/TrainingJobs"
NAMESPACE = "/aws/sagemaker/TrainingJobs"
LIST_WINDOW = 14 * 86400.0
"""ListMetrics only returns metrics with data points in the last two weeks
(CloudWatch API reference, ListMetrics)."""


def stream_name(job: JobRecord, host: int, up: float) -> str:
    return f"{job.name}/algo-{host}-{int(up)}"


def parse_stream(stream: str) -> tuple[str, int, int] | None:
    """``JOB/algo-N-EPOCH`` -> (job, N, EPOCH)."""
    job, sep, rest = stream.rpartition("/")
    if not sep or not rest.startswith("algo-"):
        return None
    parts = rest[len("algo-") :].split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return job, int(parts[0]), int(parts[1])


def parse_host(value: str) -> tuple[str, int] | None:
    """The ``Host`` dimension ``JOB/algo-N`` -> (job, N)."""
    job, sep, rest = value.rpartition("/")
    if not sep or not rest.startswith("algo-") or not rest[5:].isdigit():
        return None
    return job, int(rest[5:])


class _Plans:
    """A small LRU of planned host logs, keyed by the job's timeline (a stop re-plans)."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._plans: OrderedDict[tuple, tuple[list[PlannedEvent], list[float]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job: JobRecord, host: int) -> tuple[list[PlannedEvent], list[float]]:
        key = (job.name, host, job.phases, job.starts)
        with self._lock:
            hit = self._plans.get(key)
            if hit is not None:
                self._plans.move_to_end(key)
                return hit
        events = host_events(job, host)
        value = (events, [e.t for e in events])
        with self._lock:
            self._plans[key] = value
            while len(self._plans) > self._size:
                self._plans.popitem(last=False)
        return value


class TrainingLogSource(LogSource):
    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.plans = _Plans()

    def groups(self) -> list[str]:
        return [GROUP]

    def _job_streams(self, job: JobRecord, now: float) -> list[LogStream]:
        up = instances_up(job)
        if up is None or up > now:
            return []
        out = []
        for host in range(1, host_count(job) + 1):
            events, times = self.plans.get(job, host)
            written = bisect.bisect_right(times, now)
            out.append(
                LogStream(
                    name=stream_name(job, host, up),
                    created=up,
                    first_event=times[0] if written else None,
                    last_event=times[written - 1] if written else None,
                )
            )
        return out

    def streams(self, group: str, now: float) -> list[LogStream]:
        return self.streams_with_prefix(group, "", now)

    def streams_with_prefix(self, group: str, prefix: str, now: float) -> list[LogStream]:
        """Streams whose name starts with ``prefix`` (a job's streams without planning
        every job's logs)."""
        if group != GROUP:
            return []
        job_name = prefix.split("/", 1)[0] if "/" in prefix else None
        if job_name is not None:
            job, _ = self.sim.record(job_name)
            jobs = [job] if job is not None else []
        else:
            jobs = [j for j in self.sim.records()[0] if j.name.startswith(prefix)]
        return [s for job in jobs for s in self._job_streams(job, now) if s.name.startswith(prefix)]

    def events(self, group: str, stream: str, now: float) -> list[LogEvent]:
        parsed = parse_stream(stream)
        if group != GROUP or parsed is None:
            return []
        name, host, epoch = parsed
        job, _ = self.sim.record(name)
        up = instances_up(job) if job is not None else None
        if job is None or up is None or int(up) != epoch or not 1 <= host <= host_count(job):
            return []
        events, times = self.plans.get(job, host)
        written = bisect.bisect_right(times, now)
        return [LogEvent(e.t, e.message) for e in events[:written]]


# -- metrics -------------------------------------------------------------------------
def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))
    return ordered[rank]


def aggregate(
    samples: Iterable[tuple[float, float]], start: float, end: float, period: int, stat: str
) -> list[tuple[float, float]]:
    """CloudWatch-style statistics of raw samples in ``period``-second buckets from ``start``."""
    buckets: dict[int, list[float]] = {}
    for t, v in samples:
        if start <= t < end:
            buckets.setdefault(int((t - start) // period), []).append(v)
    out = []
    for i in sorted(buckets):
        values = buckets[i]
        if stat == "Sum":
            value = sum(values)
        elif stat == "Minimum":
            value = min(values)
        elif stat == "Maximum":
            value = max(values)
        elif stat == "SampleCount":
            value = float(len(values))
        elif stat.startswith("p") and stat[1:].replace(".", "", 1).isdigit():
            value = _percentile(values, float(stat[1:]))
        else:
            value = sum(values) / len(values)
        out.append((start + i * period, value))
    return out


class TrainingMetrics:
    def __init__(self, sim: Simulator, plans: _Plans) -> None:
        self.sim = sim
        self.plans = plans

    def _samples(
        self, job: JobRecord, host: int, metric: str, start: float, end: float, now: float
    ) -> list[tuple[float, float]]:
        if metric in INSTANCE_METRICS:
            up = instances_up(job)
            if up is None:
                return []
            last = min(end, now, instances_down(job))
            t = max(start, up)
            t = math.ceil(t / SAMPLE_SECONDS) * SAMPLE_SECONDS
            out: list[tuple[float, float]] = []
            while t < last:
                value = instance_value(job, host, metric, t)
                if value is not None:
                    out.append((t, value))
                t += SAMPLE_SECONDS
            return out
        events, times = self.plans.get(job, host)
        lo, hi = bisect.bisect_left(times, start), bisect.bisect_right(times, min(end, now))
        return [(e.t, v) for e in events[lo:hi] for name, v in e.metrics if name == metric]

    def series(
        self, metric: MetricId, start: float, end: float, period: int, stat: str
    ) -> list[tuple[float, float]]:
        """Instance metrics under ``Host=JOB/algo-N``; algorithm metrics (those of the
        job's MetricDefinitions) under ``TrainingJobName=JOB``, one series for the job
        from every host's log, as SageMaker publishes them (see the module docstring)."""
        given = dict(metric.dimensions)
        if len(given) != 1:
            return []
        instance = metric.name in INSTANCE_METRICS
        if instance and "Host" in given:
            parsed = parse_host(given["Host"])
            if parsed is None:
                return []
            job, now = self.sim.record(parsed[0])
            if job is None or not 1 <= parsed[1] <= host_count(job):
                return []
            samples = self._samples(job, parsed[1], metric.name, start, end, now)
        elif not instance and "TrainingJobName" in given:
            job, now = self.sim.record(given["TrainingJobName"])
            if job is None:
                return []
            samples = sorted(
                sample
                for host in range(1, host_count(job) + 1)
                for sample in self._samples(job, host, metric.name, start, end, now)
            )
        else:
            return []
        return aggregate(samples, start, end, period, stat)

    def metric_names(self, job: JobRecord) -> list[str]:
        names = [m.name for m in TEMPLATES[job.template].metrics]
        gpus = specs(job.instance_type)[1]
        names += [m for m in INSTANCE_METRICS if gpus or m not in GPU_METRICS]
        return names

    def list_metrics(self) -> list[MetricId]:
        jobs, now = self.sim.records()
        out: list[MetricId] = []
        for job in jobs:
            up = instances_up(job)
            if up is None or up > now or now - min(now, instances_down(job)) > LIST_WINDOW:
                continue
            names = self.metric_names(job)
            by_job = dims({"TrainingJobName": job.name})
            out.extend(MetricId(NAMESPACE, n, by_job) for n in names if n not in INSTANCE_METRICS)
            for host in range(1, host_count(job) + 1):
                dimensions = dims({"Host": f"{job.name}/algo-{host}"})
                out.extend(
                    MetricId(NAMESPACE, n, dimensions) for n in names if n in INSTANCE_METRICS
                )
        return out


def register_training_feeds(world: World) -> TrainingLogSource:
    source = TrainingLogSource(world.training)
    world.logs.register(GROUP, source)
    metrics = TrainingMetrics(world.training, source.plans)
    world.metrics.register(NAMESPACE, metrics.series, metrics.list_metrics)
    return source

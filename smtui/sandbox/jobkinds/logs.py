"""CloudWatch Logs of the job kinds that write logs, fed to the world's LogsHub.

Log groups and stream names as SageMaker documents them ("Log groups and streams that
Amazon SageMaker AI sends to Amazon CloudWatch Logs",
https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html):

* /aws/sagemaker/ProcessingJobs   ``[processing-job-name]/[hostname]-[epoch_timestamp]``
* /aws/sagemaker/TransformJobs    ``[transform-job-name]/[instance-id]-[epoch_timestamp]``
  and ``.../data-log``
* /aws/sagemaker/CompilationJobs  ``[compilation-job-name]``
* /aws/sagemaker/LabelingJobs     ``[labeling-job-name]``

Tuning and AutoML jobs write none of their own: their training and processing jobs do.
Every line is derived from the job's timeline, so a stream only grows as the clock moves,
and a failed job's stream ends with the error (a traceback where the container had one).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..hubs import LogEvent, LogSource, LogStream
from .kind import KindSim
from .record import KindJob


class Lines:
    """Collects (time, message) pairs; times are epoch seconds."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str]] = []

    def add(self, t: float, message: str) -> None:
        self.items.append((round(t, 3), message))

    def spread(self, t0: float, t1: float, messages: Iterable[str]) -> None:
        """The messages evenly over [t0, t1)."""
        lines = list(messages)
        step = (t1 - t0) / max(1, len(lines))
        for i, line in enumerate(lines):
            self.add(t0 + i * step, line)


def planned(job: KindJob) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The timeline as first planned (lines written before a stop never move)."""
    return job.planned if job.planned is not None else (job.phases, job.starts)


def cut_at_stop(job: KindJob, lines: Lines, stop_lines: Iterable[str]) -> list[tuple[float, str]]:
    """Drop the planned lines after a stop request and write the stop's own lines."""
    at = job.stopped_at
    items = sorted(lines.items)
    if at is None:
        return items
    kept = [(t, m) for t, m in items if t < at]
    for i, message in enumerate(stop_lines):
        kept.append((round(at + 0.5 + i, 3), message))
    return kept


class KindLogs(LogSource):
    """One log group of one kind: streams and events from the kind's simulator."""

    def __init__(self, group: str, sim: KindSim) -> None:
        self.group = group
        self.sim = sim

    def groups(self) -> list[str]:
        return [self.group]

    def streams(self, group: str, now: float) -> list[LogStream]:
        with self.sim.lock:
            return self._streams(now)

    def _streams(self, now: float) -> list[LogStream]:
        out = []
        for job in self.sim.jobs():
            if job.created > now:
                continue
            for name, created in self.sim.log_streams(job):
                if created > now:
                    continue
                events = self._events(job, name, now)
                out.append(
                    LogStream(
                        name,
                        created,
                        events[0].timestamp if events else None,
                        events[-1].timestamp if events else None,
                    )
                )
        return out

    def events(self, group: str, stream: str, now: float) -> list[LogEvent]:
        with self.sim.lock:
            job = self.sim.index.get(stream.split("/", 1)[0])
            if job is None:
                return []
            return self._events(job, stream, now)

    def _events(self, job: KindJob, stream: str, now: float) -> list[LogEvent]:
        lines = self.sim.log_events(job, stream)
        return [LogEvent(t, m) for t, m in lines if t <= now]

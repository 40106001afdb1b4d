"""Reading a monitoring execution's reports: DescribeProcessingJob gives the output prefix,
S3 GetObject the ``constraint_violations.json`` and ``statistics.json`` in it.

A report that cannot be read is a :class:`Report` with a ``problem`` (a line the views show
where the data would be), never an exception, except for transient errors (throttling, a
cut connection), raised so that the caller retries. Reports of terminal executions never
change: their outcome is kept per session.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any
from weakref import WeakKeyDictionary

from smtui.aws import monitoring as api
from smtui.aws import s3
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain.monitoring import (
    STATISTICS_FILE,
    VIOLATIONS_FILE,
    ExecutionSummary,
    ReportError,
    Violation,
    parse_s3_uri,
    parse_violations,
    report_uri,
)

DEFINITE = frozenset({"NoSuchKey", "NoSuchBucket", "AccessDenied", "ObjectTooLarge"})
"""Read errors shown as the report's problem (not retried this poll)."""
# A report whose read was denied is not kept: the permission can be fixed meanwhile.


@dataclass(frozen=True, slots=True)
class Report:
    """An execution's violations, or why they cannot be shown."""

    uri: str = ""
    """The job's output prefix (where the reports are)."""
    violations: tuple[Violation, ...] | None = None
    problem: str = ""

    @property
    def count(self) -> int | None:
        return None if self.violations is None else len(self.violations)


_lock = threading.Lock()
_outputs: WeakKeyDictionary[Any, dict[str, str | None]] = WeakKeyDictionary()
_reports: WeakKeyDictionary[Any, dict[str, Report]] = WeakKeyDictionary()


def output_uri(clients: Clients, job_name: str) -> str | None:
    """The processing job's output prefix (it never changes once the job exists)."""
    with _lock:
        known = _outputs.setdefault(clients, {})
        if job_name in known:
            return known[job_name]
    uri = api.output_uri(api.describe_processing_job(clients, job_name))
    with _lock:
        known[job_name] = uri
    return uri


def read_text(clients: Clients, uri: str) -> tuple[bytes | None, str]:
    """(body, "") or (None, why not); transient errors are raised."""
    try:
        bucket, key = parse_s3_uri(uri)
    except ValueError as exc:
        return None, str(exc)
    try:
        return s3.get_object(clients, bucket, key), ""
    except AwsError as exc:
        if exc.code in DEFINITE:
            name = key.rsplit("/", 1)[-1]
            what = "is missing" if exc.code in ("NoSuchKey", "NoSuchBucket") else "cannot be read"
            return None, f"{name} {what} ({exc.code}: {exc.message}) at {uri}"
        raise


def _not_reported(e: ExecutionSummary) -> str:
    if e.status == "Failed":
        return f"no report: the execution failed ({e.failure or 'no reason given'})"
    if e.status in ("Pending", "InProgress", "Stopping"):
        return f"no report yet: the execution is {e.status}"
    if e.status == "Stopped":
        return "no report: the execution was stopped"
    return "no report: the execution has no processing job"


def report(clients: Clients, e: ExecutionSummary) -> Report:
    """The execution's violations (from its constraint_violations.json) or the problem."""
    if not e.has_report:
        return Report(problem=_not_reported(e))
    with _lock:
        cached = _reports.setdefault(clients, {}).get(e.job_arn)
    if cached is not None:
        return cached
    uri = output_uri(clients, e.job_name)
    if uri is None:
        result = Report(problem="no report: the processing job has no S3 output")
    else:
        body, problem = read_text(clients, report_uri(uri, VIOLATIONS_FILE))
        if body is None:
            result = Report(uri, problem=problem)
        else:
            try:
                result = Report(uri, parse_violations(body))
            except ReportError as exc:
                result = Report(uri, problem=f"{exc} at {report_uri(uri, VIOLATIONS_FILE)}")
    if "(AccessDenied:" not in result.problem:
        with _lock:
            _reports.setdefault(clients, {})[e.job_arn] = result
    return result


def statistics_text(clients: Clients, e: ExecutionSummary) -> tuple[bytes | None, str]:
    """The execution's statistics.json, or why not."""
    if not e.has_report:
        return None, _not_reported(e)
    uri = output_uri(clients, e.job_name)
    if uri is None:
        return None, "no report: the processing job has no S3 output"
    return read_text(clients, report_uri(uri, STATISTICS_FILE))


def baseline_uris(schedule: dict[str, Any]) -> tuple[str | None, str | None]:
    """(constraints.json, statistics.json) URIs of a schedule's inline BaselineConfig."""
    config = schedule.get("MonitoringScheduleConfig") or {}
    baseline = (config.get("MonitoringJobDefinition") or {}).get("BaselineConfig") or {}
    constraints = (baseline.get("ConstraintsResource") or {}).get("S3Uri")
    statistics = (baseline.get("StatisticsResource") or {}).get("S3Uri")
    return constraints, statistics


def report_fields(r: Report) -> dict[str, Any]:
    """A report as plain data (describe results are cached as JSON)."""
    return {
        "uri": r.uri,
        "problem": r.problem,
        "violations": None
        if r.violations is None
        else [
            {"feature": v.feature, "check": v.check, "description": v.description}
            for v in r.violations
        ],
    }


def report_from(fields: dict[str, Any]) -> Report:
    items = fields.get("violations")
    return Report(
        uri=str(fields.get("uri", "")),
        problem=str(fields.get("problem", "")),
        violations=None
        if items is None
        else tuple(Violation(i["feature"], i["check"], i["description"]) for i in items),
    )


COMPLETED_LOOKBACK = 5
"""Executions read (one ListMonitoringExecutions page) to find the newest finished one
when the schedule's last execution is still Pending or InProgress."""


def completed_summary(
    clients: Clients, schedule: str, last: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The schedule's newest finished execution summary (API shape): ``last`` (its
    LastMonitoringExecutionSummary) when it finished, else the newest finished of the few
    executions before it (one ListMonitoringExecutions)."""
    if last is None or ExecutionSummary.from_api(last).is_terminal:
        return last
    page = next(iter(api.list_executions(clients, schedule, limit=COMPLETED_LOOKBACK)), [])
    return next((e for e in page if ExecutionSummary.from_api(e).is_terminal), None)


def with_report(clients: Clients, summary: dict[str, Any] | None) -> ExecutionSummary | None:
    """An execution summary with the violation count (or the problem) of its report."""
    if summary is None:
        return None
    done = ExecutionSummary.from_api(summary)
    found = report(clients, done)
    return replace(done, violations=found.count, report=found.problem)

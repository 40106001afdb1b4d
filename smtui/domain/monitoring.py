"""SageMaker Model Monitor: schedules, executions, and the reports their jobs write.

Field names: ListMonitoringSchedules (MonitoringScheduleSummary), DescribeMonitoringSchedule,
ListMonitoringExecutions (MonitoringExecutionSummary), botocore's sagemaker model.

Report formats (SageMaker developer guide):

* ``constraint_violations.json``, "Schema for Violations"
  (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-interpreting-violations.html):
  ``{"violations": [{"feature_name", "constraint_check_type", "description"}]}``; model
  quality violations name a ``metric_name`` instead, bias drift ones a ``facet``,
  ``facet_value`` and ``metric_name`` ("Bias Drift Violations"), feature attribution
  drift ones a ``label`` and ``metric_name`` ("Feature Attribution Drift Violations").
* ``statistics.json``, "Schema for Statistics"
  (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-interpreting-statistics.html):
  ``{"version": 0, "dataset": {"item_count"}, "features": [{"name", "inferred_type",
  "numerical_statistics": {"common": {"num_present", "num_missing"}, "mean", "sum",
  "std_dev", "min", "max", "distribution"}} | {"string_statistics": {"common",
  "distinct_count", "distribution": {"categorical": {"buckets": [{"value", "count"}]}}}}]}``;
  model quality statistics hold ``<problem>_metrics`` maps of ``{"value", "standard_deviation"}``.
* ``constraints.json``, "Schema for Constraints"
  (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-byoc-constraints.html):
  ``{"version": 0, "features": [{"name", "inferred_type", "completeness",
  "num_constraints": {"is_non_negative"}, "string_constraints": {"domains"}}],
  "monitoring_config": {..., "distribution_constraints": {"comparison_threshold"}}}``;
  model quality constraints hold ``<problem>_constraints`` maps of ``{"threshold",
  "comparison_operator"}``.

Schedule expressions, "The cron expression for monitoring schedule"
(https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-schedule-expression.html):
``cron(0 * ? * * *)`` hourly, ``cron(0 [00-23] ? * * *)`` daily at that hour,
``cron(0 [00-23]/[01-24] ? * * *)`` every N hours from that hour, and ``NOW`` (once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

# ScheduleStatus, ExecutionStatus and MonitoringType enums, botocore sagemaker model.
SCHEDULE_STATUSES = ("Pending", "Failed", "Scheduled", "Stopped")
EXECUTION_STATUSES = (
    "Pending",
    "Completed",
    "CompletedWithViolations",
    "InProgress",
    "Failed",
    "Stopping",
    "Stopped",
)
TERMINAL_EXECUTIONS = frozenset({"Completed", "CompletedWithViolations", "Failed", "Stopped"})
REPORTED = frozenset({"Completed", "CompletedWithViolations"})
"""Executions whose job wrote its reports."""
MONITORING_TYPES = ("DataQuality", "ModelQuality", "ModelBias", "ModelExplainability")

VIOLATIONS_FILE = "constraint_violations.json"
STATISTICS_FILE = "statistics.json"
CONSTRAINTS_FILE = "constraints.json"

_STATUS_WORDS = {
    "scheduled": "Scheduled",
    "running": "Scheduled",
    "stopped": "Stopped",
    "failed": "Failed",
    "pending": "Pending",
}
_TYPE_WORDS = {
    "dataquality": "DataQuality",
    "data": "DataQuality",
    "modelquality": "ModelQuality",
    "quality": "ModelQuality",
    "modelbias": "ModelBias",
    "bias": "ModelBias",
    "modelexplainability": "ModelExplainability",
    "explainability": "ModelExplainability",
}


def status_from_word(word: str) -> str | None:
    """A schedule status from a word typed after `:monitors` (any case)."""
    return _STATUS_WORDS.get(word.strip().lower())


def type_from_word(word: str) -> str | None:
    """A monitoring type from a word: ``bias``, ``DataQuality``, ``model-quality``..."""
    return _TYPE_WORDS.get(word.strip().lower().replace("-", "").replace("_", ""))


def schedule_role(status: str) -> str:
    return {"Scheduled": "ok", "Failed": "error", "Stopped": "muted", "Pending": "running"}.get(
        status, ""
    )


def execution_role(status: str) -> str:
    """CompletedWithViolations and Failed stand out."""
    return {
        "Completed": "ok",
        "CompletedWithViolations": "warning",
        "Failed": "error",
        "InProgress": "running",
        "Pending": "running",
        "Stopping": "running",
        "Stopped": "muted",
    }.get(status, "")


def short_status(status: str) -> str:
    """Execution statuses for narrow columns (CompletedWithViolations is 23 characters)."""
    return {"CompletedWithViolations": "Violations"}.get(status, status)


def can_stop(status: str) -> bool:
    """StopMonitoringSchedule applies to a schedule that would run (sandbox rule, as AWS
    refuses a stop of a stopped or failed schedule)."""
    return status in ("Scheduled", "Pending")


def can_start(status: str) -> bool:
    return status == "Stopped"


# --- schedule expressions -----------------------------------------------------------------
_CRON = re.compile(r"^cron\((.*)\)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cron:
    """The subset of cron Model Monitor accepts: a fixed minute, and hours as ``*``,
    ``H``, ``H/N`` or ``*/N``; every other field a wildcard."""

    minute: int
    first_hour: int
    every_hours: int

    def hours(self) -> tuple[int, ...]:
        """The hours of the day it runs at: every N hours from the first one, wrapping
        past midnight ("Every 12 hours, starting at 5 PM UTC: cron(0 17/12 ? * * *)")."""
        count = -(-24 // self.every_hours)
        return tuple(sorted({(self.first_hour + k * self.every_hours) % 24 for k in range(count)}))


def parse_cron(expression: str) -> Cron | None:
    """The schedule, or None for expressions outside that subset (and ``NOW``)."""
    found = _CRON.match(expression.strip())
    if not found:
        return None
    fields = found.group(1).split()
    if len(fields) != 6:
        return None
    minute, hours, dom, month, dow, year = fields
    if not minute.isdigit() or not 0 <= int(minute) <= 59:
        return None
    if dom not in ("?", "*") or month != "*" or dow not in ("*", "?") or year not in ("*", "?"):
        return None
    if dom == dow:  # AWS cron: exactly one of day-of-month and day-of-week is "?"
        return None
    first, every = _hours(hours)
    if first is None or every is None:
        return None
    return Cron(int(minute), first, every)


def _hours(field: str) -> tuple[int | None, int | None]:
    base, _, step = field.partition("/")
    if base == "*":
        first = 0
    elif base.isdigit() and 0 <= int(base) <= 23:
        first = int(base)
    else:
        return None, None
    if not step:
        return first, 1 if base == "*" else 24
    if not step.isdigit() or not 1 <= int(step) <= 24:
        return None, None
    return first, int(step)


def schedule_words(expression: str | None) -> str:
    """The schedule expression in words: "hourly", "daily at 03:00", "every 6h from 00:00".

    Unknown expressions are returned as they are (never a guess)."""
    if not expression:
        return "-"
    if expression.strip().upper() == "NOW":
        return "once, now"
    cron = parse_cron(expression)
    if cron is None:
        return expression.strip()
    at = f"{cron.first_hour:02d}:{cron.minute:02d}"
    if cron.every_hours == 1:
        return "hourly" if cron.minute == 0 else f"hourly at :{cron.minute:02d}"
    if len(cron.hours()) == 1:
        return f"daily at {at}"
    if cron.first_hour == 0 and cron.minute == 0:
        return f"every {cron.every_hours}h"
    return f"every {cron.every_hours}h from {at}"


def next_run(expression: str | None, after: datetime) -> datetime | None:
    """The first scheduled time strictly after ``after`` (UTC), for supported expressions."""
    cron = parse_cron(expression or "")
    if cron is None:
        return None
    after = after.astimezone(UTC)
    day = after.replace(hour=0, minute=0, second=0, microsecond=0)
    for offset in range(2):
        base = day + timedelta(days=offset)
        for hour in cron.hours():
            at = base.replace(hour=hour, minute=cron.minute)
            if at > after:
                return at
    return None


# --- S3 locations ----------------------------------------------------------------------------
def parse_s3_uri(uri: str) -> tuple[str, str]:
    """(bucket, key) of ``s3://bucket/key``; ValueError for anything else."""
    if not uri.startswith("s3://"):
        raise ValueError(f"not an S3 URI: {uri!r}")
    bucket, _, key = uri[5:].partition("/")
    if not bucket:
        raise ValueError(f"no bucket in {uri!r}")
    return bucket, key


def report_uri(output_uri: str, name: str) -> str:
    """The report ``name`` in a monitoring job's output prefix."""
    return output_uri.rstrip("/") + "/" + name


# --- reports -----------------------------------------------------------------------------------
class ReportError(ValueError):
    """A report that is not in the format Model Monitor writes (the text says how)."""


def _load(text: str | bytes, name: str) -> Mapping[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReportError(f"{name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ReportError(f"{name} is not a JSON object")
    return data


@dataclass(frozen=True, slots=True)
class Violation:
    feature: str
    """The feature (data quality), metric (model quality), facet and metric (bias) or
    label and method (explainability) the check is about."""
    check: str
    description: str


def _violation_subject(v: Mapping[str, Any]) -> str:
    if v.get("feature_name") is not None:
        return str(v["feature_name"])
    if v.get("facet") is not None:
        facet = str(v["facet"])
        value = v.get("facet_value")
        metric = v.get("metric_name")
        subject = f"{facet}={value}" if value not in (None, "") else facet
        return f"{subject} {metric}" if metric else subject
    if v.get("label") is not None:
        metric = v.get("metric_name")
        return f"{v['label']} {metric}" if metric else str(v["label"])
    if v.get("metric_name") is not None:
        return str(v["metric_name"])
    return "-"


def parse_violations(text: str | bytes) -> tuple[Violation, ...]:
    """The violations of a ``constraint_violations.json``; ReportError when malformed."""
    data = _load(text, VIOLATIONS_FILE)
    items = data.get("violations")
    if not isinstance(items, list):
        raise ReportError(f'{VIOLATIONS_FILE} has no "violations" list')
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "constraint_check_type" not in item:
            raise ReportError(f"{VIOLATIONS_FILE}: violation {i + 1} has no constraint_check_type")
        out.append(
            Violation(
                feature=_violation_subject(item),
                check=str(item["constraint_check_type"]),
                description=" ".join(str(item.get("description", "")).split()),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class FeatureStats:
    name: str
    inferred_type: str
    present: float | None = None
    missing: float | None = None
    mean: float | None = None
    std_dev: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    distinct: float | None = None
    top: tuple[tuple[str, float], ...] = ()
    """The most frequent categorical values (value, count), most frequent first."""

    @property
    def completeness(self) -> float | None:
        if self.present is None or self.missing is None or self.present + self.missing <= 0:
            return None
        return self.present / (self.present + self.missing)


@dataclass(frozen=True, slots=True)
class Statistics:
    item_count: float | None
    features: tuple[FeatureStats, ...] = ()
    metrics: tuple[tuple[str, float, float | None], ...] = ()
    """Model quality: (metric, value, standard deviation)."""

    def feature(self, name: str) -> FeatureStats | None:
        return next((f for f in self.features if f.name == name), None)

    def metric(self, name: str) -> float | None:
        return next((v for n, v, _ in self.metrics if n == name), None)


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _feature_stats(item: Mapping[str, Any]) -> FeatureStats:
    name = str(item.get("name", "-"))
    kind = str(item.get("inferred_type", "Unknown"))
    numeric = item.get("numerical_statistics")
    strings = item.get("string_statistics")
    if isinstance(numeric, dict):
        common = numeric.get("common") or {}
        return FeatureStats(
            name,
            kind,
            present=_num(common.get("num_present")),
            missing=_num(common.get("num_missing")),
            mean=_num(numeric.get("mean")),
            std_dev=_num(numeric.get("std_dev")),
            minimum=_num(numeric.get("min")),
            maximum=_num(numeric.get("max")),
        )
    if isinstance(strings, dict):
        common = strings.get("common") or {}
        buckets = ((strings.get("distribution") or {}).get("categorical") or {}).get("buckets")
        top: list[tuple[str, float]] = []
        for b in buckets if isinstance(buckets, list) else []:
            count = _num(b.get("count")) if isinstance(b, dict) else None
            if count is not None:
                top.append((str(b.get("value")), count))
        top.sort(key=lambda vc: -vc[1])
        return FeatureStats(
            name,
            kind,
            present=_num(common.get("num_present")),
            missing=_num(common.get("num_missing")),
            distinct=_num(strings.get("distinct_count")),
            top=tuple(top[:3]),
        )
    return FeatureStats(name, kind)


def parse_statistics(text: str | bytes) -> Statistics:
    """A ``statistics.json`` (data quality features, or model quality metrics)."""
    data = _load(text, STATISTICS_FILE)
    dataset = data.get("dataset")
    item_count = _num(dataset.get("item_count")) if isinstance(dataset, dict) else None
    features = data.get("features", [])
    if not isinstance(features, list):
        raise ReportError(f'{STATISTICS_FILE}: "features" is not a list')
    metrics: list[tuple[str, float, float | None]] = []
    for key, section in data.items():
        if key.endswith("_metrics") and isinstance(section, dict):
            for metric, value in section.items():
                if isinstance(value, dict) and _num(value.get("value")) is not None:
                    std = _num(value.get("standard_deviation"))
                    metrics.append((metric, float(value["value"]), std))
    if dataset is None and not features and not metrics:
        raise ReportError(f"{STATISTICS_FILE} has neither dataset, features nor metrics")
    return Statistics(
        item_count=item_count,
        features=tuple(_feature_stats(f) for f in features if isinstance(f, dict)),
        metrics=tuple(metrics),
    )


@dataclass(frozen=True, slots=True)
class FeatureConstraint:
    name: str
    inferred_type: str
    completeness: float | None = None
    non_negative: bool | None = None
    domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Constraints:
    features: tuple[FeatureConstraint, ...] = ()
    thresholds: tuple[tuple[str, float, str], ...] = ()
    """Model quality: (metric, threshold, comparison operator)."""
    comparison_threshold: float | None = None
    """monitoring_config.distribution_constraints.comparison_threshold (drift distance)."""

    def feature(self, name: str) -> FeatureConstraint | None:
        return next((f for f in self.features if f.name == name), None)

    def threshold(self, metric: str) -> tuple[float, str] | None:
        return next(((t, op) for n, t, op in self.thresholds if n == metric), None)


def parse_constraints(text: str | bytes) -> Constraints:
    data = _load(text, CONSTRAINTS_FILE)
    features = data.get("features", [])
    if not isinstance(features, list):
        raise ReportError(f'{CONSTRAINTS_FILE}: "features" is not a list')
    out = []
    for f in features:
        if not isinstance(f, dict):
            continue
        numeric = f.get("num_constraints") or {}
        strings = f.get("string_constraints") or {}
        non_negative = numeric.get("is_non_negative") if isinstance(numeric, dict) else None
        domains = strings.get("domains") if isinstance(strings, dict) else None
        out.append(
            FeatureConstraint(
                name=str(f.get("name", "-")),
                inferred_type=str(f.get("inferred_type", "Unknown")),
                completeness=_num(f.get("completeness")),
                non_negative=non_negative if isinstance(non_negative, bool) else None,
                domains=tuple(str(d) for d in domains) if isinstance(domains, list) else (),
            )
        )
    thresholds: list[tuple[str, float, str]] = []
    for key, section in data.items():
        if key.endswith("_constraints") and isinstance(section, dict):
            for metric, value in section.items():
                if isinstance(value, dict) and _num(value.get("threshold")) is not None:
                    op = str(value.get("comparison_operator", ""))
                    thresholds.append((metric, float(value["threshold"]), op))
    config = data.get("monitoring_config") or {}
    distribution = config.get("distribution_constraints") if isinstance(config, dict) else None
    comparison = (
        _num(distribution.get("comparison_threshold")) if isinstance(distribution, dict) else None
    )
    return Constraints(tuple(out), tuple(thresholds), comparison)


# --- current against baseline --------------------------------------------------------------------
def fmt_number(value: float | None) -> str:
    if value is None:
        return "-"
    if value == int(value) and abs(value) < 1e12:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def fmt_share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _shift(current: float | None, baseline: float | None, spread: float | None) -> str:
    """How far the mean moved, in baseline standard deviations."""
    if current is None or baseline is None:
        return ""
    if spread:
        return f"{(current - baseline) / spread:+.1f}σ"
    return "" if current == baseline else f"{current - baseline:+.3g}"


def feature_rows(
    current: Statistics,
    baseline: Statistics | None,
    constraints: Constraints | None,
    only: tuple[str, ...] = (),
) -> tuple[tuple[str, str], ...]:
    """One (feature, "baseline -> current ...") row per feature (or per ``only``)."""
    rows = []
    for f in current.features:
        if only and f.name not in only:
            continue
        base = baseline.feature(f.name) if baseline is not None else None
        rule = constraints.feature(f.name) if constraints is not None else None
        parts = []
        if baseline is not None and base is None:
            parts.append("not in the baseline")
        if f.mean is not None or (base is not None and base.mean is not None):
            b = fmt_number(base.mean) if base is not None else "?"
            shift = _shift(f.mean, base.mean if base else None, base.std_dev if base else None)
            parts.append(f"mean {b} -> {fmt_number(f.mean)}" + (f" ({shift})" if shift else ""))
        if f.distinct is not None:
            b = fmt_number(base.distinct) if base is not None else "?"
            parts.append(f"distinct {b} -> {fmt_number(f.distinct)}")
            if f.top:
                parts.append("top " + ", ".join(v for v, _ in f.top))
        expected = rule.completeness if rule is not None else None
        complete = f.completeness
        if complete is not None and complete < 0.9995:  # only an incomplete feature
            want = f" (min {fmt_share(expected)})" if expected is not None else ""
            parts.append(f"complete {fmt_share(complete)}{want}")
        if base is not None and base.inferred_type != f.inferred_type:
            parts.append(f"type {base.inferred_type} -> {f.inferred_type}")
        rows.append((f.name, "; ".join(parts) or f.inferred_type))
    return tuple(rows)


def metric_rows(
    current: Statistics, constraints: Constraints | None
) -> tuple[tuple[str, str], ...]:
    """Model quality: each metric's value against its baseline threshold."""
    rows = []
    for name, value, std in current.metrics:
        text = fmt_number(value) + (f" ± {fmt_number(std)}" if std else "")
        limit = constraints.threshold(name) if constraints is not None else None
        if limit is not None:
            threshold, op = limit
            bad = (op == "LessThanThreshold" and value < threshold) or (
                op == "GreaterThanThreshold" and value > threshold
            )
            text += f"  (alarm if {op} {fmt_number(threshold)}{': VIOLATED' if bad else ''})"
        rows.append((name, text))
    return tuple(rows)


# --- list items ---------------------------------------------------------------------------
def _ts(value: Any) -> datetime | None:
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True, slots=True)
class ExecutionSummary:
    schedule: str
    scheduled: datetime | None
    created: datetime | None
    modified: datetime | None
    status: str
    job_arn: str = ""
    endpoint: str = ""
    failure: str = ""
    monitoring_type: str = ""
    job_definition: str = ""
    violations: int | None = None
    """Violations in the job's report (filled from the report, None until read)."""
    report: str = ""
    """Why the report could not be read ("" when it was, or was not needed)."""

    @classmethod
    def from_api(cls, d: Mapping[str, Any]) -> ExecutionSummary:
        return cls(
            schedule=str(d.get("MonitoringScheduleName", "")),
            scheduled=_ts(d.get("ScheduledTime")),
            created=_ts(d.get("CreationTime")),
            modified=_ts(d.get("LastModifiedTime")),
            status=str(d.get("MonitoringExecutionStatus", "")),
            job_arn=str(d.get("ProcessingJobArn") or ""),
            endpoint=str(d.get("EndpointName") or ""),
            failure=" ".join(str(d.get("FailureReason") or "").split()),
            monitoring_type=str(d.get("MonitoringType") or ""),
            job_definition=str(d.get("MonitoringJobDefinitionName") or ""),
        )

    @property
    def key(self) -> str:
        when = self.scheduled or self.created
        stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when else "?"
        return f"{self.schedule}@{stamp}"

    @property
    def job_name(self) -> str:
        return self.job_arn.rsplit("/", 1)[-1] if self.job_arn else ""

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_EXECUTIONS

    @property
    def has_report(self) -> bool:
        return self.status in REPORTED and bool(self.job_arn)


@dataclass(frozen=True, slots=True)
class Schedule:
    name: str
    arn: str
    status: str
    created: datetime | None
    modified: datetime | None
    endpoint: str = ""
    monitoring_type: str = ""
    job_definition: str = ""
    expression: str | None = None
    """From DescribeMonitoringSchedule (the list lacks it): None until described."""
    failure: str = ""
    last: ExecutionSummary | None = None
    described: bool = False
    last_completed: ExecutionSummary | None = None
    """The newest finished execution (Completed, CompletedWithViolations, Failed or
    Stopped) with its violation count: while the next run is Pending or InProgress the
    last one's result still stands. Filled by the console (a ListMonitoringExecutions
    when ``last`` has not finished)."""

    @classmethod
    def from_api(cls, d: Mapping[str, Any]) -> Schedule:
        config = d.get("MonitoringScheduleConfig") or {}
        expression = (config.get("ScheduleConfig") or {}).get("ScheduleExpression")
        last = d.get("LastMonitoringExecutionSummary")
        return cls(
            name=str(d.get("MonitoringScheduleName", "")),
            arn=str(d.get("MonitoringScheduleArn", "")),
            status=str(d.get("MonitoringScheduleStatus", "")),
            created=_ts(d.get("CreationTime")),
            modified=_ts(d.get("LastModifiedTime")),
            endpoint=str(d.get("EndpointName") or ""),
            monitoring_type=str(d.get("MonitoringType") or config.get("MonitoringType") or ""),
            job_definition=str(
                d.get("MonitoringJobDefinitionName")
                or config.get("MonitoringJobDefinitionName")
                or ""
            ),
            expression=str(expression) if expression else None,
            failure=" ".join(str(d.get("FailureReason") or "").split()),
            last=ExecutionSummary.from_api(last) if isinstance(last, dict) else None,
            described="MonitoringScheduleConfig" in d,
        )

"""On-call triage: what is wrong right now, as ranked findings.

Pure rules over plain data (the collector in smtui/services/triage/ fetches it): each
rule turns facts about jobs, endpoints, metrics, monitoring executions or cost into
:class:`Finding` values with a severity, the time the problem started, a one-line reason
and the resource to jump to (a registry kind and key).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any

SEVERITIES: tuple[str, ...] = ("critical", "high", "medium", "low")
ROLE = {"critical": "error", "high": "error", "medium": "warning", "low": "muted"}


def severity_rank(severity: str) -> int:
    """0 for critical ... 3 for low (unknown words rank last)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def at_or_above(severity: str, floor: str) -> bool:
    return severity_rank(severity) <= severity_rank(floor)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    """What was found: job-failed, job-stuck, endpoint-status, endpoint-scaling,
    endpoint-5xx, endpoint-latency, endpoint-scaled-back, monitor-violations,
    monitor-repeated, monitor-failed, endpoint-idle, budget."""
    severity: str
    resource: str
    """What the row names, e.g. ``training/bert-base-2026``."""
    reason: str
    since: datetime
    target_kind: str
    """Registry kind whose detail `enter` opens ("" for none)."""
    target_key: str
    state: str = ""
    """What must change for an acknowledged finding to show again (a status and its time);
    the reason's figures may move without it."""
    acknowledged: bool = False
    """Shown by ``:triage all`` although acknowledged (not part of its id or fingerprint)."""
    read_at: datetime | None = None
    """Set on a finding kept from an earlier collection because its source could not be
    read this time (stale): when it was last read."""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.target_kind}:{self.target_key}"

    @property
    def fingerprint(self) -> str:
        return f"{self.severity}|{self.state}"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The ``[triage]`` table of the config file; every value has a default."""

    failed_hours: float = 24.0
    """Failed jobs younger than this are findings."""
    stuck_factor: float = 3.0
    """A job in one secondary status this many times the fleet's usual for it is stuck."""
    stuck_min_minutes: float = 30.0
    """...and at least this long (short phases vary a lot)."""
    runtime_fraction: float = 0.9
    """Past this share of MaxRuntimeInSeconds a job is about to be stopped."""
    job_stuck_factor: float = 3.0
    """A processing, transform, tuning, AutoML, labeling or compilation job in progress
    this many times the fleet's usual duration for its kind is stuck."""
    job_stuck_min_minutes: float = 60.0
    """...and at least this long (short kinds vary a lot)."""
    spot_wait_minutes: float = 20.0
    """A managed spot job Starting, Pending or Interrupted this long waits on capacity."""
    updating_minutes: float = 60.0
    """An endpoint Creating, Updating or SystemUpdating this long is a finding."""
    scaling_hours: float = 1.0
    """Failed scaling activities this recent are findings."""
    scaled_back_hours: float = 24.0
    """Autoscaling setting a variant below the desired count the user set by hand is a
    finding this long after it did."""
    latency_factor: float = 2.0
    """ModelLatency in the last hour this many times the endpoint's own day baseline."""
    latency_min_ms: float = 20.0
    """...and at least this many milliseconds (tiny latencies jump easily)."""
    error_rate: float = 0.02
    """Share of 5xx among invocations in the last hour that makes a burst."""
    error_min: float = 10.0
    """...with at least this many 5xx errors."""
    idle_hours: float = 24.0
    """An InService endpoint without invocations this long is idle."""
    interval: float = 60.0
    """Seconds between background collections (once :triage was opened, or always with
    ``background``)."""
    background: bool = False
    """Collect (and notify) in the background from startup, whatever view is on screen."""
    notify: str = "high"
    """New findings at or above this severity raise a toast (and the bell if enabled)."""
    webhook_severity: str = "high"
    """New findings at or above this severity are posted to the webhook."""
    webhook_interval: float = 60.0
    """At most one webhook post per this many seconds (the rest wait and go together)."""


THRESHOLD_NAMES = tuple(f.name for f in fields(Thresholds))


def thresholds_from(values: Mapping[str, Any]) -> Thresholds:
    """Thresholds from an already checked ``[triage]`` table (unknown names ignored)."""
    known = {k: v for k, v in values.items() if k in THRESHOLD_NAMES}
    return replace(Thresholds(), **known)


def shorten(text: str, width: int = 90) -> str:
    """One line, at most ``width`` characters (an ellipsis marks the cut)."""
    line = " ".join(str(text or "").split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def age_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}"
    return f"{seconds // 86400}d{seconds % 86400 // 3600:02d}h"


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """The most severe first; within a severity, the newest first."""
    return sorted(findings, key=lambda f: (severity_rank(f.severity), -f.since.timestamp()))


# --- jobs -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class JobFacts:
    """One job of any kind, as the rules need it."""

    target_kind: str
    """Registry kind: jobs (training), processing, transform, tuning, ..."""
    noun: str
    name: str
    status: str
    created: datetime
    ended: datetime | None = None
    failure: str = ""
    secondary: str = ""
    phase_since: datetime | None = None
    """When the current secondary status began (SecondaryStatusTransitions)."""
    max_runtime: float | None = None
    started: datetime | None = None
    """TrainingStartTime (MaxRuntimeInSeconds counts from about there)."""
    spot: bool = False
    message: str = ""


def failed_jobs(jobs: Iterable[JobFacts], now: datetime, th: Thresholds) -> list[Finding]:
    out = []
    horizon = now - timedelta(hours=th.failed_hours)
    for job in jobs:
        if job.status != "Failed":
            continue
        ended = job.ended or job.created
        if ended < horizon:
            continue
        out.append(
            Finding(
                "job-failed",
                "high",
                f"{job.noun}/{job.name}",
                f"failed: {shorten(job.failure or 'no FailureReason', 80)}",
                ended,
                job.target_kind,
                job.name,
                state=ended.isoformat(),
            )
        )
    return out


def phase_durations(transitions: Sequence[Mapping[str, Any]]) -> dict[str, float]:
    """Seconds spent in each secondary status of one job (SecondaryStatusTransitions:
    Status, StartTime, EndTime), only the phases that ended."""
    out: dict[str, float] = {}
    for t in transitions:
        start, end = t.get("StartTime"), t.get("EndTime")
        if isinstance(start, datetime) and isinstance(end, datetime):
            out[str(t.get("Status"))] = out.get(str(t.get("Status")), 0.0) + max(
                0.0, (end - start).total_seconds()
            )
    return out


def typical_phases(jobs: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The fleet's usual seconds per secondary status: the median over recent jobs."""
    samples: dict[str, list[float]] = {}
    for durations in jobs:
        for phase, seconds in durations.items():
            samples.setdefault(phase, []).append(seconds)
    return {phase: statistics.median(values) for phase, values in samples.items() if values}


SPOT_WAITING = frozenset({"Starting", "Pending", "Interrupted"})


def stuck_jobs(
    jobs: Iterable[JobFacts], typical: Mapping[str, float], now: datetime, th: Thresholds
) -> list[Finding]:
    """In-progress jobs: far past the fleet's usual for their phase, near their maximum
    runtime, or (managed spot) waiting on capacity. One finding per job, the worst."""
    out = []
    for job in jobs:
        if job.status != "InProgress":
            continue
        since = job.phase_since or job.created
        in_phase = (now - since).total_seconds()
        resource = f"{job.noun}/{job.name}"
        found: Finding | None = None
        if job.max_runtime and job.started is not None:
            used = (now - job.started).total_seconds()
            if used >= th.runtime_fraction * job.max_runtime:
                found = Finding(
                    "job-stuck",
                    "high",
                    resource,
                    f"{used / job.max_runtime:.0%} of MaxRuntimeInSeconds "
                    f"({age_text(job.max_runtime)}) used, in {job.secondary or job.status}",
                    job.started,
                    job.target_kind,
                    job.name,
                    state=f"runtime|{job.started.isoformat()}",
                )
        if found is None and job.spot and job.secondary in SPOT_WAITING:
            if in_phase >= th.spot_wait_minutes * 60:
                found = Finding(
                    "job-stuck",
                    "medium",
                    resource,
                    f"spot: {job.secondary} for {age_text(in_phase)}, waiting on capacity"
                    + (f" ({shorten(job.message, 50)})" if job.message else ""),
                    since,
                    job.target_kind,
                    job.name,
                    state=f"spot|{job.secondary}|{since.isoformat()}",
                )
        usual = typical.get(job.secondary or "")
        if found is None and usual is not None and job.secondary not in ("Training",):
            limit = max(th.stuck_factor * usual, th.stuck_min_minutes * 60)
            if in_phase >= limit:
                found = Finding(
                    "job-stuck",
                    "medium",
                    resource,
                    f"{job.secondary} for {age_text(in_phase)} (fleet's usual {age_text(usual)})",
                    since,
                    job.target_kind,
                    job.name,
                    state=f"phase|{job.secondary}|{since.isoformat()}",
                )
        if found is not None:
            out.append(found)
    return out


_NAME_STAMP = re.compile(r"-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{4,6}-\d{4,6})$")
FAMILY_MIN = 3
"""Completed jobs of a name family needed for its own usual duration."""


def family_of(name: str) -> str:
    """A job name without the timestamp suffix the SageMaker SDK appends
    (``base-2026-11-26-11-40-00-000``, ``base-261126-0129``): the job's family."""
    return _NAME_STAMP.sub("", name)


def job_durations(jobs: Iterable[JobFacts]) -> dict[str, float]:
    """The fleet's usual seconds from creation to end, the median over the recently
    completed jobs given: per kind (key ``kind``) and per name family within a kind with
    at least :data:`FAMILY_MIN` of them (key ``kind/family``)."""
    samples: dict[str, list[float]] = {}
    for job in jobs:
        if job.ended is not None:
            seconds = max(0.0, (job.ended - job.created).total_seconds())
            samples.setdefault(job.target_kind, []).append(seconds)
            samples.setdefault(f"{job.target_kind}/{family_of(job.name)}", []).append(seconds)
    return {
        key: statistics.median(values)
        for key, values in samples.items()
        if values and ("/" not in key or len(values) >= FAMILY_MIN)
    }


def stuck_kind_jobs(
    jobs: Iterable[JobFacts], usual: Mapping[str, float], now: datetime, th: Thresholds
) -> list[Finding]:
    """In-progress jobs of the other kinds (processing, transform, tuning, ...): past
    ``runtime_fraction`` of their maximum runtime (high), or in progress
    ``job_stuck_factor`` times the usual duration of their family (or else of their
    kind, see :func:`job_durations`) and at least
    ``job_stuck_min_minutes`` (medium). One finding per job, the worst."""
    out = []
    for job in jobs:
        if job.status != "InProgress":
            continue
        resource = f"{job.noun}/{job.name}"
        found: Finding | None = None
        if job.max_runtime:
            began = job.started or job.created
            used = (now - began).total_seconds()
            if used >= th.runtime_fraction * job.max_runtime:
                found = Finding(
                    "job-stuck",
                    "high",
                    resource,
                    f"{used / job.max_runtime:.0%} of its maximum runtime "
                    f"({age_text(job.max_runtime)}) used"
                    + (f", in {job.secondary}" if job.secondary else ""),
                    began,
                    job.target_kind,
                    job.name,
                    state=f"runtime|{began.isoformat()}",
                )
        typical = usual.get(f"{job.target_kind}/{family_of(job.name)}", usual.get(job.target_kind))
        if found is None and typical is not None:
            took = (now - job.created).total_seconds()
            if took >= max(th.job_stuck_factor * typical, th.job_stuck_min_minutes * 60):
                found = Finding(
                    "job-stuck",
                    "medium",
                    resource,
                    f"in progress for {age_text(took)}"
                    + (f", in {job.secondary}" if job.secondary else "")
                    + f" (fleet's usual {age_text(typical)})",
                    job.created,
                    job.target_kind,
                    job.name,
                    state=f"long|{job.created.isoformat()}",
                )
        if found is not None:
            out.append(found)
    return out


# --- endpoints --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EndpointFacts:
    name: str
    status: str
    modified: datetime
    failure: str = ""


SLOW_STATES = frozenset({"Creating", "Updating", "SystemUpdating", "RollingBack"})


def endpoint_status(
    endpoints: Iterable[EndpointFacts], now: datetime, th: Thresholds
) -> list[Finding]:
    out = []
    for ep in endpoints:
        state = f"{ep.status}|{ep.modified.isoformat()}"
        if ep.status in ("Failed", "OutOfService"):
            reason = ep.status + (f": {shorten(ep.failure, 70)}" if ep.failure else "")
            out.append(
                Finding(
                    "endpoint-status",
                    "critical",
                    f"endpoint/{ep.name}",
                    reason,
                    ep.modified,
                    "endpoints",
                    ep.name,
                    state,
                )
            )
        elif ep.status in SLOW_STATES:
            took = (now - ep.modified).total_seconds()
            if took >= th.updating_minutes * 60:
                out.append(
                    Finding(
                        "endpoint-status",
                        "high",
                        f"endpoint/{ep.name}",
                        f"{ep.status} for {age_text(took)}",
                        ep.modified,
                        "endpoints",
                        ep.name,
                        state,
                    )
                )
    return out


def scaling_failures(
    activities: Iterable[Mapping[str, Any]], now: datetime, th: Thresholds
) -> list[Finding]:
    """Failed Application Auto Scaling activities of endpoint variants (the newest per
    endpoint), ResourceId ``endpoint/NAME/variant/VARIANT``."""
    horizon = now - timedelta(hours=th.scaling_hours)
    newest: dict[str, Mapping[str, Any]] = {}
    for a in activities:
        parts = str(a.get("ResourceId", "")).split("/")
        start = a.get("StartTime")
        if a.get("StatusCode") != "Failed" or len(parts) != 4 or not isinstance(start, datetime):
            continue
        if start < horizon:
            continue
        name = parts[1]
        if name not in newest or start > newest[name]["StartTime"]:
            newest[name] = a
    out = []
    for name, a in newest.items():
        variant = str(a["ResourceId"]).split("/")[3]
        out.append(
            Finding(
                "endpoint-scaling",
                "high",
                f"endpoint/{name}",
                f"scaling {variant}: {shorten(str(a.get('StatusMessage') or 'failed'), 70)}",
                a["StartTime"],
                "endpoints",
                name,
                state="scaling",
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class EndpointTraffic:
    """One serving endpoint's CloudWatch figures (InService, or Updating while it still
    serves: a scale-out during an incident must not hide it), summed over its variants.

    ``recent_*``: 5-minute points of the last hour; ``baseline_*``: hourly points of
    the day before it. Latency in microseconds (ModelLatency's unit, AWS/SageMaker
    namespace: https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
    """

    name: str
    recent_latency: tuple[tuple[datetime, float], ...] = ()
    baseline_latency: tuple[float, ...] = ()
    recent_invocations: tuple[tuple[datetime, float], ...] = ()
    recent_5xx: tuple[tuple[datetime, float], ...] = ()
    baseline_invocations: float = 0.0
    baseline_5xx: float = 0.0
    invocations_24h: float | None = None
    """None when CloudWatch had no datapoints at all (not necessarily idle)."""
    in_service_since: datetime | None = None
    status: str = "InService"
    """An Updating endpoint keeps its 5xx and latency findings; only an InService one is
    idle."""


def traffic_findings(
    traffic: Iterable[EndpointTraffic], now: datetime, th: Thresholds
) -> list[Finding]:
    out = []
    for t in traffic:
        resource = f"endpoint/{t.name}"
        errors = sum(v for _, v in t.recent_5xx)
        calls = dict(t.recent_invocations)
        rates = [(w, v / calls[w]) for w, v in t.recent_5xx if calls.get(w)]
        if errors >= th.error_min and rates:
            peak = max(r for _, r in rates)
            base = t.baseline_5xx / t.baseline_invocations if t.baseline_invocations else 0.0
            if peak >= th.error_rate and peak > 2 * base:
                first = next(w for w, r in rates if r >= th.error_rate)
                out.append(
                    Finding(
                        "endpoint-5xx",
                        "critical",
                        resource,
                        f"5xx burst: {int(errors)} errors in the last hour, up to {peak:.1%} "
                        f"of invocations (baseline {base:.2%})",
                        first,
                        "endpoints",
                        t.name,
                        state="5xx",
                    )
                )
        if t.recent_latency and t.baseline_latency:
            base = statistics.median(t.baseline_latency)
            peak_at, peak = max(t.recent_latency, key=lambda p: p[1])
            if peak >= th.latency_factor * base and peak >= th.latency_min_ms * 1000:
                first = next(
                    (w for w, v in t.recent_latency if v >= th.latency_factor * base), peak_at
                )
                out.append(
                    Finding(
                        "endpoint-latency",
                        "high",
                        resource,
                        f"latency jump: {peak / 1000:.0f} ms in the last hour, "
                        f"{peak / base:.1f}× its day baseline {base / 1000:.0f} ms",
                        first,
                        "endpoints",
                        t.name,
                        state="latency",
                    )
                )
        idle_since = now - timedelta(hours=th.idle_hours)
        serving_long = t.in_service_since is None or t.in_service_since <= idle_since
        if t.invocations_24h == 0 and serving_long and t.status == "InService":
            out.append(
                Finding(
                    "endpoint-idle",
                    "low",
                    resource,
                    f"idle: no invocations in {th.idle_hours:g} h (still billed)",
                    idle_since,
                    "endpoints",
                    t.name,
                    state="idle",
                )
            )
    return out


# --- monitoring -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MonitorFacts:
    schedule: str
    endpoint: str
    status: str
    """The newest finished execution's MonitoringExecutionStatus (a Pending or InProgress
    next run does not hide it)."""
    scheduled: datetime
    failure: str = ""
    repeated: int = 0
    """Finished executions in a row, newest first, that found violations."""
    violations: int | None = None
    """The newest one's violation count, when its report was read."""


REPEATED_RUNS = 3
"""Finished runs in a row with violations that make ``monitor-repeated`` (high)."""


def monitor_findings(monitors: Iterable[MonitorFacts]) -> list[Finding]:
    """The newest finished execution of each schedule, when it found violations or failed:
    a new bad execution is a new finding (its time is in the state), so an acknowledgement
    holds only until the next one. Violations in :data:`REPEATED_RUNS` or more runs in a
    row are ``monitor-repeated``, high: drift that stays is not noise."""
    out = []
    for m in monitors:
        count = f"{m.violations} violations" if m.violations is not None else "violations"
        if m.status == "CompletedWithViolations" and m.repeated >= REPEATED_RUNS:
            kind, severity = "monitor-repeated", "high"
            reason = f"{count} in the last run; violations in each of the last {m.repeated}"
            reason += f" finished runs (endpoint {m.endpoint or '?'})"
        elif m.status == "CompletedWithViolations":
            kind, severity = "monitor-violations", "medium"
            reason = f"{count} in the last run (endpoint {m.endpoint or '?'})"
        elif m.status == "Failed":
            kind, severity = "monitor-failed", "medium"
            reason = f"last run failed: {shorten(m.failure or 'no FailureReason', 70)}"
        else:
            continue
        out.append(
            Finding(
                kind,
                severity,
                f"monitor/{m.schedule}",
                reason,
                m.scheduled,
                "monitors",
                m.schedule,
                state=m.scheduled.isoformat(),
            )
        )
    return out


# --- cost -------------------------------------------------------------------------------
def budget_finding(
    projected: float, burn_per_hour: float, budget: float, now: datetime, month_start: datetime
) -> list[Finding]:
    """The month-end projection at the current burn rate against ``monthly_budget``."""
    if budget <= 0:
        return []
    if projected > budget:
        severity, word = "high", "over"
    elif projected >= 0.9 * budget:
        severity, word = "medium", "near"
    else:
        return []
    return [
        Finding(
            "budget",
            severity,
            "cost/month",
            f"burn ${burn_per_hour:,.2f}/h projects ${projected:,.0f} by month end: "
            f"{word} the ${budget:,.0f} budget",
            month_start,
            "",
            "month",
            state=f"{word}|{month_start.date().isoformat()}",
        )
    ]


@dataclass(slots=True)
class Acks:
    """Acknowledged findings: id -> the fingerprint it had (hidden while unchanged)."""

    acked: dict[str, str] = field(default_factory=dict)

    def visible(self, findings: Iterable[Finding]) -> list[Finding]:
        return [f for f in findings if self.acked.get(f.id) != f.fingerprint]

    def acknowledge(self, finding: Finding) -> None:
        self.acked[finding.id] = finding.fingerprint

    def unacknowledge(self, finding: Finding) -> None:
        self.acked.pop(finding.id, None)

    def hidden(self, findings: Iterable[Finding]) -> list[Finding]:
        """The acknowledged ones (unchanged since), marked ``acknowledged``."""
        return [
            replace(f, acknowledged=True) for f in findings if self.acked.get(f.id) == f.fingerprint
        ]

    def prune(self, findings: Iterable[Finding]) -> None:
        """Forget acknowledgements of findings that are gone (resolved)."""
        current = {f.id for f in findings}
        for key in [k for k in self.acked if k not in current]:
            del self.acked[key]

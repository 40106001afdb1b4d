"""Gather the facts the triage rules need, with a bounded number of API calls.

Per kind of job (training and the others), one set kept between collections holds the
running jobs and those modified since the day the failed-jobs horizon falls in
(services.cost_active.ActiveJobs): listed once a day within the kind's longest possible
run (domain.lifetimes), then only what changed, one page on a quiet account; failed and
running jobs come from it. AWS applies MaxResults before StatusEquals
(API_ListTrainingJobs), so the StatusEquals listings this replaces read the whole
history every collection. Per collection besides: one List Completed per kind (the 20
newest, for the usual phase durations), ListEndpoints, DescribeScalingActivities, two
GetMetricData calls (the last hour in 5-minute points, the day before in hourly points),
ListMonitoringSchedules and one ListMonitoringExecutions per schedule; describes only
where the list lacks a field (FailureReason, SecondaryStatusTransitions, variant names),
capped per collection and memoised (terminal jobs never change; endpoints by
LastModifiedTime). The budget figure comes from the cost ledger the header's sweeps keep
(no call).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from smtui.aws import autoscaling as aas
from smtui.aws import jobkinds as jobs_api
from smtui.aws import monitoring as monitoring_api
from smtui.aws import training as training_api
from smtui.aws.cloudwatch import MetricQuery, get_metric_series
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import cost as cost_math
from smtui.domain import triage as rules
from smtui.domain import triage_scaling
from smtui.domain.jobkinds import SPECS, JobItem, JobKindSpec
from smtui.domain.lifetimes import LONGEST_RUN
from smtui.domain.training import TrainingJobSummary
from smtui.domain.triage import EndpointFacts, EndpointTraffic, Finding, JobFacts, MonitorFacts
from smtui.services.cost_active import ActiveJobs
from smtui.services.triage.intents import manual_desired

LIST_LIMIT = 50
"""Jobs per status per kind a collection looks at (newest first)."""
MAX_DESCRIBES = 30
"""Describes per collection (beyond the memo) for each of failed and running jobs."""
BASELINE_JOBS = 20
"""Recently completed training jobs whose phases make the fleet's usual durations."""
NS = "AWS/SageMaker"


SOURCES = (
    "training jobs",
    "other jobs",
    "endpoints",
    "scaling activities",
    "CloudWatch metrics",
    "monitoring",
    "budget",
)
"""What a collection reads, each on its own: one failing leaves the others' findings."""
LISTINGS = frozenset(SOURCES) - {"budget"}
"""The sources that call AWS (the budget reads the cost ledger the header keeps)."""


@dataclass(frozen=True, slots=True)
class Collection:
    findings: list[Finding]
    problems: list[str] = field(default_factory=list)
    """Sources that could not be read (one line each); their findings are missing."""
    failed: tuple[str, ...] = ()
    """The labels (of :data:`SOURCES`) not read this time."""
    origin: dict[str, str] = field(default_factory=dict)
    """Finding id -> the label of the source that found it."""
    errors: tuple[AwsError, ...] = ()
    """The errors as AWS (or the connection) gave them, one per failed source."""

    @property
    def complete(self) -> bool:
        return not self.problems

    @property
    def nothing_read(self) -> bool:
        """Every source that calls AWS failed (expired credentials, a cut network)."""
        return LISTINGS <= set(self.failed)


class _Memo:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.terminal: dict[tuple[str, str], dict[str, Any]] = {}
        self.running: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.endpoints: dict[tuple[str, str], dict[str, Any]] = {}
        self.listing = threading.Lock()
        self.active: dict[str, ActiveJobs] = {}
        """Per kind, its running jobs, kept between collections (cost_active.ActiveJobs):
        listed once a day, bounded by the kind's longest run; then only the changes."""


_MEMOS: weakref.WeakKeyDictionary[Any, _Memo] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def _memo(clients: Clients) -> _Memo:
    with _MEMOS_LOCK:
        found = _MEMOS.get(clients)
        if found is None:
            found = _MEMOS[clients] = _Memo()
        return found


def _terminal_describe(
    clients: Clients, key: tuple[str, str], fetch: Callable[[], dict[str, Any]], budget: list[int]
) -> dict[str, Any] | None:
    m = _memo(clients)
    with m.lock:
        if key in m.terminal:
            return m.terminal[key]
    if budget[0] <= 0:
        return None
    budget[0] -= 1
    data = fetch()
    with m.lock:
        m.terminal[key] = data
    return data


# --- jobs -------------------------------------------------------------------------------
def _kept(
    clients: Clients,
    kind: str,
    listing: tuple[str, str],
    fields: tuple[str, str],
    running: str,
    now: datetime,
    th: rules.Thresholds,
) -> list[dict[str, Any]]:
    """The kind's jobs in the ``running`` status now and those modified since the day the
    failed-jobs horizon falls in, newest first: from a set kept between collections (one
    listing of the kind's possible lifetime a day, then only what changed), not
    StatusEquals listings that read the whole history each time (AWS applies MaxResults
    before StatusEquals, API_ListTrainingJobs)."""
    since = cost_math.day_start(now - timedelta(hours=th.failed_hours))
    m = _memo(clients)
    with m.listing:
        active = m.active.get(kind)
        if active is None:
            active = m.active[kind] = ActiveJobs(
                *listing, *fields, LONGEST_RUN.get(kind), frozenset({running})
            )
        summaries = active.refresh(clients, since, now) or []
    return sorted(summaries, key=lambda s: str(s.get("CreationTime", "")), reverse=True)


def _in_status(summaries: list[dict[str, Any]], field: str, status: str) -> list[dict[str, Any]]:
    """The newest LIST_LIMIT of ``summaries`` in ``status``."""
    return [s for s in summaries if s.get(field) == status][:LIST_LIMIT]


def _training(clients: Clients, now: datetime, th: rules.Thresholds) -> list[Finding]:
    horizon = now - timedelta(hours=th.failed_hours)
    describes = [MAX_DESCRIBES]
    failed: list[JobFacts] = []
    kept = _kept(
        clients,
        "training",
        ("list_training_jobs", "TrainingJobSummaries"),
        ("TrainingJobName", "TrainingJobStatus"),
        "InProgress",
        now,
        th,
    )
    for job in map(TrainingJobSummary.from_api, _in_status(kept, "TrainingJobStatus", "Failed")):
        ended = job.end_time or job.last_modified or job.creation_time
        if ended < horizon:
            continue
        d = _terminal_describe(
            clients,
            ("training", job.name),
            partial(training_api.describe_training_job, clients, job.name),
            describes,
        )
        failed.append(
            JobFacts(
                "jobs",
                "training",
                job.name,
                "Failed",
                job.creation_time,
                ended,
                str((d or {}).get("FailureReason") or ""),
            )
        )
    durations = []
    baseline_budget = [BASELINE_JOBS]
    for page in training_api.list_training_jobs(clients, status="Completed", limit=BASELINE_JOBS):
        for job in page:
            d = _terminal_describe(
                clients,
                ("training", job.name),
                partial(training_api.describe_training_job, clients, job.name),
                baseline_budget,
            )
            if d:
                durations.append(rules.phase_durations(d.get("SecondaryStatusTransitions") or []))
    typical = rules.typical_phases(durations)
    running: list[JobFacts] = []
    m = _memo(clients)
    left = MAX_DESCRIBES
    for job in map(
        TrainingJobSummary.from_api, _in_status(kept, "TrainingJobStatus", "InProgress")
    ):
        key = ("training", job.name, job.last_modified.isoformat() if job.last_modified else "")
        with m.lock:
            d = m.running.get(key)
        if d is None:
            if left <= 0:
                continue
            left -= 1
            d = training_api.describe_training_job(clients, job.name)
            with m.lock:
                for old in [k for k in m.running if k[:2] == key[:2]]:
                    del m.running[old]
                m.running[key] = d
        running.append(_running_facts(d))
    return rules.failed_jobs(failed, now, th) + rules.stuck_jobs(running, typical, now, th)


def _running_facts(d: dict[str, Any]) -> JobFacts:
    transitions = d.get("SecondaryStatusTransitions") or []
    current = transitions[-1] if transitions else {}
    stopping = d.get("StoppingCondition") or {}
    return JobFacts(
        "jobs",
        "training",
        str(d["TrainingJobName"]),
        str(d.get("TrainingJobStatus", "")),
        d["CreationTime"],
        secondary=str(d.get("SecondaryStatus") or ""),
        phase_since=current.get("StartTime") if isinstance(current, dict) else None,
        max_runtime=stopping.get("MaxRuntimeInSeconds"),
        started=d.get("TrainingStartTime"),
        spot=bool(d.get("EnableManagedSpotTraining")),
        message=str(current.get("StatusMessage") or "") if isinstance(current, dict) else "",
    )


def _status(spec: JobKindSpec, word: str) -> str:
    """The kind's own spelling of a status (compilation jobs: COMPLETED, INPROGRESS)."""
    return next((s for s in spec.statuses if s.lower() == word.lower()), word)


def _failed_status(spec: JobKindSpec) -> str:
    return _status(spec, "Failed")


def _max_runtime(kind: str, d: dict[str, Any]) -> tuple[float | None, datetime | None]:
    """The job's maximum runtime and when it counts from, where its kind has one
    (botocore sagemaker model): ProcessingStoppingCondition / StoppingCondition
    MaxRuntimeInSeconds for processing and compilation jobs (from ProcessingStartTime,
    CompilationStartTime); a tuning job's ResourceLimits.MaxRuntimeInSeconds and an
    AutoML job's CompletionCriteria.MaxAutoMLJobRuntimeInSeconds (from CreationTime).
    Transform and labeling jobs have none."""
    limit: Any = None
    started: Any = None
    if kind in ("processing", "compilation"):
        limit = (d.get("StoppingCondition") or {}).get("MaxRuntimeInSeconds")
        started = d.get("ProcessingStartTime" if kind == "processing" else "CompilationStartTime")
    elif kind == "tuning":
        config = d.get("HyperParameterTuningJobConfig") or {}
        limit = (config.get("ResourceLimits") or {}).get("MaxRuntimeInSeconds")
    elif kind == "automl":
        configs = [d.get("AutoMLJobConfig") or {}]  # DescribeAutoMLJob (V1)
        configs += [c for c in (d.get("AutoMLProblemTypeConfig") or {}).values()]  # V2
        limit = next(
            (
                c["CompletionCriteria"].get("MaxAutoMLJobRuntimeInSeconds")
                for c in configs
                if isinstance(c, dict) and isinstance(c.get("CompletionCriteria"), dict)
            ),
            None,
        )
    if not isinstance(limit, int | float) or limit <= 0:
        return None, None
    return float(limit), started if isinstance(started, datetime) else None


KINDS_WITH_MAX_RUNTIME = frozenset({"processing", "compilation", "tuning", "automl"})


def _running_kind_jobs(
    clients: Clients, spec: JobKindSpec, noun: str, left: list[int], kept: list[dict[str, Any]]
) -> list[JobFacts]:
    """The kind's in-progress jobs; those whose kind has a maximum runtime described
    (memoised until LastModifiedTime moves)."""
    m = _memo(clients)
    out = []
    status = _status(spec, "InProgress")
    for job in (JobItem.from_api(spec, s) for s in _in_status(kept, spec.status_field, status)):
        limit: float | None = None
        started: datetime | None = None
        if spec.kind in KINDS_WITH_MAX_RUNTIME:
            modified = job.last_modified.isoformat() if job.last_modified else ""
            key = (spec.kind, job.name, modified)
            with m.lock:
                d = m.running.get(key)
            if d is None and left[0] > 0:
                left[0] -= 1
                d = jobs_api.describe_job(clients, spec, job.name)
                with m.lock:
                    for old in [k for k in m.running if k[:2] == key[:2]]:
                        del m.running[old]
                    m.running[key] = d
            if d is not None:
                limit, started = _max_runtime(spec.kind, d)
        out.append(
            JobFacts(
                spec.kind,
                noun,
                job.name,
                "InProgress",
                job.creation_time,
                secondary=job.secondary or "",
                max_runtime=limit,
                started=started,
            )
        )
    return out


def _other_jobs(clients: Clients, now: datetime, th: rules.Thresholds) -> list[Finding]:
    """Per kind: failed jobs (List Failed), the usual duration (List Completed, the 20
    newest) and stuck ones (List InProgress)."""
    horizon = now - timedelta(hours=th.failed_hours)
    describes = [MAX_DESCRIBES]
    failed: list[JobFacts] = []
    completed: list[JobFacts] = []
    running: list[JobFacts] = []
    running_left = [MAX_DESCRIBES]
    for spec in SPECS.values():
        noun = spec.noun.removesuffix(" job").split()[-1]
        done = _status(spec, "Completed")
        for page in jobs_api.list_jobs(clients, spec, status=done, limit=BASELINE_JOBS):
            for job in page:
                ended = job.end_time or job.last_modified
                completed.append(
                    JobFacts(spec.kind, noun, job.name, "Completed", job.creation_time, ended)
                )
        fields = (spec.name_field, spec.status_field)
        listing = (spec.list_method, spec.list_key)
        running_status = _status(spec, "InProgress")
        kept = _kept(clients, spec.kind, listing, fields, running_status, now, th)
        running += _running_kind_jobs(clients, spec, noun, running_left, kept)
        failed_jobs = _in_status(kept, spec.status_field, _failed_status(spec))
        for job in (JobItem.from_api(spec, s) for s in failed_jobs):
            ended = job.end_time or job.last_modified or job.creation_time
            if ended < horizon:
                continue
            d = _terminal_describe(
                clients,
                (spec.kind, job.name),
                partial(jobs_api.describe_job, clients, spec, job.name),
                describes,
            )
            reason = (d or {}).get("FailureReason") or job.summary.get("FailureReason") or ""
            failed.append(
                JobFacts(spec.kind, noun, job.name, "Failed", job.creation_time, ended, str(reason))
            )
    usual = rules.job_durations(completed)
    return rules.failed_jobs(failed, now, th) + rules.stuck_kind_jobs(running, usual, now, th)


# --- endpoints --------------------------------------------------------------------------
def _describe_endpoint(clients: Clients, name: str, modified: datetime) -> dict[str, Any]:
    from smtui.aws import endpoints as ep_api

    m = _memo(clients)
    key = (name, modified.isoformat())
    with m.lock:
        if key in m.endpoints:
            return m.endpoints[key]
    data = ep_api.describe_endpoint(clients, name)
    with m.lock:
        for old in [k for k in m.endpoints if k[0] == name]:
            del m.endpoints[old]
        m.endpoints[key] = data
    return data


def _endpoints(
    clients: Clients,
    now: datetime,
    th: rules.Thresholds,
    serving: list[tuple[str, datetime, list[str], str]],
) -> list[Finding]:
    """Endpoint status findings; ``serving`` gets the serving endpoints (:data:`SERVING`),
    their variants and status (for the CloudWatch metrics source)."""
    from smtui.aws import endpoints as ep_api

    summaries = [s for page in ep_api.list_endpoints(clients) for s in page]
    facts = []
    for s in summaries:
        failure = ""
        status = str(s.get("EndpointStatus", ""))
        modified = s.get("LastModifiedTime") or s["CreationTime"]
        if status in ("Failed", "OutOfService") or status in SERVING:
            try:
                d = _describe_endpoint(clients, s["EndpointName"], modified)
            except AwsError:
                d = {}
            failure = str(d.get("FailureReason") or "")
            if status in SERVING:
                variants = [str(v["VariantName"]) for v in d.get("ProductionVariants") or []]
                serving.append((s["EndpointName"], modified, variants, status))
        facts.append(EndpointFacts(s["EndpointName"], status, modified, failure))
    return rules.endpoint_status(facts, now, th)


SERVING = frozenset({"InService", "Updating", "SystemUpdating"})
"""Endpoints whose traffic is read: an Updating endpoint still serves on its current
instances (a scale-out during a 5xx burst must not hide the burst)."""
_RECENT = (("lat", "ModelLatency", "Average"), ("inv", "Invocations", "Sum"))
_ERRORS = ("e5", "Invocation5XXErrors", "Sum")


def _scaling(clients: Clients, now: datetime, th: rules.Thresholds) -> list[Finding]:
    """Failed scaling activities, and autoscaling setting a variant below the desired
    count the user set by hand (one DescribeScalingActivities for both)."""
    activities = aas.describe_scaling_activities(clients)
    out = rules.scaling_failures(activities, now, th)
    return out + triage_scaling.scaled_back(manual_desired(clients), activities, now, th)


def _traffic(
    clients: Clients, serving: list[tuple[str, datetime, list[str], str]], now: datetime
) -> list[EndpointTraffic]:
    """Two GetMetricData calls for every serving endpoint: the last hour (5-minute points)
    and the 23 hours before it (hourly points)."""
    queries: list[MetricQuery] = []
    owner: dict[str, tuple[str, str]] = {}
    for i, (name, _, variants, _) in enumerate(serving):
        for j, variant in enumerate(variants):
            dims = {"EndpointName": name, "VariantName": variant}
            for tag, metric, stat in (*_RECENT, _ERRORS):
                qid = f"e{i}v{j}{tag}"
                queries.append(MetricQuery(qid, NS, metric, dims, stat))
                owner[qid] = (name, tag)
    if not queries:
        return []
    end = now.replace(second=0, microsecond=0)
    split = end - timedelta(hours=1)
    recent = get_metric_series(clients, queries, split, end, 300)
    hourly = get_metric_series(clients, queries, end - timedelta(hours=24), split, 3600)
    by: dict[str, dict[str, Any]] = {
        name: {"lat": {}, "inv": {}, "e5": {}, "blat": {}, "binv": 0.0, "be5": 0.0}
        for name, _, _, _ in serving
    }
    for qid, (name, tag) in owner.items():
        acc = by[name]
        for when, value in recent.get(qid, []):
            if tag == "lat":  # the slowest variant at each time
                acc["lat"][when] = max(acc["lat"].get(when, 0.0), value)
            elif tag == "inv":
                acc["inv"][when] = acc["inv"].get(when, 0.0) + value
            else:
                acc["e5"][when] = acc["e5"].get(when, 0.0) + value
        for when, value in hourly.get(qid, []):
            if tag == "lat":
                acc["blat"][when] = max(acc["blat"].get(when, 0.0), value)
            elif tag == "inv":
                acc["binv"] += value
            else:
                acc["be5"] += value
    out = []
    for name, modified, _, status in serving:
        acc = by[name]
        out.append(
            EndpointTraffic(
                name,
                recent_latency=tuple(sorted(acc["lat"].items())),
                baseline_latency=tuple(acc["blat"].values()),
                recent_invocations=tuple(sorted(acc["inv"].items())),
                recent_5xx=tuple(sorted(acc["e5"].items())),
                baseline_invocations=acc["binv"],
                baseline_5xx=acc["be5"],
                invocations_24h=sum(acc["inv"].values()) + acc["binv"],
                in_service_since=modified,
                status=status,
            )
        )
    return out


# --- monitoring, cost -------------------------------------------------------------------
MAX_SCHEDULES = 50
"""Schedules whose recent executions a collection reads (one ListMonitoringExecutions
each: the list's summaries lack them)."""
RECENT_EXECUTIONS = 5
"""Executions per schedule read: the newest finished one (a Pending or InProgress next run
does not hide it) and how many finished runs in a row found violations; the newest one's
report gives its violation count (DescribeProcessingJob and S3 GetObject, once per
execution: reports of finished executions are kept)."""


def _monitors(clients: Clients) -> list[Finding]:
    from smtui.domain.monitoring import ExecutionSummary
    from smtui.services.kinds import monitors_data

    facts = []
    schedules = [s for page in monitoring_api.list_schedules(clients) for s in page]
    for s in schedules[:MAX_SCHEDULES]:
        name = str(s.get("MonitoringScheduleName", ""))
        endpoint = str(s.get("EndpointName") or "")
        if s.get("MonitoringScheduleStatus") == "Failed":
            when = s.get("LastModifiedTime") or s.get("CreationTime")
            if isinstance(when, datetime):
                facts.append(MonitorFacts(name, endpoint, "Failed", when, "the schedule failed"))
            continue
        if s.get("MonitoringScheduleStatus") == "Stopped":
            continue  # nobody expects news from a stopped schedule
        recent = next(
            iter(monitoring_api.list_executions(clients, name, limit=RECENT_EXECUTIONS)), []
        )
        done = [e for e in recent if ExecutionSummary.from_api(e).is_terminal]
        last = done[0] if done else None
        when = (last or {}).get("ScheduledTime") or (last or {}).get("CreationTime")
        if last is None or not isinstance(when, datetime):
            continue
        status = str(last.get("MonitoringExecutionStatus", ""))
        repeated = 0
        for e in done:
            if e.get("MonitoringExecutionStatus") != "CompletedWithViolations":
                break
            repeated += 1
        violations = None
        if status == "CompletedWithViolations":
            try:
                read = monitors_data.with_report(clients, last)
                violations = read.violations if read is not None else None
            except AwsError:
                violations = None  # a transient read error: the count is left out
        facts.append(
            MonitorFacts(
                name,
                endpoint,
                status,
                when,
                str(last.get("FailureReason") or ""),
                repeated=repeated,
                violations=violations,
            )
        )
    return rules.monitor_findings(facts)


def _budget(clients: Clients, now: datetime, budget: float) -> list[Finding]:
    if budget <= 0:
        return []
    from smtui.services import cost as costs

    try:
        ledger = costs.session_for(clients).ledger
    except TypeError:  # clients that cannot be weakly referenced (a test double)
        return []
    month = cost_math.month_start(now)
    if ledger.updated_at is None or ledger.since is None or ledger.since > month:
        return []  # the projection needs the whole month in the ledger
    t = ledger.totals(now)
    return rules.budget_finding(t.projected, t.burn_per_hour, budget, now, month)


def collect(clients: Clients, now: datetime, th: rules.Thresholds, budget: float) -> Collection:
    """Every finding, ranked; a source that fails adds a problem and its findings are
    missing (the others are still shown)."""
    findings: list[Finding] = []
    problems: list[str] = []
    failed: list[str] = []
    errors: list[AwsError] = []
    origin: dict[str, str] = {}
    serving: list[tuple[str, datetime, list[str], str]] = []
    sources: dict[str, Callable[[], list[Finding]]] = {
        "training jobs": lambda: _training(clients, now, th),
        "other jobs": lambda: _other_jobs(clients, now, th),
        "endpoints": lambda: _endpoints(clients, now, th, serving),
        "scaling activities": lambda: _scaling(clients, now, th),
        "CloudWatch metrics": lambda: rules.traffic_findings(
            _traffic(clients, serving, now), now, th
        ),
        "monitoring": lambda: _monitors(clients),
        "budget": lambda: _budget(clients, now, budget),
    }
    assert tuple(sources) == SOURCES
    for label, source in sources.items():
        if label == "CloudWatch metrics" and "endpoints" in failed:
            failed.append(label)  # no endpoints listed: no metrics asked for
            continue
        try:
            found = source()
        except AwsError as exc:
            problems.append(f"{label}: {exc}")  # as AWS said it: code (operation): message
            failed.append(label)
            errors.append(exc)
            continue
        findings.extend(found)
        origin.update((f.id, label) for f in found)
    return Collection(rules.ranked(findings), problems, tuple(failed), origin, tuple(errors))

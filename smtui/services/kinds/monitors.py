"""Model Monitor: schedules -> executions -> violations.

`:monitors` lists the monitoring schedules (DescribeMonitoringSchedule fills the schedule
expression and the last execution; its report the violation count); `enter` opens a
schedule's executions (newest first), `enter` on an execution its violations, read from the
``constraint_violations.json`` its processing job wrote, and `enter` on a violation the
feature's statistics against the baseline. A report that is missing or malformed is a row
saying so. `d` on a schedule: its detail, with the violations trend and the endpoint's data
capture; `e` opens the endpoint; `s` / `t` stop and start the schedule.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from smtui.aws import endpoints as endpoints_api
from smtui.aws import monitoring as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.monitoring import (
    ExecutionSummary,
    Schedule,
    can_start,
    can_stop,
    execution_role,
    schedule_role,
    schedule_words,
    short_status,
    status_from_word,
    type_from_word,
)
from smtui.services.kinds import monitors_data as data
from smtui.services.kinds import monitors_detail as detail
from smtui.services.registry import (
    Action,
    Child,
    Column,
    DetailOptions,
    Enrichment,
    Link,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow

UNKNOWN = "…"
TYPE_LABELS = {
    "DataQuality": "DataQual",
    "ModelQuality": "ModelQual",
    "ModelBias": "Bias",
    "ModelExplainability": "Explain",
}
RECHECK_SECONDS = 900
"""Rows are described again at least this often: the last execution changes on the
schedule's cron even if AWS does not move the schedule's LastModifiedTime."""


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def ago(then: datetime | None, now: datetime) -> str:
    """How long ago, to the minute, in at most 5 cells: ``7m``, ``1h05m``, ``13h``, ``3d07h``."""
    if then is None:
        return "-"
    minutes = max(0, int((now - then).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h{minutes:02d}m" if hours < 10 else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours:02d}h" if days < 10 else f"{days}d"


# --- schedules -------------------------------------------------------------------------------
def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:monitors failed`, `:monitors bias`, `:monitors fraud`, `:monitors endpoint=NAME`."""
    params: dict[str, Any] = {}
    for word in args:
        if word.lower().startswith("endpoint="):
            params["endpoint"] = word.split("=", 1)[1]
            continue
        status = status_from_word(word)
        kind = type_from_word(word)
        if status and "status" not in params:
            params["status"] = status
        elif kind and "type" not in params:
            params["type"] = kind
        elif "name_contains" not in params:
            params["name_contains"] = word
        else:
            raise QueryError(
                f"unexpected {word!r}: use :monitors [status] [type] [name-fragment] "
                "[endpoint=NAME]"
            )
    return params


def list_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
    for page in api.list_schedules(
        clients,
        endpoint=params.get("endpoint"),
        status=params.get("status"),
        monitoring_type=params.get("type"),
        name_contains=params.get("name_contains"),
        cancelled=cancelled,
    ):
        yield [Schedule.from_api(s) for s in page]


def _violations_cell(last: ExecutionSummary | None, described: bool) -> tuple[Any, Any]:
    if not described:
        return UNKNOWN, None
    if last is None or not last.has_report:
        return ("-", "muted"), -1
    if last.violations is None:
        return ("?", "error"), None
    return (str(last.violations), "warning" if last.violations else "ok"), last.violations


def schedule_row(s: Schedule, now: datetime) -> TableRow:
    """LAST, RESULT and VIOL: the newest finished execution (a Pending or InProgress
    next run does not hide the last one's violations); the last execution while none
    finished."""
    last = s.last_completed or s.last
    words = schedule_words(s.expression) if s.described else UNKNOWN
    when: Any
    result: Any
    if not s.described:
        when, result = UNKNOWN, UNKNOWN
        when_sort: float | None = None
    elif last is None:
        when, result, when_sort = "-", ("-", "muted"), None
    else:
        when = ago(last.scheduled, now)
        result = (short_status(last.status), execution_role(last.status))
        when_sort = _ts(last.scheduled)
    violations, violations_sort = _violations_cell(last, s.described)
    last_status = last.status if last is not None else ""
    return TableRow(
        key=s.name,
        cells=(
            s.name,
            s.endpoint or "-",
            TYPE_LABELS.get(s.monitoring_type, s.monitoring_type or "-"),
            (s.status, schedule_role(s.status)),
            words,
            when,
            result,
            violations,
        ),
        sort_values=(
            s.name,
            s.endpoint,
            s.monitoring_type,
            s.status,
            words,
            when_sort,
            last_status,
            violations_sort,
        ),
        search_text=(
            f"{s.name} {s.endpoint} {s.monitoring_type} {s.status} {words} {last_status}"
        ).lower(),
    )


def enrich_fetch(clients: Clients, s: Schedule) -> dict[str, Any]:
    """The describe (expression, last execution) and the last execution's violation count;
    a transient error reading the report is raised (retried next poll)."""
    d = api.describe_schedule(clients, s.name)
    last = Schedule.from_api(d).last
    out: dict[str, Any] = {"describe": d, "violations": None, "report": ""}
    if last is not None and last.has_report:
        report = data.report(clients, last)
        out["violations"], out["report"] = report.count, report.problem
    done = data.completed_summary(clients, s.name, d.get("LastMonitoringExecutionSummary"))
    if done is not None:
        found = data.with_report(clients, done)
        assert found is not None
        out["completed"] = {"summary": done, "violations": found.violations}
        out["completed"]["report"] = found.report
    return out


def enrich_merge(s: Schedule, fetched: dict[str, Any]) -> Schedule:
    """The list item (its status is the freshest) with the described fields."""
    described = Schedule.from_api(fetched["describe"])
    last = described.last
    if last is not None:
        last = replace(last, violations=fetched.get("violations"), report=fetched.get("report", ""))
    completed = fetched.get("completed")
    done = None
    if completed:
        done = replace(
            ExecutionSummary.from_api(completed["summary"]),
            violations=completed.get("violations"),
            report=completed.get("report", ""),
        )
    return replace(
        s,
        expression=described.expression,
        failure=described.failure if s.status == "Failed" else "",
        last=last,
        described=True,
        last_completed=done,
    )


def _version(s: Schedule) -> str:
    recheck = int(time.time() // RECHECK_SECONDS) if s.status == "Scheduled" else 0
    return f"{timefmt.timestamp(s.modified)}{s.status}{recheck}"


def describe_schedule(clients: Clients, s: Schedule, options: DetailOptions) -> dict[str, Any]:
    out = detail.describe_schedule(clients, s.name)
    if options.now is not None:
        out["_now"] = options.now
    return out


def _from_describe(d: dict[str, Any]) -> Schedule:
    raw = d.get("schedule", d)
    s = Schedule.from_api(raw)
    last = s.last
    if last is not None:
        for entry in d.get("trend") or []:
            if ExecutionSummary.from_api(entry["execution"]).key == last.key:
                report = data.report_from(entry["report"])
                s = replace(s, last=replace(last, violations=report.count, report=report.problem))
    return s


def _refetch(clients: Clients, s: Schedule) -> Schedule:
    return Schedule.from_api(api.describe_schedule(clients, s.name))


def _stop(clients: Clients, s: Schedule) -> str:
    api.stop_schedule(clients, s.name)
    return f"Stop requested for {s.name}: no execution is scheduled until it is started."


def _start(clients: Clients, s: Schedule) -> str:
    api.start_schedule(clients, s.name)
    return f"Start requested for {s.name}: it runs again on its schedule."


STOP = Action(
    id="monitors.stop",
    key="s",
    label="Stop",
    description="Stop the monitoring schedule (Scheduled or Pending): no more executions",
    mutating=True,
    applies=lambda s: can_stop(s.status),
    run=_stop,
    confirm=lambda s: (
        f"Stop monitoring schedule {s.name} ({s.monitoring_type} on {s.endpoint})?\n"
        "No execution runs until it is started again; a running one finishes."
    ),
)
START = Action(
    id="monitors.start",
    key="t",
    label="Start",
    description="Start the stopped monitoring schedule: it runs on its cron again",
    mutating=True,
    applies=lambda s: can_start(s.status),
    run=_start,
    confirm=lambda s: (
        f"Start monitoring schedule {s.name} ({s.monitoring_type} on {s.endpoint})?\n"
        f"It runs {schedule_words(s.expression)}; each execution is a billed processing job."
    ),
)
COPY_ARN = Action(
    id="monitors.copy_arn",
    key="y",
    label="Copy ARN",
    description="Copy the monitoring schedule's ARN (OSC 52)",
    mutating=False,
    applies=lambda s: True,
    copy=lambda s, region: s.arn,
)


def _endpoint_target(clients: Clients, s: Schedule) -> tuple[str, dict[str, Any]] | None:
    if not s.endpoint:
        return None
    return "endpoints", endpoints_api.describe_endpoint(clients, s.endpoint)


ENDPOINT_LINK = Link(
    id="monitors.endpoint",
    key="e",
    label="Endpoint",
    target=_endpoint_target,
    applies=lambda s: bool(s.endpoint),
)


# --- executions ---------------------------------------------------------------------------------
def _executions(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
    for page in api.list_executions(clients, params["schedule"], cancelled=cancelled):
        yield [ExecutionSummary.from_api(e) for e in page]


def _count_cell(e: ExecutionSummary, enriched: bool) -> tuple[Any, Any]:
    if not e.has_report:
        return ("-", "muted"), -1
    if not enriched:
        return UNKNOWN, None
    if e.violations is None:
        return ("?", "error"), None
    return (str(e.violations), "warning" if e.violations else "ok"), e.violations


def execution_row(e: ExecutionSummary, now: datetime) -> TableRow:
    enriched = e.violations is not None or bool(e.report)
    count, count_sort = _count_cell(e, enriched)
    failure = e.failure or (e.report if e.has_report and e.violations is None else "")
    return TableRow(
        key=e.key,
        cells=(
            timefmt.timestamp(e.scheduled)[:16],
            (short_status(e.status), execution_role(e.status)),
            count,
            (failure or "-", "error" if failure else "muted"),
            e.job_name or "-",
        ),
        sort_values=(_ts(e.scheduled), e.status, count_sort, failure, e.job_name),
        search_text=f"{e.status} {e.failure} {e.job_name}".lower(),
    )


def _execution_fetch(clients: Clients, e: ExecutionSummary) -> dict[str, Any]:
    report = data.report(clients, e)
    return {"violations": report.count, "report": report.problem}


def _execution_merge(e: ExecutionSummary, fetched: dict[str, Any]) -> ExecutionSummary:
    return replace(e, violations=fetched.get("violations"), report=fetched.get("report") or "")


def _describe_execution(clients: Clients, e: ExecutionSummary, _o: DetailOptions) -> dict[str, Any]:
    return detail.describe_reports(clients, e)


def _job_target(clients: Clients, e: ExecutionSummary) -> tuple[str, dict[str, Any]] | None:
    if not e.job_name:
        return None
    return "processing", api.describe_processing_job(clients, e.job_name)


OPEN_JOB = Link(
    id="monitor-executions.open_job",
    key="o",
    label="Processing job",
    target=_job_target,
    applies=lambda e: bool(e.job_name),
)


def _violation_params(e: ExecutionSummary) -> dict[str, Any]:
    return {
        "schedule": e.schedule,
        "job_arn": e.job_arn,
        "status": e.status,
        "failure": e.failure,
        "scheduled": e.scheduled.isoformat() if e.scheduled else "",
        "endpoint": e.endpoint,
        "type": e.monitoring_type,
    }


# --- violations ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ViolationItem:
    execution: ExecutionSummary
    index: int
    feature: str
    check: str
    description: str
    problem: bool = False
    """A row that says why there are no violations to show (a missing or malformed report)."""

    @property
    def key(self) -> str:
        if self.problem:
            return "!report"
        return f"{self.feature} {self.check}" + (f" #{self.index}" if self.index else "")


def _execution_of(params: dict[str, Any]) -> ExecutionSummary:
    scheduled = params.get("scheduled") or ""
    when = datetime.fromisoformat(scheduled) if scheduled else None
    return ExecutionSummary(
        schedule=params["schedule"],
        scheduled=when.astimezone(UTC) if when else None,
        created=None,
        modified=None,
        status=params.get("status", ""),
        job_arn=params.get("job_arn", ""),
        endpoint=params.get("endpoint", ""),
        failure=params.get("failure", ""),
        monitoring_type=params.get("type", ""),
    )


def _violations(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
    e = _execution_of(params)
    report = data.report(clients, e)
    if report.violations is None:
        yield [ViolationItem(e, 0, "-", "(report)", report.problem, problem=True)]
        return
    seen: dict[tuple[str, str], int] = {}
    items = []
    for v in report.violations:  # index: the same feature and check again (rare)
        n = seen[(v.feature, v.check)] = seen.get((v.feature, v.check), -1) + 1
        items.append(ViolationItem(e, n, v.feature, v.check, v.description))
    yield items


def violation_row(v: ViolationItem, now: datetime) -> TableRow:
    if v.problem:
        cells: tuple[Any, ...] = (("-", "muted"), ("no report", "error"), (v.description, "error"))
    else:
        cells = (v.feature, (v.check, "warning"), v.description)
    return TableRow(
        key=v.key,
        cells=cells,
        sort_values=(v.feature, v.check, v.description),
        search_text=f"{v.feature} {v.check} {v.description}".lower(),
    )


def _describe_violation(clients: Clients, v: ViolationItem, _o: DetailOptions) -> dict[str, Any]:
    return detail.describe_reports(clients, v.execution)


def _violation_sections(v: ViolationItem, d: dict[str, Any]) -> list[Section]:
    e = v.execution
    if v.problem:
        return [
            Section("Report", text=v.description, role="error"),
            Section(
                "Execution",
                (
                    ("Schedule", e.schedule),
                    ("Scheduled", timefmt.timestamp(e.scheduled)),
                    ("Status", e.status),
                    ("Processing job", e.job_name or "-"),
                ),
            ),
        ]
    report = data.report_from(d.get("report") or {})
    subject = v.feature.split("=", 1)[0].split(" ", 1)[0]
    return [
        Section(
            "Violation",
            (("Feature", v.feature), ("Check", v.check), ("Description", v.description)),
            role="warning",
        ),
        detail.comparison_section(d, only=(subject,), title="Current vs baseline"),
        Section(
            "Execution",
            (
                ("Schedule", e.schedule),
                ("Scheduled", timefmt.timestamp(e.scheduled)),
                ("Processing job", e.job_name or "-"),
                ("Reports", report.uri or "-"),
            ),
        ),
        Section(
            "Raw violation",
            raw={
                "feature": v.feature,
                "constraint_check_type": v.check,
                "description": v.description,
            },
        ),
    ]


VIOLATIONS = ResourceKind(
    name="monitor-violations",
    title="Violations",
    columns=(
        Column("FEATURE", 22),
        Column("CHECK", 24),
        Column("DESCRIPTION", 30, flex=True),
    ),
    list_pages=_violations,
    key=lambda v: v.key,
    row=violation_row,
    describe=_describe_violation,
    detail=_violation_sections,
    cacheable=lambda v: not v.problem,
    version=lambda v: f"{v.execution.key}|{v.execution.job_arn}",
    listed=False,
    empty_message="No violations: every constraint was met.",
)

EXECUTIONS = ResourceKind(
    name="monitor-executions",
    title="Monitoring executions",
    columns=(
        Column("SCHEDULED", 16),
        Column("STATUS", 10),
        Column("VIOL", 4, justify="right"),
        Column("FAILURE / REPORT", 24, flex=True),
        Column("PROCESSING JOB", 36, priority=1),  # hidden on an 80-column terminal
    ),
    list_pages=_executions,
    key=lambda e: e.key,
    row=execution_row,
    describe=_describe_execution,
    detail=detail.execution_sections,
    children=(
        Child(
            id="monitor-executions.violations",
            key="x",
            label="Violations",
            kind="monitor-violations",
            params=_violation_params,
            title=lambda e: f"{e.schedule} {timefmt.timestamp(e.scheduled)[:16]}",
        ),
    ),
    enter="monitor-executions.violations",
    links=(OPEN_JOB,),
    ticking=lambda e: not e.is_terminal,
    version=lambda e: f"{e.status}{timefmt.timestamp(e.modified)}",
    cacheable=lambda e: e.is_terminal,
    listed=False,
    empty_message="This schedule has not run yet.",
    default_sort=(0, True),
    enrichment=Enrichment(fetch=_execution_fetch, merge=_execution_merge, per_poll=20),
)

MONITORS = ResourceKind(
    name="monitors",
    title="Monitoring schedules",
    aliases=("monitor", "monitoring", "mon"),
    columns=(
        Column("NAME", 20, flex=True),
        Column("ENDPOINT", 20, priority=2),  # hidden first on a narrow terminal
        Column("TYPE", 9, priority=1),
        Column("STATUS", 9),
        Column("SCHEDULE", 14),
        Column("LAST", 5, justify="right"),
        Column("RESULT", 10),
        Column("VIOL", 4, justify="right"),
    ),
    list_pages=list_pages,
    key=lambda s: s.name,
    row=schedule_row,
    parse_args=parse_args,
    arg_words=("scheduled", "stopped", "failed", "pending", "data", "quality", "bias"),
    describe=describe_schedule,
    detail=detail.schedule_sections,
    actions=(STOP, START, COPY_ARN),
    children=(
        Child(
            id="monitors.executions",
            key="x",
            label="Executions",
            kind="monitor-executions",
            params=lambda s: {"schedule": s.name},
            title=lambda s: s.name,
        ),
    ),
    enter="monitors.executions",
    links=(ENDPOINT_LINK,),
    ticking=lambda s: s.status in ("Scheduled", "Pending"),
    version=_version,
    empty_message="No monitoring schedules.",
    default_sort=(0, False),
    from_describe=_from_describe,
    enrichment=Enrichment(fetch=enrich_fetch, merge=enrich_merge, per_poll=20),
    status=lambda s: s.status,
    refetch=_refetch,
)

MONITOR_KINDS = (MONITORS, EXECUTIONS, VIOLATIONS)

"""The detail sections of monitoring schedules, executions and violations.

Describes return plain data (cached as JSON); the sections are computed from it here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from smtui.aws import endpoints as endpoints_api
from smtui.aws import monitoring as api
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.monitoring import (
    Constraints,
    ExecutionSummary,
    ReportError,
    Schedule,
    Statistics,
    execution_role,
    feature_rows,
    fmt_number,
    metric_rows,
    next_run,
    parse_constraints,
    parse_statistics,
    schedule_role,
    schedule_words,
)
from smtui.services.kinds import monitors_data as data
from smtui.services.registry import Chart, Section, Series

TREND = 24
"""Executions in the violations trend."""


def _safe(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except AwsError as exc:
        return {"_error": f"{exc.code}: {exc.message}"}


# --- schedule -------------------------------------------------------------------------------
def describe_schedule(clients: Clients, name: str) -> dict[str, Any]:
    d = api.describe_schedule(clients, name)
    executions: list[dict[str, Any]] = []
    for page in api.list_executions(clients, name, limit=TREND):
        executions.extend(page)
    trend = []
    for summary in executions:
        e = ExecutionSummary.from_api(summary)
        try:
            r = data.report(clients, e)
        except AwsError as exc:  # transient: this point is unknown this time
            r = data.Report(problem=f"{exc.code}: {exc.message}")
        trend.append({"execution": summary, "report": data.report_fields(r)})
    endpoint_name = d.get("EndpointName") or ""
    endpoint = (
        _safe(endpoints_api.describe_endpoint, clients, endpoint_name) if endpoint_name else {}
    )
    config_name = endpoint.get("EndpointConfigName") if isinstance(endpoint, dict) else None
    config = (
        _safe(endpoints_api.describe_endpoint_config, clients, config_name) if config_name else {}
    )
    return {"schedule": d, "trend": trend, "endpoint": endpoint, "config": config}


def trend_points(trend: list[dict[str, Any]]) -> tuple[tuple[float, float], ...]:
    """(scheduled epoch, violations) for the executions whose report was read, oldest first."""
    points = []
    for entry in trend:
        e = ExecutionSummary.from_api(entry["execution"])
        r = data.report_from(entry["report"])
        if e.scheduled is not None and r.count is not None:
            points.append((e.scheduled.timestamp(), float(r.count)))
    return tuple(sorted(points))


def _last_section(s: Schedule, trend: list[dict[str, Any]]) -> Section:
    last = s.last
    if last is None:
        return Section("Last execution", text="This schedule has not run yet.", role="muted")
    entry = next(
        (t for t in trend if ExecutionSummary.from_api(t["execution"]).key == last.key), None
    )
    report = data.report_from(entry["report"]) if entry else None
    rows = [
        ("Scheduled", timefmt.timestamp(last.scheduled)),
        ("Status", last.status),
        (
            "Violations",
            str(report.count)
            if report is not None and report.count is not None
            else (report.problem if report is not None else "-"),
        ),
        ("Processing job", last.job_name or "-"),
        ("Last modified", timefmt.timestamp(last.modified)),
    ]
    if last.failure:
        rows.insert(2, ("Failure reason", last.failure))
    return Section("Last execution", tuple(rows), role=execution_role(last.status))


def _trend_section(trend: list[dict[str, Any]]) -> Section:
    if not trend:
        return Section("Violations trend", text="No executions yet: nothing to chart.")
    points = trend_points(trend)
    statuses = [ExecutionSummary.from_api(t["execution"]).status for t in trend]
    failed = statuses.count("Failed")
    flagged = statuses.count("CompletedWithViolations")
    text = (
        f"Violations per execution, last {len(trend)} executions: {flagged} with violations, "
        f"{failed} failed"
    )
    if points:
        worst = max(v for _, v in points)
        text += f", latest {fmt_number(points[-1][1])}, most {fmt_number(worst)}."
    else:
        text += "; no report could be read."
    unread = len(trend) - len(points) - failed
    if unread > 0:
        text += f" {unread} without a readable report (not in the chart)."
    chart = Chart("Violations per execution", (Series("violations", points),))
    role = "warning" if points and points[-1][1] > 0 else ""
    return Section("Violations trend", text=text, charts=(chart,), role=role)


def _capture_section(endpoint: Any, config: Any, name: str) -> Section:
    if not isinstance(endpoint, dict) or "_error" in endpoint:
        reason = endpoint.get("_error") if isinstance(endpoint, dict) else "unknown"
        return Section("Endpoint data capture", text=f"Endpoint {name}: {reason}", role="warning")
    capture = endpoint.get("DataCaptureConfig") or {}
    rows = [("Endpoint", f"{name}  {endpoint.get('EndpointStatus', '-')}  (e opens it)")]
    if not capture.get("EnableCapture"):
        rows.append(("Capture", "off: the monitor has no data to analyze"))
        return Section("Endpoint data capture", tuple(rows), role="error")
    modes = ""
    if isinstance(config, dict):
        options = (config.get("DataCaptureConfig") or {}).get("CaptureOptions") or []
        modes = ", ".join(str(o.get("CaptureMode")) for o in options)
    rows += [
        ("Capture", str(capture.get("CaptureStatus", "-"))),
        ("Sampling", f"{capture.get('CurrentSamplingPercentage', '-')}%"),
        ("Capture mode", modes or "-"),
        ("Destination", str(capture.get("DestinationS3Uri", "-"))),
    ]
    return Section("Endpoint data capture", tuple(rows))


def schedule_sections(item: Schedule, d: dict[str, Any]) -> list[Section]:
    raw = d.get("schedule") or {}
    s = Schedule.from_api(raw) if raw else item
    trend = d.get("trend") or []
    sections: list[Section] = []
    if s.failure:
        sections.append(Section("Failure reason", text=s.failure, role="error"))
    config = raw.get("MonitoringScheduleConfig") or {}
    now = d.get("_now")
    upcoming = next_run(s.expression, now) if isinstance(now, datetime) else None
    rows = [
        ("Name", s.name),
        ("Endpoint", s.endpoint or "-"),
        ("Type", s.monitoring_type or "-"),
        ("Status", s.status),
        ("Schedule", f"{schedule_words(s.expression)}  {s.expression or ''}".rstrip()),
    ]
    if upcoming is not None and s.status == "Scheduled":
        rows.append(("Next run", timefmt.timestamp(upcoming)[:16]))
    rows += [
        ("Created", timefmt.timestamp(s.created)),
        ("Last modified", timefmt.timestamp(s.modified)),
        ("ARN", s.arn),
    ]
    sections.append(Section("Overview", tuple(rows), role=schedule_role(s.status)))
    sections.append(_last_section(s, trend))
    sections.append(_trend_section(trend))
    sections.append(_capture_section(d.get("endpoint"), d.get("config"), s.endpoint))
    job = config.get("MonitoringJobDefinition") or {}
    constraints, statistics = data.baseline_uris(raw)
    if job:
        cluster = (job.get("MonitoringResources") or {}).get("ClusterConfig") or {}
        outputs = (job.get("MonitoringOutputConfig") or {}).get("MonitoringOutputs") or []
        output = ((outputs[0] if outputs else {}).get("S3Output") or {}).get("S3Uri", "-")
        sections.append(
            Section(
                "Job",
                (
                    ("Baseline constraints", constraints or "-"),
                    ("Baseline statistics", statistics or "-"),
                    (
                        "Image",
                        str((job.get("MonitoringAppSpecification") or {}).get("ImageUri", "-")),
                    ),
                    (
                        "Instances",
                        f"{cluster.get('InstanceType', '-')} x {cluster.get('InstanceCount', '-')}",
                    ),
                    ("Reports", str(output)),
                    ("Role", str(job.get("RoleArn", "-"))),
                ),
            )
        )
    elif config.get("MonitoringJobDefinitionName"):
        sections.append(
            Section(
                "Job",
                (("Job definition", str(config["MonitoringJobDefinitionName"])),),
                text=(
                    "The baseline and job settings are in the job definition "
                    f"(Describe{s.monitoring_type}JobDefinition)."
                ),
            )
        )
    sections.append(Section("Raw describe", raw=raw))
    return sections


# --- executions -------------------------------------------------------------------------------
def _text(body: bytes | None) -> str | None:
    return None if body is None else body.decode("utf-8", "replace")


def describe_reports(clients: Clients, e: ExecutionSummary) -> dict[str, Any]:
    """The execution's violations and statistics, and the schedule's baseline, as text."""
    report = data.report(clients, e)
    stats_body, stats_problem = data.statistics_text(clients, e)
    out: dict[str, Any] = {
        "report": data.report_fields(report),
        "statistics": _text(stats_body),
        "statistics_problem": stats_problem,
        "baseline_constraints": None,
        "baseline_statistics": None,
        "baseline_problem": "",
    }
    try:
        schedule = api.describe_schedule(clients, e.schedule)
    except AwsError as exc:
        out["baseline_problem"] = f"schedule {e.schedule}: {exc.code}: {exc.message}"
        return out
    constraints, statistics = data.baseline_uris(schedule)
    if constraints is None and statistics is None:
        definition = (schedule.get("MonitoringScheduleConfig") or {}).get(
            "MonitoringJobDefinitionName"
        )
        out["baseline_problem"] = (
            f"the baseline is in job definition {definition}" if definition else "no baseline"
        )
        return out
    problems = []
    for key, uri in (("baseline_constraints", constraints), ("baseline_statistics", statistics)):
        if uri:
            body, problem = data.read_text(clients, uri)
            out[key] = _text(body)
            if problem:
                problems.append(problem)
    out["baseline_problem"] = "; ".join(problems)
    return out


def comparison_section(
    d: dict[str, Any], only: tuple[str, ...] = (), title: str = "Statistics vs baseline"
) -> Section:
    """The execution's statistics.json against the baseline statistics and constraints."""
    text = d.get("statistics")
    if text is None:
        problem = d.get("statistics_problem") or "no statistics.json"
        return Section(title, text=f"statistics.json: {problem}", role="warning")
    try:
        current = parse_statistics(text)
    except ReportError as exc:
        return Section(title, text=f"statistics.json: {exc}", role="error")
    notes = []
    baseline: Statistics | None = None
    constraints: Constraints | None = None
    if d.get("baseline_statistics") is not None:
        try:
            baseline = parse_statistics(d["baseline_statistics"])
        except ReportError as exc:
            notes.append(f"baseline statistics.json: {exc}")
    if d.get("baseline_constraints") is not None:
        try:
            constraints = parse_constraints(d["baseline_constraints"])
        except ReportError as exc:
            notes.append(f"baseline constraints.json: {exc}")
    if d.get("baseline_problem"):
        notes.append(f"baseline: {d['baseline_problem']}")
    rows = feature_rows(current, baseline, constraints, only) + metric_rows(current, constraints)
    header = f"{fmt_number(current.item_count)} records analysed."
    if baseline is not None:
        header += f" Baseline: {fmt_number(baseline.item_count)} records."
    if constraints is not None and constraints.comparison_threshold is not None:
        header += f" Drift threshold {constraints.comparison_threshold:g}."
    if only and not rows:
        notes.append(f"{', '.join(only)}: not in statistics.json")
    return Section(title, rows, text="\n".join([header, *notes]))


def violations_section(d: dict[str, Any]) -> Section:
    report = data.report_from(d.get("report") or {})
    if report.violations is None:
        return Section("Violations", text=report.problem, role="error")
    if not report.violations:
        return Section("Violations", text="None: every constraint was met.", role="ok")
    rows = tuple((v.feature, f"{v.check}: {v.description}") for v in report.violations)
    return Section(
        "Violations",
        rows,
        text=f"{len(rows)} in constraint_violations.json (enter in the list opens them).",
        role="warning",
    )


def execution_sections(e: ExecutionSummary, d: dict[str, Any]) -> list[Section]:
    sections: list[Section] = []
    if e.failure:
        sections.append(Section("Failure reason", text=e.failure, role="error"))
    report = data.report_from(d.get("report") or {})
    sections.append(
        Section(
            "Overview",
            (
                ("Schedule", e.schedule),
                ("Scheduled", timefmt.timestamp(e.scheduled)),
                ("Status", e.status),
                ("Created", timefmt.timestamp(e.created)),
                ("Last modified", timefmt.timestamp(e.modified)),
                ("Endpoint", e.endpoint or "-"),
                ("Type", e.monitoring_type or "-"),
                ("Processing job", e.job_name or "-"),
                ("Reports", report.uri or "-"),
            ),
            role=execution_role(e.status),
        )
    )
    sections.append(violations_section(d))
    sections.append(comparison_section(d))
    return sections

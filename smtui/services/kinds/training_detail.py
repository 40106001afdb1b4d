"""DescribeTrainingJob, readably: the sections of the training job detail screen.

Overview, Configuration, Metrics, Debugger & Profiler, Logs and Raw, always in this
order (the keys 1..6 jump to them). Field names:
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from smtui.domain import timefmt
from smtui.domain.training import TrainingJobSummary, spot_saving, status_role
from smtui.services.kinds import cost_cells, training_metrics
from smtui.services.registry import LogSource, Section

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
"""Log streams ``[training-job-name]/algo-[N]-[epoch]`` (SageMaker developer guide,
"Log Amazon SageMaker AI events with Amazon CloudWatch")."""

Rows = list[tuple[str, str]]


def _secs(value: Any) -> str:
    return "-" if value is None else f"{timefmt.duration(value)} ({int(value)}s)"


def _now(d: dict[str, Any]) -> datetime | None:
    now = d.get("_now")
    return now if isinstance(now, datetime) else None


# --- overview -------------------------------------------------------------------------
def _spot_rows(d: dict[str, Any]) -> Rows:
    if not d.get("EnableManagedSpotTraining"):
        return [("Managed spot", "no")]
    training, billable = d.get("TrainingTimeInSeconds"), d.get("BillableTimeInSeconds")
    saving = spot_saving(training, billable)
    if saving is None:
        text = "yes (saving known when the job ends)"
    else:
        text = (
            f"yes, saving {saving:.0%}: billable {timefmt.duration(billable)} "
            f"of {timefmt.duration(training)} trained"
        )
    rows = [("Managed spot", text)]
    stop = d.get("StoppingCondition") or {}
    if "MaxWaitTimeInSeconds" in stop:
        rows.append(("Max wait", _secs(stop["MaxWaitTimeInSeconds"])))
    ckpt = d.get("CheckpointConfig") or {}
    if ckpt:
        local = f"  (local {ckpt['LocalPath']})" if ckpt.get("LocalPath") else ""
        rows.append(("Checkpoints", f"{ckpt.get('S3Uri', '-')}{local}"))
    else:
        rows.append(("Checkpoints", "none: an interruption restarts training from scratch"))
    return rows


def _warm_pool_rows(d: dict[str, Any]) -> Rows:
    warm = d.get("WarmPoolStatus") or {}
    keep = (d.get("ResourceConfig") or {}).get("KeepAlivePeriodInSeconds")
    if not warm and not keep:
        return []
    parts = [str(warm.get("Status", "not yet"))]
    if keep:
        parts.append(f"keep alive {timefmt.duration(keep)}")
    if warm.get("ReusedByJob"):
        parts.append(f"reused by {warm['ReusedByJob']}")
    if warm.get("ResourceRetainedBillableTimeInSeconds") is not None:
        parts.append(f"retained {_secs(warm['ResourceRetainedBillableTimeInSeconds'])}")
    return [("Warm pool", ", ".join(parts))]


def _timeline_rows(d: dict[str, Any]) -> Rows:
    transitions = d.get("SecondaryStatusTransitions") or []
    if not transitions:
        return []
    now = _now(d)
    rows: Rows = [("Timeline", "time in each phase")]
    for t in transitions:
        start, end = t.get("StartTime"), t.get("EndTime")
        if start and end:
            took = timefmt.duration((end - start).total_seconds())
        elif start and now:
            took = timefmt.duration((now - start).total_seconds()) + "…"
        else:
            took = "running"
        stamp = timefmt.timestamp(start)[11:] if start else "-"
        rows.append(
            (f"  {t.get('Status', '-')}", f"{stamp}  {took:>8}  {t.get('StatusMessage', '')}")
        )
    return rows


def overview(d: dict[str, Any]) -> Section:
    status = d.get("TrainingJobStatus", "")
    rows: Rows = [
        ("Name", d.get("TrainingJobName", "-")),
        ("ARN", d.get("TrainingJobArn", "-")),
        ("Status", f"{status or '-'} / {d.get('SecondaryStatus', '-')}"),
        ("Created", timefmt.timestamp(d.get("CreationTime"))),
        ("Started", timefmt.timestamp(d.get("TrainingStartTime"))),
        ("Ended", timefmt.timestamp(d.get("TrainingEndTime"))),
        ("Training time", _secs(d.get("TrainingTimeInSeconds"))),
        ("Billable time", _secs(d.get("BillableTimeInSeconds"))),
    ]
    stop = d.get("StoppingCondition") or {}
    rows.append(("Max runtime", _secs(stop.get("MaxRuntimeInSeconds"))))
    rows += _spot_rows(d)
    rows += _warm_pool_rows(d)
    rows += cost_cells.training_cost_rows(d)  # cost so far, its rate and prices
    rows += _timeline_rows(d)
    reason = d.get("FailureReason")
    text = f"FAILED: {reason}" if reason else ""
    return Section("Overview", tuple(rows), text=text, role=status_role(status))


# --- configuration ----------------------------------------------------------------------
def _group(title: str, rows: Rows) -> Rows:
    return [(title, ""), *((f"  {k}", v) for k, v in rows)] if rows else []


def configuration(d: dict[str, Any]) -> Section:
    algo = d.get("AlgorithmSpecification") or {}
    rows: Rows = [
        ("Image", algo.get("TrainingImage") or algo.get("AlgorithmName") or "-"),
        ("Input mode", algo.get("TrainingInputMode", "-")),
    ]
    definitions = [m["Name"] for m in algo.get("MetricDefinitions") or []]
    if definitions:
        rows.append(("Metric definitions", ", ".join(definitions)))
    rows += _group("Hyperparameters", sorted((d.get("HyperParameters") or {}).items()))
    channels = []
    for ch in d.get("InputDataConfig") or []:
        uri = ((ch.get("DataSource") or {}).get("S3DataSource") or {}).get("S3Uri", "-")
        extra = ", ".join(x for x in (ch.get("ContentType"), ch.get("InputMode")) if x)
        channels.append((str(ch.get("ChannelName", "-")), f"{uri}  {extra}".rstrip()))
    rows += _group("Input channels", channels)
    rows.append(("Output path", (d.get("OutputDataConfig") or {}).get("S3OutputPath", "-")))
    rows.append(("Model artifacts", (d.get("ModelArtifacts") or {}).get("S3ModelArtifacts", "-")))
    rc = d.get("ResourceConfig") or {}
    resources: Rows = []
    for g in rc.get("InstanceGroups") or []:
        resources.append(
            (
                g.get("InstanceGroupName", "group"),
                f"{g.get('InstanceType')} x {g.get('InstanceCount')}",
            )
        )
    if not resources:
        resources.append(
            ("Instances", f"{rc.get('InstanceType', '-')} x {rc.get('InstanceCount', '-')}")
        )
    resources.append(("Volume", f"{rc.get('VolumeSizeInGB', '-')} GB"))
    if rc.get("KeepAlivePeriodInSeconds"):
        resources.append(("Keep alive", _secs(rc["KeepAlivePeriodInSeconds"])))
    if rc.get("TrainingPlanArn"):
        resources.append(("Training plan", rc["TrainingPlanArn"]))
    rows += _group("Resources", resources)
    vpc = d.get("VpcConfig") or {}
    network: Rows = []
    if vpc:
        network.append(("Subnets", ", ".join(vpc.get("Subnets", []))))
        network.append(("Security groups", ", ".join(vpc.get("SecurityGroupIds", []))))
    else:
        network.append(("VPC", "none (SageMaker's network)"))
    network.append(("Network isolation", "yes" if d.get("EnableNetworkIsolation") else "no"))
    network.append(
        (
            "Inter-container encryption",
            "yes" if d.get("EnableInterContainerTrafficEncryption") else "no",
        )
    )
    rows += _group("Network", network)
    rows.append(("Role", d.get("RoleArn", "-")))
    rows += _group(
        "Experiment", [(k, str(v)) for k, v in (d.get("ExperimentConfig") or {}).items()]
    )
    rows += _group("Environment", sorted((d.get("Environment") or {}).items()))
    tags = sorted((t["Key"], t["Value"]) for t in d.get("Tags") or [])
    rows += _group("Tags", tags)
    return Section("Configuration", tuple(rows))


# --- metrics, debugger, logs, raw -----------------------------------------------------------
def metrics(d: dict[str, Any]) -> Section:
    finals = d.get("FinalMetricDataList") or []
    rows: Rows = [(m["MetricName"], f"{m['Value']:g}") for m in finals]
    series = d.get("_metrics") or {}
    charts = training_metrics.charts(series, d)
    notes = []
    if series.get("error"):
        notes.append(f"CloudWatch: {series['error']}")
    elif not charts:
        notes.append("No CloudWatch metrics for this job yet.")
    if not finals:
        notes.append("Final metrics appear when the job completes.")
    return Section("Metrics", tuple(rows), text="\n".join(notes), charts=charts)


def _rules(kind: str, statuses: list[dict[str, Any]]) -> tuple[Rows, int]:
    rows: Rows = []
    issues = 0
    for s in statuses:
        status = str(s.get("RuleEvaluationStatus", "-"))
        flag = "⚠ " if status == "IssuesFound" else ""
        issues += status == "IssuesFound"
        detail = f"  {s['StatusDetails']}" if s.get("StatusDetails") else ""
        rows.append((f"{kind}  {s.get('RuleConfigurationName', '-')}", f"{flag}{status}{detail}"))
    return rows, issues


def debugger(d: dict[str, Any]) -> Section:
    debug_rows, debug_issues = _rules("Debugger", d.get("DebugRuleEvaluationStatuses") or [])
    prof_rows, prof_issues = _rules("Profiler", d.get("ProfilerRuleEvaluationStatuses") or [])
    rows = debug_rows + prof_rows
    if d.get("ProfilingStatus"):
        rows.append(("Profiling", str(d["ProfilingStatus"])))
    for label, config in (
        ("Debug output", d.get("DebugHookConfig")),
        ("Profiler output", d.get("ProfilerConfig")),
    ):
        if config and config.get("S3OutputPath"):
            rows.append((label, config["S3OutputPath"]))
    issues = debug_issues + prof_issues
    if issues:
        text = f"{issues} rule{'s' if issues > 1 else ''} found issues."
    elif debug_rows or prof_rows:
        text = "No rule found issues."
    else:
        text = "Debugger and Profiler rules are not configured for this job."
    return Section("Debugger & Profiler", tuple(rows), text=text, role="error" if issues else "")


def logs(d: dict[str, Any]) -> Section:
    name = d.get("TrainingJobName", "")
    live = d.get("TrainingJobStatus") in ("InProgress", "Stopping")
    return Section("Logs", logs=LogSource(LOG_GROUP, f"{name}/", follow=live))


def raw(d: dict[str, Any]) -> Section:
    return Section("Raw", raw={k: v for k, v in d.items() if not k.startswith("_")})


def training_sections(job: TrainingJobSummary, d: dict[str, Any]) -> list[Section]:
    return [overview(d), configuration(d), metrics(d), debugger(d), logs(d), raw(d)]

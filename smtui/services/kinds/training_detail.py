"""DescribeTrainingJob, readably: the sections of the training job detail screen.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html
"""

from __future__ import annotations

from typing import Any

from smtui.domain import timefmt
from smtui.domain.training import TrainingJobSummary, status_role
from smtui.services.registry import Section


def _secs(value: Any) -> str:
    return "-" if value is None else f"{timefmt.duration(value)} ({int(value)}s)"


def _overview(d: dict[str, Any]) -> Section:
    rows = [
        ("Name", d.get("TrainingJobName", "-")),
        ("ARN", d.get("TrainingJobArn", "-")),
        ("Status", f"{d.get('TrainingJobStatus', '-')} / {d.get('SecondaryStatus', '-')}"),
        ("Created", timefmt.timestamp(d.get("CreationTime"))),
        ("Started", timefmt.timestamp(d.get("TrainingStartTime"))),
        ("Ended", timefmt.timestamp(d.get("TrainingEndTime"))),
        ("Last modified", timefmt.timestamp(d.get("LastModifiedTime"))),
        ("Training time", _secs(d.get("TrainingTimeInSeconds"))),
        ("Billable time", _secs(d.get("BillableTimeInSeconds"))),
        ("Managed spot", "yes" if d.get("EnableManagedSpotTraining") else "no"),
    ]
    stop = d.get("StoppingCondition") or {}
    rows.append(("Max runtime", _secs(stop.get("MaxRuntimeInSeconds"))))
    if "MaxWaitTimeInSeconds" in stop:
        rows.append(("Max wait", _secs(stop["MaxWaitTimeInSeconds"])))
    warm = d.get("WarmPoolStatus") or {}
    if warm:
        rows.append(("Warm pool", str(warm.get("Status", "-"))))
    return Section("Overview", tuple(rows), role=status_role(d.get("TrainingJobStatus", "")))


def _timeline(d: dict[str, Any]) -> Section | None:
    transitions = d.get("SecondaryStatusTransitions") or []
    if not transitions:
        return None
    rows = []
    for t in transitions:
        start, end = t.get("StartTime"), t.get("EndTime")
        took = timefmt.duration((end - start).total_seconds()) if start and end else "running"
        rows.append(
            (
                t.get("Status", "-"),
                f"{timefmt.timestamp(start)}  {took:>8}  {t.get('StatusMessage', '')}",
            )
        )
    return Section("Status timeline", tuple(rows))


def _resources(d: dict[str, Any]) -> Section:
    rc = d.get("ResourceConfig") or {}
    rows = []
    if rc.get("InstanceGroups"):
        for g in rc["InstanceGroups"]:
            rows.append(
                (
                    g.get("InstanceGroupName", "group"),
                    f"{g.get('InstanceType')} x {g.get('InstanceCount')}",
                )
            )
    else:
        rows.append(
            ("Instances", f"{rc.get('InstanceType', '-')} x {rc.get('InstanceCount', '-')}")
        )
    rows.append(("Volume", f"{rc.get('VolumeSizeInGB', '-')} GB"))
    if rc.get("KeepAlivePeriodInSeconds"):
        rows.append(("Keep alive", _secs(rc["KeepAlivePeriodInSeconds"])))
    algo = d.get("AlgorithmSpecification") or {}
    rows.append(("Image", algo.get("TrainingImage") or algo.get("AlgorithmName") or "-"))
    rows.append(("Input mode", algo.get("TrainingInputMode", "-")))
    rows.append(("Role", d.get("RoleArn", "-")))
    vpc = d.get("VpcConfig")
    if vpc:
        rows.append(("VPC subnets", ", ".join(vpc.get("Subnets", []))))
        rows.append(("VPC security groups", ", ".join(vpc.get("SecurityGroupIds", []))))
    ckpt = d.get("CheckpointConfig")
    if ckpt:
        rows.append(("Checkpoints", ckpt.get("S3Uri", "-")))
    return Section("Resources", tuple(rows))


def _data(d: dict[str, Any]) -> Section:
    rows = []
    for ch in d.get("InputDataConfig") or []:
        uri = ((ch.get("DataSource") or {}).get("S3DataSource") or {}).get("S3Uri", "-")
        rows.append(
            (f"in: {ch.get('ChannelName')}", f"{uri}  {ch.get('ContentType', '')}".rstrip())
        )
    out = (d.get("OutputDataConfig") or {}).get("S3OutputPath", "-")
    rows.append(("Output path", out))
    rows.append(("Model artifacts", (d.get("ModelArtifacts") or {}).get("S3ModelArtifacts", "-")))
    return Section("Data", tuple(rows))


def _mapping(title: str, mapping: dict[str, str] | None) -> Section | None:
    if not mapping:
        return None
    return Section(title, tuple(sorted(mapping.items())))


def training_sections(job: TrainingJobSummary, d: dict[str, Any]) -> list[Section]:
    sections: list[Section] = []
    if d.get("FailureReason"):
        sections.append(Section("Failure reason", text=str(d["FailureReason"]), role="error"))
    sections.append(_overview(d))
    for maybe in (
        _timeline(d),
        _resources(d),
        _data(d),
        _mapping("Hyperparameters", d.get("HyperParameters")),
    ):
        if maybe is not None:
            sections.append(maybe)
    metrics = d.get("FinalMetricDataList") or []
    if metrics:
        sections.append(
            Section("Final metrics", tuple((m["MetricName"], f"{m['Value']:g}") for m in metrics))
        )
    exp = d.get("ExperimentConfig")
    if exp:
        sections.append(Section("Experiment", tuple((k, str(v)) for k, v in exp.items())))
    tags = {t["Key"]: t["Value"] for t in d.get("Tags") or []}
    if tags:
        sections.append(_mapping("Tags", tags) or Section("Tags"))
    return sections

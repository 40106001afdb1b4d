"""The processing jobs view: instance type x count and image in the list, inputs,
outputs and logs in the detail, and stop.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeProcessingJob.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.jobkinds import PROCESSING, JobItem
from smtui.services.kinds.jobkind_common import (
    Extra,
    from_detail,
    job_kind,
    mapping_section,
    short_image,
)
from smtui.services.registry import Column, Section


def instances(d: Mapping[str, Any]) -> str | None:
    cluster = (d.get("ProcessingResources") or {}).get("ClusterConfig") or {}
    if not cluster.get("InstanceType"):
        return None
    return f"{cluster['InstanceType']} x {cluster.get('InstanceCount', 1)}"


def image(d: Mapping[str, Any]) -> str | None:
    return short_image((d.get("AppSpecification") or {}).get("ImageUri"))


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    app = d.get("AppSpecification") or {}
    cluster = (d.get("ProcessingResources") or {}).get("ClusterConfig") or {}
    network = d.get("NetworkConfig") or {}
    rows = [
        ("Image", str(app.get("ImageUri", "-"))),
        ("Entrypoint", " ".join(app.get("ContainerEntrypoint") or []) or "-"),
        ("Arguments", " ".join(app.get("ContainerArguments") or []) or "-"),
        ("Instances", instances(d) or "-"),
        ("Volume", f"{cluster.get('VolumeSizeInGB', '-')} GB"),
        ("Max runtime", f"{(d.get('StoppingCondition') or {}).get('MaxRuntimeInSeconds', '-')} s"),
        ("Role", str(d.get("RoleArn", "-"))),
        ("Network isolation", "yes" if network.get("EnableNetworkIsolation") else "no"),
    ]
    vpc = network.get("VpcConfig")
    if vpc:
        rows.append(("VPC subnets", ", ".join(vpc.get("Subnets", []))))
    for key, label in (
        ("MonitoringScheduleArn", "Monitoring schedule"),
        ("AutoMLJobArn", "AutoML job"),
        ("TrainingJobArn", "Training job"),
    ):
        if d.get(key):
            rows.append((label, str(d[key])))
    inputs = tuple(
        (
            f"in: {i.get('InputName')}",
            f"{(i.get('S3Input') or {}).get('S3Uri', '-')} -> "
            f"{(i.get('S3Input') or {}).get('LocalPath', '')}",
        )
        for i in d.get("ProcessingInputs") or []
    )
    outputs = tuple(
        (
            f"out: {o.get('OutputName')}",
            f"{(o.get('S3Output') or {}).get('LocalPath', '')} -> "
            f"{(o.get('S3Output') or {}).get('S3Uri', '-')}",
        )
        for o in (d.get("ProcessingOutputConfig") or {}).get("Outputs") or []
    )
    return [
        Section("Configuration", tuple(rows)),
        Section("Inputs and outputs", inputs + outputs) if inputs or outputs else None,
        mapping_section("Environment", d.get("Environment")),
    ]


PROCESSING_JOBS = job_kind(
    PROCESSING,
    aliases=("processing-jobs", "pj", "proc"),
    extras=(
        Extra(Column("INSTANCES", 18, priority=1), lambda i: from_detail(i, instances)),
        Extra(Column("IMAGE", 28, priority=2), lambda i: from_detail(i, image)),
    ),
    sections=_sections,
    started="ProcessingStartTime",
    consequence="It moves to Stopping, then Stopped (StopProcessingJob).",
)

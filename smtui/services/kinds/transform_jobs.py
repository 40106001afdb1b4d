"""The batch transform jobs view: model, instances, input and output in the list; data,
resources and logs in the detail; stop.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTransformJob.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.jobkinds import TRANSFORM, JobItem
from smtui.services.kinds.jobkind_common import (
    Extra,
    from_detail,
    job_kind,
    mapping_section,
    short_uri,
)
from smtui.services.registry import Column, Section


def instances(d: Mapping[str, Any]) -> str | None:
    res = d.get("TransformResources") or {}
    if not res.get("InstanceType"):
        return None
    return f"{res['InstanceType']} x {res.get('InstanceCount', 1)}"


def input_uri(d: Mapping[str, Any]) -> str | None:
    source = ((d.get("TransformInput") or {}).get("DataSource") or {}).get("S3DataSource") or {}
    return source.get("S3Uri")


def output_uri(d: Mapping[str, Any]) -> str | None:
    return (d.get("TransformOutput") or {}).get("S3OutputPath")


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    tin = d.get("TransformInput") or {}
    tout = d.get("TransformOutput") or {}
    client = d.get("ModelClientConfig") or {}
    config = [
        ("Model", str(d.get("ModelName", "-"))),
        ("Instances", instances(d) or "-"),
        ("Batch strategy", str(d.get("BatchStrategy", "-"))),
        ("Max payload", f"{d.get('MaxPayloadInMB', '-')} MB"),
        ("Max concurrent", str(d.get("MaxConcurrentTransforms", "-"))),
    ]
    if client:
        config.append(
            (
                "Invocations",
                f"timeout {client.get('InvocationsTimeoutInSeconds', '-')} s, "
                f"{client.get('InvocationsMaxRetries', '-')} retries",
            )
        )
    data = [
        ("Input", input_uri(d) or "-"),
        ("Content type", str(tin.get("ContentType", "-"))),
        ("Split", f"{tin.get('SplitType', '-')}, compression {tin.get('CompressionType', '-')}"),
        ("Output", output_uri(d) or "-"),
        ("Accept", str(tout.get("Accept", "-"))),
        ("Assemble with", str(tout.get("AssembleWith", "-"))),
    ]
    for key, value in sorted((d.get("DataProcessing") or {}).items()):
        data.append((key, str(value)))
    return [
        Section("Configuration", tuple(config)),
        Section("Data", tuple(data)),
        mapping_section("Environment", d.get("Environment")),
    ]


TRANSFORM_JOBS = job_kind(
    TRANSFORM,
    aliases=("transform-jobs", "batch", "batch-transform"),
    extras=(
        Extra(
            Column("MODEL", 20, priority=1), lambda i: from_detail(i, lambda d: d.get("ModelName"))
        ),
        Extra(
            Column("INPUT", 16, priority=3),
            lambda i: from_detail(i, lambda d: short_uri(input_uri(d))),
        ),
        Extra(
            Column("OUTPUT", 16, priority=2),
            lambda i: from_detail(i, lambda d: short_uri(output_uri(d))),
        ),
    ),
    sections=_sections,
    started="TransformStartTime",
    consequence=(
        "It moves to Stopping, then Stopped. A batch transform job stopped before it "
        "completes stores no output in Amazon S3 (StopTransformJob)."
    ),
)

"""The SageMaker Neo compilation jobs view: target device or platform and framework in
the list; model, target and logs in the detail; stop.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeCompilationJob.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.jobkinds import COMPILATION, JobItem
from smtui.services.kinds.jobkind_common import Extra, from_detail, job_kind
from smtui.services.registry import Column, Section


def target(item: JobItem) -> str:
    """The device (``ml_c5``), or the platform (``LINUX/ARM64/NVIDIA``) from the summary."""
    s = item.summary
    if s.get("CompilationTargetDevice"):
        return str(s["CompilationTargetDevice"])
    parts = [
        s.get(k)
        for k in (
            "CompilationTargetPlatformOs",
            "CompilationTargetPlatformArch",
            "CompilationTargetPlatformAccelerator",
        )
    ]
    return "/".join(str(p) for p in parts if p) or "-"


def framework(d: Mapping[str, Any]) -> str | None:
    config = d.get("InputConfig") or {}
    if not config.get("Framework"):
        return None
    return f"{config['Framework']} {config.get('FrameworkVersion', '')}".rstrip()


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    config = d.get("InputConfig") or {}
    output = d.get("OutputConfig") or {}
    platform = output.get("TargetPlatform") or {}
    trows = [
        ("Target device", str(output.get("TargetDevice") or "-")),
    ]
    if platform:
        trows.append(("Target platform", "/".join(str(v) for v in platform.values())))
    if output.get("CompilerOptions"):
        trows.append(("Compiler options", str(output["CompilerOptions"])))
    trows += [
        ("Framework", framework(d) or "-"),
        ("Input config", str(config.get("DataInputConfig") or "-")),
        ("Max runtime", f"{(d.get('StoppingCondition') or {}).get('MaxRuntimeInSeconds', '-')} s"),
        ("Role", str(d.get("RoleArn", "-"))),
    ]
    mrows = [
        ("Model", str(config.get("S3Uri", "-"))),
        ("Output location", str(output.get("S3OutputLocation", "-"))),
        ("Compiled artifacts", str((d.get("ModelArtifacts") or {}).get("S3ModelArtifacts", "-"))),
    ]
    if d.get("InferenceImage"):
        mrows.append(("Inference image", str(d["InferenceImage"])))
    digest = (d.get("ModelDigests") or {}).get("ArtifactDigest")
    if digest:
        mrows.append(("Artifact digest", str(digest)))
    return [Section("Target", tuple(trows)), Section("Model", tuple(mrows))]


COMPILATION_JOBS = job_kind(
    COMPILATION,
    aliases=("compilation-jobs", "neo"),
    extras=(
        Extra(Column("TARGET", 18), target),
        Extra(Column("FRAMEWORK", 15, priority=1), lambda i: from_detail(i, framework)),
    ),
    sections=_sections,
    started="CompilationStartTime",
    created_priority=2,
    consequence=(
        "SageMaker sends the compiler SIGTERM, then SIGKILL if it has not stopped; it moves "
        "to STOPPING, then STOPPED (StopCompilationJob)."
    ),
)

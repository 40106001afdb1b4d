"""The Ground Truth labeling jobs view: labeled, human-labeled, failed counts and progress
in the list (from the summary, no describe needed); task, data and logs in the detail;
stop.

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeLabelingJob.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.jobkinds import LABELING, JobItem
from smtui.services.kinds.jobkind_common import Extra, count, job_kind
from smtui.services.registry import Column, Section


def counters(item: JobItem) -> Mapping[str, int]:
    return item.field("LabelCounters") or {}


def progress(c: Mapping[str, Any]) -> float | None:
    total = sum(int(c.get(k, 0)) for k in ("TotalLabeled", "FailedNonRetryableError", "Unlabeled"))
    if not total:
        return None
    return (int(c.get("TotalLabeled", 0)) + int(c.get("FailedNonRetryableError", 0))) / total


def _counter(header: str, key: str, width: int, priority: int = 0) -> Extra:
    return Extra(
        Column(header, width, justify="right", priority=priority),
        lambda i: count(counters(i).get(key)),
        lambda i: int(counters(i).get(key, 0)),
    )


def _progress_cell(item: JobItem) -> str:
    share = progress(counters(item))
    return "-" if share is None else f"{share:.0%}"


def task_type(d: Mapping[str, Any]) -> str:
    """``arn:...:function:PRE-BoundingBox`` -> ``BoundingBox`` (built-in task types)."""
    arn = str(
        (d.get("HumanTaskConfig") or {}).get("PreHumanTaskLambdaArn")
        or d.get("PreHumanTaskLambdaArn")
        or ""
    )
    name = arn.rsplit(":", 1)[-1]
    return name.removeprefix("PRE-") if name else "-"


def _sections(item: JobItem, d: Mapping[str, Any]) -> list[Section | None]:
    c = d.get("LabelCounters") or {}
    share = progress(c)
    rows = tuple((k, count(v)) for k, v in c.items())
    if share is not None:
        rows = (("Progress", f"{share:.1%}"), *rows)
    task = d.get("HumanTaskConfig") or {}
    price = (task.get("PublicWorkforceTaskPrice") or {}).get("AmountInUsd") or {}
    trows = [
        ("Task type", task_type(d)),
        ("Title", str(task.get("TaskTitle", "-"))),
        ("Workteam", str(task.get("WorkteamArn") or d.get("WorkteamArn") or "-")),
        ("Workers per object", str(task.get("NumberOfHumanWorkersPerDataObject", "-"))),
        ("Task time limit", f"{task.get('TaskTimeLimitInSeconds', '-')} s"),
    ]
    if price:
        cents = price.get("Cents", 0) + price.get("TenthFractionsOfACent", 0) / 10
        trows.append(("Price per task", f"USD {price.get('Dollars', 0) + cents / 100:.3f}"))
    algo = (d.get("LabelingJobAlgorithmsConfig") or {}).get("LabelingJobAlgorithmSpecificationArn")
    trows.append(("Automated labeling", str(algo).rsplit("/", 1)[-1] if algo else "off"))
    source = ((d.get("InputConfig") or {}).get("DataSource") or {}).get("S3DataSource") or {}
    drows = [
        ("Input manifest", str(source.get("ManifestS3Uri", "-"))),
        ("Label attribute", str(d.get("LabelAttributeName", "-"))),
        ("Output path", str((d.get("OutputConfig") or {}).get("S3OutputPath", "-"))),
    ]
    output = d.get("LabelingJobOutput") or {}
    if output:
        drows.append(("Output manifest", str(output.get("OutputDatasetS3Uri", "-"))))
        if output.get("FinalActiveLearningModelArn"):
            drows.append(("Final model", str(output["FinalActiveLearningModelArn"])))
    return [
        Section("Labels", rows),
        Section("Task", tuple(trows)),
        Section("Data", tuple(drows)),
    ]


LABELING_JOBS = job_kind(
    LABELING,
    aliases=("labeling-jobs", "groundtruth", "gt"),
    extras=(
        _counter("LABELED", "TotalLabeled", 8),
        _counter("HUMAN", "HumanLabeled", 7),
        _counter("MACHINE", "MachineLabeled", 7, priority=1),
        _counter("FAILED", "FailedNonRetryableError", 6),
        Extra(
            Column("DONE", 4, justify="right"),
            _progress_cell,
            lambda i: progress(counters(i)) or 0.0,
        ),
    ),
    sections=_sections,
    started=None,
    consequence=(
        "A stopped labeling job cannot be restarted; labels obtained so far go to the S3 "
        "output path (StopLabelingJob)."
    ),
    enrich=False,
    created_priority=2,
)

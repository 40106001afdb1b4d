"""Example calls for the processing, transform, tuning, AutoML, labeling and compilation
operations (smtui/sandbox/services/sagemaker_jobkinds.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.jobkinds import area


def _name(kind: str, status: str | None = None, pick: int = 0) -> Callable[[Sandbox], str]:
    def find(sb: Sandbox) -> str:
        jobs = area(sb.world)
        statuses = jobs.kinds[kind].statuses(jobs.now())
        names = sorted(n for n, s in statuses.items() if status is None or s == status)
        return names[pick % len(names)]

    return find


def _v2_job(sb: Sandbox) -> str:
    from smtui.sandbox.jobkinds.automl import FAMILIES

    jobs = area(sb.world)
    return next(j.name for j in jobs.automl.jobs() if FAMILIES[j.family].problem != "Tabular")


def _tabular_job(sb: Sandbox) -> str:
    from smtui.sandbox.jobkinds.automl import FAMILIES

    jobs = area(sb.world)
    done = jobs.automl.statuses(jobs.now())
    return next(
        j.name
        for j in jobs.automl.jobs()
        if FAMILIES[j.family].problem == "Tabular" and done[j.name] == "Completed"
    )


def _each(kind: str, param: str) -> list[Callable[[Sandbox], dict[str, Any]]]:
    """One example per status the fleet has (failed, stopped, running, completed)."""
    return [
        (lambda sb, s=status: {param: _name(kind, s)(sb)})
        for status in ("Completed", "Failed", "InProgress", "Stopped")
    ]


def _listing() -> list[Callable[[Sandbox], dict[str, Any]]]:
    return [
        lambda sb: {},
        lambda sb: {"MaxResults": 100, "SortBy": "Status", "SortOrder": "Descending"},
        lambda sb: {"MaxResults": 100, "SortBy": "Name", "SortOrder": "Ascending"},
        lambda sb: {"MaxResults": 5, "SortBy": "CreationTime", "SortOrder": "Descending"},
    ]


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListProcessingJobs"): _listing(),
    ("sagemaker", "DescribeProcessingJob"): _each("processing", "ProcessingJobName"),
    ("sagemaker", "StopProcessingJob"): [
        lambda sb: {"ProcessingJobName": _name("processing", "InProgress")(sb)}
    ],
    ("sagemaker", "ListTransformJobs"): _listing(),
    ("sagemaker", "DescribeTransformJob"): _each("transform", "TransformJobName"),
    ("sagemaker", "StopTransformJob"): [
        lambda sb: {"TransformJobName": _name("transform", "InProgress")(sb)}
    ],
    ("sagemaker", "ListHyperParameterTuningJobs"): _listing(),
    ("sagemaker", "DescribeHyperParameterTuningJob"): [
        lambda sb, s=s: {"HyperParameterTuningJobName": _name("tuning", s)(sb)}
        for s in ("Completed", "Failed", "InProgress")
    ],
    ("sagemaker", "StopHyperParameterTuningJob"): [
        lambda sb: {"HyperParameterTuningJobName": _name("tuning", "InProgress")(sb)}
    ],
    ("sagemaker", "ListTrainingJobsForHyperParameterTuningJob"): [
        lambda sb: {"HyperParameterTuningJobName": _name("tuning", "Completed")(sb)},
        lambda sb: {
            "HyperParameterTuningJobName": _name("tuning", "InProgress")(sb),
            "SortBy": "FinalObjectiveMetricValue",
            "SortOrder": "Descending",
            "MaxResults": 2,
        },
    ],
    ("sagemaker", "ListAutoMLJobs"): _listing(),
    ("sagemaker", "DescribeAutoMLJob"): [lambda sb: {"AutoMLJobName": _tabular_job(sb)}],
    ("sagemaker", "DescribeAutoMLJobV2"): [
        lambda sb: {"AutoMLJobName": _tabular_job(sb)},
        lambda sb: {"AutoMLJobName": _v2_job(sb)},
        lambda sb: {"AutoMLJobName": _name("automl", "Failed")(sb)},
        lambda sb: {"AutoMLJobName": _name("automl", "InProgress")(sb)},
    ],
    ("sagemaker", "StopAutoMLJob"): [
        lambda sb: {"AutoMLJobName": _name("automl", "InProgress")(sb)}
    ],
    ("sagemaker", "ListLabelingJobs"): _listing(),
    ("sagemaker", "DescribeLabelingJob"): [
        lambda sb, s=s: {"LabelingJobName": _name("labeling", s)(sb)}
        for s in ("Completed", "Failed", "InProgress", "Initializing", "Stopped")
    ],
    ("sagemaker", "StopLabelingJob"): [
        lambda sb: {"LabelingJobName": _name("labeling", "InProgress")(sb)}
    ],
    ("sagemaker", "ListCompilationJobs"): _listing(),
    ("sagemaker", "DescribeCompilationJob"): [
        lambda sb, s=s: {"CompilationJobName": _name("compilation", s)(sb)}
        for s in ("COMPLETED", "FAILED", "INPROGRESS", "STOPPED")
    ],
    ("sagemaker", "StopCompilationJob"): [
        lambda sb: {"CompilationJobName": _name("compilation", "INPROGRESS")(sb)}
    ],
}

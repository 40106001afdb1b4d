"""SageMaker processing, transform, tuning, AutoML, labeling and compilation jobs:
their List, Describe and Stop operations, plus DescribeAutoMLJobV2 and
ListTrainingJobsForHyperParameterTuningJob (simulators in ``smtui/sandbox/jobkinds``).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..errors import ServiceError, validation_error
from ..jobkinds import (
    AutoMLError,
    InvalidTokenError,
    JobKindsArea,
    JobNotFoundError,
    JobStateError,
    KindSim,
    Query,
    area,
)
from ..registry import Registry
from ..world import World

# kind -> (List operation, its result key, Describe, Stop, the name parameter).
OPERATIONS: dict[str, tuple[str, str, str, str, str]] = {
    "processing": (
        "ListProcessingJobs",
        "ProcessingJobSummaries",
        "DescribeProcessingJob",
        "StopProcessingJob",
        "ProcessingJobName",
    ),
    "transform": (
        "ListTransformJobs",
        "TransformJobSummaries",
        "DescribeTransformJob",
        "StopTransformJob",
        "TransformJobName",
    ),
    "tuning": (
        "ListHyperParameterTuningJobs",
        "HyperParameterTuningJobSummaries",
        "DescribeHyperParameterTuningJob",
        "StopHyperParameterTuningJob",
        "HyperParameterTuningJobName",
    ),
    "automl": (
        "ListAutoMLJobs",
        "AutoMLJobSummaries",
        "DescribeAutoMLJob",
        "StopAutoMLJob",
        "AutoMLJobName",
    ),
    "labeling": (
        "ListLabelingJobs",
        "LabelingJobSummaryList",
        "DescribeLabelingJob",
        "StopLabelingJob",
        "LabelingJobName",
    ),
    "compilation": (
        "ListCompilationJobs",
        "CompilationJobSummaries",
        "DescribeCompilationJob",
        "StopCompilationJob",
        "CompilationJobName",
    ),
}


def resource_not_found() -> ServiceError:
    # The Describe and Stop operations declare only ResourceNotFound in botocore's model
    # (as DescribeTrainingJob does; see sagemaker_training.py).
    return ServiceError("ResourceNotFound", "Requested resource not found.", 400)


def invalid_token() -> ServiceError:
    return validation_error(
        "Invalid NextToken: the token is malformed, expired, or was issued for a request "
        "with different parameters."
    )


def _epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def list_jobs(jobs: JobKindsArea, sim: KindSim, key: str, params: dict[str, Any]) -> dict[str, Any]:
    sort_by, sort_order = sim.default_sort
    query = Query(
        sort_by=params.get("SortBy", sort_by),
        sort_order=params.get("SortOrder", sort_order),
        created_after=_epoch(params.get("CreationTimeAfter")),
        created_before=_epoch(params.get("CreationTimeBefore")),
        modified_after=_epoch(params.get("LastModifiedTimeAfter")),
        modified_before=_epoch(params.get("LastModifiedTimeBefore")),
        name_contains=params.get("NameContains") or None,
        status_equals=params.get("StatusEquals"),
        max_results=params.get("MaxResults", 10),
        next_token=params.get("NextToken") or None,
    )
    try:
        summaries, token = sim.list_jobs(query, jobs.now())
    except InvalidTokenError as exc:
        raise invalid_token() from exc
    out: dict[str, Any] = {key: summaries}
    if token:
        out["NextToken"] = token
    return out


def describe_job(
    jobs: JobKindsArea, sim: KindSim, param: str, params: dict[str, Any]
) -> dict[str, Any]:
    try:
        return sim.describe_named(params[param], jobs.now())
    except JobNotFoundError as exc:
        raise resource_not_found() from exc
    except AutoMLError as exc:
        # Assumption: the operation documentation says such jobs "cannot be described by
        # DescribeAutoMLJob"; the error code and wording here are ours.
        raise validation_error(
            f"AutoML job {params[param]} was created with CreateAutoMLJobV2: use "
            "DescribeAutoMLJobV2 to describe it."
        ) from exc


def stop_job(jobs: JobKindsArea, sim: KindSim, param: str, params: dict[str, Any]) -> None:
    try:
        sim.stop(params[param], jobs.now())
    except JobNotFoundError as exc:
        raise resource_not_found() from exc
    except JobStateError as exc:
        # Same wording as StopTrainingJob's refusal here (sagemaker_training.py), with the
        # kind's own noun; an assumption for these kinds.
        raise validation_error(
            f"The request was rejected because the {sim.noun} is in status {exc.status}."
        ) from exc


def describe_automl_v2(jobs: JobKindsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return jobs.automl.describe_v2_named(params["AutoMLJobName"], jobs.now())
    except JobNotFoundError as exc:
        raise resource_not_found() from exc


def list_tuning_training_jobs(jobs: JobKindsArea, params: dict[str, Any]) -> dict[str, Any]:
    try:
        rows, token = jobs.tuning.training_jobs(
            params["HyperParameterTuningJobName"], params, jobs.now()
        )
    except JobNotFoundError as exc:
        raise resource_not_found() from exc
    except InvalidTokenError as exc:
        raise invalid_token() from exc
    out: dict[str, Any] = {"TrainingJobSummaries": rows}
    if token:
        out["NextToken"] = token
    return out


def register(registry: Registry, world: World) -> None:
    jobs = area(world)
    for kind, (list_op, key, describe_op, stop_op, param) in OPERATIONS.items():
        sim = jobs.kinds[kind]
        registry.register("sagemaker", list_op, partial(list_jobs, jobs, sim, key))
        registry.register("sagemaker", describe_op, partial(describe_job, jobs, sim, param))
        registry.register("sagemaker", stop_op, partial(stop_job, jobs, sim, param))
    registry.register("sagemaker", "DescribeAutoMLJobV2", partial(describe_automl_v2, jobs))
    registry.register(
        "sagemaker",
        "ListTrainingJobsForHyperParameterTuningJob",
        partial(list_tuning_training_jobs, jobs),
    )

"""SageMaker training jobs: ListTrainingJobs, DescribeTrainingJob, StopTrainingJob, and the
jobs' CloudWatch log group and metric namespace (fed to the world's hubs)."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from ..errors import ServiceError, validation_error
from ..registry import Registry
from ..simulator import InvalidTokenError, JobNotFoundError, JobStateError, ListQuery, Simulator
from ..simulator.feeds import register_training_feeds
from ..world import World


def resource_not_found() -> ServiceError:
    # DescribeTrainingJob/StopTrainingJob declare only ResourceNotFound in
    # botocore's sagemaker model.  The live service often answers an unknown
    # job with ValidationException and this same message instead.
    return ServiceError("ResourceNotFound", "Requested resource not found.", 400)


def _epoch(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def list_training_jobs(sim: Simulator, params: dict[str, Any]) -> dict[str, Any]:
    defaults = ListQuery()
    query = ListQuery(
        created_after=_epoch(params.get("CreationTimeAfter")),
        created_before=_epoch(params.get("CreationTimeBefore")),
        modified_after=_epoch(params.get("LastModifiedTimeAfter")),
        modified_before=_epoch(params.get("LastModifiedTimeBefore")),
        name_contains=params.get("NameContains") or None,
        status_equals=params.get("StatusEquals"),
        warm_pool_status_equals=params.get("WarmPoolStatusEquals"),
        training_plan_arn_equals=params.get("TrainingPlanArnEquals"),
        sort_by=params.get("SortBy", defaults.sort_by),
        sort_order=params.get("SortOrder", defaults.sort_order),
        max_results=params.get("MaxResults", defaults.max_results),
        next_token=params.get("NextToken") or None,
    )
    try:
        summaries, token = sim.list_training_jobs(query)
    except InvalidTokenError as exc:
        raise validation_error(
            "Invalid NextToken: the token is malformed, expired, or was issued for a request "
            "with different parameters."
        ) from exc
    out: dict[str, Any] = {"TrainingJobSummaries": summaries}
    if token:
        out["NextToken"] = token
    return out


def describe_training_job(sim: Simulator, params: dict[str, Any]) -> dict[str, Any]:
    try:
        return sim.describe_training_job(params["TrainingJobName"])
    except JobNotFoundError as exc:
        raise resource_not_found() from exc


def stop_training_job(sim: Simulator, params: dict[str, Any]) -> None:
    try:
        sim.stop_training_job(params["TrainingJobName"])
    except JobNotFoundError as exc:
        raise resource_not_found() from exc
    except JobStateError as exc:
        # Wording of the live service, e.g. quoted in awslabs/benchmark-ai#928.
        raise validation_error(
            f"The request was rejected because the training job is in status {exc.status}."
        ) from exc


def register(registry: Registry, world: World) -> None:
    sim = world.training
    registry.register("sagemaker", "ListTrainingJobs", partial(list_training_jobs, sim))
    registry.register("sagemaker", "DescribeTrainingJob", partial(describe_training_job, sim))
    registry.register("sagemaker", "StopTrainingJob", partial(stop_training_job, sim))
    # The jobs' CloudWatch logs (/aws/sagemaker/TrainingJobs) and metrics (same namespace).
    register_training_feeds(world)

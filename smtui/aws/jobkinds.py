"""Processing, transform, tuning, AutoML, labeling and compilation jobs: list, describe,
stop, and a tuning job's training jobs. The operations per kind are data
(``smtui.domain.jobkinds.JobKindSpec``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients
from smtui.domain.jobkinds import JobItem, JobKindSpec

# Every List operation of these kinds accepts MaxResults 1..100 (botocore sagemaker model).
PAGE_SIZE = 100


def list_jobs(
    clients: Clients,
    spec: JobKindSpec,
    *,
    status: str | None = None,
    name_contains: str | None = None,
    modified_after: datetime | None = None,
    created_after: datetime | None = None,
    limit: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[JobItem]]:
    """Pages of jobs, newest first (asked for explicitly: the defaults differ per kind),
    stopping after ``limit`` jobs; ``modified_after``: only those changed since."""
    params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending"}
    if status:
        params["StatusEquals"] = status
    if name_contains:
        params["NameContains"] = name_contains
    if modified_after is not None:
        params["LastModifiedTimeAfter"] = modified_after
    if created_after is not None:
        params["CreationTimeAfter"] = created_after
    remaining = limit
    # With StatusEquals, AWS applies MaxResults before the filter (API_ListTrainingJobs:
    # "the MaxResults number of training jobs are first retrieved ignoring the
    # StatusEquals parameter"): a small page scans few jobs, so a filtered listing always
    # pages at the maximum (``--status InProgress --limit 5`` on 600 jobs: 6 calls, not 120).
    params["MaxResults"] = PAGE_SIZE
    if remaining is not None and not status:
        params["MaxResults"] = max(1, min(PAGE_SIZE, remaining))
    client = clients.client("sagemaker")
    for items in pages(client, spec.list_method, spec.list_key, cancelled=cancelled, **params):
        batch = [JobItem.from_api(spec, item) for item in items]
        if remaining is not None:
            batch = batch[:remaining]
            remaining -= len(batch)
        yield batch
        if remaining is not None and remaining <= 0:
            return


def describe_job(clients: Clients, spec: JobKindSpec, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), spec.describe_method, **{spec.name_field: name})


def stop_job(clients: Clients, spec: JobKindSpec, name: str) -> None:
    mutate(clients, "sagemaker", spec.stop_method, **{spec.name_field: name})


def list_tuning_training_jobs(
    clients: Clients, tuning_job: str, *, cancelled: Callable[[], bool] = lambda: False
) -> Iterator[list[dict[str, Any]]]:
    """HyperParameterTrainingJobSummary pages of one tuning job, newest first."""
    yield from pages(
        clients.client("sagemaker"),
        "list_training_jobs_for_hyper_parameter_tuning_job",
        "TrainingJobSummaries",
        cancelled=cancelled,
        HyperParameterTuningJobName=tuning_job,
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=PAGE_SIZE,
    )


def summary_fields(clients: Clients, spec: JobKindSpec) -> list[str]:
    """The member names of the kind's List summary shape, in the model's order."""
    client = clients.client("sagemaker")
    operation = client.meta.method_to_api_mapping[spec.list_method]
    output = client.meta.service_model.operation_model(operation).output_shape
    return list(output.members[spec.list_key].member.members)

"""SageMaker training jobs: list, describe, stop, tags."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients
from smtui.domain.training import TrainingJobSummary

# ListTrainingJobs accepts MaxResults 1..100 (API_ListTrainingJobs).
PAGE_SIZE = 100


def list_training_jobs(
    clients: Clients,
    *,
    status: str | None = None,
    name_contains: str | None = None,
    limit: int | None = None,
    modified_after: datetime | None = None,
    created_after: datetime | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[TrainingJobSummary]]:
    """Yield pages of summaries, newest first, stopping after ``limit`` jobs."""
    params: dict[str, Any] = {"SortBy": "CreationTime", "SortOrder": "Descending"}
    if modified_after is not None:
        params["LastModifiedTimeAfter"] = modified_after
    if created_after is not None:
        params["CreationTimeAfter"] = created_after
    if status:
        params["StatusEquals"] = status
    if name_contains:
        params["NameContains"] = name_contains
    remaining = limit
    # With StatusEquals, AWS applies MaxResults before the filter (API_ListTrainingJobs:
    # "the MaxResults number of training jobs are first retrieved ignoring the
    # StatusEquals parameter"): a small page scans few jobs, so a filtered listing always
    # pages at the maximum (``--status InProgress --limit 5`` on 600 jobs: 6 calls, not 120).
    params["MaxResults"] = PAGE_SIZE
    if remaining is not None and not status:
        params["MaxResults"] = max(1, min(PAGE_SIZE, remaining))
    client = clients.client("sagemaker")
    for items in pages(
        client, "list_training_jobs", "TrainingJobSummaries", cancelled=cancelled, **params
    ):
        batch = [TrainingJobSummary.from_api(item) for item in items]
        if remaining is not None:
            batch = batch[:remaining]
            remaining -= len(batch)
        yield batch
        if remaining is not None and remaining <= 0:
            return


def describe_training_job(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_training_job", TrainingJobName=name)


def stop_training_job(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "stop_training_job", TrainingJobName=name)


def list_tags(clients: Clients, arn: str) -> list[dict[str, str]]:
    tags: list[dict[str, str]] = []
    for page in pages(clients.client("sagemaker"), "list_tags", "Tags", ResourceArn=arn):
        tags.extend(page)
    return tags


def list_all_training_jobs(
    clients: Clients,
    *,
    status: str | None = None,
    name_contains: str | None = None,
    partitions: int = 8,
    convert: Callable[[TrainingJobSummary], Any] | None = None,
) -> list[Any]:
    """Every training job, newest first, listed as parallel CreationTime windows;
    ``convert`` (e.g. an output record) runs in the fetching threads, while they wait."""
    from smtui.aws.partitioned import list_partitioned

    params: dict[str, Any] = {}
    if status:
        params["StatusEquals"] = status
    if name_contains:
        params["NameContains"] = name_contains
    return list_partitioned(
        clients.client("sagemaker"),
        "list_training_jobs",
        "TrainingJobSummaries",
        params,
        partitions=partitions,
        convert=TrainingJobSummary.from_api
        if convert is None
        else lambda item: convert(TrainingJobSummary.from_api(item)),
    )

"""SageMaker Model Monitor calls: schedules, executions, start/stop, and the processing job
behind an execution (where its reports are written)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

PAGE_SIZE = 100


def list_schedules(
    clients: Clients,
    *,
    endpoint: str | None = None,
    status: str | None = None,
    monitoring_type: str | None = None,
    name_contains: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[dict[str, Any]]]:
    params: dict[str, Any] = {"MaxResults": PAGE_SIZE, "SortBy": "Name", "SortOrder": "Ascending"}
    if endpoint:
        params["EndpointName"] = endpoint
    if status:
        params["StatusEquals"] = status
    if monitoring_type:
        params["MonitoringTypeEquals"] = monitoring_type
    if name_contains:
        params["NameContains"] = name_contains
    return pages(
        clients.client("sagemaker"),
        "list_monitoring_schedules",
        "MonitoringScheduleSummaries",
        cancelled=cancelled,
        **params,
    )


def describe_schedule(clients: Clients, name: str) -> dict[str, Any]:
    return call(
        clients.client("sagemaker"), "describe_monitoring_schedule", MonitoringScheduleName=name
    )


def list_executions(
    clients: Clients,
    schedule: str,
    *,
    after: datetime | None = None,
    limit: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[dict[str, Any]]]:
    """The schedule's executions, newest scheduled first (``limit``: stop after that many)."""
    params: dict[str, Any] = {
        "MonitoringScheduleName": schedule,
        "SortBy": "ScheduledTime",
        "SortOrder": "Descending",
        "MaxResults": min(PAGE_SIZE, limit) if limit else PAGE_SIZE,
    }
    if after is not None:
        params["ScheduledTimeAfter"] = after
    seen = 0
    for page in pages(
        clients.client("sagemaker"),
        "list_monitoring_executions",
        "MonitoringExecutionSummaries",
        cancelled=cancelled,
        **params,
    ):
        if limit is not None:
            page = page[: limit - seen]
        seen += len(page)
        yield page
        if limit is not None and seen >= limit:
            return


def start_schedule(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "start_monitoring_schedule", MonitoringScheduleName=name)


def stop_schedule(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "stop_monitoring_schedule", MonitoringScheduleName=name)


def describe_processing_job(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_processing_job", ProcessingJobName=name)


def output_uri(job: dict[str, Any]) -> str | None:
    """The S3 prefix a monitoring job writes its reports to (its first S3 output)."""
    outputs = (job.get("ProcessingOutputConfig") or {}).get("Outputs") or []
    for output in outputs:
        uri = (output.get("S3Output") or {}).get("S3Uri")
        if uri:
            return str(uri)
    return None

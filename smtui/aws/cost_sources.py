"""The listings the cost ledger reads: jobs active since a time, running notebooks.

Each List call filters on the server (``StatusEquals``, ``LastModifiedTimeAfter``), so a
sweep of "everything that ran today" costs a few pages, not the whole history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from smtui.aws.calls import call, pages
from smtui.aws.session import Clients

PAGE_SIZE = 100  # MaxResults 1..100 for these List operations (botocore sagemaker model)


def active_summaries(
    clients: Clients,
    method: str,
    key: str,
    since: datetime,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[dict[str, Any]]:
    """Summaries of the jobs running now and those modified after ``since`` (a job that
    ran in the window changed status in it, or is still running), each once."""
    client = clients.client("sagemaker")
    seen: set[str] = set()
    for extra in ({"StatusEquals": "InProgress"}, {"LastModifiedTimeAfter": since}):
        for page in pages(
            client,
            method,
            key,
            cancelled=cancelled,
            SortBy="CreationTime",
            SortOrder="Descending",
            MaxResults=PAGE_SIZE,
            **extra,
        ):
            for item in page:
                arn = str(next((v for k, v in item.items() if k.endswith("Arn")), ""))
                name = arn or str(item)
                if name not in seen:
                    seen.add(name)
                    yield item
        if cancelled():
            return


def changed_summaries(
    clients: Clients,
    method: str,
    key: str,
    after: datetime,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[dict[str, Any]]:
    """Summaries of the jobs modified after ``after`` (any status): what changed."""
    for page in pages(
        clients.client("sagemaker"),
        method,
        key,
        cancelled=cancelled,
        SortBy="CreationTime",
        SortOrder="Descending",
        MaxResults=PAGE_SIZE,
        LastModifiedTimeAfter=after,
    ):
        yield from page


def notebooks_in_service(
    clients: Clients, *, cancelled: Callable[[], bool] = lambda: False
) -> list[dict[str, Any]]:
    """NotebookInstanceSummary of every InService notebook (it carries InstanceType, and
    LastModifiedTime is when it came into service)."""
    out: list[dict[str, Any]] = []
    for page in pages(
        clients.client("sagemaker"),
        "list_notebook_instances",
        "NotebookInstances",
        cancelled=cancelled,
        StatusEquals="InService",
        MaxResults=PAGE_SIZE,
    ):
        out.extend(page)
    return out


def describe(clients: Clients, method: str, **params: Any) -> dict[str, Any]:
    return call(clients.client("sagemaker"), method, **params)

"""The listings the cost ledger reads: jobs active since a time, running notebooks.

Each List call filters on the server (``StatusEquals``, ``LastModifiedTimeAfter``), so a
sweep of "everything that ran today" costs a few pages, not the whole history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    status_field: str = "",
    statuses: Iterable[str] = (),
    created_after: datetime | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[dict[str, Any]]:
    """Summaries of the jobs whose ``status_field`` is in ``statuses`` now (for the cost:
    every state that bills, InProgress and Stopping) and of those modified after
    ``since``, each once.

    The jobs in ``statuses`` come from one listing without StatusEquals, filtered here:
    AWS applies MaxResults before StatusEquals (API_ListTrainingJobs), so a listing per
    status would read the whole history once per status. ``created_after`` bounds it
    where the kind's longest run is known (domain.lifetimes). Without ``statuses`` only
    the jobs modified in the window are listed (a bounded read).
    """
    client = clients.client("sagemaker")
    wanted = frozenset(statuses)
    seen: set[str] = set()
    queries: list[tuple[dict[str, Any], bool]] = []
    if wanted:
        bound = {} if created_after is None else {"CreationTimeAfter": created_after}
        queries.append((bound, True))
    if not wanted or created_after is not None:  # else the listing above holds them all
        queries.append(({"LastModifiedTimeAfter": since}, False))
    for extra, filtered in queries:
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
                if filtered and not _active(item, status_field, wanted, since):
                    continue
                arn = str(next((v for k, v in item.items() if k.endswith("Arn")), ""))
                name = arn or str(item)
                if name not in seen:
                    seen.add(name)
                    yield item
        if cancelled():
            return


def _active(item: dict[str, Any], status_field: str, wanted: frozenset[str], since: Any) -> bool:
    modified = item.get("LastModifiedTime")
    return str(item.get(status_field, "")) in wanted or (
        isinstance(modified, datetime) and modified > since
    )


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

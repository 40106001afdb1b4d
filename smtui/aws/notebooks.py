"""SageMaker notebook instances: list, describe, start, stop."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

# ListNotebookInstances accepts MaxResults 1..100 (API_ListNotebookInstances).
PAGE_SIZE = 100


def list_notebooks(
    clients: Clients,
    *,
    status: str | None = None,
    name_contains: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[dict[str, Any]]]:
    params: dict[str, Any] = {"MaxResults": PAGE_SIZE}
    if status:
        params["StatusEquals"] = status
    if name_contains:
        params["NameContains"] = name_contains
    return pages(
        clients.client("sagemaker"),
        "list_notebook_instances",
        "NotebookInstances",
        cancelled=cancelled,
        **params,
    )


def describe_notebook(clients: Clients, name: str) -> dict[str, Any]:
    return call(
        clients.client("sagemaker"), "describe_notebook_instance", NotebookInstanceName=name
    )


def start_notebook(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "start_notebook_instance", NotebookInstanceName=name)


def stop_notebook(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "stop_notebook_instance", NotebookInstanceName=name)

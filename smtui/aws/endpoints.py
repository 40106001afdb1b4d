"""SageMaker hosting: endpoints, their configs and models; weights, capacities, deletes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

# ListEndpoints accepts MaxResults 1..100 (API_ListEndpoints; the default is 10).
PAGE_SIZE = 100


def list_endpoints(
    clients: Clients,
    *,
    status: str | None = None,
    name_contains: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[dict[str, Any]]]:
    """Pages of EndpointSummary dicts, newest first."""
    params: dict[str, Any] = {
        "SortBy": "CreationTime",
        "SortOrder": "Descending",
        "MaxResults": PAGE_SIZE,
    }
    if status:
        params["StatusEquals"] = status
    if name_contains:
        params["NameContains"] = name_contains
    client = clients.client("sagemaker")
    yield from pages(client, "list_endpoints", "Endpoints", cancelled=cancelled, **params)


def describe_endpoint(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_endpoint", EndpointName=name)


def describe_endpoint_config(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_endpoint_config", EndpointConfigName=name)


def describe_model(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_model", ModelName=name)


def update_weights_and_capacities(
    clients: Clients, endpoint: str, changes: list[dict[str, Any]]
) -> str:
    """UpdateEndpointWeightsAndCapacities: each change has VariantName and DesiredWeight
    and/or DesiredInstanceCount. Returns the endpoint ARN."""
    response = mutate(
        clients,
        "sagemaker",
        "update_endpoint_weights_and_capacities",
        EndpointName=endpoint,
        DesiredWeightsAndCapacities=changes,
    )
    return str(response.get("EndpointArn", ""))


def delete_endpoint(clients: Clients, name: str) -> None:
    mutate(clients, "sagemaker", "delete_endpoint", EndpointName=name)


def list_monitoring_schedules(clients: Clients, endpoint: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for page in pages(
        clients.client("sagemaker"),
        "list_monitoring_schedules",
        "MonitoringScheduleSummaries",
        EndpointName=endpoint,
    ):
        out.extend(page)
    return out

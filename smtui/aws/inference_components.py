"""SageMaker inference components: list, describe, set the copy count.

ListInferenceComponents accepts MaxResults 1..100 (API reference; the default is 10);
the copy count is RuntimeConfig (UpdateInferenceComponentRuntimeConfig, DesiredRuntimeConfig
CopyCount).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

PAGE_SIZE = 100


def list_inference_components(
    clients: Clients,
    *,
    endpoint: str | None = None,
    name_contains: str | None = None,
    status: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[list[dict[str, Any]]]:
    """Pages of InferenceComponentSummary dicts, by name."""
    params: dict[str, Any] = {"SortBy": "Name", "SortOrder": "Ascending", "MaxResults": PAGE_SIZE}
    if endpoint:
        params["EndpointNameEquals"] = endpoint
    if name_contains:
        params["NameContains"] = name_contains
    if status:
        params["StatusEquals"] = status
    client = clients.client("sagemaker")
    yield from pages(
        client, "list_inference_components", "InferenceComponents", cancelled=cancelled, **params
    )


def describe_inference_component(clients: Clients, name: str) -> dict[str, Any]:
    return call(
        clients.client("sagemaker"), "describe_inference_component", InferenceComponentName=name
    )


def update_copy_count(clients: Clients, name: str, copies: int) -> str:
    response = mutate(
        clients,
        "sagemaker",
        "update_inference_component_runtime_config",
        InferenceComponentName=name,
        DesiredRuntimeConfig={"CopyCount": copies},
    )
    return str(response.get("InferenceComponentArn", ""))

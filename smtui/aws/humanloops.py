"""Augmented AI: flow definitions (sagemaker) and human loops (sagemaker-a2i-runtime)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

Cancelled = Callable[[], bool]
A2I = "sagemaker-a2i-runtime"


def list_flow_definitions(
    clients: Clients, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_flow_definitions",
        "FlowDefinitionSummaries",
        cancelled=cancelled,
        MaxResults=100,
    )


def describe_flow_definition(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_flow_definition", FlowDefinitionName=name)


def list_human_loops(
    clients: Clients, flow_arn: str, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client(A2I),
        "list_human_loops",
        "HumanLoopSummaries",
        cancelled=cancelled,
        FlowDefinitionArn=flow_arn,
        MaxResults=100,
        SortOrder="Descending",
    )


def describe_human_loop(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client(A2I), "describe_human_loop", HumanLoopName=name)


def stop_human_loop(clients: Clients, name: str) -> None:
    mutate(clients, A2I, "stop_human_loop", HumanLoopName=name)

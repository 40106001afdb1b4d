"""Augmented AI: flow definitions (sagemaker, AWS JSON) and human loops
(sagemaker-a2i-runtime, REST-JSON) over areas/humanloops.py."""

from __future__ import annotations

from typing import Any

from ..areas.humanloops import HumanLoopNotFoundError, humanloop_area
from ..errors import ServiceError
from ..registry import Registry
from ..world import World

A2I = "sagemaker-a2i-runtime"


def _describe_flow(area: Any, name: str) -> dict[str, Any]:
    try:
        return area.describe_flow_definition(name)  # type: ignore[no-any-return]
    except HumanLoopNotFoundError as exc:
        arn = f"arn:aws:sagemaker:us-east-1:123456789012:flow-definition/{name}"
        raise ServiceError("ResourceNotFound", f"{arn} does not exist.", 400) from exc


def register(registry: Registry, world: World) -> None:
    area = humanloop_area(world)
    registry.register("sagemaker", "ListFlowDefinitions", area.list_flow_definitions)
    registry.register(
        "sagemaker",
        "DescribeFlowDefinition",
        lambda p: _describe_flow(area, p["FlowDefinitionName"]),
    )
    registry.register(A2I, "ListHumanLoops", area.list_human_loops)
    registry.register(
        A2I, "DescribeHumanLoop", lambda p: area.describe_human_loop(p["HumanLoopName"])
    )
    registry.register(A2I, "StopHumanLoop", lambda p: area.stop_human_loop(p["HumanLoopName"]))

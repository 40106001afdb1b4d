"""The endpoints area of the sandbox: endpoints, configs, models, autoscaling, metrics, logs.

``endpoints_area(world)`` builds it once per world and registers its CloudWatch
namespaces (``AWS/SageMaker``, ``/aws/sagemaker/Endpoints``) and its log groups
(``/aws/sagemaker/Endpoints/NAME``) in the world's hubs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .area import EndpointsArea
from .logs import PREFIX as LOG_PREFIX
from .logs import EndpointLogs
from .metrics import INSTANCES_NS, INVOCATIONS_NS, EndpointMetrics, unit

if TYPE_CHECKING:
    from ..world import World

__all__ = ["EndpointsArea", "endpoints_area"]


def _build(world: World) -> EndpointsArea:
    area = EndpointsArea(world)
    metrics = EndpointMetrics(area)
    for namespace in (INVOCATIONS_NS, INSTANCES_NS):
        world.metrics.register(
            namespace,
            metrics.series,
            lambda ns=namespace: metrics.metrics(ns),  # type: ignore[misc]
            unit,
        )
    world.logs.register(LOG_PREFIX, EndpointLogs(area))
    return area


def endpoints_area(world: World) -> EndpointsArea:
    return world.area("endpoints", _build)

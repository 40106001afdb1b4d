"""Application Auto Scaling for SageMaker endpoint variants and inference components.

Namespace ``sagemaker``, dimension ``sagemaker:variant:DesiredInstanceCount``, resource
ids ``endpoint/NAME/variant/VARIANT``; inference components: dimension
``sagemaker:inference-component:DesiredCopyCount``, resource ids
``inference-component/NAME`` (Application Auto Scaling API reference,
RegisterScalableTarget). Page sizes: targets and activities at most 50, policies at most
10; ResourceIds at most 50 per DescribeScalableTargets call.
"""

from __future__ import annotations

from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients

SERVICE = "application-autoscaling"
NAMESPACE = "sagemaker"
VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount"
COMPONENT_DIMENSION = "sagemaker:inference-component:DesiredCopyCount"
COMPONENT_PREFIX = "inference-component/"
MAX_RESOURCE_IDS = 50


def variant_resource(endpoint: str, variant: str) -> str:
    return f"endpoint/{endpoint}/variant/{variant}"


def component_resource(name: str) -> str:
    return f"{COMPONENT_PREFIX}{name}"


def dimension_of(resource_id: str) -> str:
    """The scalable dimension of a sagemaker resource id."""
    if resource_id.startswith(COMPONENT_PREFIX):
        return COMPONENT_DIMENSION
    return VARIANT_DIMENSION


def _client(clients: Clients) -> Any:
    return clients.client(SERVICE)


def describe_scalable_targets(
    clients: Clients, resource_ids: list[str] | None = None
) -> list[dict[str, Any]]:
    """Every scalable target of the namespace, or those of ``resource_ids``."""
    out: list[dict[str, Any]] = []
    batches: list[list[str] | None] = [None]
    if resource_ids is not None:
        if not resource_ids:
            return []
        batches = [
            resource_ids[i : i + MAX_RESOURCE_IDS]
            for i in range(0, len(resource_ids), MAX_RESOURCE_IDS)
        ]
    for batch in batches:
        params: dict[str, Any] = {"ServiceNamespace": NAMESPACE, "MaxResults": 50}
        if batch is not None:
            params["ResourceIds"] = batch
        for page in pages(
            _client(clients), "describe_scalable_targets", "ScalableTargets", **params
        ):
            out.extend(page)
    return out


def describe_scaling_policies(
    clients: Clients, resource_id: str | None = None
) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"ServiceNamespace": NAMESPACE, "MaxResults": 10}
    if resource_id:
        params.update(ResourceId=resource_id, ScalableDimension=dimension_of(resource_id))
    out: list[dict[str, Any]] = []
    for page in pages(_client(clients), "describe_scaling_policies", "ScalingPolicies", **params):
        out.extend(page)
    return out


def describe_scaling_activities(
    clients: Clients, resource_id: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The newest ``limit`` activities (one page of at most 50)."""
    params: dict[str, Any] = {"ServiceNamespace": NAMESPACE, "MaxResults": min(50, limit)}
    if resource_id:
        params.update(ResourceId=resource_id, ScalableDimension=dimension_of(resource_id))
    response = call(_client(clients), "describe_scaling_activities", **params)
    return list(response.get("ScalingActivities", []))[:limit]


def register_scalable_target(
    clients: Clients,
    resource_id: str,
    *,
    min_capacity: int | None = None,
    max_capacity: int | None = None,
    suspended: dict[str, bool] | None = None,
) -> str:
    params: dict[str, Any] = {
        "ServiceNamespace": NAMESPACE,
        "ResourceId": resource_id,
        "ScalableDimension": dimension_of(resource_id),
    }
    if min_capacity is not None:
        params["MinCapacity"] = min_capacity
    if max_capacity is not None:
        params["MaxCapacity"] = max_capacity
    if suspended is not None:
        params["SuspendedState"] = suspended
    response = mutate(clients, SERVICE, "register_scalable_target", **params)
    return str(response.get("ScalableTargetARN", ""))


def put_target_tracking_policy(
    clients: Clients, resource_id: str, name: str, configuration: dict[str, Any]
) -> str:
    response = mutate(
        clients,
        SERVICE,
        "put_scaling_policy",
        PolicyName=name,
        ServiceNamespace=NAMESPACE,
        ResourceId=resource_id,
        ScalableDimension=dimension_of(resource_id),
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration=configuration,
    )
    return str(response.get("PolicyARN", ""))

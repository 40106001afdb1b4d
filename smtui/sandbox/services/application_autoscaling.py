"""Application Auto Scaling (AWS JSON 1.1, target prefix AnyScaleFrontendService) for
SageMaker endpoint variants.

Describe/Register/Deregister scalable targets, Describe/Put/Delete scaling policies,
DescribeScalingActivities, over the endpoints area (the target-tracking simulation
lives in smtui/sandbox/endpoints/area.py). Namespace ``sagemaker``, dimension
``sagemaker:variant:DesiredInstanceCount``, resource ids ``endpoint/NAME/variant/VARIANT``
(Application Auto Scaling API reference, RegisterScalableTarget: "SageMaker endpoint
variant - The resource type is variant and the unique identifier is the resource ID.
Example: endpoint/my-end-point/variant/KMeansClustering."), and inference components:
dimension ``sagemaker:inference-component:DesiredCopyCount``, resource ids
``inference-component/NAME`` (same page: "SageMaker inference component - The resource
type is inference-component and the unique identifier is the resource ID. Example:
inference-component/my-inference-component."). Other namespaces answer empty lists.
Step scaling policies act too: see area.py ``_step_scaling`` (the sandbox evaluates
their alarms itself).

Page sizes: DescribeScalableTargets and DescribeScalingActivities 1-50 (default 50),
DescribeScalingPolicies 1-10 (default 10), as the API reference states. Activities are
kept six weeks. ObjectNotFoundException texts follow the service's ("No scalable target
registered for service namespace: ecs, resource ID: ..., scalable dimension: ...", as
users quote it); the ValidationException texts for bad capacities are assumptions in
the same style.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import partial
from typing import Any

from ..endpoints import EndpointsArea, endpoints_area
from ..endpoints import components as ic
from ..endpoints.area import NAMESPACE_DIMENSION, ROLE, TT_METRIC
from ..endpoints.catalog import BURSTABLE_PREFIXES
from ..endpoints.model import Target
from ..errors import ServiceError, validation_error
from ..registry import Registry
from ..world import World
from .sagemaker_endpoints import _dt

SIX_WEEKS = 42 * 86400.0
VARIANT_METRICS = (
    TT_METRIC,
    "SageMakerVariantProvisionedConcurrencyUtilization",
    "SageMakerVariantConcurrentRequestsPerModelHighResolution",
)


def _not_found(message: str) -> ServiceError:
    return ServiceError("ObjectNotFoundException", message, 400)


def _where(rid: str, dimension: str) -> str:
    return f"service namespace: sagemaker, resource ID: {rid}, scalable dimension: {dimension}"


def _max_results(params: dict[str, Any], limit: int) -> int:
    size = params.get("MaxResults", limit)
    if size < 1 or size > limit:
        bound = f"less than or equal to {limit}" if size > limit else "greater than or equal to 1"
        raise validation_error(
            f"1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy "
            f"constraint: Member must have value {bound}"
        )
    return int(size)


def _paginate(
    items: list[dict[str, Any]], params: dict[str, Any], limit: int, what: str
) -> tuple[list[dict[str, Any]], str | None]:
    size = _max_results(params, limit)
    basis = {k: v for k, v in params.items() if k not in ("NextToken", "MaxResults")}
    digest = hashlib.sha256(json.dumps(basis, sort_keys=True, default=str).encode()).hexdigest()
    start = 0
    if params.get("NextToken"):
        try:
            data = json.loads(base64.urlsafe_b64decode(params["NextToken"].encode()))
            start = int(data["o"]) if data["h"] == digest[:12] and data["w"] == what else -1
        except (ValueError, KeyError, TypeError):
            start = -1
        if not 0 <= start <= len(items):
            raise ServiceError("InvalidNextTokenException", "Invalid token", 400)
    page = items[start : start + size]
    token = None
    if start + size < len(items):
        raw = json.dumps({"o": start + size, "h": digest[:12], "w": what}).encode()
        token = base64.urlsafe_b64encode(raw).decode()
    return page, token


def _target_api(t: Target) -> dict[str, Any]:
    return {
        "ServiceNamespace": "sagemaker",
        "ResourceId": t.resource_id,
        "ScalableDimension": t.dimension,
        "MinCapacity": t.min,
        "MaxCapacity": t.max,
        "RoleARN": t.role,
        "CreationTime": _dt(t.created),
        "SuspendedState": dict(t.suspended),
        "ScalableTargetARN": t.arn,
    }


def _visible_targets(area: EndpointsArea, now: float) -> list[Target]:
    return sorted(
        (t for t in area.targets.values() if t.created <= now), key=lambda t: t.resource_id
    )


def describe_scalable_targets(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    targets = _visible_targets(area, now) if params["ServiceNamespace"] == "sagemaker" else []
    ids = params.get("ResourceIds")
    if ids:
        targets = [t for t in targets if t.resource_id in ids]
    if params.get("ScalableDimension"):
        targets = [t for t in targets if t.dimension == params["ScalableDimension"]]
    page, token = _paginate([_target_api(t) for t in targets], params, 50, "targets")
    return {"ScalableTargets": page, "NextToken": token}


def _parse_resource(rid: str, dimension: str) -> tuple[str, str]:
    """(endpoint, variant) of a variant resource; ("", component) of an inference
    component's."""
    parts = rid.split("/")
    if len(parts) == 2 and parts[0] == "inference-component" and parts[1]:
        if dimension != ic.DIMENSION:
            raise validation_error(
                f"Unsupported scalable dimension {dimension!r} for resource {rid}: use "
                f"{ic.DIMENSION}."
            )
        return "", parts[1]
    if len(parts) != 4 or parts[0] != "endpoint" or parts[2] != "variant" or "" in parts:
        raise validation_error(
            f"Unsupported resource ID {rid!r} for service namespace sagemaker: the sandbox "
            "scales endpoint variants (endpoint/NAME/variant/VARIANT) and inference "
            "components (inference-component/NAME)."
        )
    if dimension != NAMESPACE_DIMENSION:
        raise validation_error(
            f"Unsupported scalable dimension {dimension!r} for resource {rid}: use "
            f"{NAMESPACE_DIMENSION}."
        )
    return parts[1], parts[3]


def register_scalable_target(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        if params["ServiceNamespace"] != "sagemaker":
            raise validation_error("The smtui sandbox simulates the sagemaker namespace only.")
        rid, dimension = params["ResourceId"], params["ScalableDimension"]
        endpoint, variant_name = _parse_resource(rid, dimension)
        if not endpoint:
            comp = area.components.get(variant_name)
            if comp is None or not comp.exists(now) or comp.deleted is not None:
                raise validation_error(
                    f"The resource {rid} does not exist: no inference component {variant_name}."
                )
            # Inference components may scale to zero copies (MinCapacity 0).
            return _upsert(area, params, comp.endpoint, comp.variant, now, 0, comp.name)
        ep = area.endpoints.get(endpoint)
        variant = None
        if ep is not None and ep.exists(now):
            variant = next((v for v in ep.variants if v.name == variant_name), None)
        if ep is None or variant is None:
            raise validation_error(
                f"The resource {rid} does not exist: no endpoint {endpoint} with a production "
                f"variant {variant_name}."
            )
        if variant.serverless is not None:
            raise validation_error(
                f"Variant {variant_name} of {endpoint} is serverless: scale its provisioned "
                "concurrency with sagemaker:variant:DesiredProvisionedConcurrency."
            )
        instance_type = variant.template_at(now).instance_type or ""
        if instance_type.startswith(BURSTABLE_PREFIXES):
            raise validation_error(
                f"Automatic scaling is not supported for burstable instance type {instance_type} "
                f"({rid})."
            )
        return _upsert(area, params, endpoint, variant_name, now, 1)


def _upsert(
    area: EndpointsArea,
    params: dict[str, Any],
    endpoint: str,
    variant: str,
    now: float,
    floor: int,
    component: str = "",
) -> dict[str, Any]:
    """Registers or updates the target of a checked resource; ``floor`` is the lowest
    MinCapacity its dimension accepts."""
    rid, dimension = params["ResourceId"], params["ScalableDimension"]
    existing = area.targets.get(rid)
    low = params.get("MinCapacity", existing.min if existing else None)
    high = params.get("MaxCapacity", existing.max if existing else None)
    if low is None or high is None:
        raise validation_error(
            "MinCapacity and MaxCapacity are required when registering a new scalable target."
        )
    if low < floor:
        raise validation_error(
            f"Minimum capacity must be at least {floor} for {dimension} (got {low})."
        )
    if low > high:
        raise validation_error("Minimum capacity cannot be greater than maximum capacity")
    if existing is None:
        role = params.get("RoleARN") or ROLE
        existing = area.new_target(
            rid, dimension, endpoint, variant, low, high, now, role, component
        )
    existing.min, existing.max = low, high
    for key, value in (params.get("SuspendedState") or {}).items():
        existing.suspended[key] = bool(value)
    return {"ScalableTargetARN": existing.arn}


def _target(area: EndpointsArea, params: dict[str, Any], verb: str) -> Target:
    rid, dimension = params["ResourceId"], params["ScalableDimension"]
    target = area.targets.get(rid) if params["ServiceNamespace"] == "sagemaker" else None
    if target is None or target.dimension != dimension:
        raise _not_found(f"No scalable target {verb} for {_where(rid, dimension)}")
    return target


def deregister_scalable_target(area: EndpointsArea, params: dict[str, Any]) -> None:
    with area.lock:
        area.sync()
        target = _target(area, params, "found")
        del area.targets[target.resource_id]


def _policy_api(target: Target, name: str) -> dict[str, Any]:
    p = target.policies[name]
    out: dict[str, Any] = {
        "PolicyARN": p.arn,
        "PolicyName": p.name,
        "ServiceNamespace": "sagemaker",
        "ResourceId": target.resource_id,
        "ScalableDimension": target.dimension,
        "PolicyType": p.type,
        "Alarms": [dict(a) for a in p.alarms],
        "CreationTime": _dt(p.created),
    }
    key = (
        "TargetTrackingScalingPolicyConfiguration"
        if p.type == "TargetTrackingScaling"
        else "StepScalingPolicyConfiguration"
    )
    out[key] = json.loads(json.dumps(p.config))
    return out


def describe_scaling_policies(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = []
    targets = _visible_targets(area, now) if params["ServiceNamespace"] == "sagemaker" else []
    for target in targets:
        if params.get("ResourceId") and target.resource_id != params["ResourceId"]:
            continue
        if params.get("ScalableDimension") and target.dimension != params["ScalableDimension"]:
            continue
        for name in sorted(target.policies):
            if target.policies[name].created > now:
                continue
            if params.get("PolicyNames") and name not in params["PolicyNames"]:
                continue
            rows.append(_policy_api(target, name))
    page, token = _paginate(rows, params, 10, "policies")
    return {"ScalingPolicies": page, "NextToken": token}


def put_scaling_policy(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    with area.lock:
        now = area.sync()
        rid, dimension = params["ResourceId"], params["ScalableDimension"]
        if params["ServiceNamespace"] == "sagemaker":
            _parse_resource(rid, dimension)
        target = _target(area, params, "registered")
        ptype = params.get("PolicyType", "StepScaling")
        if ptype == "TargetTrackingScaling":
            config = params.get("TargetTrackingScalingPolicyConfiguration")
            if not config:
                raise validation_error(
                    "TargetTrackingScalingPolicyConfiguration is required for a policy of type "
                    "TargetTrackingScaling."
                )
            if config["TargetValue"] <= 0:
                raise validation_error(
                    f"The target value must be greater than 0 (got {config['TargetValue']:g})."
                )
            predefined = config.get("PredefinedMetricSpecification")
            if not predefined and not config.get("CustomizedMetricSpecification"):
                raise validation_error(
                    "Either PredefinedMetricSpecification or CustomizedMetricSpecification must "
                    "be specified."
                )
            allowed = ic.COMPONENT_METRICS if target.component else VARIANT_METRICS
            if predefined and predefined["PredefinedMetricType"] not in allowed:
                raise validation_error(
                    f"Unsupported predefined metric type {predefined['PredefinedMetricType']} "
                    f"for {target.dimension}."
                )
            for key in ("ScaleOutCooldown", "ScaleInCooldown"):
                if config.get(key, 0) < 0:
                    raise validation_error(f"{key} must be greater than or equal to 0.")
            stored = {"ScaleOutCooldown": 300, "ScaleInCooldown": 300, **config}
            stored.setdefault("DisableScaleIn", False)
        elif ptype == "StepScaling":
            config = params.get("StepScalingPolicyConfiguration")
            if not config:
                raise validation_error(
                    "StepScalingPolicyConfiguration is required for a policy of type StepScaling."
                )
            stored = dict(config)
        else:
            raise validation_error(f"Policy type {ptype} is not supported for {target.dimension}.")
        existing = target.policies.get(params["PolicyName"])
        if existing is not None and existing.type != ptype:
            raise validation_error(
                f"Policy {params['PolicyName']} is of type {existing.type}; it cannot become "
                f"{ptype}."
            )
        policy = area.put_policy(target, params["PolicyName"], ptype, stored, now)
        return {"PolicyARN": policy.arn, "Alarms": [dict(a) for a in policy.alarms]}


def delete_scaling_policy(area: EndpointsArea, params: dict[str, Any]) -> None:
    with area.lock:
        area.sync()
        rid, dimension, name = (
            params["ResourceId"],
            params["ScalableDimension"],
            params["PolicyName"],
        )
        target = area.targets.get(rid) if params["ServiceNamespace"] == "sagemaker" else None
        if target is None or name not in target.policies:
            raise _not_found(
                f"No scaling policy found for {_where(rid, dimension)}, policy name: {name}"
            )
        del target.policies[name]


def describe_scaling_activities(area: EndpointsArea, params: dict[str, Any]) -> dict[str, Any]:
    now = area.sync()
    rows = []
    if params["ServiceNamespace"] == "sagemaker":
        include = bool(params.get("IncludeNotScaledActivities"))
        for activity in reversed(area.activities):
            if activity.start < now - SIX_WEEKS:
                break
            if activity.not_scaled is not None and not include:
                continue
            if params.get("ResourceId") and activity.resource_id != params["ResourceId"]:
                continue
            if (
                params.get("ScalableDimension")
                and activity.dimension != params["ScalableDimension"]
            ):
                continue
            api = activity.as_api(now)
            if api is not None:
                rows.append(api)
    rows.sort(key=lambda a: a["StartTime"], reverse=True)
    page, token = _paginate(rows, params, 50, "activities")
    return {"ScalingActivities": page, "NextToken": token}


def register(registry: Registry, world: World) -> None:
    area = endpoints_area(world)
    handlers = {
        "DescribeScalableTargets": describe_scalable_targets,
        "RegisterScalableTarget": register_scalable_target,
        "DeregisterScalableTarget": deregister_scalable_target,
        "DescribeScalingPolicies": describe_scaling_policies,
        "PutScalingPolicy": put_scaling_policy,
        "DeleteScalingPolicy": delete_scaling_policy,
        "DescribeScalingActivities": describe_scaling_activities,
    }
    for operation, handler in handlers.items():
        registry.register("application-autoscaling", operation, partial(handler, area))

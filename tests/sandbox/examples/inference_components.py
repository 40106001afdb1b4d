"""Example calls for SageMaker inference components and their Application Auto Scaling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.endpoints import components as ic
from smtui.sandbox.endpoints import endpoints_area

NS = "sagemaker"
HOST = ic.HOST
LLAMA = "llama3-8b-chat-ic"
RERANKER = "bge-reranker-ic"


def _spec(model: str = "bge-reranker-large-v1") -> dict[str, Any]:
    return {
        "ModelName": model,
        "StartupParameters": {"ContainerStartupHealthCheckTimeoutInSeconds": 300},
        "ComputeResourceRequirements": {
            "NumberOfCpuCoresRequired": 2,
            "MinMemoryRequiredInMb": 4096,
        },
    }


def _throwaway(sb: Sandbox, name: str) -> str:
    """An InService component of its own (created through the area, loaded at once)."""
    area = endpoints_area(sb.world)
    now = area.sync()
    ep = area.endpoints[HOST]
    comp = ic.add(area, ep, ep.variants[0], name, area.components[RERANKER].spec, 1, now - 900)
    assert comp.status(now) == "InService"
    return name


def _runtime(sb: Sandbox) -> dict[str, Any]:
    area = endpoints_area(sb.world)
    now = area.sync()
    copies = area.components[LLAMA].desired_count(now)
    return {
        "InferenceComponentName": _throwaway(sb, "example-runtime-ic"),
        "DesiredRuntimeConfig": {"CopyCount": 2 if copies != 2 else 1},
    }


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "CreateInferenceComponent"): [
        lambda sb: {
            "InferenceComponentName": "example-reranker-ic",
            "EndpointName": HOST,
            "VariantName": "AllTraffic",
            "Specification": _spec(),
            "RuntimeConfig": {"CopyCount": 1},
            "Tags": [{"Key": "team", "Value": "search"}],
        }
    ],
    ("sagemaker", "DescribeInferenceComponent"): [
        lambda sb: {"InferenceComponentName": LLAMA},
        lambda sb: {"InferenceComponentName": RERANKER},
    ],
    ("sagemaker", "ListInferenceComponents"): [
        lambda sb: {},
        lambda sb: {"EndpointNameEquals": HOST, "SortBy": "Name", "SortOrder": "Ascending"},
        lambda sb: {"StatusEquals": "InService", "MaxResults": 1},
    ],
    ("sagemaker", "UpdateInferenceComponent"): [
        lambda sb: {
            "InferenceComponentName": _throwaway(sb, "example-update-ic"),
            "Specification": _spec(),
            "RuntimeConfig": {"CopyCount": 2},
        }
    ],
    ("sagemaker", "UpdateInferenceComponentRuntimeConfig"): [_runtime],
    ("sagemaker", "DeleteInferenceComponent"): [
        lambda sb: {"InferenceComponentName": _throwaway(sb, "example-delete-ic")}
    ],
    ("application-autoscaling", "RegisterScalableTarget"): [
        lambda sb: {
            "ServiceNamespace": NS,
            "ResourceId": f"inference-component/{_throwaway(sb, 'example-scaled-ic')}",
            "ScalableDimension": ic.DIMENSION,
            "MinCapacity": 1,
            "MaxCapacity": 3,
        }
    ],
    ("application-autoscaling", "PutScalingPolicy"): [
        lambda sb: {
            "PolicyName": "example-step-out",
            "ServiceNamespace": NS,
            "ResourceId": f"inference-component/{LLAMA}",
            "ScalableDimension": ic.DIMENSION,
            "PolicyType": "StepScaling",
            "StepScalingPolicyConfiguration": {
                "AdjustmentType": "PercentChangeInCapacity",
                "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 50}],
                "Cooldown": 300,
                "MetricAggregationType": "Maximum",
                "MinAdjustmentMagnitude": 1,
            },
        }
    ],
    ("application-autoscaling", "DescribeScalingActivities"): [
        lambda sb: {
            "ServiceNamespace": NS,
            "ResourceId": f"inference-component/{LLAMA}",
            "ScalableDimension": ic.DIMENSION,
            "IncludeNotScaledActivities": True,
        }
    ],
}

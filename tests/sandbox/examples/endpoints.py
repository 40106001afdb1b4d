"""Example calls for the SageMaker hosting and Application Auto Scaling operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from smtui.sandbox import Sandbox
from smtui.sandbox.endpoints import endpoints_area

NS = "sagemaker"
DIM = "sagemaker:variant:DesiredInstanceCount"
FRAUD = "endpoint/fraud-detector-prod/variant/AllTraffic"
PRICING_B = "endpoint/pricing-ab-test-prod/variant/variant-b"


def _tt(target: float) -> dict[str, Any]:
    return {
        "TargetValue": target,
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
        },
        "ScaleOutCooldown": 300,
        "ScaleInCooldown": 600,
    }


def _in_service(sb: Sandbox) -> str:
    """An InService endpoint nothing else in the examples touches."""
    area = endpoints_area(sb.world)
    now = area.sync()
    return next(ep.name for ep in area.live(now) if ep.name == "churn-xgb-prod")


def _config(sb: Sandbox, prefix: str) -> str:
    area = endpoints_area(sb.world)
    area.ensure()  # built on the first request: this example may come before any
    return next(c for c in area.configs if c.startswith(prefix + "-config-"))


def _deletable(sb: Sandbox) -> str:
    area = endpoints_area(sb.world)
    now = area.sync()
    return next(ep.name for ep in area.live(now) if ep.name == "ltv-predictor-dev")


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("sagemaker", "ListEndpoints"): [
        lambda sb: {},
        lambda sb: {"SortBy": "Name", "SortOrder": "Ascending", "MaxResults": 100},
        lambda sb: {"StatusEquals": "InService", "NameContains": "prod"},
    ],
    ("sagemaker", "DescribeEndpoint"): [
        lambda sb: {"EndpointName": "fraud-detector-prod"},
        lambda sb: {"EndpointName": "llm-chat-prod"},  # shadow variant
        lambda sb: {"EndpointName": "doc-classifier-serverless"},
        lambda sb: {"EndpointName": "nlp-ner-staging"},  # Failed
        lambda sb: {"EndpointName": "image-moderation-prod"},  # pending deployment
        lambda sb: {"EndpointName": "ocr-pipeline-staging"},  # Creating
    ],
    ("sagemaker", "CreateEndpoint"): [
        lambda sb: {
            "EndpointName": "churn-xgb-canary",
            "EndpointConfigName": _config(sb, "churn-xgb-prod"),
            "Tags": [{"Key": "team", "Value": "growth-analytics"}],
        }
    ],
    ("sagemaker", "DeleteEndpoint"): [lambda sb: {"EndpointName": _deletable(sb)}],
    ("sagemaker", "UpdateEndpointWeightsAndCapacities"): [
        lambda sb: {
            "EndpointName": _in_service(sb),
            "DesiredWeightsAndCapacities": [
                {"VariantName": "AllTraffic", "DesiredWeight": 1.0, "DesiredInstanceCount": 3}
            ],
        }
    ],
    ("sagemaker", "ListEndpointConfigs"): [
        lambda sb: {},
        lambda sb: {"SortBy": "Name", "NameContains": "fraud", "MaxResults": 5},
    ],
    ("sagemaker", "DescribeEndpointConfig"): [
        lambda sb, prefix=prefix: {"EndpointConfigName": _config(sb, prefix)}
        for prefix in ("fraud-detector-prod", "llm-chat-prod", "doc-classifier-serverless")
    ],
    ("sagemaker", "ListModels"): [
        lambda sb: {},
        lambda sb: {"SortBy": "Name", "SortOrder": "Ascending", "NameContains": "xgb"},
    ],
    ("sagemaker", "DescribeModel"): [
        lambda sb: {"ModelName": "fraud-detector-xgb-v14"},
        lambda sb: {"ModelName": "tenant-forecast-mme"},  # multi-model
        lambda sb: {"ModelName": "llm-chat-llama3-8b-v3"},
    ],
    ("application-autoscaling", "DescribeScalableTargets"): [
        lambda sb: {"ServiceNamespace": NS},
        lambda sb: {"ServiceNamespace": NS, "ResourceIds": [FRAUD], "ScalableDimension": DIM},
        lambda sb: {"ServiceNamespace": "ecs"},
    ],
    ("application-autoscaling", "RegisterScalableTarget"): [
        lambda sb: {
            "ServiceNamespace": NS,
            "ResourceId": PRICING_B,
            "ScalableDimension": DIM,
            "MinCapacity": 1,
            "MaxCapacity": 5,
        },
        lambda sb: {
            "ServiceNamespace": NS,
            "ResourceId": "endpoint/churn-xgb-prod/variant/AllTraffic",
            "ScalableDimension": DIM,
            "MinCapacity": 2,
            "MaxCapacity": 4,
            "SuspendedState": {"DynamicScalingInSuspended": True},
        },
    ],
    ("application-autoscaling", "DeregisterScalableTarget"): [
        lambda sb: {"ServiceNamespace": NS, "ResourceId": PRICING_B, "ScalableDimension": DIM}
    ],
    ("application-autoscaling", "DescribeScalingPolicies"): [
        lambda sb: {"ServiceNamespace": NS},
        lambda sb: {
            "ServiceNamespace": NS,
            "ResourceId": "endpoint/search-embeddings-prod/variant/AllTraffic",
            "ScalableDimension": DIM,
        },
    ],
    ("application-autoscaling", "PutScalingPolicy"): [
        lambda sb: {
            "PolicyName": "SageMakerEndpointInvocationScalingPolicy",
            "ServiceNamespace": NS,
            "ResourceId": FRAUD,
            "ScalableDimension": DIM,
            "PolicyType": "TargetTrackingScaling",
            "TargetTrackingScalingPolicyConfiguration": _tt(650.0),
        }
    ],
    ("application-autoscaling", "DeleteScalingPolicy"): [
        lambda sb: {
            "PolicyName": "search-embeddings-prod-p99-latency-step-out",
            "ServiceNamespace": NS,
            "ResourceId": "endpoint/search-embeddings-prod/variant/AllTraffic",
            "ScalableDimension": DIM,
        }
    ],
    ("application-autoscaling", "DescribeScalingActivities"): [
        lambda sb: {"ServiceNamespace": NS},
        lambda sb: {"ServiceNamespace": NS, "ResourceId": FRAUD, "MaxResults": 5},
        lambda sb: {"ServiceNamespace": NS, "IncludeNotScaledActivities": True},
    ],
}

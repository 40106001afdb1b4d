"""Inference components and step scaling: plain boto3 against a sandbox with a frozen clock."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.test_sandbox_endpoints import START, _client
from tests.sandbox.test_sandbox_endpoints import aas as aas  # noqa: F401 - fixtures
from tests.sandbox.test_sandbox_endpoints import box as box  # noqa: F401
from tests.sandbox.test_sandbox_endpoints import sm as sm  # noqa: F401

NS = "sagemaker"
DIM = "sagemaker:inference-component:DesiredCopyCount"
HOST = "genai-platform-prod"
LLAMA = "llama3-8b-chat-ic"
LLAMA_RID = f"inference-component/{LLAMA}"
FRAUD = "endpoint/fraud-detector-prod/variant/AllTraffic"


def _copies(sm: Any, name: str) -> tuple[int, int]:
    rc = sm.describe_inference_component(InferenceComponentName=name)["RuntimeConfig"]
    return rc["CurrentCopyCount"], rc["DesiredCopyCount"]


def _activities(aas: Any, rid: str) -> list[dict[str, Any]]:
    return aas.describe_scaling_activities(ServiceNamespace=NS, ResourceId=rid)["ScalingActivities"]


# --- the fleet and the API -------------------------------------------------------------------
def test_fleet_lists_components_of_the_llm_endpoint(sm: Any) -> None:
    listed = sm.list_inference_components(EndpointNameEquals=HOST, SortBy="Name")
    names = [c["InferenceComponentName"] for c in listed["InferenceComponents"]]
    assert names == sorted(names, reverse=True)  # SortOrder defaults to Descending
    assert set(names) == {LLAMA, "mistral-7b-summarize-ic", "bge-reranker-ic"}
    assert {c["InferenceComponentStatus"] for c in listed["InferenceComponents"]} == {"InService"}
    d = sm.describe_inference_component(InferenceComponentName=LLAMA)
    assert d["EndpointName"] == HOST and d["VariantName"] == "AllTraffic"
    assert d["Specification"]["ModelName"] == "llama3-8b-instruct-v2"
    req = d["Specification"]["ComputeResourceRequirements"]
    assert req["NumberOfAcceleratorDevicesRequired"] == 1 and req["MinMemoryRequiredInMb"] > 0
    assert d["RuntimeConfig"]["CurrentCopyCount"] >= 1
    # The host names no model: its components do.
    config = sm.describe_endpoint_config(
        EndpointConfigName=sm.describe_endpoint(EndpointName=HOST)["EndpointConfigName"]
    )
    assert "ModelName" not in config["ProductionVariants"][0]
    assert config["ProductionVariants"][0]["InstanceType"] == "ml.g5.12xlarge"
    sm.describe_model(ModelName="llama3-8b-instruct-v2")
    one = sm.list_inference_components(MaxResults=1)
    assert len(one["InferenceComponents"]) == 1 and one["NextToken"]


def test_create_update_runtime_and_delete_move_through_states(box: Sandbox, sm: Any) -> None:
    sm.create_inference_component(
        InferenceComponentName="qa-reranker-ic",
        EndpointName=HOST,
        VariantName="AllTraffic",
        Specification={
            "ModelName": "bge-reranker-large-v1",
            "ComputeResourceRequirements": {
                "NumberOfCpuCoresRequired": 2,
                "MinMemoryRequiredInMb": 4096,
            },
        },
        RuntimeConfig={"CopyCount": 2},
    )
    d = sm.describe_inference_component(InferenceComponentName="qa-reranker-ic")
    assert d["InferenceComponentStatus"] == "Creating"
    assert d["RuntimeConfig"] == {"DesiredCopyCount": 2, "CurrentCopyCount": 0}
    with pytest.raises(ClientError) as exc:
        sm.update_inference_component_runtime_config(
            InferenceComponentName="qa-reranker-ic", DesiredRuntimeConfig={"CopyCount": 3}
        )
    assert "in-progress" in exc.value.response["Error"]["Message"]
    box.world.clock.advance(330)
    assert _copies(sm, "qa-reranker-ic") == (2, 2)
    sm.update_inference_component_runtime_config(
        InferenceComponentName="qa-reranker-ic", DesiredRuntimeConfig={"CopyCount": 3}
    )
    d = sm.describe_inference_component(InferenceComponentName="qa-reranker-ic")
    assert d["InferenceComponentStatus"] == "Updating"
    assert d["RuntimeConfig"] == {"DesiredCopyCount": 3, "CurrentCopyCount": 2}
    box.world.clock.advance(330)
    assert _copies(sm, "qa-reranker-ic") == (3, 3)
    sm.update_inference_component(
        InferenceComponentName="qa-reranker-ic",
        Specification={"StartupParameters": {"ModelDataDownloadTimeoutInSeconds": 900}},
    )
    d = sm.describe_inference_component(InferenceComponentName="qa-reranker-ic")
    assert d["InferenceComponentStatus"] == "Updating"
    assert d["Specification"]["StartupParameters"]["ModelDataDownloadTimeoutInSeconds"] == 900
    box.world.clock.advance(330)
    sm.delete_inference_component(InferenceComponentName="qa-reranker-ic")
    status = sm.describe_inference_component(InferenceComponentName="qa-reranker-ic")
    assert status["InferenceComponentStatus"] == "Deleting"
    box.world.clock.advance(120)
    with pytest.raises(ClientError) as exc:
        sm.describe_inference_component(InferenceComponentName="qa-reranker-ic")
    assert 'Could not find inference component "arn:aws:sagemaker:' in str(exc.value)


def test_bad_requests_answer_validation_errors(sm: Any) -> None:
    spec = {"ModelName": "nope", "ComputeResourceRequirements": {"MinMemoryRequiredInMb": 1024}}
    for kwargs, text in (
        ({"InferenceComponentName": LLAMA, "EndpointName": HOST}, "already existing"),
        ({"InferenceComponentName": "x-ic", "EndpointName": "fraud-detector-prod"}, "cannot host"),
        ({"InferenceComponentName": "x-ic", "EndpointName": "no-such"}, "Could not find endpoint"),
        ({"InferenceComponentName": "x-ic", "EndpointName": HOST}, "Could not find model"),
    ):
        with pytest.raises(ClientError) as exc:
            sm.create_inference_component(Specification=spec, **kwargs)
        assert exc.value.response["Error"]["Code"] == "ValidationException"
        assert text in exc.value.response["Error"]["Message"]


def test_copies_that_do_not_fit_stay_pending(box: Sandbox, sm: Any) -> None:
    """Twelve GPUs on the endpoint: a component asking for more copies gets what fits."""
    sm.create_inference_component(
        InferenceComponentName="big-llm-ic",
        EndpointName=HOST,
        Specification={
            "ModelName": "llama3-8b-instruct-v2",
            "ComputeResourceRequirements": {
                "NumberOfAcceleratorDevicesRequired": 4,
                "MinMemoryRequiredInMb": 65536,
            },
        },
        RuntimeConfig={"CopyCount": 3},
    )
    box.world.clock.advance(330)
    current, desired = _copies(sm, "big-llm-ic")
    assert desired == 3 and current < 3


# --- autoscaling -----------------------------------------------------------------------------
def test_component_targets_and_target_tracking_scale_out(box: Sandbox, sm: Any, aas: Any) -> None:
    targets = aas.describe_scalable_targets(ServiceNamespace=NS, ScalableDimension=DIM)
    rids = {t["ResourceId"] for t in targets["ScalableTargets"]}
    assert rids == {LLAMA_RID, "inference-component/mistral-7b-summarize-ic"}
    (policy,) = [
        p
        for p in aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=LLAMA_RID)[
            "ScalingPolicies"
        ]
        if p["PolicyType"] == "TargetTrackingScaling"
    ]
    spec = policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]
    assert spec["PredefinedMetricType"] == "SageMakerInferenceComponentInvocationsPerCopy"
    _, before = _copies(sm, LLAMA)
    box.world.clock.advance(45 * 60)  # the planted surge starts ten minutes after START
    current, after = _copies(sm, LLAMA)
    assert after > before and current == after
    latest = [a for a in _activities(aas, LLAMA_RID) if a["StartTime"] > START]
    assert latest and latest[0]["StatusCode"] == "Successful"
    assert latest[0]["Description"] == f"Setting desired copy count to {after}."
    assert latest[0]["Cause"].startswith(f"monitor alarm TargetTracking-{LLAMA_RID}-AlarmHigh-")
    assert latest[0]["Cause"].endswith(
        "in state ALARM triggered policy SageMakerInferenceComponentInvocationScalingPolicy"
    )
    assert latest[0]["StatusMessage"].startswith(f"Successfully set desired copy count to {after}")
    # InvocationsPerCopy is published per component (dimension InferenceComponentName).
    cw = _client(box, "cloudwatch")
    metrics = cw.list_metrics(
        Namespace="AWS/SageMaker",
        MetricName="InvocationsPerCopy",
        Dimensions=[{"Name": "InferenceComponentName", "Value": LLAMA}],
    )["Metrics"]
    assert len(metrics) == 1


def test_edit_range_suspend_and_bad_capacities(box: Sandbox, sm: Any, aas: Any) -> None:
    aas.register_scalable_target(
        ServiceNamespace=NS,
        ResourceId=LLAMA_RID,
        ScalableDimension=DIM,
        MinCapacity=4,
        MaxCapacity=5,
    )
    box.world.clock.advance(120)
    (t,) = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[LLAMA_RID])[
        "ScalableTargets"
    ]
    assert (t["MinCapacity"], t["MaxCapacity"]) == (4, 5)
    assert _copies(sm, LLAMA)[1] >= 4
    assert "minimum capacity was set to 4" in [a["Cause"] for a in _activities(aas, LLAMA_RID)][0]
    aas.register_scalable_target(
        ServiceNamespace=NS,
        ResourceId=LLAMA_RID,
        ScalableDimension=DIM,
        SuspendedState={"DynamicScalingOutSuspended": True, "DynamicScalingInSuspended": True},
    )
    (t,) = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[LLAMA_RID])[
        "ScalableTargets"
    ]
    assert t["SuspendedState"]["DynamicScalingOutSuspended"] is True
    for rid, dim, low, high, text in (
        (LLAMA_RID, DIM, 5, 2, "greater than maximum"),
        (LLAMA_RID, "sagemaker:variant:DesiredInstanceCount", 1, 2, "Unsupported scalable"),
        ("inference-component/ghost-ic", DIM, 1, 2, "does not exist"),
    ):
        with pytest.raises(ClientError) as exc:
            aas.register_scalable_target(
                ServiceNamespace=NS,
                ResourceId=rid,
                ScalableDimension=dim,
                MinCapacity=low,
                MaxCapacity=high,
            )
        assert text in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as exc:
        aas.put_scaling_policy(
            PolicyName="wrong-metric",
            ServiceNamespace=NS,
            ResourceId=LLAMA_RID,
            ScalableDimension=DIM,
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 10.0,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
                },
            },
        )
    assert "Unsupported predefined metric type" in exc.value.response["Error"]["Message"]


# --- step scaling ----------------------------------------------------------------------------
def _only_step(aas: Any, rid: str, dim: str, name: str, config: dict[str, Any]) -> None:
    for p in aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid)["ScalingPolicies"]:
        aas.delete_scaling_policy(
            PolicyName=p["PolicyName"], ServiceNamespace=NS, ResourceId=rid, ScalableDimension=dim
        )
    out = aas.put_scaling_policy(
        PolicyName=name,
        ServiceNamespace=NS,
        ResourceId=rid,
        ScalableDimension=dim,
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration=config,
    )
    assert out["Alarms"][0]["AlarmName"] == f"sandbox-step-{name}"


def test_step_scaling_adds_capacity_step_by_step_with_cooldown(
    box: Sandbox, sm: Any, aas: Any
) -> None:
    """fraud-detector's traffic surges after START: with only a step policy (+1 above the
    alarm threshold, cooldown 5 min), the variant grows one instance at a time."""
    dim = "sagemaker:variant:DesiredInstanceCount"
    _only_step(
        aas,
        FRAUD,
        dim,
        "fraud-step-out",
        {
            "AdjustmentType": "ChangeInCapacity",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 1}],
            "Cooldown": 300,
            "MetricAggregationType": "Average",
        },
    )
    box.world.clock.advance(40 * 60)
    acts = [a for a in _activities(aas, FRAUD) if a["StartTime"] > START]
    assert len(acts) >= 2
    cause = (
        "monitor alarm sandbox-step-fraud-step-out in state ALARM triggered policy fraud-step-out"
    )
    assert {a["Cause"] for a in acts} == {cause}
    counts = [int(a["Description"].split()[-1].rstrip(".")) for a in reversed(acts)]
    assert counts == list(range(counts[0], counts[0] + len(counts)))  # +1 each time
    starts = sorted(a["StartTime"] for a in acts)
    assert all((b - a).total_seconds() >= 300 for a, b in zip(starts, starts[1:], strict=False))
    desired = sm.describe_endpoint(EndpointName="fraud-detector-prod")["ProductionVariants"][0]
    assert desired["DesiredInstanceCount"] == counts[-1] <= 8


def test_step_scaling_exact_capacity_on_a_component(box: Sandbox, sm: Any, aas: Any) -> None:
    _only_step(
        aas,
        LLAMA_RID,
        DIM,
        "llama-exact",
        {
            "AdjustmentType": "ExactCapacity",
            "StepAdjustments": [{"MetricIntervalLowerBound": 0.0, "ScalingAdjustment": 5}],
            "Cooldown": 600,
        },
    )
    box.world.clock.advance(45 * 60)
    assert _copies(sm, LLAMA)[1] == 5
    acts = [a for a in _activities(aas, LLAMA_RID) if a["StartTime"] > START]
    assert acts[0]["Description"] == "Setting desired copy count to 5."
    assert acts[0]["Cause"].endswith("triggered policy llama-exact")


def test_fleet_latency_step_policy_stays_quiet_below_its_threshold(aas: Any) -> None:
    """search-embeddings' step policy alarms on p99 ModelLatency above 500 ms: the planted
    latency spike before START (about 6x a 14 ms median) stays below, so it never acted."""
    rid = "endpoint/search-embeddings-prod/variant/AllTraffic"
    (step,) = [
        p
        for p in aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=rid)[
            "ScalingPolicies"
        ]
        if p["PolicyType"] == "StepScaling"
    ]
    assert step["Alarms"][0]["AlarmName"] == "search-embeddings-prod-p99-latency-high"
    causes = [a["Cause"] for a in _activities(aas, rid)]
    assert causes and not any("p99-latency-high" in c for c in causes)

"""Endpoints, configs, models, Application Auto Scaling, endpoint metrics and logs:
plain boto3 against a sandbox with a frozen clock at a fixed start."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
NS, DIM = "sagemaker", "sagemaker:variant:DesiredInstanceCount"
FRAUD = "endpoint/fraud-detector-prod/variant/AllTraffic"


@pytest.fixture
def box() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=5, speed=0, start=START.timestamp()).start() as sandbox:
        yield sandbox


def _client(sb: Sandbox, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


@pytest.fixture
def sm(box: Sandbox) -> Any:
    return _client(box, "sagemaker")


@pytest.fixture
def aas(box: Sandbox) -> Any:
    return _client(box, "application-autoscaling")


@pytest.fixture
def cw(box: Sandbox) -> Any:
    return _client(box, "cloudwatch")


def _message(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Message"])


def _statuses(sm: Any) -> dict[str, str]:
    pages = sm.get_paginator("list_endpoints").paginate()
    return {e["EndpointName"]: e["EndpointStatus"] for p in pages for e in p["Endpoints"]}


def _metric(cw: Any, endpoint: str, name: str, stat: str, minutes: int = 10, **kw: Any) -> list:
    end = kw.pop("end", START)
    r = cw.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "m",
                "MetricStat": {
                    "Metric": {
                        "Namespace": kw.pop("namespace", "AWS/SageMaker"),
                        "MetricName": name,
                        "Dimensions": [
                            {"Name": "EndpointName", "Value": endpoint},
                            {"Name": "VariantName", "Value": kw.pop("variant", "AllTraffic")},
                        ],
                    },
                    "Period": kw.pop("period", 60),
                    "Stat": stat,
                },
            }
        ],
        StartTime=end - timedelta(minutes=minutes),
        EndTime=end,
        ScanBy="TimestampAscending",
    )
    return list(r["MetricDataResults"][0]["Values"])


# --- listing and describing ---------------------------------------------------------------
def test_fleet_lists_every_lifecycle_and_pages_by_ten(sm: Any) -> None:
    first = sm.list_endpoints()
    assert len(first["Endpoints"]) == 10 and "NextToken" in first
    statuses = _statuses(sm)
    # 14 catalog endpoints, the idle one (idle.py), the inference-component host.
    assert len(statuses) == 16
    assert statuses["ocr-pipeline-staging"] == "Creating"
    assert statuses["nlp-ner-staging"] == "Failed"
    assert statuses["image-moderation-prod"] == "Updating"
    assert statuses["fraud-detector-prod"] == "InService"
    only = sm.list_endpoints(StatusEquals="InService", NameContains="prod", SortBy="Name")
    names = [e["EndpointName"] for e in only["Endpoints"]]
    assert names == sorted(names, reverse=True) and "image-moderation-prod" not in names


def test_describe_shapes_of_each_kind(sm: Any) -> None:
    fraud = sm.describe_endpoint(EndpointName="fraud-detector-prod")
    (v,) = fraud["ProductionVariants"]
    assert v["CurrentInstanceCount"] == v["DesiredInstanceCount"] == 2
    assert fraud["DataCaptureConfig"]["CurrentSamplingPercentage"] == 20
    assert "@sha256:" in v["DeployedImages"][0]["ResolvedImage"]
    serverless = sm.describe_endpoint(EndpointName="doc-classifier-serverless")
    sv = serverless["ProductionVariants"][0]
    assert "CurrentInstanceCount" not in sv
    assert sv["CurrentServerlessConfig"] == {
        "MemorySizeInMB": 4096,
        "MaxConcurrency": 20,
        "ProvisionedConcurrency": 5,
    }
    failed = sm.describe_endpoint(EndpointName="nlp-ner-staging")
    assert failed["EndpointStatus"] == "Failed" and "ping health check" in failed["FailureReason"]
    llm = sm.describe_endpoint(EndpointName="llm-chat-prod")
    assert llm["ShadowProductionVariants"][0]["VariantName"] == "shadow-llama3-70b-awq"
    updating = sm.describe_endpoint(EndpointName="image-moderation-prod")
    pending = updating["PendingDeploymentSummary"]
    assert pending["EndpointConfigName"] != updating["EndpointConfigName"]
    assert pending["ProductionVariants"][0]["InstanceType"] == "ml.g5.xlarge"
    config = sm.describe_endpoint_config(EndpointConfigName=fraud["EndpointConfigName"])
    assert config["ProductionVariants"][0]["InstanceType"] == "ml.c5.2xlarge"
    model = sm.describe_model(ModelName="tenant-forecast-mme")
    assert model["PrimaryContainer"]["Mode"] == "MultiModel"


def test_unknown_names_answer_as_sagemaker_does(sm: Any) -> None:
    with pytest.raises(ClientError) as exc:
        sm.describe_endpoint(EndpointName="nope")
    assert _message(exc) == (
        'Could not find endpoint "arn:aws:sagemaker:us-east-1:123456789012:endpoint/nope".'
    )
    with pytest.raises(ClientError) as exc:
        sm.describe_endpoint_config(EndpointConfigName="nope")
    assert "Could not find endpoint configuration" in _message(exc)


# --- lifecycles ----------------------------------------------------------------------------------
def test_creating_and_updating_reach_in_service(box: Sandbox, sm: Any) -> None:
    before = sm.describe_endpoint(EndpointName="image-moderation-prod")["EndpointConfigName"]
    box.world.clock.advance(600)
    statuses = _statuses(sm)
    assert statuses["ocr-pipeline-staging"] == "InService"
    assert statuses["image-moderation-prod"] == "InService"
    after = sm.describe_endpoint(EndpointName="image-moderation-prod")
    assert after["EndpointConfigName"] != before and "PendingDeploymentSummary" not in after
    config = sm.describe_endpoint_config(EndpointConfigName=after["EndpointConfigName"])
    assert config["ProductionVariants"][0]["InstanceType"] == "ml.g5.xlarge"


def test_create_then_delete(box: Sandbox, sm: Any) -> None:
    configs = sm.list_endpoint_configs(NameContains="churn-xgb-prod")["EndpointConfigs"]
    config = configs[0]["EndpointConfigName"]
    arn = sm.create_endpoint(EndpointName="churn-canary", EndpointConfigName=config)["EndpointArn"]
    assert arn.endswith(":endpoint/churn-canary")
    assert sm.describe_endpoint(EndpointName="churn-canary")["EndpointStatus"] == "Creating"
    with pytest.raises(ClientError) as exc:
        sm.create_endpoint(EndpointName="churn-canary", EndpointConfigName=config)
    assert "Cannot create already existing endpoint" in _message(exc)
    box.world.clock.advance(480)
    assert sm.describe_endpoint(EndpointName="churn-canary")["EndpointStatus"] == "InService"
    sm.delete_endpoint(EndpointName="churn-canary")
    assert sm.describe_endpoint(EndpointName="churn-canary")["EndpointStatus"] == "Deleting"
    box.world.clock.advance(120)
    with pytest.raises(ClientError):
        sm.describe_endpoint(EndpointName="churn-canary")


def test_update_weights_and_capacities(box: Sandbox, sm: Any) -> None:
    sm.update_endpoint_weights_and_capacities(
        EndpointName="pricing-ab-test-prod",
        DesiredWeightsAndCapacities=[
            {"VariantName": "variant-a", "DesiredWeight": 0.2},
            {"VariantName": "variant-b", "DesiredWeight": 0.8, "DesiredInstanceCount": 3},
        ],
    )
    d = sm.describe_endpoint(EndpointName="pricing-ab-test-prod")
    assert d["EndpointStatus"] == "Updating"
    b = d["ProductionVariants"][1]
    assert b["DesiredWeight"] == 0.8 and b["DesiredInstanceCount"] == 3
    assert b["VariantStatus"][0]["Status"] == "Updating"
    with pytest.raises(ClientError) as exc:
        sm.update_endpoint_weights_and_capacities(
            EndpointName="pricing-ab-test-prod",
            DesiredWeightsAndCapacities=[{"VariantName": "variant-a", "DesiredWeight": 1.0}],
        )
    assert "Cannot update in-progress endpoint" in _message(exc)
    box.world.clock.advance(600)
    d = sm.describe_endpoint(EndpointName="pricing-ab-test-prod")
    b = d["ProductionVariants"][1]
    assert d["EndpointStatus"] == "InService"
    assert b["CurrentInstanceCount"] == 3 and b["CurrentWeight"] == 0.8


@pytest.mark.parametrize(
    "changes, fragment",
    [
        ([{"VariantName": "nope", "DesiredWeight": 1.0}], 'The variant name(s) "nope"'),
        (
            [{"VariantName": "variant-a"}, {"VariantName": "variant-a"}],
            "was non-unique within the request",
        ),
        (
            [
                {"VariantName": "variant-a", "DesiredWeight": 0.0},
                {"VariantName": "variant-b", "DesiredWeight": 0.0},
            ],
            "must be greater than 0",
        ),
    ],
    ids=["unknown-variant", "duplicate", "all-zero"],
)
def test_update_refusals(sm: Any, changes: list, fragment: str) -> None:
    with pytest.raises(ClientError) as exc:
        sm.update_endpoint_weights_and_capacities(
            EndpointName="pricing-ab-test-prod", DesiredWeightsAndCapacities=changes
        )
    assert fragment in _message(exc)


# --- autoscaling -----------------------------------------------------------------------------
def test_target_tracking_scales_out_when_traffic_rises(box: Sandbox, sm: Any, cw: Any) -> None:
    before = sm.describe_endpoint(EndpointName="fraud-detector-prod")["ProductionVariants"][0]
    assert before["CurrentInstanceCount"] == 2
    box.world.clock.advance(40 * 60)
    aas = _client(box, "application-autoscaling")
    acts = aas.describe_scaling_activities(ServiceNamespace=NS, ResourceId=FRAUD)
    latest = acts["ScalingActivities"][0]
    assert latest["StatusCode"] == "Successful"
    assert latest["Description"].startswith("Setting desired instance count to ")
    assert latest["Cause"].startswith(f"monitor alarm TargetTracking-{FRAUD}-AlarmHigh-")
    assert latest["Cause"].endswith("triggered policy SageMakerEndpointInvocationScalingPolicy")
    assert latest["StartTime"] > START
    after = sm.describe_endpoint(EndpointName="fraud-detector-prod")["ProductionVariants"][0]
    assert after["CurrentInstanceCount"] >= 4
    # The metric the policy tracks came back under its target once the instances arrived.
    per_instance = _metric(
        cw,
        "fraud-detector-prod",
        "InvocationsPerInstance",
        "Sum",
        5,
        end=START + timedelta(minutes=40),
    )
    assert per_instance and max(per_instance) < 650


def test_register_describe_and_bad_capacities(aas: Any) -> None:
    aas.register_scalable_target(
        ServiceNamespace=NS, ResourceId=FRAUD, ScalableDimension=DIM, MinCapacity=3, MaxCapacity=9
    )
    (target,) = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[FRAUD])[
        "ScalableTargets"
    ]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (3, 9)
    with pytest.raises(aas.exceptions.ValidationException) as exc:
        aas.register_scalable_target(
            ServiceNamespace=NS,
            ResourceId=FRAUD,
            ScalableDimension=DIM,
            MinCapacity=5,
            MaxCapacity=2,
        )
    assert "Minimum capacity cannot be greater than maximum capacity" in _message(exc)
    with pytest.raises(aas.exceptions.ValidationException):
        aas.register_scalable_target(
            ServiceNamespace=NS,
            ResourceId="endpoint/price-optimizer-dev/variant/AllTraffic",
            ScalableDimension=DIM,
            MinCapacity=1,
            MaxCapacity=2,
        )
    with pytest.raises(aas.exceptions.ObjectNotFoundException) as exc:
        aas.put_scaling_policy(
            PolicyName="p",
            ServiceNamespace=NS,
            ResourceId="endpoint/churn-xgb-prod/variant/AllTraffic",
            ScalableDimension=DIM,
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={"TargetValue": 100.0},
        )
    assert _message(exc).startswith("No scalable target registered for service namespace")


def test_put_policy_and_suspend(box: Sandbox, aas: Any) -> None:
    out = aas.put_scaling_policy(
        PolicyName="SageMakerEndpointInvocationScalingPolicy",
        ServiceNamespace=NS,
        ResourceId=FRAUD,
        ScalableDimension=DIM,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 2000.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"
            },
            "ScaleOutCooldown": 120,
            "ScaleInCooldown": 900,
        },
    )
    assert len(out["Alarms"]) == 2
    (policy,) = aas.describe_scaling_policies(ServiceNamespace=NS, ResourceId=FRAUD)[
        "ScalingPolicies"
    ]
    config = policy["TargetTrackingScalingPolicyConfiguration"]
    assert (config["TargetValue"], config["ScaleOutCooldown"]) == (2000.0, 120)
    # With a target far above the surge and scale-out suspended on top, nothing scales.
    aas.register_scalable_target(
        ServiceNamespace=NS,
        ResourceId=FRAUD,
        ScalableDimension=DIM,
        SuspendedState={"DynamicScalingOutSuspended": True},
    )
    box.world.clock.advance(40 * 60)
    acts = aas.describe_scaling_activities(ServiceNamespace=NS, ResourceId=FRAUD)
    assert all(a["StartTime"] < START for a in acts["ScalingActivities"])
    target = aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[FRAUD])
    assert target["ScalableTargets"][0]["SuspendedState"]["DynamicScalingOutSuspended"] is True


def test_deregister_and_pages(aas: Any) -> None:
    with pytest.raises(aas.exceptions.ValidationException):
        aas.describe_scalable_targets(ServiceNamespace=NS, MaxResults=51)
    page = aas.describe_scalable_targets(ServiceNamespace=NS, MaxResults=3)
    assert len(page["ScalableTargets"]) == 3 and page["NextToken"]
    aas.deregister_scalable_target(ServiceNamespace=NS, ResourceId=FRAUD, ScalableDimension=DIM)
    assert not aas.describe_scalable_targets(ServiceNamespace=NS, ResourceIds=[FRAUD])[
        "ScalableTargets"
    ]
    with pytest.raises(aas.exceptions.ObjectNotFoundException):
        aas.deregister_scalable_target(ServiceNamespace=NS, ResourceId=FRAUD, ScalableDimension=DIM)


# --- metrics and logs -------------------------------------------------------------------------
def test_metrics_units_incidents_and_kinds(cw: Any) -> None:
    p99 = _metric(cw, "search-embeddings-prod", "ModelLatency", "p99")
    p50 = _metric(cw, "churn-xgb-prod", "ModelLatency", "p50")
    assert min(p99) > 100_000  # a latency spike is on at start: > 100 ms, in microseconds
    assert max(p50) < 20_000
    rate = _metric(cw, "llm-chat-prod", "Invocation5XXErrors", "Average", 5)
    assert min(rate) > 0.05  # a 5xx burst is on at start
    assert max(_metric(cw, "churn-xgb-prod", "Invocation5XXErrors", "Average")) < 0.01
    assert _metric(cw, "tenant-forecast-mme", "LoadedModelCount", "Average")
    hits = _metric(cw, "tenant-forecast-mme", "ModelCacheHit", "Average")
    assert all(0.8 < h <= 1 for h in hits)
    gpu = dict(namespace="/aws/sagemaker/Endpoints")
    assert _metric(cw, "llm-chat-prod", "GPUUtilization", "Average", **gpu)
    assert not _metric(cw, "churn-xgb-prod", "GPUUtilization", "Average", **gpu)
    assert not _metric(cw, "nlp-ner-staging", "Invocations", "Sum")
    week = _metric(
        cw, "recsys-ranker-prod", "Invocations", "Sum", 7 * 1440, period=3600, variant="champion"
    )
    assert len(week) == 168 and max(week) > 1.3 * min(week)  # daily cycles
    names = {
        m["MetricName"]
        for m in cw.list_metrics(
            Namespace="AWS/SageMaker",
            Dimensions=[{"Name": "EndpointName", "Value": "tenant-forecast-mme"}],
        )["Metrics"]
    }
    assert {"Invocations", "ModelLatency", "ModelCacheHit", "ModelLoadingWaitTime"} <= names


def test_endpoint_log_streams_per_instance(box: Sandbox, sm: Any) -> None:
    logs = _client(box, "logs")
    group = "/aws/sagemaker/Endpoints/fraud-detector-prod"
    streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
    assert streams and all(s["logStreamName"].startswith("AllTraffic/i-0") for s in streams)
    events = logs.get_log_events(
        logGroupName=group, logStreamName=streams[0]["logStreamName"], startFromHead=True
    )["events"]
    assert any("GET /ping" in e["message"] for e in events)
    failed = logs.describe_log_streams(logGroupName="/aws/sagemaker/Endpoints/nlp-ner-staging")
    stream = failed["logStreams"][0]["logStreamName"]
    messages = [
        e["message"]
        for e in logs.get_log_events(
            logGroupName="/aws/sagemaker/Endpoints/nlp-ner-staging", logStreamName=stream
        )["events"]
    ]
    assert any("ModuleNotFoundError" in m for m in messages)

"""The sandbox's triage timeline, seen with plain boto3: a managed spot job waiting for
capacity in Starting, an old staging endpoint with no invocations for 24 h, and a
processing job that hangs past 90% of its maximum runtime, each of them resolving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from smtui.sandbox import Sandbox
from smtui.sandbox.endpoints.idle import IDLE_ENDPOINT
from smtui.sandbox.simulator.describe import CAPACITY_RETRY
from tests.sandbox.conftest import client

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
HUNG_PROCESSING = "fraud-features-spark-2026-11-26-11-40-00-000"


def _spot_waiting(sm) -> list[dict]:
    out = []
    for page in sm.get_paginator("list_training_jobs").paginate(StatusEquals="InProgress"):
        for job in page["TrainingJobSummaries"]:
            d = sm.describe_training_job(TrainingJobName=job["TrainingJobName"])
            last = d["SecondaryStatusTransitions"][-1]
            if d["EnableManagedSpotTraining"] and last.get("StatusMessage") == CAPACITY_RETRY:
                out.append(d)
    return out


def test_a_spot_job_waits_for_capacity_then_proceeds() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        sm = client(sb, "sagemaker")
        clock = sb.simulator.clock
        assert _spot_waiting(sm) == []
        clock.advance(80 * 60)
        (d,) = _spot_waiting(sm)
        assert d["TrainingJobStatus"] == "InProgress" and d["SecondaryStatus"] == "Starting"
        assert "TrainingStartTime" not in d
        assert (
            d["StoppingCondition"]["MaxWaitTimeInSeconds"]
            >= (d["StoppingCondition"]["MaxRuntimeInSeconds"])
        )
        waiting = clock.now_datetime() - d["SecondaryStatusTransitions"][-1]["StartTime"]
        assert waiting > timedelta(minutes=20)
        clock.advance(70 * 60)  # +2 h 30: capacity came at about +2 h 20
        after = sm.describe_training_job(TrainingJobName=d["TrainingJobName"])
        assert after["SecondaryStatus"] != "Starting" and "TrainingStartTime" in after
        starting = after["SecondaryStatusTransitions"][0]
        assert starting["Status"] == "Starting"
        assert starting["EndTime"] - starting["StartTime"] >= timedelta(minutes=90)
        assert _spot_waiting(sm) == []


def _invocations(cw, endpoint: str, end: datetime) -> list[float]:
    answer = cw.get_metric_data(
        MetricDataQueries=[
            {
                "Id": "inv",
                "MetricStat": {
                    "Metric": {
                        "Namespace": "AWS/SageMaker",
                        "MetricName": "Invocations",
                        "Dimensions": [
                            {"Name": "EndpointName", "Value": endpoint},
                            {"Name": "VariantName", "Value": "AllTraffic"},
                        ],
                    },
                    "Period": 3600,
                    "Stat": "Sum",
                },
            }
        ],
        StartTime=end - timedelta(hours=24),
        EndTime=end,
    )
    (result,) = answer["MetricDataResults"]
    return list(result["Values"])


def test_the_staging_endpoint_goes_idle_then_is_deleted() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        sm, cw = client(sb, "sagemaker"), client(sb, "cloudwatch")
        clock = sb.simulator.clock
        d = sm.describe_endpoint(EndpointName=IDLE_ENDPOINT)
        assert d["EndpointStatus"] == "InService"
        assert d["ProductionVariants"][0]["CurrentInstanceCount"] == 1
        assert sum(_invocations(cw, IDLE_ENDPOINT, clock.now_datetime())) > 0  # 21-24 h ago
        clock.advance(3 * 3600 + 300)
        now = clock.now_datetime()
        assert sum(_invocations(cw, IDLE_ENDPOINT, now)) == 0  # no datapoint, or zeros
        assert sum(_invocations(cw, "churn-xgb-prod", now)) > 0  # its production twin serves
        assert sm.describe_endpoint(EndpointName=IDLE_ENDPOINT)["EndpointStatus"] == "InService"
        sm.delete_endpoint(EndpointName=IDLE_ENDPOINT)
        assert sm.describe_endpoint(EndpointName=IDLE_ENDPOINT)["EndpointStatus"] == "Deleting"


def test_a_processing_job_hangs_then_completes() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=START).start() as sb:
        sm = client(sb, "sagemaker")
        clock = sb.simulator.clock
        d = sm.describe_processing_job(ProcessingJobName=HUNG_PROCESSING)
        assert d["ProcessingJobStatus"] == "InProgress"
        limit = d["StoppingCondition"]["MaxRuntimeInSeconds"]
        assert limit == 3 * 3600
        clock.advance(2 * 3600 + 27 * 60)
        d = sm.describe_processing_job(ProcessingJobName=HUNG_PROCESSING)
        assert d["ProcessingJobStatus"] == "InProgress"
        used = (clock.now_datetime() - d["ProcessingStartTime"]).total_seconds()
        assert 0.9 * limit <= used < limit
        clock.advance(13 * 60)
        d = sm.describe_processing_job(ProcessingJobName=HUNG_PROCESSING)
        assert d["ProcessingJobStatus"] == "Completed"
        assert (d["ProcessingEndTime"] - d["ProcessingStartTime"]).total_seconds() < limit

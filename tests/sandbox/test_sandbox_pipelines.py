"""Pipelines over plain boto3: executions whose Train steps are real training jobs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from smtui.sandbox import Sandbox
from tests.sandbox.conftest import client

PIPELINES = (
    "churn-xgboost-pipeline",
    "fraud-rf-pipeline",
    "reviews-bert-finetune",
    "ads-ctr-daily",
    "llama3-lora-finetune",
)


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0.0).start() as sandbox:
        yield sandbox


def executions(sm: Any, pipeline: str) -> list[dict[str, Any]]:
    pages = sm.get_paginator("list_pipeline_executions").paginate(PipelineName=pipeline)
    return [e for page in pages for e in page["PipelineExecutionSummaries"]]


def steps(sm: Any, arn: str) -> list[dict[str, Any]]:
    return sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)["PipelineExecutionSteps"]


def find(sm: Any, status: str, failed_metadata: str = "") -> dict[str, Any]:
    for pipeline in PIPELINES:
        for ex in executions(sm, pipeline):
            if ex["PipelineExecutionStatus"] != status:
                continue
            if failed_metadata:
                failed = [
                    s for s in steps(sm, ex["PipelineExecutionArn"]) if s["StepStatus"] == "Failed"
                ]
                if failed_metadata not in failed[0]["Metadata"]:
                    continue
            return ex
    raise LookupError(status)


def job_of(step: dict[str, Any]) -> str:
    return str(step["Metadata"]["TrainingJob"]["Arn"].rsplit("/", 1)[-1])


def test_pipelines_and_executions(sm: Any) -> None:
    listed = sm.list_pipelines()["PipelineSummaries"]
    assert {p["PipelineName"] for p in listed} == set(PIPELINES)
    assert all(p["LastExecutionTime"] for p in listed)
    described = sm.describe_pipeline(PipelineName="churn-xgboost-pipeline")
    assert '"Type": "Training"' in described["PipelineDefinition"]
    runs = executions(sm, "churn-xgboost-pipeline")
    assert len(runs) > 20
    assert {"Succeeded", "Failed", "Executing"} <= {r["PipelineExecutionStatus"] for r in runs}
    starts = [r["StartTime"] for r in runs]
    assert starts == sorted(starts, reverse=True)


def test_failed_train_step_is_the_failed_training_job(sm: Any) -> None:
    ex = find(sm, "Failed", "TrainingJob")
    failed = next(s for s in steps(sm, ex["PipelineExecutionArn"]) if s["StepStatus"] == "Failed")
    job = sm.describe_training_job(TrainingJobName=job_of(failed))
    assert job["TrainingJobStatus"] == "Failed"
    assert failed["FailureReason"] == job["FailureReason"][:1024]
    described = sm.describe_pipeline_execution(PipelineExecutionArn=ex["PipelineExecutionArn"])
    assert described["FailureReason"] and described["CreatedBy"]
    assert described["LastModifiedTime"] >= described["CreationTime"]


def test_executing_execution_runs_an_in_progress_job(sm: Any) -> None:
    ex = find(sm, "Executing")
    train = next(s for s in steps(sm, ex["PipelineExecutionArn"]) if "TrainingJob" in s["Metadata"])
    assert train["StepStatus"] == "Executing" and "EndTime" not in train
    job = sm.describe_training_job(TrainingJobName=job_of(train))
    assert job["TrainingJobStatus"] == "InProgress"


def test_stop_stops_the_training_job(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    ex = find(sm, "Executing")
    arn = ex["PipelineExecutionArn"]
    assert sm.stop_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionArn"] == arn
    described = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert described["PipelineExecutionStatus"] == "Stopping"
    train = next(s for s in steps(sm, arn) if "TrainingJob" in s["Metadata"])
    assert (
        sm.describe_training_job(TrainingJobName=job_of(train))["TrainingJobStatus"] == "Stopping"
    )
    fresh.world.clock.advance(120)
    assert (
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Stopped"
    )
    with pytest.raises(ClientError) as info:
        sm.stop_pipeline_execution(PipelineExecutionArn=arn)
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_retry_of_a_failed_training_step_launches_a_new_job(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    ex = find(sm, "Failed", "TrainingJob")
    arn = ex["PipelineExecutionArn"]
    old = job_of(next(s for s in steps(sm, arn) if "TrainingJob" in s["Metadata"]))
    total = len(fresh.simulator.job_names())
    sm.retry_pipeline_execution(PipelineExecutionArn=arn)
    assert len(fresh.simulator.job_names()) == total + 1
    train = next(s for s in steps(sm, arn) if "TrainingJob" in s["Metadata"])
    assert train["AttemptCount"] == 2 and train["StepStatus"] == "Executing"
    new = job_of(train)
    assert new != old
    newest = sm.list_training_jobs(MaxResults=1)["TrainingJobSummaries"][0]
    assert newest["TrainingJobName"] == new and newest["TrainingJobStatus"] == "InProgress"
    status = sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
    assert status == "Executing"
    fresh.world.clock.advance(3 * 86400)
    done = sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
    assert done in ("Succeeded", "Failed")  # the condition step may still fail the gate
    assert [s["StepStatus"] for s in steps(sm, arn)][-1] == "Succeeded"  # oldest: preprocess


def test_retry_of_a_failed_gate_fails_again(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    arn = find(sm, "Failed", "Fail")["PipelineExecutionArn"]
    sm.retry_pipeline_execution(PipelineExecutionArn=arn)
    fail = next(s for s in steps(sm, arn) if "Fail" in s["Metadata"])
    assert fail["AttemptCount"] == 2
    fresh.world.clock.advance(5)
    assert (
        sm.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
        == "Failed"
    )


def test_retry_needs_a_failed_execution_and_unknown_arns(sm: Any) -> None:
    ok = find(sm, "Succeeded")
    with pytest.raises(ClientError) as info:
        sm.retry_pipeline_execution(PipelineExecutionArn=ok["PipelineExecutionArn"])
    assert info.value.response["Error"]["Code"] == "ValidationException"
    missing = ok["PipelineExecutionArn"].rsplit("/", 1)[0] + "/zzzzzzzzzzzz"
    with pytest.raises(ClientError) as info:
        sm.describe_pipeline_execution(PipelineExecutionArn=missing)
    assert info.value.response["Error"]["Code"] == "ResourceNotFound"


def test_new_training_jobs_start_new_executions(fresh: Sandbox) -> None:
    sm = client(fresh, "sagemaker")
    before = sum(len(executions(sm, p)) for p in PIPELINES)
    fresh.world.clock.advance(8 * 3600)
    assert sum(len(executions(sm, p)) for p in PIPELINES) > before

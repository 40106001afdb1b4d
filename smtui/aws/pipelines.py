"""SageMaker Pipelines: pipelines, executions, steps; stop and retry; the job of a step."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from smtui.aws.calls import call, mutate, pages
from smtui.aws.session import Clients
from smtui.domain.pipelines import JOB_STEPS, JobRef

Cancelled = Callable[[], bool]

# The Describe API of each job type a step can run.
DESCRIBE_JOB = {
    "TrainingJob": "describe_training_job",
    "ProcessingJob": "describe_processing_job",
    "TransformJob": "describe_transform_job",
    "TuningJob": "describe_hyper_parameter_tuning_job",
    "AutoMLJob": "describe_auto_ml_job_v2",
}


def list_pipelines(clients: Clients, cancelled: Cancelled = lambda: False) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_pipelines",
        "PipelineSummaries",
        cancelled=cancelled,
        MaxResults=100,
        SortBy="Name",
        SortOrder="Ascending",
    )


def describe_pipeline(clients: Clients, name: str) -> dict[str, Any]:
    return call(clients.client("sagemaker"), "describe_pipeline", PipelineName=name)


def list_executions(
    clients: Clients, pipeline: str, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_pipeline_executions",
        "PipelineExecutionSummaries",
        cancelled=cancelled,
        PipelineName=pipeline,
        MaxResults=100,
        SortBy="CreationTime",
        SortOrder="Descending",
    )


def describe_execution(clients: Clients, arn: str) -> dict[str, Any]:
    return call(
        clients.client("sagemaker"), "describe_pipeline_execution", PipelineExecutionArn=arn
    )


def list_steps(
    clients: Clients, execution_arn: str, cancelled: Cancelled = lambda: False
) -> Iterator[list[dict]]:
    return pages(
        clients.client("sagemaker"),
        "list_pipeline_execution_steps",
        "PipelineExecutionSteps",
        cancelled=cancelled,
        PipelineExecutionArn=execution_arn,
        MaxResults=100,
        SortOrder="Ascending",
    )


def stop_execution(clients: Clients, arn: str) -> None:
    # ClientRequestToken is an idempotency token: boto3 fills it in.
    mutate(clients, "sagemaker", "stop_pipeline_execution", PipelineExecutionArn=arn)


def retry_execution(clients: Clients, arn: str) -> None:
    mutate(clients, "sagemaker", "retry_pipeline_execution", PipelineExecutionArn=arn)


def describe_job(clients: Clients, job: JobRef) -> dict[str, Any]:
    """DescribeTrainingJob (or the Describe of the step's job type) for a step's job."""
    _, parameter = JOB_STEPS[job.metadata_key]
    return call(
        clients.client("sagemaker"), DESCRIBE_JOB[job.metadata_key], **{parameter: job.name}
    )

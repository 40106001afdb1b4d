"""SageMaker Pipelines: pipelines, executions and their steps.

Field names: ListPipelines, ListPipelineExecutions, DescribePipelineExecution and
ListPipelineExecutionSteps (PipelineExecutionStep, PipelineExecutionStepMetadata),
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_PipelineExecutionStep.html
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# PipelineExecutionStatus enum, botocore sagemaker model.
EXECUTION_STATUSES = (
    "Executing",
    "Stopping",
    "Stopped",
    "Failed",
    "Succeeded",
    "CompletedWithFailures",
)
TERMINAL = frozenset({"Stopped", "Failed", "Succeeded", "CompletedWithFailures"})

# PipelineExecutionStepMetadata member -> the step type shown. The step list has no type
# field: the one metadata member present says what the step ran.
STEP_TYPES: dict[str, str] = {
    "TrainingJob": "Training",
    "ProcessingJob": "Processing",
    "TransformJob": "Transform",
    "TuningJob": "Tuning",
    "AutoMLJob": "AutoML",
    "Model": "Model",
    "RegisterModel": "RegisterModel",
    "Condition": "Condition",
    "Callback": "Callback",
    "Lambda": "Lambda",
    "EMR": "EMR",
    "EMRServerless": "EMRServerless",
    "QualityCheck": "QualityCheck",
    "ClarifyCheck": "ClarifyCheck",
    "Fail": "Fail",
    "Endpoint": "Endpoint",
    "EndpointConfig": "EndpointConfig",
    "Job": "Job",
    "Athena": "Athena",
    "ForEach": "ForEach",
}

# Steps that run a SageMaker job: metadata member -> (registry kind name, Describe API
# parameter). The console opens the job's detail in that kind's view when it has one.
JOB_STEPS: dict[str, tuple[str, str]] = {
    "TrainingJob": ("jobs", "TrainingJobName"),
    "ProcessingJob": ("processing", "ProcessingJobName"),
    "TransformJob": ("transform", "TransformJobName"),
    "TuningJob": ("tuning", "HyperParameterTuningJobName"),
    "AutoMLJob": ("automl", "AutoMLJobName"),
}


@dataclass(frozen=True, slots=True)
class JobRef:
    """The SageMaker job behind a step."""

    metadata_key: str
    arn: str

    @property
    def name(self) -> str:
        # Job ARNs end with ":<type>-job/<name>"; SageMaker lower-cases names inside ARNs
        # and matches job names case-insensitively.
        return self.arn.rsplit("/", 1)[-1]

    @property
    def kind(self) -> str:
        return JOB_STEPS[self.metadata_key][0]

    @property
    def label(self) -> str:
        return f"{STEP_TYPES[self.metadata_key].lower()} job"


def step_type(metadata: Mapping[str, Any] | None) -> str:
    for key in metadata or {}:
        if key in STEP_TYPES:
            return STEP_TYPES[key]
    return "-"


def step_job(metadata: Mapping[str, Any] | None) -> JobRef | None:
    for key, (_, _) in JOB_STEPS.items():
        arn = ((metadata or {}).get(key) or {}).get("Arn")
        if arn:
            return JobRef(key, str(arn))
    return None


def created_by(user: Mapping[str, Any] | None, *, short: bool = False) -> str:
    """Who started it: the Studio user, else the IAM role and session (a schedule, CI);
    ``short`` drops the session name."""
    if not user:
        return "-"
    if user.get("UserProfileName"):
        return str(user["UserProfileName"])
    arn = str((user.get("IamIdentity") or {}).get("Arn") or "")
    if ":assumed-role/" in arn:
        role_session = arn.split(":assumed-role/", 1)[1]
        return role_session.split("/", 1)[0] if short else role_session
    return arn.rsplit(":", 1)[-1] if arn else "-"


@dataclass(frozen=True, slots=True)
class Pipeline:
    name: str
    arn: str
    description: str
    created: datetime | None
    modified: datetime | None
    last_execution: datetime | None

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Pipeline:
        return cls(
            name=item["PipelineName"],
            arn=item.get("PipelineArn", ""),
            description=item.get("PipelineDescription", ""),
            created=item.get("CreationTime"),
            modified=item.get("LastModifiedTime"),
            last_execution=item.get("LastExecutionTime") or item.get("LastRunTime"),
        )


@dataclass(frozen=True, slots=True)
class Execution:
    arn: str
    display_name: str
    status: str
    start: datetime | None
    modified: datetime | None = None
    """From DescribePipelineExecution: when it last changed (its end once terminal)."""
    started_by: str = "-"
    """The Studio user, or the IAM role that started it (a schedule, CI)."""
    failure: str = ""
    description: str = ""

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Execution:
        """From a summary joined with its describe (or a describe alone)."""
        return cls(
            arn=item["PipelineExecutionArn"],
            display_name=item.get("PipelineExecutionDisplayName")
            or item["PipelineExecutionArn"].rsplit("/", 1)[-1],
            status=item.get("PipelineExecutionStatus", "-"),
            start=item.get("StartTime") or item.get("CreationTime"),
            modified=item.get("LastModifiedTime"),
            started_by=created_by(item.get("CreatedBy"), short=True),
            failure=item.get("PipelineExecutionFailureReason") or item.get("FailureReason", ""),
            description=item.get("PipelineExecutionDescription", ""),
        )

    @property
    def pipeline(self) -> str:
        return self.arn.split(":pipeline/", 1)[-1].split("/", 1)[0]

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    def duration_seconds(self, now: datetime) -> float | None:
        if self.start is None:
            return None
        end = self.modified if self.is_terminal and self.modified is not None else now
        return max(0.0, (end - self.start).total_seconds())


@dataclass(frozen=True, slots=True)
class Step:
    execution_arn: str
    name: str
    status: str
    start: datetime | None
    end: datetime | None
    failure: str = ""
    attempts: int = 1
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_api(cls, execution_arn: str, item: Mapping[str, Any]) -> Step:
        return cls(
            execution_arn=execution_arn,
            name=item.get("StepName", "-"),
            status=item.get("StepStatus", "-"),
            start=item.get("StartTime"),
            end=item.get("EndTime"),
            failure=item.get("FailureReason", ""),
            attempts=int(item.get("AttemptCount") or 1),
            metadata=dict(item.get("Metadata") or {}),
        )

    @property
    def type(self) -> str:
        return step_type(self.metadata)

    @property
    def job(self) -> JobRef | None:
        return step_job(self.metadata)

    def duration_seconds(self, now: datetime) -> float | None:
        if self.start is None:
            return None
        end = self.end if self.end is not None else now
        return max(0.0, (end - self.start).total_seconds())


def can_stop_execution(status: str) -> bool:
    return status == "Executing"


def can_retry_execution(status: str) -> bool:
    # RetryPipelineExecution re-runs the failed steps of a failed execution.
    return status == "Failed"


def status_role(status: str) -> str:
    return {
        "Executing": "running",
        "Starting": "running",
        "Stopping": "warning",
        "Stopped": "muted",
        "Failed": "error",
        "CompletedWithFailures": "warning",
        "Succeeded": "ok",
    }.get(status, "")

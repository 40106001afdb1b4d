"""Render a :class:`JobRecord` at a virtual time as SageMaker response dicts.

Field names and nesting follow DescribeTrainingJobResponse and
TrainingJobSummary in botocore's sagemaker service model; the tests validate
every rendered dict against those output shapes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..constants import SANDBOX_ACCOUNT, SANDBOX_REGION, SANDBOX_ROLE_ARN
from .catalog import (
    DATA_BUCKET,
    FAILURES,
    SECURITY_GROUP,
    SUBNETS,
    TEAM_USERS,
    TEMPLATES,
    TRAINING_PLAN_ARN,
)
from .debugger import debugger_fields
from .job import TERMINAL, JobRecord

# StatusMessage values seen in SecondaryStatusTransitions; a phase may show
# several in turn: (seconds into the phase, or fraction of it if < 1, message).
_MESSAGES: dict[str, tuple[tuple[float, str], ...]] = {
    "Starting": (
        (0.0, "Starting the training job"),
        (0.1, "Launching requested ML instances"),
        (0.6, "Preparing the instances for training"),
    ),
    "Downloading": ((0.0, "Downloading input data"),),
    "Training": (
        (0.0, "Downloading the training image"),
        (60.0, "Training image download completed. Training in progress."),
    ),
    "Uploading": ((0.0, "Uploading generated training model"),),
    "Stopping": ((0.0, "Stopping the training job"),),
    "Completed": ((0.0, "Training job completed"),),
    "Failed": ((0.0, "Training job failed"),),
    "Stopped": ((0.0, "Training job stopped"),),
    "MaxRuntimeExceeded": ((0.0, "Training job stopped: MaxRuntimeInSeconds exceeded"),),
}


def ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def job_arn(name: str) -> str:
    # SageMaker lower-cases resource names inside ARNs.
    return f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}:training-job/{name.lower()}"


def _message(phase: str, elapsed: float | None, duration: float) -> str:
    """Message for a phase ``elapsed`` seconds in (None: the phase is over)."""
    chosen = ""
    for at, text in _MESSAGES.get(phase, ((0.0, phase),)):
        threshold = at * duration if at < 1 else at
        if elapsed is None or elapsed >= threshold or not chosen:
            chosen = text
    return chosen


# A managed spot job waiting for capacity stays in Starting; its StatusMessage then is
# SageMaker's own for it: "Insufficient capacity error from EC2 while launching
# instances, retrying!" (SecondaryStatusTransition.StatusMessage, Starting, SageMaker API
# Reference: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_SecondaryStatusTransition.html).
CAPACITY_RETRY = "Insufficient capacity error from EC2 while launching instances, retrying!"
_LAUNCH_AT = 60.0
"""Seconds into Starting when a spot job's first launch attempt finds no capacity."""


def _starting_message(job: JobRecord, elapsed: float | None, duration: float) -> str:
    """Starting's message for a job that waits ``job.capacity_wait`` for spot capacity."""
    wait_end = _LAUNCH_AT + job.capacity_wait
    if elapsed is None:
        elapsed = duration
    if elapsed < 20:
        return "Starting the training job"
    if elapsed < _LAUNCH_AT:
        return "Launching requested ML instances"
    if elapsed < wait_end:
        return CAPACITY_RETRY
    if elapsed < wait_end + 0.5 * max(0.0, duration - wait_end):
        return "Launching requested ML instances"
    return "Preparing the instances for training"


def _phase_message(job: JobRecord, phase: str, elapsed: float | None, duration: float) -> str:
    if phase == "Starting" and job.capacity_wait > 0:
        return _starting_message(job, elapsed, duration)
    return _message(phase, elapsed, duration)


def transitions(job: JobRecord, now: float) -> list[dict[str, Any]]:
    out = []
    current = job.phase_index(now)
    for i in range(current + 1):
        phase, start = job.phases[i], job.starts[i]
        item: dict[str, Any] = {"Status": phase, "StartTime": ts(start)}
        if phase in TERMINAL:
            item["EndTime"] = ts(start)
            item["StatusMessage"] = _message(phase, None, 0.0)
        elif i < current:
            item["EndTime"] = ts(job.starts[i + 1])
            item["StatusMessage"] = _phase_message(job, phase, None, job.starts[i + 1] - start)
        else:
            duration = job.starts[i + 1] - start
            item["StatusMessage"] = _phase_message(job, phase, now - start, duration)
        out.append(item)
    return out


def _warm_pool(job: JobRecord, now: float) -> dict[str, Any] | None:
    pool = job.warm_pool(now)
    if pool is None:
        return None
    status, retained, reused_by = pool
    out: dict[str, Any] = {"Status": status}
    if retained is not None:
        out["ResourceRetainedBillableTimeInSeconds"] = retained
    if reused_by is not None:
        out["ReusedByJob"] = reused_by
    return out


def summary(job: JobRecord, now: float) -> dict[str, Any]:
    """A TrainingJobSummary as ListTrainingJobs returns it."""
    out: dict[str, Any] = {
        "TrainingJobName": job.name,
        "TrainingJobArn": job_arn(job.name),
        "CreationTime": ts(job.created),
        "LastModifiedTime": ts(job.last_modified(now)),
        "TrainingJobStatus": job.status(now),
        "SecondaryStatus": job.secondary(now),
    }
    if job.is_terminal(now):
        out["TrainingEndTime"] = ts(job.ends_at)
    pool = _warm_pool(job, now)
    if pool:
        out["WarmPoolStatus"] = pool
    if job.training_plan:
        out["TrainingPlanArn"] = TRAINING_PLAN_ARN
    return out


def _channels(job: JobRecord, version: int) -> list[dict[str, Any]]:
    tpl = TEMPLATES[job.template]
    channels = []
    for channel in tpl.channels:
        item: dict[str, Any] = {
            "ChannelName": channel,
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": f"s3://{DATA_BUCKET}/{tpl.project}/datasets/v{version}/{channel}",
                    "S3DataDistributionType": "FullyReplicated",
                }
            },
            "CompressionType": "None",
            "RecordWrapperType": "None",
        }
        if tpl.content_type:
            item["ContentType"] = tpl.content_type
        channels.append(item)
    return channels


@dataclass(frozen=True, slots=True)
class Drawn:
    """Values drawn once per job from its seed (the same on every describe)."""

    version: int
    max_wait: int | None
    hyperparameters: dict[str, str]
    finals: dict[str, float]
    """Final value of each algorithm metric (FinalMetricDataList; the logs end on it)."""


def drawn(job: JobRecord) -> Drawn:
    tpl = TEMPLATES[job.template]
    rng = random.Random(job.seed)
    version = rng.randint(1, 6)
    max_wait = job.max_runtime + 3600 * rng.choice((1, 2, 12)) if job.spot else None
    hyperparameters = tpl.hyperparameters(rng)
    finals = {m.name: round(rng.uniform(m.low, m.high), 6) for m in tpl.metrics}
    return Drawn(version, max_wait, hyperparameters, finals)


def failure_reason(job: JobRecord, version: int | None = None) -> str | None:
    """FailureReason of a job planned to fail (the logs end with the same error)."""
    if not job.failure:
        return None
    tpl = TEMPLATES[job.template]
    version = drawn(job).version if version is None else version
    entry = tpl.entry_point or "train.py"
    channel = f"s3://{DATA_BUCKET}/{tpl.project}/datasets/v{version}/{tpl.channels[0]}/part-00003"
    return FAILURES[job.failure][1].format(entry_point=entry, channel=channel)


def describe(job: JobRecord, now: float) -> dict[str, Any]:
    """The DescribeTrainingJob response for ``job`` as seen at ``now``."""
    tpl = TEMPLATES[job.template]
    d = drawn(job)
    version = d.version
    output_path = f"s3://{DATA_BUCKET}/{tpl.project}/output"
    out: dict[str, Any] = summary(job, now)
    out.pop("TrainingPlanArn", None)
    status = out["TrainingJobStatus"]
    stopping = {"MaxRuntimeInSeconds": job.max_runtime}
    if d.max_wait is not None:
        stopping["MaxWaitTimeInSeconds"] = d.max_wait
    resources: dict[str, Any] = {
        "InstanceType": job.instance_type,
        "InstanceCount": job.instance_count,
        "VolumeSizeInGB": tpl.volume_gb,
    }
    if job.keep_alive:
        resources["KeepAlivePeriodInSeconds"] = job.keep_alive
    if job.training_plan:
        resources["TrainingPlanArn"] = TRAINING_PLAN_ARN
    out.update(
        ModelArtifacts={"S3ModelArtifacts": f"{output_path}/{job.name}/output/model.tar.gz"},
        HyperParameters=dict(d.hyperparameters),
        AlgorithmSpecification={
            "TrainingImage": tpl.image,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": m.name, "Regex": m.regex} for m in tpl.metrics],
            "EnableSageMakerMetricsTimeSeries": True,
        },
        RoleArn=SANDBOX_ROLE_ARN,
        InputDataConfig=_channels(job, version),
        OutputDataConfig={"KmsKeyId": "", "S3OutputPath": output_path, "CompressionType": "GZIP"},
        ResourceConfig=resources,
        StoppingCondition=stopping,
        SecondaryStatusTransitions=transitions(job, now),
        EnableNetworkIsolation=False,
        EnableInterContainerTrafficEncryption=False,
        EnableManagedSpotTraining=job.spot,
    )
    if job.spot:
        out["CheckpointConfig"] = {
            "S3Uri": f"s3://{DATA_BUCKET}/{tpl.project}/checkpoints/{job.name}"
        }
    if job.tuning_job_arn:
        out["TuningJobArn"] = job.tuning_job_arn
    if job.vpc:
        out["VpcConfig"] = {"SecurityGroupIds": [SECURITY_GROUP], "Subnets": list(SUBNETS)}
    if job.experiment:
        out["ExperimentConfig"] = {
            "ExperimentName": f"{tpl.base}-experiments",
            "TrialName": f"{tpl.base}-trial-{version}",
            "TrialComponentDisplayName": "training",
            "RunName": job.name,
        }
    start = job.training_start(now)
    if start is not None:
        out["TrainingStartTime"] = ts(start)
    if job.is_terminal(now):
        if start is not None:
            seconds = max(1, int(job.ends_at - start))
            out["TrainingTimeInSeconds"] = seconds
            billable = max(1, int(seconds * job.billable_ratio))
            out["BillableTimeInSeconds"] = (
                min(billable, seconds - 1) if job.spot and seconds > 1 else billable
            )
        if status == "Failed" and job.failure:
            out["FailureReason"] = failure_reason(job, version)
        if status == "Completed":
            out["FinalMetricDataList"] = [
                {"MetricName": name, "Value": value, "Timestamp": ts(job.starts[-2])}
                for name, value in d.finals.items()
            ]
    out.update(debugger_fields(job, now))
    return out


def tags(job: JobRecord) -> list[dict[str, str]]:
    """The tags attached to a job (stable for its lifetime)."""
    tpl = TEMPLATES[job.template]
    rng = random.Random(job.seed ^ 0x5A5A)
    user = rng.choice(TEAM_USERS)
    out = [
        {"Key": "project", "Value": tpl.project},
        {"Key": "team", "Value": tpl.team},
        {"Key": "owner", "Value": user},
        {"Key": "cost-center", "Value": f"cc-{rng.randint(1000, 1009)}"},
    ]
    if rng.random() < 0.4:  # launched from SageMaker Studio
        domain = "d-sandbox0example"
        prefix = f"arn:aws:sagemaker:{SANDBOX_REGION}:{SANDBOX_ACCOUNT}"
        out += [
            {
                "Key": "sagemaker:domain-arn",
                "Value": f"{prefix}:domain/{domain}",
            },
            {
                "Key": "sagemaker:user-profile-arn",
                "Value": f"{prefix}:user-profile/{domain}/{user}",
            },
        ]
    return out

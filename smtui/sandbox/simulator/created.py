"""Jobs launched with CreateTrainingJob: checks the service makes beyond the model's
shapes, the job record that runs its lifecycle, and the describe it answers with.

The new job borrows the timeline, logs and metrics of the fleet family whose image it
runs (the providers key off the record's template); its describe shows what the request
asked for (channels, hyperparameters, resources, stopping condition...).
"""

from __future__ import annotations

import copy
import random
from typing import Any

from ..errors import validation_error
from .catalog import TEMPLATES
from .describe import job_arn
from .generator import draw_job
from .job import JobRecord

# Create-compatible members the describe echoes (botocore sagemaker model: members of
# CreateTrainingJobRequest that DescribeTrainingJobResponse also has).
ECHOED = (
    "HyperParameters",
    "AlgorithmSpecification",
    "RoleArn",
    "InputDataConfig",
    "OutputDataConfig",
    "ResourceConfig",
    "VpcConfig",
    "StoppingCondition",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "DebugHookConfig",
    "DebugRuleConfigurations",
    "TensorBoardOutputConfig",
    "ExperimentConfig",
    "ProfilerConfig",
    "ProfilerRuleConfigurations",
    "Environment",
    "RetryStrategy",
    "RemoteDebugConfig",
    "InfraCheckConfig",
)
# Defaults the service fills in when the request leaves them out (DescribeTrainingJob).
_CHANNEL_DEFAULTS = {"CompressionType": "None", "RecordWrapperType": "None"}


def check_request(params: dict[str, Any]) -> None:
    """What CreateTrainingJob rejects with ValidationException beyond the model's shapes.

    Messages follow the live service's wording where known.
    """
    spec = params.get("AlgorithmSpecification") or {}
    if not spec.get("TrainingImage") and not spec.get("AlgorithmName"):
        raise validation_error(
            "Either TrainingImage or AlgorithmName must be specified in AlgorithmSpecification."
        )
    resources = params.get("ResourceConfig") or {}
    groups = resources.get("InstanceGroups")
    if groups and ("InstanceType" in resources or "InstanceCount" in resources):
        raise validation_error(
            "InstanceGroups cannot be specified together with InstanceType or InstanceCount."
        )
    if not groups and (not resources.get("InstanceType") or not resources.get("InstanceCount")):
        raise validation_error(
            "ResourceConfig must specify InstanceType and InstanceCount, or InstanceGroups."
        )
    for tag in params.get("Tags") or []:
        # The aws: prefix is reserved for AWS use, in any case ("Tagging AWS resources",
        # https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html); sagemaker:
        # keys match the Tag pattern of the API reference and are accepted (API_Tag.html).
        # Sandbox wording.
        if str(tag.get("Key", "")).lower().startswith("aws:"):
            raise validation_error(
                f"Invalid tag key {tag['Key']!r}: tag keys starting with 'aws:' are reserved "
                "for AWS use."
            )
    names = [c["ChannelName"] for c in params.get("InputDataConfig") or []]
    if len(names) != len(set(names)):
        raise validation_error("Channel names must be unique in InputDataConfig.")
    stopping = params.get("StoppingCondition") or {}
    wait = stopping.get("MaxWaitTimeInSeconds")
    runtime = stopping.get("MaxRuntimeInSeconds", 86400)
    if params.get("EnableManagedSpotTraining"):
        if wait is None:
            raise validation_error(
                "MaxWaitTimeInSeconds must be specified when EnableManagedSpotTraining is true."
            )
        if wait < runtime:
            raise validation_error(
                "Invalid MaxWaitTimeInSeconds. It must be equal to or greater than "
                "MaxRuntimeInSeconds."
            )
    elif wait is not None:
        raise validation_error(
            "MaxWaitTimeInSeconds can only be specified when EnableManagedSpotTraining is true."
        )


def _template_for(params: dict[str, Any]) -> int:
    image = str((params.get("AlgorithmSpecification") or {}).get("TrainingImage", ""))
    for i, tpl in enumerate(TEMPLATES):
        if tpl.image == image:
            return i
    repo = image.rsplit("/", 1)[-1].split(":", 1)[0]
    for i, tpl in enumerate(TEMPLATES):
        if tpl.image.rsplit("/", 1)[-1].split(":", 1)[0] == repo:
            return i
    return 0


def new_record(params: dict[str, Any], now: float, seed: int) -> JobRecord:
    """The record of a job created at ``now``: it starts, trains and completes."""
    name = params["TrainingJobName"]
    rng = random.Random(f"{seed}:create:{name}")
    job = draw_job(rng, "Completed", None, _template_for(params))
    resources = params.get("ResourceConfig") or {}
    groups = resources.get("InstanceGroups") or []
    job.name = name
    job.created = round(now, 3)
    job.starts = tuple(round(job.created + o, 3) for o in job.starts)
    job.instance_type = resources.get("InstanceType") or (
        groups[0]["InstanceType"] if groups else job.instance_type
    )
    job.instance_count = resources.get("InstanceCount") or sum(
        g.get("InstanceCount", 1) for g in groups
    )
    job.spot = bool(params.get("EnableManagedSpotTraining"))
    job.billable_ratio = rng.uniform(0.3, 0.7) if job.spot else 1.0
    stopping = params.get("StoppingCondition") or {}
    job.max_runtime = int(stopping.get("MaxRuntimeInSeconds", 86400))
    job.keep_alive = int(resources.get("KeepAlivePeriodInSeconds", 0))
    job.vpc = "VpcConfig" in params
    job.experiment = False
    job.training_plan = False
    return job


def overlay(describe: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """The generated describe of a created job, showing what its request asked for."""
    out = dict(describe)
    for key in ECHOED:
        if key in params:
            out[key] = copy.deepcopy(params[key])
        elif key not in ("ExperimentConfig",):
            out.pop(key, None)
    for channel in out.get("InputDataConfig", []):
        for k, v in _CHANNEL_DEFAULTS.items():
            channel.setdefault(k, v)
    if "DebugRuleConfigurations" not in params:
        out.pop("DebugRuleEvaluationStatuses", None)
    if "ProfilerRuleConfigurations" not in params:
        out.pop("ProfilerRuleEvaluationStatuses", None)
    output = (params.get("OutputDataConfig") or {}).get("S3OutputPath", "").rstrip("/")
    if "ModelArtifacts" in out and output:
        name = params["TrainingJobName"]
        out["ModelArtifacts"] = {"S3ModelArtifacts": f"{output}/{name}/output/model.tar.gz"}
    out["EnableManagedSpotTraining"] = bool(params.get("EnableManagedSpotTraining"))
    out.setdefault("EnableNetworkIsolation", False)
    out.setdefault("EnableInterContainerTrafficEncryption", False)
    out.setdefault("StoppingCondition", {"MaxRuntimeInSeconds": 86400})
    return out


def created_response(name: str) -> dict[str, Any]:
    return {"TrainingJobArn": job_arn(name)}

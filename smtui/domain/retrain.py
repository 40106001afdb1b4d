"""Pure CreateTrainingJob request builder for clone and incremental retrain.

A clone copies the Create-compatible fields of a DescribeTrainingJob response and drops
everything that is output; a retrain also adds the ``model`` channel (the source's
ModelArtifacts). retrain_checks.py checks what the user typed, field by field, before
anything is sent. No I/O: the caller passes the describe, the tags and the allowed
instance types (botocore's ``TrainingInstanceType`` enum, read by smtui/aws/retrain.py).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from smtui.domain.numbers import INT32_MAX, Whole, whole

# Members of CreateTrainingJobRequest that DescribeTrainingJobResponse also returns, in the
# input shape's order (botocore sagemaker model, CreateTrainingJob input shape); the shapes
# are shared, so the values copy as they are. TrainingJobName and Tags are set apart.
# tests/unit/test_retrain_domain.py re-derives this list from botocore's model.
CREATE_FIELDS: tuple[str, ...] = (
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
    "ServerlessJobConfig",
    "MlflowConfig",
    "ModelPackageConfig",
)
# ResourceConfig members that only a describe fills (botocore: "SelectedInstanceType",
# "SelectedInstanceCount" are set by SageMaker from InstancePreferences).
RESOURCE_OUTPUTS = ("SelectedInstanceType", "SelectedInstanceCount")

MODEL_CHANNEL = "model"
# Incremental training: "ContentType: application/x-sagemaker-model" on the model channel
# (SageMaker developer guide, "Use Incremental Training in Amazon SageMaker").
MODEL_CONTENT_TYPE = "application/x-sagemaker-model"
# Algorithms the same page documents as supporting incremental training.
INCREMENTAL_ALGORITHMS = {
    "object-detection": "Object Detection",
    "image-classification": "Image Classification",
    "semantic-segmentation": "Semantic Segmentation",
}
CUSTOM_CONTAINER_NOTE = (
    "custom containers receive the model channel at /opt/ml/input/data/model "
    "and must load it themselves"
)

# TrainingJobName: min 1, max 63 (botocore; the pattern is in smtui/domain/names.py).
NAME_MAX = 63
# ChannelName: max 64, pattern [A-Za-z0-9\.\-_]+ (botocore).
CHANNEL_PATTERN = re.compile(r"[A-Za-z0-9.\-_]{1,64}")
# S3 bucket names: 3-63 of lowercase letters, digits, dots, hyphens, starting and ending
# with a letter or digit (Amazon S3 user guide, "Bucket naming rules").
S3_URI = re.compile(r"s3://[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9](/\S*)?")
# HyperParameters: at most 100 entries, keys up to 256 and values up to 2500 characters.
MAX_HYPERPARAMETERS = 100
HP_KEY_MAX, HP_VALUE_MAX = 256, 2500
# MaxRuntimeInSeconds: at most 28 days for a training job (CreateTrainingJob,
# StoppingCondition: "The maximum time ... is 28 days").
MAX_RUNTIME = 28 * 86400
# VolumeSizeInGB: 1..16384 in practice (ResourceConfig: "the maximum ... is 16 TB").
MAX_VOLUME_GB = 16384
# The numbers the form and the flags take, parsed once by smtui/domain/numbers.py for the
# check and the request alike. ResourceConfig.InstanceCount: TrainingInstanceCount, integer,
# min 0 (botocore; 0 only beside InstanceGroups, which the form does not edit): at least 1.
INSTANCE_COUNT = Whole("count", 1, INT32_MAX, source="sagemaker TrainingInstanceCount")
VOLUME_GB = Whole("volume", 1, MAX_VOLUME_GB, source="sagemaker OptionalVolumeSizeInGB")
# StoppingCondition.MaxRuntimeInSeconds / MaxWaitTimeInSeconds: integer, min 1 (botocore).
RUNTIME = Whole("max runtime", 1, MAX_RUNTIME, source="sagemaker MaxRuntimeInSeconds")
WAIT = Whole("max wait", 1, MAX_RUNTIME * 2, source="sagemaker MaxWaitTimeInSeconds")
_SDK_STAMP = re.compile(r"-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$")


@dataclass(frozen=True, slots=True)
class Check:
    field: str
    message: str
    warning: bool = False


@dataclass(slots=True)
class Values:
    """What the form (or the CLI) lets the user change, as typed."""

    name: str
    channels: list[tuple[str, str]] = field(default_factory=list)
    """(channel name, S3 URI), in order; the model channel included for a retrain."""
    hyperparameters: list[tuple[str, str]] = field(default_factory=list)
    instance_type: str = ""
    instance_count: str = ""
    volume_gb: str = ""
    max_runtime: str = ""
    spot: bool = False
    max_wait: str = ""
    checkpoint_uri: str = ""
    image: str = ""
    """TrainingImage; "" keeps the source's (or its algorithm)."""


SYSTEM_TAG_PREFIXES = ("aws:", "sagemaker:")
"""Tags a clone or retrain leaves out. ``aws:`` is reserved: AWS rejects it in a request
("Tagging AWS resources", https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html:
the aws: prefix "is reserved for AWS use", in any case). ``sagemaker:`` keys
(``sagemaker:domain-arn``, ``sagemaker:user-profile-arn``) are system tags SageMaker sets
itself on what Studio creates ("Multiple domains overview", automatic tag propagation,
https://docs.aws.amazon.com/sagemaker/latest/dg/domain-multiple.html); the Tag pattern
of the API reference (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html)
does not forbid them, but copying them would claim the new job came from that Studio
domain and user, and SageMaker itself does not propagate system tags ("Custom tag
propagation", https://docs.aws.amazon.com/sagemaker/latest/dg/custom-tags.html)."""


def is_system_tag(key: str) -> bool:
    return key.lower().startswith(SYSTEM_TAG_PREFIXES)


# --- building ------------------------------------------------------------------------------
def clone_request(
    source: Mapping[str, Any], tags: Sequence[Mapping[str, str]], name: str
) -> dict[str, Any]:
    """The CreateTrainingJob request that re-runs ``source`` as ``name``."""
    out: dict[str, Any] = {"TrainingJobName": name}
    for key in CREATE_FIELDS:
        if key in source and source[key] not in (None, {}, []):
            out[key] = copy.deepcopy(source[key])
    resources = out.get("ResourceConfig")
    if resources is not None:
        for key in RESOURCE_OUTPUTS:
            resources.pop(key, None)
        if resources.get("InstanceGroups"):  # either groups, or type + count: never both
            resources.pop("InstanceType", None)
            resources.pop("InstanceCount", None)
        else:
            resources.pop("InstanceGroups", None)
    experiment = out.get("ExperimentConfig")
    if experiment is not None:
        experiment.pop("RunName", None)  # a run is one job: the new job gets its own
        if not experiment:
            out.pop("ExperimentConfig")
    kept = [dict(t) for t in tags if not is_system_tag(str(t.get("Key", "")))]
    if kept:
        out["Tags"] = kept
    if name != source.get("TrainingJobName"):  # a new job: its own checkpoint folder
        from smtui.domain.retrain_folders import with_fresh_checkpoint

        with_fresh_checkpoint(out, name)
    return out


def model_channel(model_uri: str) -> dict[str, Any]:
    return {
        "ChannelName": MODEL_CHANNEL,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": model_uri,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
        "ContentType": MODEL_CONTENT_TYPE,
        "InputMode": "File",
    }


def retrain_request(
    source: Mapping[str, Any], tags: Sequence[Mapping[str, str]], name: str
) -> dict[str, Any]:
    """A clone plus the ``model`` channel pointing at the source's model artifacts."""
    artifacts = (source.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if not artifacts:
        raise ValueError(f"{source.get('TrainingJobName')} has no model artifacts to start from")
    out = clone_request(source, tags, name)
    channels = [c for c in out.get("InputDataConfig", []) if c["ChannelName"] != MODEL_CHANNEL]
    out["InputDataConfig"] = [*channels, model_channel(artifacts)]
    return out


def values_of(request: Mapping[str, Any]) -> Values:
    """The editable values of a request (the form's prefill)."""
    resources = request.get("ResourceConfig", {})
    stopping = request.get("StoppingCondition", {})
    return Values(
        name=request["TrainingJobName"],
        channels=[(c["ChannelName"], _uri(c)) for c in request.get("InputDataConfig", [])],
        hyperparameters=list(request.get("HyperParameters", {}).items()),
        instance_type=resources.get("InstanceType", ""),
        instance_count=_text(resources.get("InstanceCount")),
        volume_gb=_text(resources.get("VolumeSizeInGB")),
        max_runtime=_text(stopping.get("MaxRuntimeInSeconds")),
        spot=bool(request.get("EnableManagedSpotTraining")),
        max_wait=_text(stopping.get("MaxWaitTimeInSeconds")),
        checkpoint_uri=request.get("CheckpointConfig", {}).get("S3Uri", ""),
    )


def apply(request: Mapping[str, Any], values: Values) -> dict[str, Any]:
    """``request`` with the user's (valid) values; channels keep their other settings."""
    out = copy.deepcopy(dict(request))
    out["TrainingJobName"] = values.name.strip()
    config = out.get("CheckpointConfig") or {}
    if config.get("S3Uri") and values.checkpoint_uri.strip() == config["S3Uri"]:
        from smtui.domain.retrain_folders import fresh_folder

        # The prefilled fresh folder follows a renamed job (one typed by hand stays).
        if str(config["S3Uri"]).rstrip("/").endswith("/" + str(request["TrainingJobName"])):
            fresh = fresh_folder(config["S3Uri"], out["TrainingJobName"])
            out["CheckpointConfig"] = {**config, "S3Uri": fresh}
            values = replace(values, checkpoint_uri=fresh)
    by_name = {c["ChannelName"]: c for c in out.get("InputDataConfig", [])}
    channels = []
    for name, uri in values.channels:
        channel = by_name.get(name) or (
            model_channel(uri) if name == MODEL_CHANNEL else _data_channel(name, uri)
        )
        channel["DataSource"].setdefault("S3DataSource", {})["S3Uri"] = uri.strip()
        channels.append(channel)
    out["InputDataConfig"] = channels
    if values.hyperparameters:
        out["HyperParameters"] = {k.strip(): v for k, v in values.hyperparameters}
    else:
        out.pop("HyperParameters", None)
    resources = out.setdefault("ResourceConfig", {})
    if not resources.get("InstanceGroups"):
        resources["InstanceType"] = values.instance_type.strip()
        resources["InstanceCount"] = whole(INSTANCE_COUNT, values.instance_count)
    resources["VolumeSizeInGB"] = whole(VOLUME_GB, values.volume_gb)
    stopping = out.setdefault("StoppingCondition", {})
    stopping["MaxRuntimeInSeconds"] = whole(RUNTIME, values.max_runtime)
    out["EnableManagedSpotTraining"] = values.spot
    if values.checkpoint_uri.strip():  # checkpoints serve spot and on-demand jobs alike
        out["CheckpointConfig"] = {
            **out.get("CheckpointConfig", {}),
            "S3Uri": values.checkpoint_uri.strip(),
        }
    if values.spot:
        stopping["MaxWaitTimeInSeconds"] = whole(WAIT, values.max_wait)
    else:  # MaxWaitTimeInSeconds is for spot training only (StoppingCondition)
        stopping.pop("MaxWaitTimeInSeconds", None)
    if values.image.strip():
        out.setdefault("AlgorithmSpecification", {"TrainingInputMode": "File"})
        out["AlgorithmSpecification"].pop("AlgorithmName", None)
        out["AlgorithmSpecification"]["TrainingImage"] = values.image.strip()
    return out


def default_name(
    source: str, kind: str, now: datetime, exists: Callable[[str], bool] = lambda n: False
) -> str:
    """``<source without its SDK timestamp>-<kind>-<yyyymmdd-hhmmss>``, at most 63 chars,
    with ``-2``, ``-3``... when taken."""
    base = _SDK_STAMP.sub("", source)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        tail = f"-{kind}-{stamp}" + (f"-{n}" if n > 1 else "")
        name = base[: NAME_MAX - len(tail)].rstrip("-") + tail
        if not exists(name):
            return name
    raise ValueError("no free name")


def differences(source: Mapping[str, Any], request: Mapping[str, Any]) -> set[str]:
    """Top-level request fields whose value differs from the source job's."""
    return {k for k, v in request.items() if source.get(k) != v}


def incremental_note(request: Mapping[str, Any]) -> Check | None:
    """A warning when the algorithm is not documented as supporting incremental training."""
    spec = request.get("AlgorithmSpecification", {})
    image = str(spec.get("TrainingImage") or spec.get("AlgorithmName") or "")
    repo = image.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0]
    if repo in INCREMENTAL_ALGORITHMS:
        return Check("model", f"{INCREMENTAL_ALGORITHMS[repo]} supports incremental training")
    return Check(
        "model",
        f"not a built-in algorithm documented for incremental training: {CUSTOM_CONTAINER_NOTE}",
        warning=True,
    )


def _uri(channel: Mapping[str, Any]) -> str:
    source = channel.get("DataSource", {})
    return str(source.get("S3DataSource", {}).get("S3Uri", ""))


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _data_channel(name: str, uri: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": uri,
                "S3DataDistributionType": "FullyReplicated",
            }
        },
    }

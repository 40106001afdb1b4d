"""CreateTrainingJob for clone/retrain, what botocore's model allows, and the optional SDK
image lookup (the ``sagemaker`` package, ``pip install 'smtui[sdk]'``, imported only when
the user asks for it)."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from typing import Any

from botocore.session import get_session

from smtui.aws.calls import call, mutate
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients

SDK_HINT = "pip install 'smtui[sdk]'"


@cache
def training_instance_types() -> tuple[str, ...]:
    """The ``TrainingInstanceType`` enum of botocore's sagemaker model."""
    model = get_session().get_service_model("sagemaker")
    return tuple(model.shape_for("TrainingInstanceType").enum)


@cache
def create_fields() -> tuple[str, ...]:
    """CreateTrainingJob input members DescribeTrainingJob also returns (botocore model)."""
    model = get_session().get_service_model("sagemaker")
    create = model.operation_model("CreateTrainingJob").input_shape.members
    described = model.operation_model("DescribeTrainingJob").output_shape.members
    return tuple(k for k in create if k in described and k != "TrainingJobName")


def exists(clients: Clients, name: str) -> bool:
    """Whether a training job has this name (a listing, so a free name is no API error)."""
    out = call(clients.client("sagemaker"), "list_training_jobs", NameContains=name, MaxResults=100)
    return any(s["TrainingJobName"] == name for s in out.get("TrainingJobSummaries", []))


def create_training_job(clients: Clients, request: dict[str, Any]) -> str:
    """Send the request once (the mutating client never retries); returns the ARN.

    A ResourceInUse answer may mean an earlier attempt of *this* request went through
    (a timeout after the service accepted it): if the job with that name has our image,
    role, channels and creation is recent, it is ours and the launch succeeded.
    """
    try:
        out = mutate(clients, "sagemaker", "create_training_job", **request)
    except AwsError as exc:
        if exc.code != "ResourceInUse":
            raise
        existing = call(
            clients.client("sagemaker"),
            "describe_training_job",
            TrainingJobName=request["TrainingJobName"],
        )
        if not is_same_request(existing, request):
            raise
        return str(existing["TrainingJobArn"])
    return str(out["TrainingJobArn"])


def is_same_request(describe: dict[str, Any], request: dict[str, Any]) -> bool:
    """Whether the job ``describe`` shows was created by ``request`` (its inputs match)."""
    keys = ("AlgorithmSpecification", "RoleArn", "InputDataConfig", "HyperParameters")
    for key in keys:
        if key not in request:
            continue
        got, want = describe.get(key), request[key]
        if isinstance(want, dict) and isinstance(got, dict):
            if any(got.get(k) != v for k, v in want.items()):
                return False
        elif isinstance(want, list) and isinstance(got, list):
            if _channels(want) != _channels(got):
                return False
        elif got != want:
            return False
    return True


def _channels(channels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (c.get("ChannelName", ""), c.get("DataSource", {}).get("S3DataSource", {}).get("S3Uri", ""))
        for c in channels
    ]


def sdk_available() -> bool:
    return importlib.util.find_spec("sagemaker") is not None


def latest_image(framework: str, version: str, region: str, instance_type: str) -> str:
    """The latest image URI of ``framework`` via ``sagemaker.image_uris.retrieve``.

    Raises RuntimeError with how to get the package when it is not installed.
    """
    try:
        sdk = importlib.import_module("sagemaker")
    except ImportError as exc:
        raise RuntimeError(f"needs the SageMaker Python SDK: {SDK_HINT}") from exc
    uri = sdk.image_uris.retrieve(
        framework=framework,
        region=region,
        version=version,
        instance_type=instance_type,
        image_scope="training",
    )
    return str(uri)


def framework_of(image: str) -> tuple[str, str] | None:
    """(framework, version) of a SageMaker image URI, for ``image_uris.retrieve``.

    E.g. ``.../pytorch-training:2.1.0-gpu-py310`` -> ("pytorch", "latest") and
    ``.../sagemaker-xgboost:1.7-1`` -> ("xgboost", "latest"): the SDK's "latest" version.
    """
    repo = image.rsplit("/", 1)[-1].split(":", 1)[0]
    name = repo.removeprefix("sagemaker-").removesuffix("-training")
    for framework in ("pytorch", "tensorflow", "huggingface", "xgboost", "mxnet", "scikit-learn"):
        if name.startswith(framework):
            return framework, "latest"
    if name in ("object-detection", "image-classification", "semantic-segmentation"):
        return name, "latest"
    return None

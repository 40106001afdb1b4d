"""Where a clone or retrain writes: a fresh checkpoint folder, and a loud warning when a
folder another job used is chosen.

SageMaker copies ``/opt/ml/checkpoints`` to and from CheckpointConfig.S3Uri: a managed
spot job restores from whatever is there when it starts or resumes, and overwrites it as it
goes (SageMaker developer guide, "Checkpoints in Amazon SageMaker AI":
https://docs.aws.amazon.com/sagemaker/latest/dg/model-checkpoints.html). A copy of the
source's CheckpointConfig would restore from, and overwrite, the source run's checkpoints;
the new job gets ``<same prefix>/<new job name>`` instead. The model artifacts go to
``<S3OutputPath>/<job name>/output/`` (CreateTrainingJob, OutputDataConfig.S3OutputPath:
"the path to the S3 location where you want to store model artifacts. SageMaker creates
subfolders for the artifacts"), so an output path is shared safely unless it points into
another job's folder. Pure: the caller passes the source's describe and the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from smtui.domain.retrain import Check


def _folder(uri: str) -> str:
    return uri.strip().rstrip("/")


def fresh_folder(uri: str, name: str) -> str:
    """``uri``'s last folder replaced by ``name`` (a bucket alone gets ``/name``)."""
    folder = _folder(uri)
    bucket_and_key = folder.removeprefix("s3://")
    if "/" not in bucket_and_key:
        return f"{folder}/{name}"
    return f"{folder.rsplit('/', 1)[0]}/{name}"


def with_fresh_checkpoint(request: dict[str, Any], name: str) -> dict[str, Any]:
    """``request`` with its CheckpointConfig.S3Uri (if any) moved to a fresh folder named
    after ``name``, under the same prefix."""
    config = request.get("CheckpointConfig")
    if isinstance(config, dict) and config.get("S3Uri"):
        config["S3Uri"] = fresh_folder(str(config["S3Uri"]), name)
    return request


def _used(source: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(folder, what wrote there) for the source job."""
    name = str(source.get("TrainingJobName", ""))
    out = []
    checkpoint = (source.get("CheckpointConfig") or {}).get("S3Uri")
    if checkpoint:
        out.append((_folder(str(checkpoint)), f"{name}'s checkpoints"))
    output = (source.get("OutputDataConfig") or {}).get("S3OutputPath")
    if output:
        out.append((f"{_folder(str(output))}/{name}", f"{name}'s output"))
    return out


def _overlap(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def folder_warnings(source: Mapping[str, Any], request: Mapping[str, Any]) -> list[Check]:
    """Warnings (field ``checkpoint_uri`` or ``output_path``) when the request's checkpoint
    folder, or the folder its artifacts land in, is or holds a folder the source job used."""
    used = _used(source)
    name = str(request.get("TrainingJobName", ""))
    out = []
    checkpoint = (request.get("CheckpointConfig") or {}).get("S3Uri")
    if checkpoint:
        folder = _folder(str(checkpoint))
        for other, what in used:
            if _overlap(folder, other):
                out.append(
                    Check(
                        "checkpoint_uri",
                        f"WARNING: {folder} holds {what}: this job would restore from and "
                        f"overwrite them; use a fresh folder, e.g. {fresh_folder(folder, name)}",
                        warning=True,
                    )
                )
                break
    output = (request.get("OutputDataConfig") or {}).get("S3OutputPath")
    if output:
        lands = f"{_folder(str(output))}/{name}"
        for other, what in used:
            if _overlap(lands, other) or _folder(str(output)) == other:
                out.append(
                    Check(
                        "output_path",
                        f"WARNING: the output path {_folder(str(output))} is inside {what}: "
                        f"artifacts would mix with that job's",
                        warning=True,
                    )
                )
                break
    return out

"""Which family a training job belongs to, from its image (or its SDK-given name).

Reinforcement learning jobs are plain training jobs run from the SageMaker RL images:
``sagemaker-rl-tensorflow`` (Coach or Ray tags), ``sagemaker-rl-mxnet`` (Coach), and the
newer ``sagemaker-rl-ray-container``, ``sagemaker-rl-coach-container`` and
``sagemaker-rl-vw-container`` repositories (sources: aws/sagemaker-rl-container README,
"RL Images Provided by SageMaker"; the SageMaker Python SDK's image_uri_config
coach-tensorflow.json, coach-mxnet.json, ray-tensorflow.json, ray-pytorch.json, vw.json).

The SageMaker Python SDK names a job after its image's repository when no
``base_job_name`` is given (``base_name_from_image``), so ``sagemaker-rl-ray-container-
2026-...`` is recognised from the name alone; that is what the jobs list has (the image
is only in DescribeTrainingJob).
"""

from __future__ import annotations

from dataclasses import dataclass

# Repository -> (toolkit, framework) when the repository says it; "" when the tag does.
RL_REPOSITORIES: dict[str, tuple[str, str]] = {
    "sagemaker-rl-ray-container": ("Ray", ""),
    "sagemaker-rl-coach-container": ("Coach", ""),
    "sagemaker-rl-vw-container": ("Vowpal Wabbit", ""),
    "sagemaker-rl-tensorflow": ("", "TensorFlow"),
    "sagemaker-rl-mxnet": ("Coach", "MXNet"),
}


@dataclass(frozen=True, slots=True)
class JobFamily:
    kind: str
    """"RL" for reinforcement learning."""
    toolkit: str = ""
    framework: str = ""

    @property
    def label(self) -> str:
        """Short, for a table cell: ``RL``, ``RL Ray``."""
        return f"{self.kind} {self.toolkit}".strip()

    @property
    def description(self) -> str:
        parts = [p for p in (self.toolkit, self.framework) if p]
        detail = f" ({', '.join(parts)})" if parts else ""
        return f"Reinforcement learning{detail}" if self.kind == "RL" else self.kind


def _repository(text: str) -> tuple[str, str]:
    """(repository, tag) of an image URI, or (name, "") for a job name."""
    last = text.strip().rsplit("/", 1)[-1]
    repo, _, tag = last.partition(":")
    repo, _, _ = repo.partition("@")  # digest-pinned images
    return repo.lower(), tag.lower()


def _framework_from_tag(tag: str) -> str:
    if "torch" in tag:
        return "PyTorch"
    if "-tf" in tag or tag.endswith("tf"):
        return "TensorFlow"
    return ""


def job_family(image_or_name: str | None) -> JobFamily | None:
    """The family of a training job from its image URI or its name; None when plain."""
    if not image_or_name:
        return None
    repo, tag = _repository(image_or_name)
    for prefix, (toolkit, framework) in RL_REPOSITORIES.items():
        if repo == prefix or repo.startswith(prefix + "-"):
            if not toolkit:  # sagemaker-rl-tensorflow:coach0.11-... / ray0.5-...
                toolkit = "Ray" if tag.startswith("ray") else "Coach" if tag else ""
            return JobFamily("RL", toolkit, framework or _framework_from_tag(tag))
    return None

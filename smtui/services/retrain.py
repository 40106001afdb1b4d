"""Clone / incremental retrain of a training job: what the console's form and the
`smtui retrain|clone` commands share (load the source, prefill, check, build, launch).

The request builder and the checks are pure (smtui/domain/retrain.py); this module adds
the calls: DescribeTrainingJob + ListTags of the source, a free default name, and the
one-shot CreateTrainingJob (smtui/aws/retrain.py).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smtui.aws import retrain as aws
from smtui.aws import training as training_api
from smtui.aws.session import Clients
from smtui.domain import retrain as domain
from smtui.domain import retrain_checks, retrain_folders
from smtui.domain.retrain import Check, Values

MODES = ("retrain", "clone")
SDK_HINT = aws.SDK_HINT


class RetrainRefused(ValueError):
    """The source job cannot be retrained from (retrain_checks.retrain_source_problem)."""


@dataclass(slots=True)
class Draft:
    """A source job and the request that re-runs it, before the user's edits."""

    mode: str
    source: dict[str, Any]
    tags: list[dict[str, str]]
    request: dict[str, Any]
    notes: list[Check] = field(default_factory=list)

    @property
    def groups(self) -> bool:
        return bool(self.request.get("ResourceConfig", {}).get("InstanceGroups"))

    @property
    def baseline(self) -> dict[str, Any]:
        """The source as a request (its own name): what the preview compares against."""
        name = self.source["TrainingJobName"]
        return domain.clone_request(self.source, self.tags, name)

    def values(self) -> Values:
        return domain.values_of(self.request)


def prepare(clients: Clients, name: str, mode: str, now: datetime) -> Draft:
    """Describe the source (and its tags) and build the prefilled request (worker thread)."""
    if mode not in MODES:
        raise ValueError(mode)
    source = training_api.describe_training_job(clients, name)
    if mode == "retrain":
        problem = retrain_checks.retrain_source_problem(name, source.get("TrainingJobStatus", ""))
        if problem:
            raise RetrainRefused(problem)
    tags = training_api.list_tags(clients, source["TrainingJobArn"])
    new_name = domain.default_name(name, mode, now, lambda n: aws.exists(clients, n))
    build = domain.retrain_request if mode == "retrain" else domain.clone_request
    request = build(source, tags, new_name)
    notes = []
    if mode == "retrain":
        note = domain.incremental_note(request)
        if note is not None:
            notes.append(note)
    return Draft(mode, source, tags, request, notes)


def instance_types() -> tuple[str, ...]:
    return aws.training_instance_types()


def check(draft: Draft, values: Values) -> list[Check]:
    out = retrain_checks.check(values, instance_types(), groups=draft.groups)
    if not values.spot and values.checkpoint_uri.strip():  # spot: checked above
        problem = retrain_checks.check_s3_uri(values.checkpoint_uri, "checkpoint URI")
        if problem:
            out.append(Check("checkpoint_uri", problem))
    return out


def build(draft: Draft, values: Values) -> dict[str, Any]:
    return domain.apply(draft.request, values)


def folder_warnings(draft: Draft, request: dict[str, Any]) -> list[Check]:
    """Loud warnings: the checkpoint folder or the output path points at a folder the
    source job used (smtui/domain/retrain_folders.py)."""
    return retrain_folders.folder_warnings(draft.source, request)


def preview(draft: Draft, request: dict[str, Any]) -> list[tuple[str, bool]]:
    """The request as JSON lines, each marked True when it differs from the source job."""
    return diff_lines(draft.baseline, request)


def changed(draft: Draft, request: dict[str, Any]) -> list[str]:
    """The request's top-level fields that differ from the source job's, sorted."""
    return sorted(domain.differences(draft.baseline, request))


def diff_lines(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, bool]]:
    old = json.dumps(before, indent=2, default=str).splitlines()
    new = json.dumps(after, indent=2, default=str).splitlines()
    out: list[tuple[str, bool]] = []
    for tag, _i1, _i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        out.extend((line, tag != "equal") for line in new[j1:j2])
    return out


def launch(clients: Clients, request: dict[str, Any]) -> str:
    """CreateTrainingJob, sent once; returns the new job's ARN (see aws.create_training_job)."""
    return aws.create_training_job(clients, request)


def describe(clients: Clients, name: str) -> dict[str, Any]:
    """The new job's describe (its detail screen's item), with its tags."""
    data = training_api.describe_training_job(clients, name)
    data["Tags"] = training_api.list_tags(clients, data["TrainingJobArn"])
    return data


def image_option(draft: Draft) -> tuple[str, str] | None:
    """(framework, version) the SDK can look up for the source's image, or None."""
    image = str(draft.request.get("AlgorithmSpecification", {}).get("TrainingImage", ""))
    return aws.framework_of(image) if image else None


def sdk_available() -> bool:
    return aws.sdk_available()


def latest_image(draft: Draft, region: str, instance_type: str) -> str:
    """The latest image of the source's framework (needs ``smtui[sdk]``)."""
    option = image_option(draft)
    if option is None:
        raise RuntimeError("not a SageMaker framework image: nothing to look up")
    framework, version = option
    return aws.latest_image(framework, version, region, instance_type)

"""Checks of what the user types for a clone/retrain (smtui/domain/retrain.py), before
anything is sent: each problem names its field and says what is wrong."""

from __future__ import annotations

from collections.abc import Collection

from smtui.domain import names
from smtui.domain.numbers import Whole
from smtui.domain.retrain import (
    CHANNEL_PATTERN,
    HP_KEY_MAX,
    HP_VALUE_MAX,
    INSTANCE_COUNT,
    MAX_HYPERPARAMETERS,
    RUNTIME,
    S3_URI,
    VOLUME_GB,
    WAIT,
    Check,
    Values,
)


def retrain_source_problem(name: str, status: str) -> str:
    """Why a job cannot be the source of an incremental retrain ("" when it can): only a
    Completed job's model artifacts are known to exist (DescribeTrainingJob: ModelArtifacts
    "Information about the Amazon S3 location that is configured for storing model
    artifacts"; a Failed or Stopped job may have written none). The console's `r` applies
    to Completed jobs only (smtui/services/kinds/training_retrain.py) and the CLI refuses
    with these words."""
    if status == "Completed":
        return ""
    return (
        f"{name} is {status or 'in an unknown state'}: retrain starts from a Completed job's "
        "model artifacts, which this job may not have written (clone it instead)"
    )


def check_name(name: str) -> str:
    """TrainingJobName, as botocore's model states it (smtui/domain/names.py)."""
    name = name.strip()
    if not name:
        return "a name is required"
    rule = names.TRAINING_JOB
    if len(name) > rule.high:
        return f"at most {rule.high} characters (got {len(name)})"
    if rule.check(name):
        return names.HINTS[rule.pattern]
    return ""


def check_s3_uri(uri: str, what: str = "S3 URI") -> str:
    uri = uri.strip()
    if not uri:
        return f"{what} is required"
    if not uri.startswith("s3://"):
        return f"{what} must start with s3://"
    if not S3_URI.fullmatch(uri):
        return f"{what}: not a valid s3://bucket/key"
    return ""


def check_number(text: str, spec: Whole) -> str:
    """The same parse the request builder uses (smtui/domain/numbers.py)."""
    return spec.parse(text)[1]


def check_instance_type(value: str, allowed: Collection[str]) -> str:
    value = value.strip()
    if not value:
        return "an instance type is required"
    if value not in allowed:
        return f"{value!r} is not a training instance type"
    return ""


def check(values: Values, allowed_types: Collection[str], *, groups: bool = False) -> list[Check]:
    """Every problem, by field id: name, instance_type, instance_count, volume_gb,
    max_runtime, max_wait, checkpoint_uri, channel.N.name, channel.N.uri, hp.N.key,
    hp.N.value. ``groups``: the source uses InstanceGroups (type and count not edited)."""
    out: list[Check] = []

    def add(field_id: str, message: str) -> None:
        if message:
            out.append(Check(field_id, message))

    add("name", check_name(values.name))
    if not groups:
        add("instance_type", check_instance_type(values.instance_type, allowed_types))
        add("instance_count", check_number(values.instance_count, INSTANCE_COUNT))
    add("volume_gb", check_number(values.volume_gb, VOLUME_GB))
    runtime, problem = RUNTIME.parse(values.max_runtime)
    add("max_runtime", problem)
    if values.spot:
        wait, problem = WAIT.parse(values.max_wait)
        if wait is not None and runtime is not None and wait < runtime:
            problem = "max wait must be >= max runtime (spot)"
        add("max_wait", problem)
        if values.checkpoint_uri.strip():
            add("checkpoint_uri", check_s3_uri(values.checkpoint_uri, "checkpoint URI"))
    if not values.channels:
        add("channel.0.name", "at least one channel is required")
    if len(values.channels) > 20:  # InputDataConfig: max 20 (botocore)
        add("channel.0.name", "at most 20 channels")
    seen: set[str] = set()
    for i, (name, uri) in enumerate(values.channels):
        name = name.strip()
        if not name:
            add(f"channel.{i}.name", "a channel name is required")
        elif not CHANNEL_PATTERN.fullmatch(name):
            add(f"channel.{i}.name", "letters, digits, . - _ (at most 64)")
        elif name in seen:
            add(f"channel.{i}.name", f"duplicate channel {name!r}")
        seen.add(name)
        add(f"channel.{i}.uri", check_s3_uri(uri))
    keys: set[str] = set()
    if len(values.hyperparameters) > MAX_HYPERPARAMETERS:
        add("hp.0.key", f"at most {MAX_HYPERPARAMETERS} hyperparameters")
    for i, (key, value) in enumerate(values.hyperparameters):
        key = key.strip()
        if not key:
            add(f"hp.{i}.key", "a key is required")
        elif len(key) > HP_KEY_MAX:
            add(f"hp.{i}.key", f"at most {HP_KEY_MAX} characters")
        elif key in keys:
            add(f"hp.{i}.key", f"duplicate key {key!r}")
        keys.add(key)
        if len(value) > HP_VALUE_MAX:
            add(f"hp.{i}.value", f"at most {HP_VALUE_MAX} characters")
    return out

"""Read-only holds on every path a production profile can be chosen by: AWS_DEFAULT_PROFILE
(botocore reads it when neither --profile nor AWS_PROFILE names one), any letter case,
and a top-level `read_only = false` or SMTUI_READ_ONLY=0 that must not lift it.

Each production profile points at a sandbox (``endpoint_url`` in the AWS config file, as
botocore reads it); a refused stop leaves the job InProgress, checked with plain boto3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import boto3
import pytest

from smtui.aws.session import Clients, Target
from smtui.cli import build_parser, main
from smtui.commands.context import CommandContext
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import paths
from smtui.services.backend import build_backend
from smtui.services.settings import load_settings
from tests.read_only_env import write_config, write_profiles


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=7, jobs=12, speed=0, start=1_795_000_000.0).start()
    write_profiles(sb)
    yield sb
    sb.stop()


def _sagemaker(sb: Sandbox) -> Any:
    # A session of its own: boto3.client() reuses boto3's default session, whose config
    # file was read when an earlier test first made it (another AWS_CONFIG_FILE, no
    # prod-east profile), so AWS_DEFAULT_PROFILE=prod-east raised ProfileNotFound.
    return boto3.session.Session().client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def _running(sb: Sandbox) -> str:
    return sorted(n for n, s in sb.simulator.statuses().items() if s == "InProgress")[0]


def _status(sb: Sandbox, name: str) -> str:
    return str(_sagemaker(sb).describe_training_job(TrainingJobName=name)["TrainingJobStatus"])


def _audit() -> list[dict[str, Any]]:
    return [json.loads(line) for line in paths.audit_log().read_text().splitlines()]


@pytest.mark.parametrize(
    ("argv", "env", "config"),
    [
        ([], {"AWS_DEFAULT_PROFILE": "prod-east"}, ""),
        (["--profile", "Prod-West"], {}, ""),
        ([], {"AWS_PROFILE": "PRODUCTION"}, ""),
        (["--profile", "prod-east"], {}, "read_only = false\n"),
        (["--profile", "prod-east"], {"SMTUI_READ_ONLY": "0"}, ""),
        ([], {"AWS_DEFAULT_PROFILE": "prod-east"}, "[profiles.default]\nread_only = false\n"),
    ],
    ids=[
        "AWS_DEFAULT_PROFILE",
        "mixed-case",
        "upper-case",
        "top-level-false",
        "env-0",
        "default-section",
    ],
)
def test_a_production_profile_refuses_the_stop_however_it_was_chosen(
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: dict[str, str],
    config: str,
) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    write_config(config)
    name = _running(sandbox)
    assert main(["stop", "training", name, "--yes", *argv]) == 2
    assert "read-only mode: jobs.stop" in capsys.readouterr().err
    assert _status(sandbox, name) == "InProgress"
    (record,) = _audit()
    assert record["outcome"] == "refused: read-only"
    assert record["profile"] == (argv[1] if argv else env.get("AWS_PROFILE", "prod-east"))


@pytest.mark.parametrize(
    ("argv", "config"),
    [
        (["--read-write"], ""),
        ([], "[profiles.prod-east]\nread_only = false\n"),
    ],
    ids=["--read-write", "own-section"],
)
def test_the_flag_or_the_profiles_own_section_lift_it(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, argv: list[str], config: str
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "prod-east")
    write_config(config)
    name = _running(sandbox)
    assert main(["stop", "training", name, "--yes", *argv]) == 0
    assert _status(sandbox, name) == "Stopping"
    (record,) = _audit()
    assert (record["profile"], record["outcome"]) == ("prod-east", "ok")


def test_a_region_fan_out_under_aws_default_profile_is_read_only(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "prod-east")
    args = build_parser().parse_args(["--region", "us-east-1,eu-west-1"])
    with ExitStack() as stack:
        sources = CommandContext(args, stack).sources()
        assert sources is not None
        assert [s.profile for s in sources] == ["prod-east", "prod-east"]
        assert all(s.backend is not None and s.backend.guard.read_only for s in sources)


def test_settings_of_another_profile_never_lift_the_sessions_production(
    sandbox: Sandbox,
) -> None:
    clients = Clients(Target(profile="prod-east"))
    backend = build_backend(clients, load_settings("dev"))
    assert backend.guard.read_only and backend.settings.read_only

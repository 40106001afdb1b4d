"""`smtui doctor` against the sandbox: every check OK or WARN; denied actions named; no
credentials a clear FAIL. The local checks (terminal, OSC 52) from a given environment."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from smtui.cli import main
from smtui.services.doctor import (
    FAIL,
    OK,
    WARN,
    actions_to_simulate,
    check_colours,
    check_osc52,
    check_size,
    policy_actions,
)

STATUSES = (OK, WARN, FAIL)


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["doctor", *args, "-o", "json"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, json.loads(out.out)


def test_doctor_passes_on_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--sandbox"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == [
        "credentials",
        "region",
        "identity",
        "endpoint",
        "clock",
        "reads",
        "permissions",
        "keyring",
        "colours",
        "size",
        "osc52",
    ]
    assert all(line.split()[0] in (OK, WARN) for line in lines), lines
    by_name = {line.split()[1]: line for line in lines}
    for name in ("credentials", "identity", "endpoint", "reads", "permissions"):
        assert by_name[name].startswith(OK), by_name[name]
    assert "123456789012" in by_name["identity"]
    # the provider's method (explicit keys here) and the profile; never a key
    assert by_name["credentials"].split() == [
        "OK",
        "credentials",
        "explicit",
        "(profile",
        "default)",
    ]


def test_doctor_names_each_denied_action_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    faults = "deny=sagemaker:ListEndpoints,deny=sagemaker:StopTrainingJob"
    code, checks = doctor(capsys, "--sandbox", "--sandbox-faults", faults)
    assert code == 1
    assert all(c["status"] in STATUSES for c in checks)
    by_name = {c["name"]: c for c in checks}
    assert by_name["reads"]["status"] == FAIL
    assert by_name["reads"]["denied"] == ["sagemaker:ListEndpoints"]
    assert by_name["permissions"]["status"] == FAIL
    assert by_name["permissions"]["denied"] == ["sagemaker:StopTrainingJob"]
    assert "sagemaker:StopTrainingJob" in by_name["permissions"]["detail"]
    assert by_name["identity"]["status"] == OK


def test_denied_mutations_only_warn_in_read_only_mode(capsys: pytest.CaptureFixture[str]) -> None:
    faults = "deny=sagemaker:Stop*"
    code, checks = doctor(capsys, "--sandbox", "--read-only", "--sandbox-faults", faults)
    permissions = next(c for c in checks if c["name"] == "permissions")
    assert permissions["status"] == WARN
    assert "sagemaker:StopTrainingJob" in permissions["denied"]
    assert code == 0


def test_doctor_without_credentials_fails_clearly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")  # conftest leaves no credentials at all
    code, checks = doctor(capsys)
    assert code == 1
    assert checks[0] == {
        "name": "credentials",
        "status": FAIL,
        "detail": "NoCredentials: no AWS credentials found (profile, env, SSO or role)",
        "denied": [],
    }
    assert {c["name"] for c in checks} >= {"keyring", "colours", "size", "osc52"}


def test_doctor_without_a_region_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    code, checks = doctor(capsys)
    assert code == 1
    assert checks[0]["name"] == "region" and checks[0]["status"] == FAIL
    assert "--region" in checks[0]["detail"]


def test_policy_actions_are_read_from_docs_iam() -> None:
    root = Path(__file__).resolve().parents[2] / "docs" / "iam"
    actions = policy_actions(root)
    assert "sagemaker:StopTrainingJob" in actions and "iam:PassRole" in actions
    assert len(actions) == len(set(actions))
    simulated = actions_to_simulate(actions, {"sagemaker:ListEndpoints"})
    assert "sagemaker:List*" not in simulated and "sagemaker:StopTrainingJob" in simulated


@pytest.mark.parametrize(
    ("env", "status", "text"),
    [
        ({"COLORTERM": "truecolor", "TERM": "xterm-256color"}, OK, "truecolor"),
        ({"TERM": "screen-256color"}, OK, "256 colours"),
        ({"TERM": "xterm"}, WARN, "16 colours"),
        ({}, WARN, "TERM=(unset)"),
    ],
)
def test_colours(env: dict[str, str], status: str, text: str) -> None:
    check = check_colours(env)
    assert check.status == status and text in check.detail


def test_size() -> None:
    assert check_size((120, 40)).status == OK
    assert check_size((60, 20)).status == WARN
    assert check_size(None).status == WARN


@pytest.mark.parametrize(
    ("env", "tmux", "status"),
    [
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "on", OK),
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "external", OK),
        ({"TMUX": "/tmp/tmux-0/default,1,0"}, "off", WARN),
        ({"STY": "123.pts-0"}, None, WARN),
        ({"TERM_PROGRAM": "iTerm.app"}, None, OK),
        ({"TERM": "xterm-kitty"}, None, OK),
        ({"TERM": "xterm"}, None, WARN),
    ],
)
def test_osc52(env: dict[str, str], tmux: str | None, status: str) -> None:
    assert check_osc52(env, lambda: tmux).status == status


def test_doctor_names_an_unreachable_endpoint(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a loopback port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    url = f"http://127.0.0.1:{port}"
    code, checks = doctor(capsys, "--endpoint-url", url, "--region", "us-east-1")
    assert code == 1
    assert [c["name"] for c in checks[:3]] == ["credentials", "region", "endpoint"]
    assert checks[2]["status"] == FAIL and url in checks[2]["detail"]
    assert "ConnectionError" in checks[2]["detail"]

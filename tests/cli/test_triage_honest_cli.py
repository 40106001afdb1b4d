"""`smtui triage` never reports all-clear when it read nothing: a source that could not be
read (expired credentials, a denied API, a cut network) is named on stderr and the exit
status is 2, whatever --fail-on says; what was read is still printed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.cli import main
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    box = Sandbox(seed=7, jobs=40, speed=0).start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", SANDBOX_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SANDBOX_SECRET_KEY)
    yield box
    box.stop()


def _triage(sb: Sandbox, *extra: str) -> list[str]:
    return ["triage", "--endpoint-url", sb.url, "--region", SANDBOX_REGION, "-o", "json", *extra]


def _run(sb: Sandbox, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    code = main(_triage(sb, *extra))
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out.strip() else None, out.err


def test_expired_credentials_are_exit_2_not_all_clear(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    sb.faults.update({"expire_credentials": True})
    code, records, err = _run(sb, capsys, "--fail-on", "high")
    assert code == 2
    # The list format consumers parse is kept; the JSON says which sources were not read.
    assert records and {r["kind"] for r in records} == {"not-read"}
    unread = {r["resource"]: r["reason"] for r in records}
    assert unread["training jobs"].startswith("ExpiredTokenException")
    assert unread["endpoints"].startswith("ExpiredTokenException")
    assert "not read: training jobs: ExpiredTokenException" in err
    assert "not read: endpoints: ExpiredTokenException" in err


def test_a_denied_source_is_named_and_the_rest_is_printed(
    sb: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, baseline, _ = _run(sb, capsys)
    assert code == 0
    sb.faults.update({"deny": ["sagemaker:ListTrainingJobs"]})
    code, records, err = _run(sb, capsys, "--fail-on", "critical")
    assert code == 2  # not 1: the training jobs were not looked at
    assert "not read: training jobs: AccessDeniedException" in err
    assert "sagemaker:ListTrainingJobs" in err  # as AWS said it
    assert [r["resource"] for r in records if r["kind"] == "not-read"] == ["training jobs"]

    def endpoints(found: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
        return {
            (r["kind"], r["resource"], r["reason"])
            for r in found
            if r["resource"].startswith("endpoint/")
        }

    assert endpoints(baseline) and endpoints(baseline) == endpoints(records)


def test_a_cut_network_is_exit_2(sb: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    sb.faults.update({"network_down": True})
    code = main(_triage(sb, "--fail-on", "high"))
    err = capsys.readouterr().err
    assert code == 2
    assert "not read: training jobs" in err, err

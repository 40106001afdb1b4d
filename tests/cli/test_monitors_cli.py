"""`smtui monitors` and `smtui monitor stop|start`, against the sandbox.

The actions run against a sandbox served by the test (--endpoint-url), so a plain boto3
client sees what they did and the request log what was (not) sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from smtui.cli import main
from smtui.sandbox import Sandbox
from smtui.services import paths
from tests.sandbox.conftest import client

FRAUD_DQ = "fraud-detector-prod-data-quality"


@pytest.fixture
def sb(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")
    with Sandbox(seed=7, jobs=50, speed=0.0).start() as sandbox:
        yield sandbox


def at(sb: Sandbox, *args: str) -> list[str]:
    return [*args, "--endpoint-url", sb.url, "--region", "us-east-1"]


def audit() -> list[dict[str, str]]:
    if not paths.audit_log().exists():
        return []
    return [json.loads(x) for x in paths.audit_log().read_text().splitlines()]


def status(sb: Sandbox, name: str = FRAUD_DQ) -> str:
    d = client(sb, "sagemaker").describe_monitoring_schedule(MonitoringScheduleName=name)
    return str(d["MonitoringScheduleStatus"])


def test_monitors_json_has_last_execution_and_violations(sb: Sandbox, capsys: Any) -> None:
    assert main(at(sb, "monitors", "--output", "json")) == 0
    rows = {r["MonitoringScheduleName"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 8
    sm = client(sb, "sagemaker")
    for name, row in rows.items():
        d = sm.describe_monitoring_schedule(MonitoringScheduleName=name)
        last = d.get("LastMonitoringExecutionSummary") or {}
        assert row["MonitoringScheduleStatus"] == d["MonitoringScheduleStatus"]
        assert row["LastExecutionStatus"] == last.get("MonitoringExecutionStatus")
    churn = rows["churn-xgb-prod-model-bias"]
    assert (
        churn["Schedule"] == "daily at 05:00" and churn["ScheduleExpression"] == "cron(0 5 ? * * *)"
    )
    assert churn["LastExecutionStatus"] == "CompletedWithViolations"
    assert isinstance(churn["Violations"], int) and churn["Violations"] > 0
    failed = rows["llm-chat-prod-data-quality"]
    assert failed["FailureReason"].startswith("ClientError") and failed["Violations"] is None
    assert rows["pricing-ab-test-prod-model-quality"]["MonitoringType"] == "ModelQuality"


def test_monitors_filters_and_table(sb: Sandbox, capsys: Any) -> None:
    assert main(at(sb, "monitors", "--endpoint", "churn-xgb-prod", "-o", "json")) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["EndpointName"] for r in rows} == {"churn-xgb-prod"} and len(rows) == 3
    assert main(at(sb, "monitors", "--status", "stopped")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["NAME", "ENDPOINT", "TYPE", "STATUS"]
    assert len(lines) == 2 and lines[1].startswith("churn-xgb-prod-model-explainability")
    assert main(at(sb, "monitors", "--type", "bias", "-o", "csv")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("MonitoringScheduleName,") and len(lines) == 2
    assert main(at(sb, "monitors", "--status", "sleeping")) == 2
    assert "--status must be one of" in capsys.readouterr().err


def test_monitor_stop_then_start_with_yes(sb: Sandbox, capsys: Any) -> None:
    assert main(at(sb, "monitor", "stop", FRAUD_DQ, "--yes")) == 0
    assert "Stop requested" in capsys.readouterr().out
    assert status(sb) == "Stopped"
    assert main(at(sb, "monitor", "start", FRAUD_DQ, "--yes")) == 0
    assert status(sb) == "Scheduled"
    # AWS's refusal, as AWS said it, in one line.
    assert main(at(sb, "monitor", "start", FRAUD_DQ, "--yes")) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "ValidationException" in err and "only a Stopped" in err
    assert [(r["action"], r["outcome"][:5]) for r in audit()] == [
        ("monitors.stop", "ok"),
        ("monitors.start", "ok"),
        ("monitors.start", "error"),
    ]


def test_monitor_read_only_and_no_terminal_send_nothing(sb: Sandbox, capsys: Any) -> None:
    assert main(at(sb, "monitor", "stop", FRAUD_DQ, "--read-only")) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(at(sb, "monitor", "stop", FRAUD_DQ)) == 2  # no --yes, no terminal
    assert "needs confirmation" in capsys.readouterr().err
    assert [r["outcome"] for r in audit()] == ["refused: read-only"]
    assert ("sagemaker", "StopMonitoringSchedule") not in sb.request_log
    assert status(sb) == "Scheduled"

"""Issue 21, point 2: `smtui monitors -o json` at a moment the next run is Pending (the
sandbox at 12:00): LastCompletedExecutionStatus and LastViolations are the 11:00 run's."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from smtui.cli import main
from smtui.sandbox import Sandbox

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()


def test_json_carries_the_last_completed_run(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "sandbox")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "sandbox")
    with Sandbox(seed=7, jobs=50, speed=0.0, start=START).start() as sb:
        args = ["monitors", "-o", "json", "--endpoint-url", sb.url, "--region", "us-east-1"]
        assert main(args) == 0
        rows = {r["MonitoringScheduleName"]: r for r in json.loads(capsys.readouterr().out)}
        fraud = rows["fraud-detector-prod-data-quality"]
        assert fraud["LastExecutionStatus"] == "Pending" and fraud["Violations"] is None
        assert fraud["LastCompletedExecutionStatus"] == "CompletedWithViolations"
        assert fraud["LastCompletedExecutionScheduledTime"].startswith("2026-11-26T11:00")
        assert isinstance(fraud["LastViolations"], int) and fraud["LastViolations"] > 0
        churn = rows["churn-xgb-prod-data-quality"]
        assert churn["LastCompletedExecutionStatus"] == "Completed"
        assert churn["LastViolations"] == 0
        new = rows["pricing-ab-test-prod-data-quality"]  # never ran
        assert new["LastCompletedExecutionStatus"] is None and new["LastViolations"] is None
        assert main([*args[:1], *args[3:]]) == 0  # the table shows the finished run too
        (line,) = [
            x
            for x in capsys.readouterr().out.splitlines()
            if x.startswith("fraud-detector-prod-data")
        ]
        assert "CompletedWithViolations" in line and line.split()[-1] == str(
            fraud["LastViolations"]
        )

"""`smtui triage --sandbox --output json` along the sandbox's timeline: the clock of the
sandbox the command starts is moved ahead (as if the command ran that much later), so
the spot job waiting for capacity, the hung processing job and the idle endpoint show."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smtui.cli import main
from smtui.commands import context


def _triage_at(monkeypatch: pytest.MonkeyPatch, capsys, seconds: float) -> list[dict[str, Any]]:
    start = context.start_sandbox

    def later(*args: Any, **kwargs: Any) -> Any:
        sb = start(*args, **kwargs)
        sb.simulator.clock.advance(seconds)
        return sb

    monkeypatch.setattr(context, "start_sandbox", later)
    code = main(["triage", "--sandbox", "--output", "json", "--all", "--fail-on", "high"])
    records = json.loads(capsys.readouterr().out)
    assert code == 1  # a Failed endpoint (critical) at any time
    return records


def test_json_shows_spot_wait_and_hung_processing_job(monkeypatch, capsys) -> None:
    records = _triage_at(monkeypatch, capsys, 80 * 60)
    stuck = {r["resource"]: r for r in records if r["kind"] == "job-stuck"}
    spot = [r for r in stuck.values() if "waiting on capacity" in r["reason"]]
    assert len(spot) == 1 and spot[0]["resource"].startswith("training/")
    assert "Insufficient capacity error from EC2" in spot[0]["reason"]
    assert spot[0]["severity"] == "medium" and spot[0]["target_kind"] == "jobs"
    hung = [r for r in stuck.values() if r["resource"].startswith("processing/fraud-features-")]
    assert len(hung) == 1 and hung[0]["target_kind"] == "processing"
    assert hung[0]["reason"].startswith("in progress for 1h")
    assert not any(r["kind"] == "endpoint-idle" for r in records)


def test_json_shows_the_idle_endpoint(monkeypatch, capsys) -> None:
    records = _triage_at(monkeypatch, capsys, 3 * 3600 + 300)
    (idle,) = [r for r in records if r["kind"] == "endpoint-idle"]
    assert idle["resource"] == "endpoint/churn-xgb-staging" and idle["severity"] == "low"
    assert idle["target_kind"] == "endpoints" and idle["target_key"] == "churn-xgb-staging"
    assert not any("waiting on capacity" in r["reason"] for r in records)

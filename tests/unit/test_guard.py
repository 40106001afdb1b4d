from __future__ import annotations

import json
from pathlib import Path

import pytest

from smtui.services.guard import ActionGuard, AuditContext, ReadOnlyRefused, read_audit


def guard(tmp_path: Path, read_only: bool) -> ActionGuard:
    return ActionGuard(
        read_only=read_only,
        audit_path=tmp_path / "state" / "audit.jsonl",
        context=AuditContext(profile="prod", region="eu-west-1", account="111122223333"),
    )


def test_read_only_refuses_before_the_call_and_audits(tmp_path: Path) -> None:
    calls: list[str] = []
    g = guard(tmp_path, read_only=True)
    with pytest.raises(ReadOnlyRefused):
        g.run("jobs.stop", "job-a", lambda: calls.append("sent"))
    assert calls == []
    (record,) = read_audit(g.audit_path)
    assert record["outcome"] == "refused: read-only"
    assert {k: record[k] for k in ("profile", "account", "region", "action", "resource")} == {
        "profile": "prod",
        "account": "111122223333",
        "region": "eu-west-1",
        "action": "jobs.stop",
        "resource": "job-a",
    }


def test_allowed_calls_and_errors_are_audited_as_json_lines(tmp_path: Path) -> None:
    g = guard(tmp_path, read_only=False)
    assert g.run("jobs.stop", "job-a", lambda: 42) == 42

    def boom() -> None:
        raise RuntimeError("ValidationException: nope")

    with pytest.raises(RuntimeError):
        g.run("jobs.stop", "job-b", boom)
    lines = g.audit_path.read_text().splitlines()
    assert [json.loads(line)["outcome"] for line in lines] == [
        "ok",
        "error: ValidationException: nope",
    ]
    assert all("time" in json.loads(line) for line in lines)


def test_a_torn_last_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    g = guard(tmp_path, read_only=False)
    g.run("jobs.stop", "job-a", lambda: None)
    with g.audit_path.open("a") as handle:
        handle.write('{"time": "2026-12-08T01:00:00+00:00", "action": "jobs.st')  # a crash
    g.run("jobs.stop", "job-b", lambda: None)
    g.run("jobs.stop", "job-c", lambda: None)
    assert [r["resource"] for r in read_audit(g.audit_path)] == ["job-a", "job-b", "job-c"]
    assert g.audit_path.read_text().endswith("\n")


def test_the_account_is_looked_up_once_when_unknown(tmp_path: Path, monkeypatch) -> None:
    from smtui.aws import identity

    looked: list[object] = []

    def caller(clients: object) -> identity.Identity:
        looked.append(clients)
        return identity.Identity("210987654321", "arn:aws:iam::210987654321:user/u", "U")

    monkeypatch.setattr(identity, "caller_identity", caller)
    g = ActionGuard(
        read_only=True,
        audit_path=tmp_path / "audit.jsonl",
        context=AuditContext(profile="p", region="r"),
        clients=object(),
    )
    for _ in range(2):
        with pytest.raises(ReadOnlyRefused):
            g.run("jobs.stop", "job-a", lambda: None, details={"source": "x", "token": "t"})
    assert len(looked) == 1
    records = read_audit(g.audit_path)
    assert [r["account"] for r in records] == ["210987654321"] * 2
    assert records[0]["details"] == {"source": "x", "token": "<redacted>"}


def test_the_audit_view_detail_shows_the_request_parameters() -> None:
    from smtui.services.kinds.audit import AUDIT

    record = {
        "time": "2026-12-08T01:00:00+00:00",
        "action": "endpoints.capacity",
        "resource": "endpoint/e/variant/v",
        "outcome": "unknown: HTTP 500 (InternalFailure: x)",
        "read_back": "EndpointStatus Updating",
        "account": "123456789012",
        "requests": [
            {
                "operation": "UpdateEndpointWeightsAndCapacities",
                "parameters": {"EndpointName": "e"},
                "sent": True,
            }
        ],
    }
    assert AUDIT.detail is not None and AUDIT.describe is not None
    sections = AUDIT.detail(record, AUDIT.describe(None, record, None))  # type: ignore[arg-type]
    assert ("Read again", "EndpointStatus Updating") in sections[0].rows
    assert sections[-1].title == "UpdateEndpointWeightsAndCapacities"
    assert sections[-1].raw["parameters"] == {"EndpointName": "e"}

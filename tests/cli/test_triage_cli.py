"""`smtui triage`: findings as JSON, the --fail-on exit code, and the webhook commands
(URL from an in-memory keyring, test send to a local receiver)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import keyring
import pytest

from smtui.cli import main
from smtui.services import secrets
from tests.unit.test_auth import MemoryKeyring
from tests.unit.test_triage_notify import Receiver


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """The in-memory backend, trusted as an OS keyring would be (smtui's allow-list)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setitem(secrets.SECURE, f"{MemoryKeyring.__module__}.MemoryKeyring", "test vault")
    yield backend
    keyring.set_keyring(previous)


def test_json_findings_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["triage", "--sandbox", "--output", "json", "--fail-on", "critical"])
    records = json.loads(capsys.readouterr().out)
    assert code == 1  # the sandbox starts with a Failed endpoint and a 5xx burst
    by_resource = {r["resource"]: r for r in records}
    failed = by_resource["endpoint/nlp-ner-staging"]
    assert {"kind", "severity", "resource", "reason", "since"} <= set(failed)
    assert failed["kind"] == "endpoint-status" and failed["severity"] == "critical"
    assert failed["since"].endswith("Z") or "+00:00" in failed["since"]
    # The 5xx burst (CloudWatch-based) is covered on a frozen clock by the Pilot timeline
    # test; here the wall-clock sandbox makes its window timing-dependent.
    severities = [r["severity"] for r in records]
    order = ["critical", "high", "medium", "low"]
    assert severities == sorted(severities, key=order.index)  # ranked


def test_exit_zero_without_fail_on_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["triage", "--sandbox"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["SEVERITY", "AGE", "KIND", "RESOURCE", "REASON"]
    assert "nlp-ner-staging" in out


def test_bad_severity_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["triage", "--sandbox", "--fail-on", "loud"])
    assert exc.value.code == 2


def test_webhook_set_test_forget(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    receiver = Receiver()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(receiver.url + "\n"))
        assert main(["triage", "webhook", "set"]) == 0
        assert memory_keyring.store[("smtui", "triage-webhook")] == receiver.url
        assert main(["triage", "webhook", "test"]) == 0
        assert "test message posted (HTTP 200)" in capsys.readouterr().out
        assert receiver.bodies == [{"text": "smtui triage: test message (the webhook works)"}]
        assert main(["triage", "webhook", "forget"]) == 0
        assert main(["triage", "webhook", "test"]) == 2
        assert "no webhook URL stored" in capsys.readouterr().err
    finally:
        receiver.close()
    assert main(["triage", "webhook", "shout"]) == 2

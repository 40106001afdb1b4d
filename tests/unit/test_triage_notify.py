"""Triage state (acknowledgements across restarts, 0600) and the webhook: keyring URL,
Slack-compatible JSON to a local receiver, rate limit."""

from __future__ import annotations

import json
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import keyring
import pytest

from smtui.domain.triage import Finding
from smtui.services.triage import webhook
from smtui.services.triage.store import TriageStore, state_file
from tests.unit.test_auth import MemoryKeyring

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Receiver:
    """A local webhook receiver: http.server on 127.0.0.1, records each POST body."""

    def __init__(self, status: int = 200) -> None:
        self.bodies: list[dict[str, object]] = []
        self.got = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                outer.bodies.append(json.loads(self.rfile.read(length)))
                outer.content_types.append(self.headers.get("Content-Type", ""))
                self.send_response(status)
                self.end_headers()
                outer.got.set()

            def log_message(self, *args: object) -> None:
                pass

        self.content_types: list[str] = []
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def finding(key: str = "a", severity: str = "high", state: str = "s") -> Finding:
    return Finding(
        "job-failed", severity, f"training/{key}", "failed: oom", NOW, "jobs", key, state
    )


def test_acknowledgements_persist_with_private_mode() -> None:
    store = TriageStore()
    store.acknowledge([finding("a")])
    path = state_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = TriageStore()  # a restart
    assert again.acks.visible([finding("a"), finding("b")]) == [finding("b")]
    assert again.acks.visible([finding("a", state="changed")]) == [finding("a", state="changed")]


def test_fresh_findings_are_announced_once() -> None:
    store = TriageStore()
    assert store.fresh([finding("a")]) == [finding("a")]
    assert store.fresh([finding("a")]) == []
    store.save()
    assert TriageStore().fresh([finding("a"), finding("b")]) == [finding("b")]


def test_url_lives_in_the_keyring(memory_keyring: MemoryKeyring) -> None:
    assert webhook.load_url() is None
    webhook.store_url("https://hooks.example.com/services/T/B/X")
    assert memory_keyring.store[("smtui", "triage-webhook")].startswith("https://")
    assert webhook.load_url() == "https://hooks.example.com/services/T/B/X"
    assert webhook.forget_url() is True and webhook.forget_url() is False
    from smtui.services.secrets import SecretsError

    with pytest.raises(SecretsError, match="must start with https"):
        webhook.store_url("ftp://nope")


def test_sender_posts_slack_json_rate_limited(
    receiver: Receiver, memory_keyring: MemoryKeyring
) -> None:
    webhook.store_url(receiver.url)
    sender = webhook.WebhookSender(interval=60)
    sender.offer([finding("a", "critical")])
    assert sender.flush(1000.0, "sandbox us-east-1", NOW.timestamp()) is True
    assert receiver.bodies == [
        {
            "text": "smtui triage (sandbox us-east-1): 1 new finding(s)\n"
            "• [critical] training/a: failed: oom (0m ago)"
        }
    ]
    assert receiver.content_types == ["application/json"]
    sender.offer([finding("b")])
    assert sender.flush(1030.0, "x", NOW.timestamp()) is False  # within the minute: waits
    sender.offer([finding("c")])
    assert sender.flush(1061.0, "x", NOW.timestamp()) is True  # both go together
    assert len(receiver.bodies) == 2
    text = str(receiver.bodies[1]["text"])
    assert "2 new finding(s)" in text and "training/b" in text and "training/c" in text


def test_sender_keeps_the_error_and_never_raises(memory_keyring: MemoryKeyring) -> None:
    bad = Receiver(status=500)
    try:
        webhook.store_url(bad.url)
        sender = webhook.WebhookSender(interval=0)
        sender.offer([finding()])
        assert sender.flush(1.0, "x", NOW.timestamp()) is False
        assert sender.error == "the webhook answered HTTP 500"
    finally:
        bad.close()
    sender = webhook.WebhookSender(interval=0, url=lambda: None)
    sender.offer([finding()])
    assert sender.flush(1.0, "x", NOW.timestamp()) is False  # none configured: dropped

"""The triage webhook: new findings posted as Slack-compatible JSON ``{"text": ...}``.

Its URL lives in the OS keyring (service ``smtui``, user ``triage-webhook``), never in the
config file: a Slack incoming-webhook URL is a secret (anyone holding it can post).
Slack's incoming webhooks take a JSON body with a ``text`` field:
https://api.slack.com/messaging/webhooks
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence

import keyring
import keyring.errors

from smtui.domain.triage import Finding, age_text
from smtui.services.secrets import NO_BACKEND_HELP, SERVICE, SecretsError, _backend_call

USER = "triage-webhook"
TIMEOUT = 5.0


class WebhookError(Exception):
    """The post did not succeed (the message says why, never the URL)."""


def check_url(url: str) -> str | None:
    """A message for a URL that cannot be a webhook, or None."""
    if not url.startswith(("https://", "http://")):
        return "the webhook URL must start with https:// (or http:// for a local receiver)"
    if any(c.isspace() for c in url):
        return "the webhook URL has spaces"
    return None


def store_url(url: str) -> None:
    problem = check_url(url)
    if problem:
        raise SecretsError(problem)
    _backend_call(keyring.set_password, SERVICE, USER, url)


def load_url() -> str | None:
    """The stored URL, or None when there is none or no keyring can be read."""
    try:
        return _backend_call(keyring.get_password, SERVICE, USER)  # type: ignore[no-any-return]
    except SecretsError:
        return None


def forget_url() -> bool:
    """Remove the stored URL; False when there was none."""
    try:
        keyring.delete_password(SERVICE, USER)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.NoKeyringError:
        raise SecretsError(NO_BACKEND_HELP) from None
    except keyring.errors.KeyringError as exc:
        raise SecretsError(f"keyring error: {type(exc).__name__}") from None
    return True


def post(url: str, text: str, timeout: float = TIMEOUT) -> int:
    """POST ``{"text": text}``; returns the HTTP status (2xx) or raises WebhookError."""
    body = json.dumps({"text": text}).encode()
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise WebhookError(f"the webhook answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise WebhookError(f"the webhook could not be reached: {reason}") from None


def message(findings: Sequence[Finding], where: str, now_epoch: float) -> str:
    lines = [f"smtui triage ({where}): {len(findings)} new finding(s)"]
    for f in findings[:20]:
        age = age_text(now_epoch - f.since.timestamp())
        lines.append(f"• [{f.severity}] {f.resource}: {f.reason} ({age} ago)")
    if len(findings) > 20:
        lines.append(f"… and {len(findings) - 20} more")
    return "\n".join(lines)


class WebhookSender:
    """Rate-limited: at most one post per ``interval`` seconds; findings that arrive in
    between wait and go in the next post. Never raises (the last error is kept)."""

    def __init__(
        self,
        interval: float,
        url: Callable[[], str | None] = load_url,
        send: Callable[[str, str], int] = post,
    ) -> None:
        self.interval = interval
        self._url = url
        self._send = send
        self._queue: list[Finding] = []
        self._last: float | None = None
        self._lock = threading.Lock()
        self.sent = 0
        self.error = ""

    def offer(self, findings: Sequence[Finding]) -> None:
        with self._lock:
            self._queue.extend(findings)

    def flush(self, mono: float, where: str, now_epoch: float) -> bool:
        """Post what waits, unless the last post was too recent; True when posted."""
        with self._lock:
            if not self._queue:
                return False
            if self._last is not None and mono - self._last < self.interval:
                return False
            url = self._url()
            if not url:
                self._queue.clear()  # no webhook configured: nothing to keep
                return False
            batch, self._queue = self._queue, []
            self._last = mono
        try:
            self._send(url, message(batch, where, now_epoch))
        except WebhookError as exc:
            self.error = str(exc)
            return False
        self.sent += 1
        self.error = ""
        return True

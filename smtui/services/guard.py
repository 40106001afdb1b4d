"""The action guard: the one path of every mutating call, below the UI and the CLI.

:meth:`ActionGuard.run` is the only code that opens a mutation permit
(smtui/aws/mutations.py), without which no mutating client exists. It:

- refuses in read-only mode before the call function runs, so no request is sent;
- runs the call inside the permit: each request goes to the never-retried client and
  is recorded (operation, parameters, whether it was sent, its HTTP status);
- when a sent request got no answer (a reset, a timeout) or a 5xx, the outcome is
  unknown: it reads the resource back (smtui/aws/recheck.py) and raises
  :class:`OutcomeUnknown`, saying so, what the resource looks like now and how to check;
- appends one JSON line per attempt to the audit log: time, profile, the account (STS
  GetCallerIdentity, looked up once), region, action, resource, the requests with their
  parameters (secrets redacted, smtui/domain/redact.py) and the outcome.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from smtui.aws import mutations
from smtui.aws.errors import AwsError
from smtui.domain.redact import redact

T = TypeVar("T")
UNKNOWN_ACCOUNT = "unknown"


class ReadOnlyRefused(Exception):
    """A mutating action was refused because the console is read-only."""

    def __init__(self, action: str, resource: str) -> None:
        super().__init__(f"read-only mode: {action} on {resource} was not sent")
        self.action = action
        self.resource = resource


@dataclass(frozen=True, slots=True)
class OutcomeUnknown(AwsError):
    """A mutating request was sent once and its answer was lost (no answer, or a 5xx):
    it may or may not have been applied. Never retried automatically."""

    state: str = ""
    """The resource read back after the lost answer, e.g. ``EndpointStatus Deleting``."""
    check: str = ""
    """The AWS CLI command that reads the resource, to check before retrying."""
    audit_path: str = ""


@dataclass(slots=True)
class AuditContext:
    profile: str
    region: str
    account: str = UNKNOWN_ACCOUNT


class ActionGuard:
    def __init__(
        self,
        *,
        read_only: bool,
        audit_path: Path,
        context: AuditContext,
        clients: Any = None,
    ) -> None:
        self.read_only = read_only
        self.audit_path = audit_path
        self.context = context
        self.clients = clients
        """For the account lookup and the read back after a lost answer (None: neither)."""
        self._lock = threading.Lock()

    def run(
        self,
        action: str,
        resource: str,
        call: Callable[[], T],
        *,
        details: dict[str, Any] | None = None,
    ) -> T:
        """Run a mutating call unless read-only; audit the outcome either way."""
        self._resolve_account()
        extra = {"details": redact(details)} if details else {}
        if self.read_only:
            self._append(action, resource, "refused: read-only", [], extra)
            raise ReadOnlyRefused(action, resource)
        with mutations.permit() as permit:
            try:
                result = call()
            except AwsError as exc:
                lost = _lost(permit)
                if lost is None:
                    self._append(action, resource, f"error: {exc}", permit.requests, extra)
                    raise
                raise self._unknown(action, resource, exc, lost, permit, extra) from None
            except Exception as exc:
                self._append(action, resource, f"error: {exc}", permit.requests, extra)
                raise
        self._append(action, resource, "ok", permit.requests, extra)
        return result

    def _unknown(
        self,
        action: str,
        resource: str,
        exc: AwsError,
        lost: mutations.Request,
        permit: mutations.Permit,
        extra: dict[str, Any],
    ) -> OutcomeUnknown:
        from smtui.aws.recheck import cli_command, describe_again

        how = "no answer" if lost.status is None else f"HTTP {lost.status}"
        state = check = ""
        if self.clients is not None:
            state = describe_again(self.clients, lost)
            check = cli_command(self.clients, lost)
        outcome = f"unknown: {how} ({exc.code}: {exc.message})"
        self._append(action, resource, outcome, permit.requests, {**extra, "read_back": state})
        answered = "got no answer" if lost.status is None else f"got HTTP {lost.status}"
        message = (
            f"outcome unknown, check before retrying: {lost.operation} on {resource} was "
            f"sent once and {answered} ({exc.code}: {exc.message}); it may or may not have "
            "been applied."
        )
        if state:
            message += f" Read again: {state}."
        return OutcomeUnknown(
            "OutcomeUnknown",
            message,
            lost.operation,
            exc.status,
            exc.service,
            state=state,
            check=check,
            audit_path=str(self.audit_path),
        )

    def _resolve_account(self) -> None:
        """The account the session acts as, once (STS GetCallerIdentity, a read)."""
        if self.context.account != UNKNOWN_ACCOUNT or self.clients is None:
            return
        from smtui.aws.identity import caller_identity

        try:
            self.context.account = caller_identity(self.clients).account
        except AwsError:
            pass  # recorded as unknown; the mutation's own error says what is wrong

    def _append(
        self,
        action: str,
        resource: str,
        outcome: str,
        requests: list[mutations.Request],
        extra: dict[str, Any],
    ) -> None:
        record: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "profile": self.context.profile,
            "account": self.context.account,
            "region": self.context.region,
            "action": action,
            "resource": resource,
            "outcome": outcome,
            "requests": [
                {
                    "operation": r.operation,
                    "parameters": redact(r.params),
                    "sent": r.sent,
                    **({"status": r.status} if r.status is not None else {}),
                }
                for r in requests
            ],
            **extra,
        }
        line = json.dumps(record, sort_keys=False, default=str) + "\n"
        with self._lock:
            append_private(self.audit_path, line)


def _lost(permit: mutations.Permit) -> mutations.Request | None:
    """The request whose answer was lost (sent; no answer or a 5xx), if the call ended so.

    A 5xx or a dropped connection can follow a request the service already applied: the
    answer, not the request, was lost ("Making retries safe with idempotent APIs", the
    Amazon Builders' Library, https://aws.amazon.com/builders-library/making-retries-safe-
    with-idempotent-APIs/); botocore's standard mode retries both (botocore/retries/
    standard.py), which is why mutations use a client with total_max_attempts 1."""
    last = permit.last
    if last is None or not last.sent:
        return None
    return last if last.status is None or last.status >= 500 else None


def append_private(path: Path, text: str) -> None:
    """Append one record to a file only its owner can read (0600, in a 0700 directory).

    The record is one ``write`` (O_APPEND); when the file does not end with a newline (a
    crash tore the last record), a newline goes first, so the torn line never swallows
    this one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = text.encode("utf-8")
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)


def read_audit(path: Path, limit: int = 10_000) -> list[dict[str, Any]]:
    """The newest ``limit`` audit records, oldest first; torn or unreadable lines skipped."""
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                records.append(record)
    return records[-limit:]

"""The action guard: read-only mode and the audit log, below the UI.

Every mutating call goes through :meth:`ActionGuard.run`. In read-only mode it is
refused before the call function runs, so no request is ever sent. Every attempt,
allowed or refused, is appended to the audit log as one JSON line.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from smtui.aws.errors import AwsError

T = TypeVar("T")


class ReadOnlyRefused(Exception):
    """A mutating action was refused because the console is read-only."""

    def __init__(self, action: str, resource: str) -> None:
        super().__init__(f"read-only mode: {action} on {resource} was not sent")
        self.action = action
        self.resource = resource


@dataclass(slots=True)
class AuditContext:
    profile: str
    region: str
    account: str = "unknown"


class ActionGuard:
    def __init__(self, *, read_only: bool, audit_path: Path, context: AuditContext) -> None:
        self.read_only = read_only
        self.audit_path = audit_path
        self.context = context
        self._lock = threading.Lock()

    def run(self, action: str, resource: str, call: Callable[[], T]) -> T:
        """Run a mutating call unless read-only; audit the outcome either way."""
        if self.read_only:
            self._append(action, resource, "refused: read-only")
            raise ReadOnlyRefused(action, resource)
        try:
            result = call()
        except AwsError as exc:
            if exc.is_connection:  # sent once, no answer: it may or may not have happened
                self._append(action, resource, f"unknown: no answer ({exc.code}: {exc.message})")
            else:
                self._append(action, resource, f"error: {exc}")
            raise
        except Exception as exc:
            self._append(action, resource, f"error: {exc}")
            raise
        self._append(action, resource, "ok")
        return result

    def _append(self, action: str, resource: str, outcome: str) -> None:
        record = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "profile": self.context.profile,
            "account": self.context.account,
            "region": self.context.region,
            "action": action,
            "resource": resource,
            "outcome": outcome,
        }
        line = json.dumps(record, sort_keys=False) + "\n"
        with self._lock:
            append_private(self.audit_path, line)


def append_private(path: Path, text: str) -> None:
    """Append to a file only its owner can read (0600, in a 0700 directory)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(text)


def read_audit(path: Path, limit: int = 10_000) -> list[dict[str, str]]:
    """The newest ``limit`` audit records, oldest first; unreadable lines are skipped."""
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return records[-limit:]

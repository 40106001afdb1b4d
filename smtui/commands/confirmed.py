"""A mutating CLI call: confirmation (unless --yes), read-only refusal and the audit log.

Read-only is checked first, through the action guard: a refused call is audited and
nothing is asked or sent. Otherwise the user confirms, then the guard runs the call,
sent once. When its answer is lost (no answer, or a 5xx), the outcome is unknown: that
is said on stderr with the resource as read again, the AWS CLI command that checks it
and the audit log that has the request; the exit status is 3.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from smtui.commands.context import CommandContext
from smtui.services.guard import OutcomeUnknown

OUTCOME_UNKNOWN = 3
"""Exit status of a mutation whose outcome is unknown (check before retrying)."""


def run_confirmed(
    ctx: CommandContext,
    action: str,
    resource: str,
    question: str,
    call: Callable[[], object],
    *,
    details: dict[str, Any] | None = None,
    ask: Callable[[str], bool] | None = None,
) -> int:
    """``ask`` replaces the yes/no question (a typed name for the costliest actions)."""
    guard = ctx.backend().guard
    if not guard.read_only and not (ask or ctx.confirm)(question):
        print("cancelled: nothing was sent")
        return 1
    try:
        guard.run(action, resource, call, details=details)  # ReadOnlyRefused when read-only
    except OutcomeUnknown as exc:
        report_unknown(exc)
        return OUTCOME_UNKNOWN
    return 0


def report_unknown(exc: OutcomeUnknown) -> None:
    print(f"smtui: {exc.message}", file=sys.stderr)
    if exc.check:
        print(f"  check it: {exc.check}", file=sys.stderr)
    print(f"  the request is in the audit log: {exc.audit_path}", file=sys.stderr)

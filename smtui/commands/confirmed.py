"""A mutating CLI call: confirmation (unless --yes), read-only refusal and the audit log.

Read-only is checked first, through the action guard: a refused call is audited and
nothing is asked or sent. Otherwise the user confirms, then the guard runs the call.
"""

from __future__ import annotations

from collections.abc import Callable

from smtui.commands.context import CommandContext


def run_confirmed(
    ctx: CommandContext, action: str, resource: str, question: str, call: Callable[[], object]
) -> int:
    guard = ctx.backend().guard
    if not guard.read_only and not ctx.confirm(question):
        print("cancelled: nothing was sent")
        return 1
    guard.run(action, resource, call)  # raises ReadOnlyRefused when read-only
    return 0

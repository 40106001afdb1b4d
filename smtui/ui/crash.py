"""What the console prints when it dies of an unexpected exception.

Textual's default is a traceback with every frame's local variables (``show_locals``):
describes, role ARNs, tags and hyperparameters reach the terminal. smtui prints one line
instead, as the CLI does (smtui/cli.py), and the exit status is non-zero; with --debug
(or SMTUI_DEBUG=1) the traceback too, never with local variables.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from rich.traceback import Traceback


def one_line(error: BaseException | None) -> str:
    if error is None:
        return "smtui: unexpected error; run again with --debug for details"
    detail = f": {error}" if str(error) else ""
    return (
        f"smtui: unexpected error ({type(error).__name__}{detail}); "
        "run again with --debug for details"
    )


def fatal_error(app: Any, *, tracebacks: bool) -> None:
    """Stands in for ``App._fatal_error`` (called while the exception is handled)."""
    error = sys.exc_info()[1] or getattr(app, "_exception", None)
    parts: list[RenderableType] = []
    if tracebacks and error is not None:
        parts.append(
            Traceback.from_exception(
                type(error), error, error.__traceback__, show_locals=False, width=None
            )
        )
    parts.append(Text(one_line(error)))  # one message (the terminal may wrap it)
    # Only the first exit renderable is printed outside Textual's dev mode: one group.
    app._exit_renderables.append(Group(*parts))
    app._close_messages_no_wait()

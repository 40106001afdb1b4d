"""Copy through OSC 52, so it works over SSH and inside tmux; always show what was copied.

The application cannot know whether the terminal honoured OSC 52 (terminals that refuse
it say nothing), so the notification always carries the text itself: the user can select
it from the toast when the clipboard stayed empty. Long text (a describe as JSON, many
log lines) is shown up to ``SHOWN_LINES`` lines, with how much more was copied.
"""

from __future__ import annotations

from textual.app import App

SHOWN_LINES = 12
SHOWN_CHARS = 1200


def toast_text(text: str) -> str:
    """What the toast shows of ``text``: all of it, or its start and what was left out."""
    lines = text.splitlines() or [""]
    shown = "\n".join(lines[:SHOWN_LINES])[:SHOWN_CHARS]
    if shown == text:
        return text
    return f"{shown}\n… ({len(lines)} lines, {len(text)} characters copied)"


def copy_text(app: App[object], text: str, what: str) -> None:
    app.copy_to_clipboard(text)  # writes the OSC 52 escape sequence to the terminal
    app.notify(toast_text(text), title=f"Copied {what} (OSC 52)", timeout=8, markup=False)

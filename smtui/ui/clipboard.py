"""Copy through OSC 52, so it works over SSH and inside tmux; always show what was copied.

Some terminals refuse OSC 52 silently, so the notification carries the text itself:
the user can select it from the toast when the clipboard stayed empty.
"""

from __future__ import annotations

from textual.app import App


def copy_text(app: App[object], text: str, what: str) -> None:
    app.copy_to_clipboard(text)  # writes the OSC 52 escape sequence to the terminal
    app.notify(text, title=f"Copied {what} (OSC 52)", timeout=8, markup=False)

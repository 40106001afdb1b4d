"""Dedicated input screens of registry actions (``Action.editor``), by name."""

from __future__ import annotations

from typing import Any

from smtui.services.registry import Action, Item
from smtui.ui.screens.base import ConsoleScreen


def open_editor(screen: ConsoleScreen, action: Action, targets: list[tuple[str, Item]]) -> None:
    """Open ``action``'s editor for one target; once it reports the created item (a
    describe), open that item's detail screen."""
    if len(targets) > 1:
        screen.notify(f"{action.label}: select one row at a time", severity="warning")
        return
    if action.editor not in ("retrain", "clone"):
        screen.notify(f"{action.label}: no editor {action.editor!r}", severity="error")
        return
    from smtui.ui.screens.retrain_screen import RetrainScreen

    key, item = targets[0]
    kind = screen.kind
    backend, key = screen.source_of(key)  # the row's own source (a merged view)

    def done(data: dict[str, Any] | None) -> None:
        if not data:
            return
        screen.notify(f"Launched {data.get('TrainingJobName')}", title=action.label)
        screen.after_action()
        if kind.from_describe is not None:
            from smtui.ui.screens.detail_screen import DetailScreen

            screen.app.push_screen(DetailScreen(backend, kind, kind.from_describe(data)))

    screen.app.push_screen(RetrainScreen(backend, action, key, item), done)

"""What every console screen shares: header, command line, footer, and running actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from smtui.services.backend import AwsError, Backend, ReadOnlyRefused
from smtui.services.registry import Action, Item, ResourceKind
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.widgets.command_line import CommandLine
from smtui.ui.widgets.info_header import InfoHeader

if TYPE_CHECKING:
    from datetime import datetime


def action_bindings(kind: ResourceKind) -> list[Binding]:
    """One binding per registry action and child view, with ids so users can remap them."""
    return [
        *(
            Binding(a.key, f"run_action('{a.id}')", a.label, id=a.id, tooltip=a.description)
            for a in kind.actions
        ),
        *(Binding(c.key, f"open_child('{c.id}')", c.label, id=c.id) for c in kind.children),
    ]


class ConsoleScreen(Screen[None]):
    """Header on top, the screen's body, the `:` line and the footer at the bottom."""

    last_refresh: datetime | None = None
    is_stale: bool = False
    paused: bool = False

    def __init__(self, backend: Backend, kind: ResourceKind) -> None:
        super().__init__()
        self.backend = backend
        self.kind = kind
        self._actions = {a.id: a for a in kind.actions}
        for binding in action_bindings(kind):
            self._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)

    def compose(self) -> ComposeResult:
        yield InfoHeader()
        yield from self.compose_body()
        yield CommandLine(self._command_words())
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def _command_words(self) -> Iterable[str]:
        return [*self.backend.registry.completions(), "help", "quit"]

    # --- actions on items -------------------------------------------------------
    def action_targets(self) -> list[tuple[str, Item]]:
        """The (key, item) pairs an action applies to: the selection, else the cursor row."""
        return []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_action" and parameters:
            act = self._actions.get(str(parameters[0]))
            if act is None:
                return False
            targets = self.action_targets()
            return True if any(act.applies(item) for _, item in targets) else None
        if action == "open_child":
            return True if self.current_item() is not None else None
        return True

    def action_run_action(self, action_id: str) -> None:
        action = self._actions[action_id]
        targets = [(k, i) for k, i in self.action_targets() if action.applies(i)]
        if not targets:
            self.notify(f"{action.label}: does not apply here", severity="warning")
            return
        if action.mutating and self.backend.settings.read_only:
            self._execute(action, targets)  # the guard refuses and audits; nothing is sent
            return
        if action.confirm is None:
            self._execute(action, targets)
            return
        message = (
            action.confirm(targets[0][1])
            if len(targets) == 1
            else (
                f"{action.label} {len(targets)} {self.kind.title.lower()}?\n"
                + "\n".join(k for k, _ in targets[:10])
                + ("\n…" if len(targets) > 10 else "")
            )
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._execute(action, targets)

        self.app.push_screen(ConfirmScreen(f"{action.label}?", message, action.label), answered)

    @work(thread=True, group="action", exit_on_error=False)
    def _execute(self, action: Action, targets: list[tuple[str, Item]]) -> None:
        for key, item in targets:
            try:
                outcome = self.backend.run_action(action, key, item)
            except ReadOnlyRefused as exc:
                self.app.call_from_thread(
                    self.notify, str(exc), title="Read-only", severity="warning"
                )
            except AwsError as exc:
                self.app.call_from_thread(
                    self.notify,
                    exc.message,
                    title=f"{exc.code} ({action.label} {key})",
                    severity="error",
                    timeout=15,
                )
            else:
                self.app.call_from_thread(self.notify, outcome, title=action.label)
        self.app.call_from_thread(self.after_action)

    def after_action(self) -> None:
        """Refresh what the action changed."""

    # --- child views ---------------------------------------------------------------
    def current_item(self) -> Item | None:
        return None

    def action_open_child(self, child_id: str) -> None:
        item = self.current_item()
        child = next((c for c in self.kind.children if c.id == child_id), None)
        if item is None or child is None:
            return
        kind = self.backend.registry.kinds[child.kind]
        from smtui.ui.screens.resource_screen import ResourceScreen

        label = f" of {child.title(item)}"
        self.app.push_screen(ResourceScreen(self.backend, kind, child.params(item), label))

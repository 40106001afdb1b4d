"""What every console screen shares: header, command line, footer, and running actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events, work
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from smtui.services.backend import AwsError, Backend, ReadOnlyRefused
from smtui.services.guard import OutcomeUnknown
from smtui.services.registry import Action, Item, Link, ResourceKind
from smtui.ui.keymap import key_label
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.typed_confirm import TypedConfirmScreen
from smtui.ui.typeahead import takes_text
from smtui.ui.widgets.command_line import CommandLine
from smtui.ui.widgets.console_footer import ConsoleFooter
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
        *(Binding(k.key, f"open_child('{k.id}')", k.label, id=k.id) for k in kind.links),
    ]


class ConsoleScreen(Screen[None]):
    """Header on top, the screen's body, the `:` line and the footer at the bottom."""

    _action_state: tuple[bool | None, ...] | None = None
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
        # The footer first: what else docks at the bottom (the `:` line, a view's filter
        # box) comes later, so it is drawn over the footer when open, not hidden under it.
        yield ConsoleFooter()
        yield from self.compose_body()
        yield CommandLine(self._command_words())

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        """Back on this view (or first shown): a clean view, whatever was open when the
        user left it; then the `:` line if `:` was typed while this view was built."""
        for line in self.query(CommandLine):
            if line.is_open:
                line.action_close()
        self.clean_view()
        self.call_after_refresh(getattr(self.app, "view_ready", lambda: None))

    def clean_view(self) -> None:
        """Close this view's own input boxes (a filter bar) and focus its body."""

    def _command_words(self) -> Iterable[str]:
        extra: list[str] = getattr(self.app, "line_command_words", list)()  # `theme NAME`
        return [*self.backend.registry.completions(), *extra, "help", "quit"]

    # --- actions on items -------------------------------------------------------
    def action_targets(self) -> list[tuple[str, Item]]:
        """The (key, item) pairs an action applies to: the selection, else the cursor row."""
        return []

    def source_of(self, key: str | None) -> tuple[Backend, str]:
        """The backend a row's calls go to and the row's key there: this screen's, except
        in a view merging several sources (profiles, regions), where each row has its own
        (smtui/ui/screens/fanout_screen.py). ``None``: the cursor row."""
        return self.backend, key or ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_action" and parameters:
            act = self._actions.get(str(parameters[0]))
            if act is None:
                return False
            if act.mutating and self.backend.credentials_expired:
                return None  # shown dimmed until credentials work again
            targets = self.action_targets()
            return True if any(act.applies(item) for _, item in targets) else None
        if action == "open_child":
            item = self.current_item()
            link = self._link(str(parameters[0])) if parameters else None
            if item is not None and link is not None:
                return True if link.applies(item) else None
            return True if item is not None else None
        return True

    def on_key(self, event: events.Key) -> None:
        """A key of this view that does not apply now says why, instead of nothing
        (issue 20.4); a key something else handles is left to it."""
        if takes_text(self.focused):
            return
        mine: list[str] = []
        for node, bindings in self._binding_chain:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                if self.app._check_action_state(binding.action, node):
                    return
                if node is self:
                    mine.append(binding.action)
        for action in mine:
            _, name, params = parse_action(action)
            reason = self.why_not(name, params)
            if reason:
                self.notify(reason, severity="warning", timeout=5, markup=False)
                return

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str:
        """Why ``action`` does not apply now ("" to say nothing)."""
        if action == "run_action" and parameters:
            act = self._actions.get(str(parameters[0]))
            if act is None:
                return ""
            if act.mutating and self.backend.credentials_expired:
                return f"{act.label}: credentials expired; it works again once they are renewed"
            targets = self.action_targets()
            if not targets:
                return f"{act.label}: no row here"
            key, item = targets[0]
            status = self.kind.status(item) if self.kind.status is not None else ""
            state = f" is {status}" if status else ""
            others = [
                f"{key_label(a.key)} {a.label}"
                for a in self.kind.actions
                if a is not act and a.mutating and act.mutating and a.applies(item)
            ]
            hint = f" ({', '.join(others)} does)" if others else ""
            why = hint or f". {act.description}"
            return f"{act.label} does not apply: {key}{state}{why}"
        if action == "open_child":
            return "Nothing to open here" if self.current_item() is None else ""
        return ""

    def action_run_action(self, action_id: str) -> None:
        action = self._actions[action_id]
        targets = [(k, i) for k, i in self.action_targets() if action.applies(i)]
        if not targets:
            self.notify(f"{action.label}: does not apply here", severity="warning")
            return
        if action.copy is not None:  # local: copy text (OSC 52) and show it; no API call
            from smtui.ui.clipboard import copy_text

            text = "\n".join(action.copy(item, self.source_of(k)[0].region) for k, item in targets)
            copy_text(self.app, text, action.label.removeprefix("Copy ").lower())
            return
        if action.mutating and self.source_of(targets[0][0])[0].settings.read_only:
            self._execute(action, targets)  # the guard refuses and audits; nothing is sent
            return
        if action.form is not None:
            self._open_form(action, targets)
            return
        if action.editor:
            from smtui.ui.screens.editors import open_editor

            open_editor(self, action, targets)
            return
        if action.typed is not None:
            self._confirm_typed(action, targets)
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

    def _confirm_typed(self, action: Action, targets: list[tuple[str, Item]]) -> None:
        """The costliest actions: the user types the name; one item at a time."""
        assert action.typed is not None
        if len(targets) > 1:
            self.notify(
                f"{action.label} asks for each name: select one row at a time",
                severity="warning",
            )
            return
        item = targets[0][1]
        message = action.confirm(item) if action.confirm is not None else action.description

        def answered(yes: bool | None) -> None:
            if yes:
                self._execute(action, targets)

        screen = TypedConfirmScreen(f"{action.label}?", message, action.typed(item), action.label)
        self.app.push_screen(screen, answered)

    def _open_form(self, action: Action, targets: list[tuple[str, Item]]) -> None:
        """An action with input: its form checks, previews and runs the call itself."""
        if len(targets) > 1:
            self.notify(f"{action.label}: select one row at a time", severity="warning")
            return
        from smtui.ui.screens.form_screen import FormScreen

        key, item = targets[0]

        def done(outcome: str | None) -> None:
            if outcome:
                self.notify(outcome, title=action.label)
                self.after_action()

        backend, key = self.source_of(key)
        self.app.push_screen(FormScreen(backend, action, key, item), done)

    @work(thread=True, group="action", exit_on_error=False)
    def _execute(self, action: Action, targets: list[tuple[str, Item]]) -> None:
        for key, item in targets:
            try:
                backend, own_key = self.source_of(key)
                outcome = backend.run_action(action, own_key, item)
            except ReadOnlyRefused as exc:
                self.app.call_from_thread(
                    self.notify, str(exc), title="Read-only", severity="warning"
                )
            except AwsError as exc:
                # OutcomeUnknown: the message says so and how the resource reads now
                unknown = isinstance(exc, OutcomeUnknown)
                self.app.call_from_thread(
                    self.notify,
                    exc.message + (" (:audit has the request)" if unknown else ""),
                    title=f"{exc.code} ({action.label} {key})",
                    severity="error",
                    timeout=15,
                )
            else:
                self.app.call_from_thread(self.notify, outcome, title=action.label)
        self.app.call_from_thread(self.after_action)

    def after_action(self) -> None:
        """Refresh what the action changed."""

    def refresh_actions(self) -> None:
        """Re-check which keys apply; repaint the footer only when that changed.

        Textual 8.2.8's Footer keeps every FooterKey it ever composed bound to its
        ``compact`` reactive, so refreshing bindings on every cursor move or poll leaks
        memory (found by tests/ui/test_soak.py); this keeps refreshes to real changes.
        """
        state = []
        for bindings in self._bindings.key_to_bindings.values():
            for binding in bindings:
                _, name, params = parse_action(binding.action)
                state.append(self.check_action(name, params))
        signature = tuple(state)
        if signature != self._action_state:
            self._action_state = signature
            self.refresh_bindings()

    # --- child views ---------------------------------------------------------------
    def current_item(self) -> Item | None:
        return None

    def action_open_child(self, child_id: str) -> None:
        item = self.current_item()
        link = self._link(child_id)
        if item is not None and link is not None:
            describe = getattr(self, "action_describe", None)
            if link.applies(item):
                self._follow_link(link, item, self.source_of(None)[0])
            elif self.kind.enter == link.id and describe is not None and self.kind.describe:
                describe()  # `enter` on a row that points nowhere opens its own detail
            else:
                self.notify(f"{link.label}: nothing to open here", severity="warning")
            return
        child = next((c for c in self.kind.children if c.id == child_id), None)
        if item is None or child is None:
            return
        kind = self.backend.registry.kinds[child.kind]
        from smtui.ui.screens.resource_screen import ResourceScreen

        label = f" of {child.title(item)}"
        backend = self.source_of(None)[0]  # the row's own source
        self.app.push_screen(ResourceScreen(backend, kind, child.params(item), label))

    # --- links to items of other kinds -------------------------------------------------
    def _link(self, link_id: str) -> Link | None:
        return next((k for k in self.kind.links if k.id == link_id), None)

    @work(thread=True, group="link", exclusive=True, exit_on_error=False)
    def _follow_link(self, link: Link, item: Item, backend: Backend | None = None) -> None:
        """Find the target item in a worker, then open its detail screen."""
        backend = backend or self.backend
        try:
            target = link.target(backend.clients, item)
        except AwsError as exc:
            self.app.call_from_thread(
                self.notify, exc.message, title=f"{exc.code} ({link.label})", severity="error"
            )
            return
        except Exception as exc:  # a bad response never crashes the screen
            self.app.call_from_thread(
                self.notify, str(exc), title=f"{link.label} failed", severity="error"
            )
            return
        self.app.call_from_thread(self._open_target, link, target, backend)

    def _open_target(
        self,
        link: Link,
        target: tuple[str, dict[str, object]] | None,
        backend: Backend | None = None,
    ) -> None:
        if target is None:
            self.notify(f"{link.label}: nothing to open here", severity="warning")
            return
        kind_name, data = target
        kind = self.backend.registry.kinds.get(kind_name)
        if kind is None or kind.from_describe is None or kind.describe is None:
            self.notify(
                f"{link.label}: this console has no {kind_name} view yet", severity="warning"
            )
            return
        try:
            item = kind.from_describe(data)
        except (KeyError, TypeError, ValueError) as exc:
            self.notify(f"{link.label}: {exc}", severity="error")
            return
        from smtui.ui.screens.detail_screen import DetailScreen

        self.app.push_screen(DetailScreen(backend or self.backend, kind, item))

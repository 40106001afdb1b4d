"""The Textual application: screens stack like k9s views; `esc` goes back."""

from __future__ import annotations

import shlex

from textual import on, work
from textual.app import App
from textual.binding import Binding

from smtui.services.backend import AwsError, Backend
from smtui.services.registry import QueryError
from smtui.ui.commands import ViewCommands
from smtui.ui.screens.help import HelpScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.themes import shipped_themes
from smtui.ui.widgets.command_line import CommandLine
from smtui.ui.widgets.info_header import InfoHeader


class SmtuiApp(App[None]):
    TITLE = "smtui"
    COMMANDS = App.COMMANDS | {ViewCommands}
    BINDINGS = [
        Binding("colon", "command_line", "View", id="app.command"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, backend: Backend, *, start: str = "jobs") -> None:
        super().__init__()
        self.backend = backend
        self._start = start
        for theme in shipped_themes():
            self.register_theme(theme)
        if backend.settings.theme in self.available_themes:
            self.theme = backend.settings.theme
        if backend.settings.keys:
            self.set_keymap(dict(backend.settings.keys))

    def on_mount(self) -> None:
        self.run_command_line(self._start)
        self._load_identity()

    @work(thread=True, exit_on_error=False)
    def _load_identity(self) -> None:
        try:
            self.backend.fetch_identity()
            self.call_from_thread(self.refresh_header)
        except AwsError as exc:
            self.call_from_thread(
                self.notify,
                exc.message,
                title=f"{exc.code} (identity)",
                severity="error",
                timeout=15,
            )

    def refresh_header(self) -> None:
        for header in self.screen.query(InfoHeader):
            header.update_info()

    # --- the `:` command line ------------------------------------------------------
    def action_command_line(self) -> None:
        lines = self.screen.query(CommandLine)
        if lines:
            lines.first().open()

    @on(CommandLine.Submitted)
    def _command_submitted(self, message: CommandLine.Submitted) -> None:
        error = self.run_command_line(message.text)
        line = self.screen.query(CommandLine)
        if error and line:
            line.first().show_error(error)
        elif line:
            line.first().action_close()

    def run_command_line(self, text: str) -> str | None:
        """Run a `:` command; returns an error message (and changes nothing) when bad."""
        try:
            words = shlex.split(text)
        except ValueError as exc:
            return str(exc)
        if not words:
            return "type a view name, e.g. jobs"
        head, args = words[0].lower(), words[1:]
        if head in ("q", "quit", "q!"):
            self.exit()
            return None
        if head in ("help", "h", "?"):
            self.action_help()
            return None
        kind = self.backend.registry.resolve(head)
        if kind is None:
            names = ", ".join(k.name for k in self.backend.registry)
            return f"unknown view {head!r}: try {names}"
        try:
            params = kind.parse_args(args)
        except QueryError as exc:
            return str(exc)
        label = f" ({' '.join(args)})" if args else ""
        for screen in self.screen_stack:
            if (
                isinstance(screen, ResourceScreen)
                and screen.kind is kind
                and screen.params == params
            ):
                while self.screen is not screen:
                    self.pop_screen()
                return None
        self.push_screen(ResourceScreen(self.backend, kind, params, label))
        return None

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        # One row per binding (all its keys together): this view's keys first, then the
        # app's, then the focused widget's (table movement).
        groups: dict[str, tuple[int, list[str], str, str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            ident = binding.id or f"{binding.action}:{binding.description}"
            rank = 0 if active.node is self.screen else (1 if active.node is self else 2)
            keys = groups.get(ident, (rank, [], "", ""))[1]
            keys.append(self.get_key_display(binding))
            groups[ident] = (rank, keys, binding.description or binding.action, binding.id or "")
        rows = [
            (" ".join(dict.fromkeys(keys)), text, ident)
            for rank, keys, text, ident in sorted(groups.values(), key=lambda g: (g[0], not g[3]))
        ]
        self.push_screen(HelpScreen(rows))

"""The Textual application: screens stack like k9s views; `esc` goes back."""

from __future__ import annotations

import asyncio
import shlex
import signal
from collections.abc import Callable
from functools import partial

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.widgets import Input

from smtui.domain.text import strip_controls
from smtui.services.backend import AwsError, Backend
from smtui.services.registry import QueryError
from smtui.ui import crash
from smtui.ui.commands import ViewCommands
from smtui.ui.cost_poller import CostPoller
from smtui.ui.gc_policy import FREEZE_EVERY, GcPolicy
from smtui.ui.navigation import needs_parent, show_view
from smtui.ui.screens.base import ConsoleScreen
from smtui.ui.screens.help import HelpScreen
from smtui.ui.screens.resource_screen import ResourceScreen
from smtui.ui.themes import choose_theme, discover_themes
from smtui.ui.triage_poller import TriagePoller
from smtui.ui.typeahead import TypeAhead, takes_text
from smtui.ui.watching import WatchPoller
from smtui.ui.widgets.command_line import CommandLine
from smtui.ui.widgets.info_header import InfoHeader


class LineCommand:
    """A `:` command that is not a view: ``run(args)`` returns an error message or None."""

    def __init__(
        self, run: Callable[[list[str]], str | None], words: Callable[[], list[str]]
    ) -> None:
        self.run = run
        self.words = words


class SmtuiApp(App[None]):
    TITLE = "smtui"
    # Toasts stay small at 80x24: they may not cover most of the table (issue 20.6).
    CSS = """
    ToastRack { max-height: 50%; }
    Toast { max-width: 45%; padding: 0 1; }
    """
    COMMANDS = App.COMMANDS | {ViewCommands}
    BINDINGS = [
        # priority: opens the line before the keys typed after `:` are dispatched (typeahead)
        Binding("colon", "command_line", "View", id="app.command", priority=True),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    show_tracebacks = False
    """--debug / SMTUI_DEBUG=1: a crash prints its traceback (never local variables)."""

    def _fatal_error(self) -> None:
        # Textual's hook for an unhandled exception: one line, not a traceback with
        # every frame's local variables (smtui/ui/crash.py).
        crash.fatal_error(self, tracebacks=self.show_tracebacks)

    def __init__(self, backend: Backend, *, start: str | None = None) -> None:
        super().__init__()
        self.backend = backend
        self._start = start or backend.settings.start_view
        self.gc_policy = GcPolicy()  # full collections only while the keyboard is quiet
        themes, self._theme_problems = discover_themes()
        for info in themes:
            self.register_theme(info.theme)
        self._theme_files = [info.name for info in themes]
        self.theme, problem = choose_theme(
            backend.settings.theme, self.available_themes, no_color=self.no_color
        )
        self._theme_problems += [problem] if problem else []
        if backend.settings.keys:
            self.set_keymap(dict(backend.settings.keys))
        self.typeahead = TypeAhead(self, super().on_event)
        self._command_line_wanted = False
        self.line_commands: dict[str, LineCommand] = {
            "theme": LineCommand(self._theme_command, lambda: sorted(self.available_themes))
        }
        """`:` commands that are not views: name -> handler(args) and completion words."""

    def on_load(self) -> None:
        self._handle_signals()  # before the terminal enters application mode

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every message (screens' notify comes here): plain text, never markup (AWS's
        words may hold brackets), with escape sequences and control characters removed
        (smtui/domain/text.py): an echoed name cannot drive the terminal."""
        super().notify(
            strip_controls(str(message)),
            title=strip_controls(str(title), keep_lines=False),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def on_mount(self) -> None:
        if not self.is_headless:  # a real terminal: pick smtui-256 if it reports 256 colours
            self.theme, _ = choose_theme(
                self.backend.settings.theme,
                self.available_themes,
                no_color=self.no_color,
                color_system=self.console.color_system,
            )
        for problem in self._theme_problems:
            self.notify(problem, title="Theme", severity="error", timeout=20, markup=False)
        if self.backend.settings.keys:
            from smtui.ui.keymap import unknown_ids

            unknown = unknown_ids(self.backend.registry, self.backend.settings.keys)
            if unknown:
                self.notify(
                    f"not binding ids: {', '.join(unknown)} (`smtui keys` lists them)",
                    title="config [keys]",
                    severity="warning",
                    timeout=20,
                    markup=False,
                )
        error = self.run_command_line(self._start)
        if error:  # a bad start_view setting: say so and open the jobs
            self.notify(error, title="start_view", severity="error", timeout=30, markup=False)
            self.run_command_line("jobs")
        self._load_identity()
        self.set_interval(FREEZE_EVERY, self.gc_policy.tick, name="gc")
        WatchPoller(self, self.backend).start()  # watched items nobody polls stay current
        if self.backend.sources is not None and self.backend.sources.multi:
            from smtui.ui import fanout_totals  # cost and triage of every source

            self.cost_poller: CostPoller | fanout_totals.FanoutCost
            self.cost_poller = fanout_totals.start(self, self.backend)
            return
        TriagePoller(self, self.backend).start()  # new findings: a toast, the bell, a webhook
        self.cost_poller = CostPoller(self, self.backend)  # the header's burn rate
        self.cost_poller.start()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.gc_policy.touch()
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.typeahead.key(event)  # held while its input opens (ui/typeahead.py)
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.gc_policy.release()  # what this app froze is collectable again
        self._release_signals()

    def _handle_signals(self) -> None:
        """A dropped SSH session (SIGHUP) exits like `q`: workers stop, files are closed.
        SIGTERM (kill, systemd, a container stop) too, exit status 143 (128 + 15): Textual's
        driver then leaves the alternate screen, turns mouse tracking off and shows the
        cursor, where the default action would kill the process with the terminal in raw
        mode. Installed on Load, before the terminal enters application mode."""
        loop = asyncio.get_running_loop()
        self._signals: list[int] = []
        for name, code in (("SIGHUP", 0), ("SIGTERM", 143)):
            signum = getattr(signal, name, None)
            if signum is None:
                continue  # not on Unix
            try:
                loop.add_signal_handler(signum, partial(self.exit, return_code=code))
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # not the main thread (tests)
            self._signals.append(signum)

    def _release_signals(self) -> None:
        """The default actions again once the app is gone (a test process goes on)."""
        loop = asyncio.get_running_loop()
        for signum in getattr(self, "_signals", []):
            loop.remove_signal_handler(signum)

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
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_line":  # in a text box `:` is a character
            return isinstance(self.screen, ConsoleScreen) and not takes_text(self.focused)
        return True

    def action_command_line(self) -> None:
        if self._open_command_line():
            return
        # The view is still being built (`:` typed right after a view command): hold
        # the keys that follow until its line is open (ConsoleScreen.on_screen_resume).
        self._command_line_wanted = True
        self.typeahead.start(drop=True)

    def _open_command_line(self) -> bool:
        for line in self.screen.query(CommandLine):
            if line.is_mounted and line.query(Input):
                line.open()
                return True
        return False

    def view_ready(self) -> None:
        """A view is shown and focused: open its `:` line if `:` was typed while it
        was being built; the keys held meanwhile go on to it."""
        if self._command_line_wanted:
            if not self._open_command_line():
                return
            self._command_line_wanted = False
        self.typeahead.release()

    @on(CommandLine.Submitted)
    def _command_submitted(self, message: CommandLine.Submitted) -> None:
        # The line that was typed in, not the new view's (self.screen once a view was
        # pushed): going back never finds it open with the old text (issue 20.1).
        line = message.line
        before = self.screen
        error = self.run_command_line(message.text)
        if error:
            line.show_error(error)
        else:
            line.action_close()
        if (
            self.screen is before
            or self.screen.is_mounted
            or not isinstance(self.screen, ConsoleScreen)
        ):
            self.typeahead.release()  # else when the new view is ready (view_ready)

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
        if head in self.line_commands:
            return self.line_commands[head].run(args)
        kind = self.backend.registry.resolve(head)
        if kind is None:
            names = ", ".join(k.name for k in self.backend.registry if k.listed)
            return f"unknown view {head!r}: try {names} (? lists them with their aliases)"
        unreachable = needs_parent(self.backend.registry, kind)
        if unreachable:
            return unreachable
        try:
            params = kind.parse_args(args)
        except QueryError as exc:
            return str(exc)
        label = f" ({' '.join(args)})" if args else ""
        for screen in reversed(self.screen_stack):  # the nearest: fewest views popped
            if (
                isinstance(screen, ResourceScreen)
                and screen.kind is kind
                and screen.params == params
            ):
                while self.screen is not screen:
                    self.pop_screen()
                return None
        sources = self.backend.sources
        if sources is not None and sources.multi:  # --profile a,b / --region x,y: merged
            from smtui.ui.screens.fanout_screen import FanoutResourceScreen

            show_view(self, FanoutResourceScreen(self.backend, kind, params, label))
            return None
        show_view(self, ResourceScreen(self.backend, kind, params, label))
        return None

    def line_command_words(self) -> list[str]:
        """Completions of the non-view `:` commands, e.g. `theme smtui-light`."""
        return [f"{name} {word}" for name, c in self.line_commands.items() for word in c.words()]

    def _theme_command(self, args: list[str]) -> str | None:
        """`:theme NAME` switches the theme live; `:theme` alone says which is in use."""
        names = ", ".join(self._theme_files)
        if not args:
            self.notify(f"{self.theme} (smtui themes: {names})", title="Theme", markup=False)
            return None
        if len(args) > 1 or args[0] not in self.available_themes:
            return f"unknown theme {' '.join(args)!r}: try {names} or a Textual theme"
        self.theme = args[0]
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
        views = [
            (kind.name, ", ".join(kind.aliases), kind.title)
            for kind in self.backend.registry
            if kind.listed
        ]
        self.push_screen(HelpScreen(rows, views))

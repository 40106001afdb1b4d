"""The command palette (ctrl+p): every view from the registry, and the actions on screen."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ViewCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Any]]:
        app: Any = self.app
        commands: list[tuple[str, str, Any]] = []
        for word in app.backend.registry.completions():
            kind = app.backend.registry.resolve(word.split()[0])
            title = kind.title + (f": {' '.join(word.split()[1:])}" if " " in word else "")
            commands.append((f"View {title}", f":{word}", partial(app.run_command_line, word)))
        screen = app.screen
        for action in getattr(getattr(screen, "kind", None), "actions", ()):
            if screen.check_action("run_action", (action.id,)):
                commands.append(
                    (
                        f"{action.label} ({action.key})",
                        action.description,
                        partial(screen.action_run_action, action.id),
                    )
                )
        commands.append(("Help: keys", "every key and its binding id", app.action_help))
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

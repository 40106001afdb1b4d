"""`?`: every key that applies where the user pressed it, including hidden movement keys."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GRAMMAR = (
    (":", "switch view: :jobs, :jobs failed, :jobs running bert, :audit, :help, :quit"),
    ("/", "filter the rows on screen; esc clears"),
    ("esc", "back (close filter, command line, detail, previous view)"),
)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90; max-width: 98%; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(
        self, rows: list[tuple[str, str, str]], views: Sequence[tuple[str, str, str]] = ()
    ) -> None:
        """``rows``: (keys, description, binding id) of the screen the user came from;
        ``views``: (name, aliases, title) of every `:` view."""
        super().__init__()
        self._rows = rows
        self._views = list(views)

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Key", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for key, text in GRAMMAR:
            table.add_row(key, text, "")
        for keys, description, binding_id in self._rows:
            table.add_row(keys, description, binding_id)
        with VerticalScroll():
            yield Static(
                Text.assemble(("Keys", "bold"), "  (remap a binding id in config.toml [keys])")
            )
            yield Static(table)
            if self._views:
                views = Table(box=None, expand=True, show_header=True, header_style="bold")
                views.add_column("View", no_wrap=True)
                views.add_column("Aliases")
                views.add_column("Shows", style="dim")
                for name, aliases, title in self._views:
                    views.add_row(f":{name}", aliases, title)
                yield Static(
                    Text.assemble("\n", ("Views", "bold"), "  (type : then a name or alias)")
                )
                yield Static(views)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)

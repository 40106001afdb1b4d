"""The detail of one item: its describe, as titled sections the user can jump between.

Live items (not terminal) are described again every refresh interval; terminal ones
come from the describe cache.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from smtui.services import refresh
from smtui.services.backend import AwsError, Backend
from smtui.services.registry import Item, ResourceKind, Section
from smtui.ui.screens.base import ConsoleScreen


class SectionView(Static):
    DEFAULT_CSS = """
    SectionView { padding: 0 1; margin-bottom: 1; }
    SectionView.-role-error { border-left: thick $error; }
    SectionView.-role-ok { border-left: thick $success; }
    SectionView.-role-running { border-left: thick $primary; }
    SectionView.-role-warning { border-left: thick $warning; }
    SectionView:focus { background: $boost; }
    """
    can_focus = True

    def __init__(self, number: int, section: Section) -> None:
        super().__init__(self._render_section(number, section))
        if section.role:
            self.add_class(f"-role-{section.role}")

    @staticmethod
    def _render_section(number: int, section: Section) -> Any:
        title = Text(f"{number}  {section.title}", style="bold")
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column(overflow="fold")
        table.add_row(title, "")
        if section.text:
            table.add_row(Text(section.text), "")
        for label, value in section.rows:
            table.add_row(label, Text(value))
        return table


class DetailScreen(ConsoleScreen):
    DEFAULT_CSS = """
    DetailScreen #detail-title { height: 1; background: $boost; padding: 0 1; text-style: bold; }
    DetailScreen #detail-error { height: auto; padding: 0 1; color: $error; display: none; }
    DetailScreen #detail-error.-shown { display: block; }
    DetailScreen #sections { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="detail.back"),
        Binding("right_square_bracket", "jump(1)", "Next section", id="detail.next"),
        Binding("left_square_bracket", "jump(-1)", "Prev section", id="detail.prev", show=False),
        *[
            Binding(str(n), f"section({n})", f"Section {n}", id=f"detail.section_{n}", show=False)
            for n in range(1, 10)
        ],
        Binding("ctrl+r", "refresh_now", "Refresh", id="detail.refresh"),
    ]

    class Described(Message):
        def __init__(self, data: dict[str, Any] | None, error: AwsError | None) -> None:
            super().__init__()
            self.data = data
            self.error = error

    def __init__(self, backend: Backend, kind: ResourceKind, item: Item) -> None:
        super().__init__(backend, kind)
        self.item = item
        self.key = kind.key(item)
        self.data: dict[str, Any] | None = None
        self._busy = False

    def compose_body(self) -> ComposeResult:
        yield Static(f"{self.kind.title} / {self.key}", id="detail-title", markup=False)
        yield Static("", id="detail-error", markup=False)
        yield VerticalScroll(Static("Loading…"), id="sections")

    def on_mount(self) -> None:
        self._describe(fresh=False)
        self.set_interval(self.backend.settings.refresh_interval, self._maybe_refresh)

    def _maybe_refresh(self) -> None:
        if self.app.screen is self and not self.kind.cacheable(self.item):
            self._describe(fresh=True)

    @work(thread=True, exclusive=True, group="describe", exit_on_error=False)
    def _describe(self, fresh: bool) -> None:
        try:
            if fresh and self.kind.describe is not None:
                data = self.kind.describe(self.backend.clients, self.item)
            else:
                data = refresh.describe(
                    self.kind, self.backend.clients, self.item, self.backend.cache
                )
        except AwsError as exc:
            self.post_message(self.Described(None, exc))
        except Exception as exc:  # never crash the screen on a bad response
            self.post_message(self.Described(None, AwsError(type(exc).__name__, str(exc))))
        else:
            self.post_message(self.Described(data, None))

    @on(Described)
    def _show(self, message: Described) -> None:
        error = self.query_one("#detail-error", Static)
        if message.error is not None:
            error.update(f"⚠ {message.error}")
            error.add_class("-shown")
            if self.data is None:
                self.query_one("#sections").remove_children()
            return
        error.remove_class("-shown")
        self.data = message.data or {}
        if self.kind.from_describe is not None:
            try:
                self.item = self.kind.from_describe(self.data)
            except (KeyError, TypeError):
                pass
        self.last_refresh = self.backend.clock()
        self._render_sections()
        self.refresh_bindings()

    def _render_sections(self) -> None:
        assert self.data is not None and self.kind.detail is not None
        container = self.query_one("#sections", VerticalScroll)
        scroll = container.scroll_y
        sections = self.kind.detail(self.item, self.data)
        with self.app.batch_update():
            container.remove_children()
            container.mount_all(SectionView(n, s) for n, s in enumerate(sections, 1))
        container.call_after_refresh(container.scroll_to, y=scroll, animate=False)

    def _sections(self) -> list[SectionView]:
        return list(self.query(SectionView))

    def action_section(self, number: int) -> None:
        sections = self._sections()
        if 1 <= number <= len(sections):
            sections[number - 1].focus()
            sections[number - 1].scroll_visible(top=True, animate=False)

    def action_jump(self, step: int) -> None:
        sections = self._sections()
        if not sections:
            return
        focused = self.focused
        current = sections.index(focused) if focused in sections else -1
        self.action_section((current + step) % len(sections) + 1)

    def action_targets(self) -> list[tuple[str, Item]]:
        return [(self.key, self.item)]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh_now(self) -> None:
        self._describe(fresh=True)

    def after_action(self) -> None:
        self._describe(fresh=True)

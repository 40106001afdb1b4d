"""The detail of one item: its describe, as titled sections the user can jump between.

Live items (not terminal) are described again every refresh interval; terminal ones
come from the describe cache.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from rich.console import Group
from rich.json import JSON
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from smtui.domain.text import strip_controls
from smtui.services import refresh
from smtui.services.backend import AwsError, Backend
from smtui.services.registry import DetailOptions, Item, ResourceKind, Section
from smtui.ui import watching
from smtui.ui.screens.base import ConsoleScreen
from smtui.ui.widgets.chart import ChartView


class SectionView(Vertical):
    """One section: its rows and text, then its charts, raw JSON and log viewer."""

    DEFAULT_CSS = """
    SectionView { height: auto; padding: 0 1; margin-bottom: 1; }
    SectionView.-role-error { border-left: thick $error; }
    SectionView.-role-ok { border-left: thick $success; }
    SectionView.-role-running { border-left: thick $primary; }
    SectionView.-role-warning { border-left: thick $warning; }
    SectionView:focus-within, SectionView:focus { background: $boost; }
    SectionView > Static { height: auto; }
    """
    BINDINGS = [Binding("J", "copy_raw", "Copy JSON", id="detail.copy_raw")]
    can_focus = True

    def __init__(self, number: int, section: Section, backend: Backend) -> None:
        super().__init__()
        self.number = number
        self.section = section
        self.backend = backend
        if section.role:
            self.add_class(f"-role-{section.role}")

    def compose(self) -> ComposeResult:
        yield Static(self._table(), classes="section-body")
        for chart in self.section.charts:
            yield ChartView(chart)
        if self.section.raw is not None:
            yield Static(JSON.from_data(self.section.raw, default=str), classes="section-raw")
        if self.section.logs is not None:
            from smtui.ui.widgets.log_view import LogView

            yield LogView(self.backend, self.section.logs)

    def update_section(self, section: Section) -> None:
        self.section = section
        self.query_one(".section-body", Static).update(self._table())
        for view, chart in zip(self.query(ChartView), section.charts, strict=False):
            view.chart = chart
        for raw in self.query(".section-raw").results(Static):
            raw.update(JSON.from_data(section.raw, default=str))
        if section.logs is not None:
            from smtui.ui.widgets.log_view import LogView

            for log_view in self.query(LogView):
                log_view.update_source(section.logs)

    def on_focus(self) -> None:
        """A log viewer takes the focus, so its keys (follow, search, ...) work at once."""
        if self.section.logs is not None:
            from smtui.ui.widgets.log_view import LogView

            for log_view in self.query(LogView):
                log_view.focus_lines()
            self.call_after_refresh(self.scroll_visible, top=True, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy_raw":
            return self.section.raw is not None
        return True

    def action_copy_raw(self) -> None:
        """Copy the raw data as JSON (OSC 52)."""
        from smtui.ui.clipboard import copy_text  # the toast shows the text (fallback)

        text = json.dumps(self.section.raw, default=str, indent=2)
        copy_text(self.app, text, "JSON")

    def _table(self) -> Group:
        section = self.section
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column(overflow="fold")
        for label, value in section.rows:  # values from AWS: no escape reaches the terminal
            table.add_row(strip_controls(label, keep_lines=False), Text(strip_controls(value)))
        # The text wraps at the section's width (in the label column it would push the
        # values off a narrow terminal).
        title = Text(f"{self.number}  {section.title}", style="bold")
        if not section.text:
            return Group(title, table)
        return Group(title, Text(strip_controls(section.text)), table)


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
        Binding("w", "window", "Window", id="detail.window"),
        # vim-style scrolling alongside the arrows and page keys of the scroll container
        Binding("j", "scroll_sections('down')", "Scroll down", id="detail.down", show=False),
        Binding("k", "scroll_sections('up')", "Scroll up", id="detail.up", show=False),
        Binding(
            "ctrl+d",
            "scroll_sections('half_down')",
            "Half page down",
            id="detail.half_down",
            show=False,
        ),
        Binding(
            "ctrl+u", "scroll_sections('half_up')", "Half page up", id="detail.half_up", show=False
        ),
        Binding("g", "scroll_sections('home')", "Top", id="detail.home", show=False),
        Binding("G", "scroll_sections('end')", "Bottom", id="detail.end", show=False),
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
        windows = kind.detail_windows
        self.options = DetailOptions(window=windows[0] if windows else "")

    def compose_body(self) -> ComposeResult:
        yield Static("", id="detail-title", markup=False)
        yield Static("", id="detail-error", markup=False)
        yield VerticalScroll(Static("Loading…"), id="sections")

    def on_mount(self) -> None:
        self._update_title()
        self._describe(fresh=False)
        self.set_interval(self.backend.settings.refresh_interval, self._maybe_refresh)

    def _maybe_refresh(self) -> None:
        if self.app.screen is self and not self.kind.cacheable(self.item):
            self._describe(fresh=True)

    @work(thread=True, exclusive=True, group="describe", exit_on_error=False)
    def _describe(self, fresh: bool) -> None:
        try:
            cache = None if fresh else self.backend.cache
            options = replace(self.options, now=self.backend.clock())
            data = refresh.describe(self.kind, self.backend.clients, self.item, cache, options)
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
            error.update(f"⚠ {self.backend.explain(message.error)}")
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
            else:
                watching.observe(self.app, self.backend, self.kind, [(self.key, self.item)])
        self.last_refresh = self.backend.clock()
        self._render_sections()
        self.refresh_actions()

    def _render_sections(self) -> None:
        """Update sections in place when their titles are unchanged (log viewers keep
        following, scroll stays put); rebuild only when the set of sections changed."""
        assert self.data is not None and self.kind.detail is not None
        container = self.query_one("#sections", VerticalScroll)
        sections = self.kind.detail(self.item, self.data)
        views = self._sections()
        if [v.section.title for v in views] == [s.title for s in sections]:
            for view, section in zip(views, sections, strict=True):
                view.update_section(section)
            return
        with self.app.batch_update():
            container.remove_children()
            container.mount_all(SectionView(n, s, self.backend) for n, s in enumerate(sections, 1))

    def _sections(self) -> list[SectionView]:
        return list(self.query(SectionView))

    def action_section(self, number: int) -> None:
        sections = self._sections()
        if 1 <= number <= len(sections):
            sections[number - 1].focus(scroll_visible=False)
            sections[number - 1].scroll_visible(top=True, animate=False)

    def action_scroll_sections(self, how: str) -> None:
        box = self.query_one("#sections", VerticalScroll)
        if how == "home":
            box.scroll_home(animate=False)
        elif how == "end":
            box.scroll_end(animate=False)
        else:
            half = max(1, box.scrollable_content_region.height // 2)
            step = {"down": 1, "up": -1, "half_down": half, "half_up": -half}[how]
            box.scroll_relative(y=step, animate=False)

    def action_jump(self, step: int) -> None:
        sections = self._sections()
        if not sections:
            return
        focused = self.focused
        current = (
            next(
                (n for n, s in enumerate(sections) if focused is s or s in focused.ancestors),
                -1,
            )
            if focused is not None
            else -1
        )
        self.action_section((current + step) % len(sections) + 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "window":
            return bool(self.kind.detail_windows)
        return super().check_action(action, parameters)

    def action_window(self) -> None:
        """Cycle the metrics window (1h, 6h, ...) and describe again."""
        windows = self.kind.detail_windows
        if not windows:
            return
        current = windows.index(self.options.window) if self.options.window in windows else -1
        self.options = DetailOptions(window=windows[(current + 1) % len(windows)])
        self._update_title()
        self._describe(fresh=True)

    def _update_title(self) -> None:
        window = f"  window: {self.options.window} (w)" if self.options.window else ""
        self.query_one("#detail-title", Static).update(f"{self.kind.title} / {self.key}{window}")

    def current_item(self) -> Item | None:
        return self.item

    def action_targets(self) -> list[tuple[str, Item]]:
        return [(self.key, self.item)]

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh_now(self) -> None:
        self._describe(fresh=True)

    def after_action(self) -> None:
        self._describe(fresh=True)

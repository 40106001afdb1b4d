"""Marked rows side by side (``ResourceKind.compare``): parameters that differ are
highlighted, the best value of each metric is starred, and a chart per metric overlays
the runs (x: time since each run started).

Keys: `a` shows or hides the parameters that are the same everywhere, `y` copies the
table as CSV, ctrl+r compares again, esc goes back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from smtui.domain.compare import CompareRow
from smtui.domain.experiments import format_value
from smtui.services.backend import AwsError, Backend
from smtui.services.fanout_totals import ComparedPart, merge_comparisons
from smtui.services.registry import Comparison, Item, ResourceKind
from smtui.ui.clipboard import copy_text
from smtui.ui.screens.base import ConsoleScreen
from smtui.ui.widgets.chart import AXIS_WIDTH, SERIES_CLASSES, ChartView
from smtui.ui.widgets.chart_render import format_value as axis_value
from smtui.ui.widgets.chart_render import plot


def elapsed(seconds: float) -> str:
    """Axis label for a time since start: 0m, 45m, 3h20m, 2d04h."""
    minutes = int(max(0.0, seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d{hours:02d}h"
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m"


class RunsChart(ChartView):
    """A ChartView whose x axis is the time since each run started."""

    def render(self) -> Text:
        chart = self.chart
        width, height = self.size.width, self.size.height
        styles = [self.get_component_rich_style(c) for c in SERIES_CLASSES]
        axis = self.get_component_rich_style("chart--axis")
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(chart.title, self.get_component_rich_style("chart--title"))
        for n, series in enumerate(chart.series):
            out.append("  ■ ", styles[n % len(styles)])
            out.append(series.label)
        out.append("\n")
        plot_height = max(1, height - 2)
        drawn = plot([s.points for s in chart.series], max(1, width - AXIS_WIDTH), plot_height)
        if drawn is None:
            out.append("  no data", axis)
            return out
        y0, y1 = drawn.y_range
        for r, row in enumerate(drawn.rows):
            label = axis_value(y1) if r == 0 else axis_value(y0) if r == plot_height - 1 else ""
            out.append(f"{label:>{AXIS_WIDTH - 2}} ┤", axis)
            for char, owner in row:
                out.append(char, styles[owner % len(styles)] if owner >= 0 else "")
            out.append("\n")
        x0, x1 = drawn.x_range
        left, right = elapsed(x0), f"{elapsed(x1)} since start"
        gap = max(1, width - AXIS_WIDTH - len(left) - len(right))
        out.append(" " * AXIS_WIDTH + left + " " * gap + right, axis)
        return out


def fanout_compare(
    kind: ResourceKind, items: Sequence[Item], backends: Sequence[Backend], lead: Backend
) -> Comparison:
    """Compare through each item's own source: one source compares as always; rows of
    several sources are compared per source and merged (smtui/services/fanout_totals.py)."""
    assert kind.compare is not None
    groups: dict[int, list[int]] = {}
    for position, backend in enumerate(backends):
        groups.setdefault(id(backend), []).append(position)
    if len(groups) == 1:
        return kind.compare(backends[0].clients, items)
    labels = {id(s.backend): s.label for s in lead.sources or ()}
    parts = []
    for positions in groups.values():
        backend = backends[positions[0]]
        label = labels.get(id(backend), f"{backend.profile}/{backend.region}")
        try:
            compared = kind.compare(backend.clients, [items[p] for p in positions])
        except AwsError as exc:
            raise replace(exc, message=f"{label}: {exc.message}") from None
        parts.append(ComparedPart(label, tuple(positions), compared))
    return merge_comparisons(parts)


def comparison_csv(comparison: Comparison) -> str:
    table = comparison.table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns())
    for record in table.records():
        writer.writerow(["" if record[c] is None else record[c] for c in table.columns()])
    return buffer.getvalue()


class CompareScreen(ConsoleScreen):
    DEFAULT_CSS = """
    CompareScreen #compare-title { height: 1; background: $boost; padding: 0 1; text-style: bold; }
    CompareScreen #compare-error { height: auto; padding: 0 1; color: $error; display: none; }
    CompareScreen #compare-error.-shown { display: block; }
    CompareScreen #compare-body { height: 1fr; padding: 0 1; }
    CompareScreen #compare-body > Static { height: auto; }
    CompareScreen RunsChart { margin-top: 1; }
    CompareScreen .compare--differs { color: $warning; text-style: bold; }
    CompareScreen .compare--same { color: $text-muted; }
    CompareScreen .compare--best { color: $success; text-style: bold; }
    CompareScreen .compare--heading { color: $accent; text-style: bold; }
    CompareScreen .compare--note { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "compare--differs",
        "compare--same",
        "compare--best",
        "compare--heading",
        "compare--note",
    }
    BINDINGS = [
        Binding("escape", "back", "Back", id="compare.back"),
        Binding("a", "toggle_same", "All params", id="compare.all"),
        Binding("y", "copy_csv", "Copy CSV", id="compare.copy"),
        Binding("ctrl+r", "refresh_now", "Refresh", id="compare.refresh"),
    ]

    class Compared(Message):
        def __init__(self, comparison: Comparison | None, error: AwsError | None) -> None:
            super().__init__()
            self.comparison = comparison
            self.error = error

    def __init__(
        self,
        backend: Backend,
        kind: ResourceKind,
        items: Sequence[Item],
        backends: Sequence[Backend] | None = None,
    ) -> None:
        super().__init__(backend, kind)
        self.items = list(items)
        self.backends = list(backends) if backends else [backend] * len(self.items)
        """Each item's own backend: rows of a view merging several sources differ."""
        self.comparison: Comparison | None = None
        self.show_same = False

    def compose_body(self) -> ComposeResult:
        yield Static(
            f"Compare {len(self.items)} {self.kind.title.lower()}", id="compare-title", markup=False
        )
        yield Static("", id="compare-error", markup=False)
        with VerticalScroll(id="compare-body"):
            yield Static("Comparing…", id="compare-legend")
            yield Static("", id="compare-table")
            yield Static("", id="compare-note", markup=False)

    def on_mount(self) -> None:
        self._compare()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compare(self) -> None:
        assert self.kind.compare is not None
        try:
            comparison = fanout_compare(self.kind, self.items, self.backends, self.backend)
        except AwsError as exc:
            self.post_message(self.Compared(None, exc))
        except Exception as exc:  # a bad response never crashes the screen
            self.post_message(self.Compared(None, AwsError(type(exc).__name__, str(exc))))
        else:
            self.post_message(self.Compared(comparison, None))

    @on(Compared)
    def _show(self, message: Compared) -> None:
        error = self.query_one("#compare-error", Static)
        if message.error is not None:
            error.update(f"⚠ {message.error}")
            error.add_class("-shown")
            return
        error.remove_class("-shown")
        self.comparison = message.comparison
        self.last_refresh = self.backend.clock()
        self._show_comparison()

    def _style(self, name: str) -> Any:
        return self.get_component_rich_style(name)

    def _show_comparison(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        self.query_one("#compare-legend", Static).update(self._legend(comparison))
        self.query_one("#compare-table", Static).update(self._table(comparison))
        body = self.query_one("#compare-body", VerticalScroll)
        for old in list(body.query(RunsChart)):
            old.remove()
        note = self.query_one("#compare-note", Static)
        body.mount_all([RunsChart(chart) for chart in comparison.charts], before=note)
        note.update(Text(comparison.note, style=self._style("compare--note")))

    def _legend(self, comparison: Comparison) -> Text:
        heading = self._style("compare--heading")
        out = Text(no_wrap=True, overflow="ellipsis")
        for n, run in enumerate(comparison.table.runs):
            if n:
                out.append("\n")
            out.append(f"{run.label}  ", heading)
            out.append(run.key)
        return out

    def _table(self, comparison: Comparison) -> Group:
        """A header grid, then Parameters and Metrics grids with the same column widths."""
        table = comparison.table
        runs = table.runs
        heading = self._style("compare--heading")
        differing = [r for r in table.parameters if r.differs]
        same = len(table.parameters) - len(differing)
        shown = table.parameters if self.show_same else tuple(differing)
        rows = [*shown, *table.metrics]
        label_w = min(34, max([len(r.name) + 2 for r in rows] + [8]))
        value_w = min(22, max([len(c) + 2 for r in rows for c in r.cells()] + [10]))
        value_w = max(value_w, *(min(22, len(r.status)) for r in runs))

        def grid() -> Table:
            g = Table.grid(padding=(0, 2))
            g.add_column(no_wrap=True, overflow="ellipsis", width=label_w)
            for _ in runs:
                g.add_column(justify="right", no_wrap=True, overflow="ellipsis", width=value_w)
            return g

        head = grid()
        head.add_row("", *(Text(r.label, style=heading) for r in runs))
        head.add_row("status", *(r.status for r in runs))
        head.add_row("source", *(r.source for r in runs))
        hint = f"{len(differing)} differ"
        if same:
            hint += f", {same} same ({'a hides' if self.show_same else 'a shows'})"
        params = grid()
        for row in shown:
            params.add_row(*self._row(row))
        metrics = grid()
        for row in table.metrics:
            metrics.add_row(*self._row(row))
        parts: list[Any] = [head, Text(f"Parameters: {hint}", style=heading)]
        if shown:
            parts.append(params)
        parts.append(
            Text("Metrics: final value, ★ best (↑ higher / ↓ lower is better)", style=heading)
        )
        parts.append(
            metrics if table.metrics else Text("no metrics", style=self._style("compare--note"))
        )
        return Group(*parts)

    def _row(self, row: CompareRow) -> list[Text]:
        style = self._style("compare--differs" if row.differs else "compare--same")
        arrow = {"max": " ↑", "min": " ↓"}.get(row.goal or "", "")
        label = Text(row.name + arrow, style=style if row.section == "parameter" else "")
        cells = []
        for i, value in enumerate(row.values):
            text = format_value(value)
            if i in row.best:
                cells.append(Text(f"★ {text}", style=self._style("compare--best")))
            elif row.section == "parameter":
                cells.append(Text(text, style=style))
            else:
                cells.append(Text(text))
        return [label, *cells]

    # --- keys ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("run_action", "open_child"):
            return False  # the kind's row keys do not apply to a comparison
        return super().check_action(action, parameters)

    def action_toggle_same(self) -> None:
        self.show_same = not self.show_same
        self._show_comparison()

    def action_copy_csv(self) -> None:
        if self.comparison is not None:
            copy_text(self.app, comparison_csv(self.comparison), "comparison as CSV")

    def action_refresh_now(self) -> None:
        self._compare()

    def action_back(self) -> None:
        self.app.pop_screen()

"""A time series chart drawn in the terminal with braille dots; colours from the theme."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from smtui.services.registry import Chart
from smtui.ui.widgets.chart_render import format_value, plot

SERIES_CLASSES = tuple(f"chart--series-{n}" for n in range(6))
AXIS_WIDTH = 8


def _hhmm(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%m-%d %H:%M")


class ChartView(Widget):
    DEFAULT_CSS = """
    ChartView { height: 11; width: 1fr; }
    ChartView > .chart--series-0 { color: $primary; }
    ChartView > .chart--series-1 { color: $accent; }
    ChartView > .chart--series-2 { color: $success; }
    ChartView > .chart--series-3 { color: $warning; }
    ChartView > .chart--series-4 { color: $error; }
    ChartView > .chart--series-5 { color: $secondary; }
    ChartView > .chart--axis { color: $text-muted; }
    ChartView > .chart--title { text-style: bold; }
    """
    COMPONENT_CLASSES = {*SERIES_CLASSES, "chart--axis", "chart--title"}

    chart: reactive[Chart] = reactive(Chart(""), layout=False)

    def __init__(self, chart: Chart, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ChartView.chart, chart)

    def render(self) -> Text:
        chart = self.chart
        width, height = self.size.width, self.size.height
        styles = [self.get_component_rich_style(c) for c in SERIES_CLASSES]
        axis = self.get_component_rich_style("chart--axis")
        out = Text(no_wrap=True, overflow="ellipsis")
        out.append(
            chart.title + (f" ({chart.unit})" if chart.unit else ""),
            self.get_component_rich_style("chart--title"),
        )
        for n, series in enumerate(chart.series):
            out.append("  ■ ", styles[n % len(styles)])
            out.append(series.label)
        out.append("\n")
        plot_height = max(1, height - 2)
        drawn = plot([s.points for s in chart.series], max(1, width - AXIS_WIDTH), plot_height)
        if drawn is None:
            out.append("  no data in this window", axis)
            return out
        y0, y1 = drawn.y_range
        for r, row in enumerate(drawn.rows):
            label = format_value(y1) if r == 0 else format_value(y0) if r == plot_height - 1 else ""
            out.append(f"{label:>{AXIS_WIDTH - 2}} ┤", axis)
            for char, owner in row:
                out.append(char, styles[owner % len(styles)] if owner >= 0 else "")
            out.append("\n")
        x0, x1 = drawn.x_range
        left, right = _hhmm(x0), _hhmm(x1)
        gap = max(1, width - AXIS_WIDTH - len(left) - len(right))
        out.append(" " * AXIS_WIDTH + left + " " * gap + right, axis)
        return out

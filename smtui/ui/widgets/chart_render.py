"""Braille line charts: pure functions from series to rows of characters.

Each terminal cell holds a 2x4 grid of braille dots, so a W x H chart has 2W x 4H
points. Every cell remembers which series drew in it last, for its colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Dot bits of U+2800 braille patterns, indexed [row][column] with row 0 at the top.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))

Points = Sequence[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Plot:
    rows: list[list[tuple[str, int]]]
    """Per row, per column: (character, series index or -1)."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]


def _bounds(series: Sequence[Points]) -> tuple[float, float, float, float] | None:
    xs = [x for pts in series for x, _ in pts]
    ys = [y for pts in series for _, y in pts]
    if not xs:
        return None
    y0, y1 = min(ys), max(ys)
    if y0 == y1:
        pad = abs(y0) * 0.1 or 1.0
        y0, y1 = y0 - pad, y1 + pad
    elif y0 > 0 and y0 < (y1 - y0):
        y0 = 0.0  # anchor at zero when it costs little, so small values don't look huge
    return min(xs), max(xs), y0, y1


def plot(series: Sequence[Points], width: int, height: int) -> Plot | None:
    """Draw every series into a ``width`` x ``height`` cell grid; None when no points."""
    bounds = _bounds(series)
    if bounds is None or width < 1 or height < 1:
        return None
    x0, x1, y0, y1 = bounds
    cols, rows = width * 2, height * 4
    bits = [[0] * width for _ in range(height)]
    owner = [[-1] * width for _ in range(height)]

    def to_px(x: float, y: float) -> tuple[int, int]:
        px = 0 if x1 == x0 else round((x - x0) / (x1 - x0) * (cols - 1))
        py = round((y1 - y) / (y1 - y0) * (rows - 1))
        return px, min(max(py, 0), rows - 1)

    def dot(px: int, py: int, index: int) -> None:
        cy, cx = py // 4, px // 2
        bits[cy][cx] |= _DOTS[py % 4][px % 2]
        owner[cy][cx] = index

    for index, pts in enumerate(series):
        pixels = [to_px(x, y) for x, y in sorted(pts)]
        if len(pixels) == 1:
            dot(*pixels[0], index)
        for (ax, ay), (bx, by) in zip(pixels, pixels[1:], strict=False):
            steps = max(abs(bx - ax), abs(by - ay), 1)
            for step in range(steps + 1):
                dot(
                    round(ax + (bx - ax) * step / steps),
                    round(ay + (by - ay) * step / steps),
                    index,
                )
    grid = [
        [(chr(0x2800 + b) if b else " ", owner[r][c]) for c, b in enumerate(bits[r])]
        for r in range(height)
    ]
    return Plot(grid, (x0, x1), (y0, y1))


def format_value(value: float) -> str:
    """Short axis label: 0.93, 12.5, 1.2k, 3.4M."""
    magnitude = abs(value)
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            return f"{value / limit:.1f}{suffix}"
    if magnitude >= 100 or value == int(value):
        return f"{value:.0f}"
    if magnitude >= 1:
        return f"{value:.1f}"
    return f"{value:.3g}"

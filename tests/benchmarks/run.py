"""Benchmarks for the virtualised ResourceTable, with Textual's DataTable as the baseline.

Run: ``python -m tests.benchmarks.run [--rows N | --quick] [--no-baseline] [--no-memory]``.

Every benchmark is an async function taking a `Context` and returning `Measurement`s;
add one by appending it to `BENCHMARKS`. A measurement may carry a baseline value
(measured in the same run, same process) and/or a budget; the report prints the
ratio and pass/fail. ``--strict`` exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import platform
import statistics
import sys
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

import textual
from rich.console import Console
from rich.table import Table

from tests.benchmarks.fixtures import (
    SIZE,
    HostApp,
    ProbeDataTable,
    ProbeResourceTable,
    load_data_table,
    load_prebuilt_rows,
    load_resource_table,
    make_records,
    new_data_table,
    new_resource_table,
    to_row,
    wait_for_paint,
)


@dataclass
class Context:
    rows: int
    baseline: bool = True
    memory: bool = True
    steady_seconds: float = 60.0
    soak_seconds: float = 300.0
    _records: list[dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def records(self) -> list[dict[str, Any]]:
        if self._records is None:
            self._records = make_records(self.rows)
        return self._records


@dataclass
class Measurement:
    name: str
    value: float
    unit: str = "s"  # "s", "MiB", "%", "/min"
    baseline: float | None = None  # same quantity for the baseline, measured in this run
    budget: float | None = None  # pass when value <= budget
    baseline_label: str = "DataTable"

    @property
    def passed(self) -> bool | None:
        return None if self.budget is None else self.value <= self.budget


Benchmark = Callable[[Context], Awaitable[list[Measurement]]]


async def _open(
    factory: Callable[[], object],
    load: Callable[..., None],
    records: list[Any],
    trace: bool = False,
) -> tuple[float, float, float]:
    """Mount the widget, load records, wait for the first paint showing rows.

    Returns (seconds, peak MiB, retained MiB); memory is 0 unless `trace`.
    """
    app = HostApp(factory)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        widget = app.screen.children[0]
        assert isinstance(widget, ProbeResourceTable | ProbeDataTable)
        widget.expected_rows = len(records)
        gc.collect()
        if trace:
            tracemalloc.start()
            before = tracemalloc.get_traced_memory()[0]
        start = perf_counter()
        load(widget, records)
        painted = await wait_for_paint(pilot, widget)
        peak = retained = 0.0
        if trace:
            current, peak_bytes = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            peak, retained = (peak_bytes - before) / 2**20, (current - before) / 2**20
        return painted - start, peak, retained


async def bench_open(ctx: Context) -> list[Measurement]:
    seconds, _, _ = await _open(new_resource_table, load_resource_table, ctx.records)
    baseline = None
    if ctx.baseline:
        baseline, _, _ = await _open(new_data_table, load_data_table, ctx.records)
    rows = [to_row(record) for record in ctx.records]
    prebuilt, _, _ = await _open(new_resource_table, load_prebuilt_rows, rows)
    return [
        Measurement(
            f"open {ctx.rows:,} records (convert + load + first paint)",
            seconds,
            baseline=baseline,
            budget=1.0,
        ),
        Measurement("  of which set_rows + first paint (rows pre-built)", prebuilt, budget=0.3),
    ]


async def bench_memory(ctx: Context) -> list[Measurement]:
    if not ctx.memory:
        return []
    _, peak, retained = await _open(new_resource_table, load_resource_table, ctx.records, True)
    base_peak = base_retained = None
    if ctx.baseline:
        _, base_peak, base_retained = await _open(
            new_data_table, load_data_table, ctx.records, True
        )
    return [
        Measurement(f"peak memory while opening {ctx.rows:,} rows", peak, "MiB", base_peak),
        Measurement(f"memory retained by {ctx.rows:,} rows", retained, "MiB", base_retained),
    ]


REPEATS = 3
"""Runs per sort/filter measurement; the median is reported (the loop-block figure is
sensitive to whatever else the machine runs)."""


def _spin(seconds: float) -> None:
    """Busy pure-Python work: what any worker thread costs the loop through the GIL."""
    end = perf_counter() + seconds
    total = 0
    while perf_counter() < end:
        total += sum(range(100))


class LoopWatch:
    """How long the event loop was blocked: the longest gap between the wake-ups of a
    coroutine that sleeps 1 ms at a time (a free loop wakes it every ~1 ms)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def start(self) -> None:
        self.longest = 0.0
        self._task = asyncio.get_running_loop().create_task(self._tick())

    async def stop(self) -> float:
        await asyncio.sleep(0.005)  # one more wake-up, to see a block that just ended
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        return self.longest


async def bench_operations(ctx: Context) -> list[Measurement]:
    """ResourceTable-only interactions: the action plus a full repaint of the viewport.

    Actions are called directly rather than through `Pilot.press`, whose idle detection
    sleeps ~50 ms per key and would swamp what is being measured.

    Sorts, filters and refreshes that re-sort are measured twice: the time until the
    result is on screen (above `table_index.ASYNC_THRESHOLD` rows they are computed in a
    worker thread while the table keeps the previous order), and the longest time the
    event loop was blocked meanwhile (`LoopWatch`): keys and repaints wait that long.
    """
    app = HostApp(new_resource_table)
    results: list[Measurement] = []
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.children[0]
        assert isinstance(table, ProbeResourceTable)
        table.focus()
        load_resource_table(table, ctx.records)
        await pilot.pause()
        watch = LoopWatch()

        def timed(name: str, action: Callable[[], object], budget: float, times: int = 1) -> None:
            gc.collect()
            start = perf_counter()
            for _ in range(times):
                action()
                table.render_lines(table.size.region)
            results.append(Measurement(name, perf_counter() - start, budget=budget))

        async def settle() -> None:
            while table.view_pending:  # the worker's result is applied on the loop
                await asyncio.sleep(0.001)

        async def shown(
            name: str, action: Callable[[], object], before: Callable[[], object], budget: float
        ) -> None:
            """Time until the result is painted, and the longest loop block meanwhile:
            the median of REPEATS runs, each starting from the state `before` sets."""
            times, blocks = [], []
            for _ in range(REPEATS):
                before()
                await settle()
                gc.collect()
                watch.start()
                await asyncio.sleep(0.005)
                start = perf_counter()
                action()
                await settle()
                table.render_lines(table.size.region)
                times.append(perf_counter() - start)
                blocks.append(await watch.stop())
            results.append(
                Measurement(f"{name}: until on screen", statistics.median(times), budget=budget)
            )
            results.append(
                Measurement(
                    "  longest event-loop block during it", statistics.median(blocks), budget=0.05
                )
            )

        async def floor(name: str, idle: Callable[[], Awaitable[object]]) -> None:
            blocks = []
            for _ in range(REPEATS):
                watch.start()
                await idle()
                blocks.append(await watch.stop())
            results.append(Measurement(name, statistics.median(blocks)))

        # References: the same watch with nothing to do, and while a thread computes in
        # pure Python (the GIL is handed back every 5 ms; on a loaded machine the OS
        # delays both threads more). The blocks below are meaningful above these floors.
        await floor("event-loop block with nothing running", lambda: asyncio.sleep(0.3))
        await floor(
            "event-loop block while a pure-Python thread runs",
            lambda: asyncio.to_thread(_spin, 0.3),
        )
        unsorted = lambda: table.sort_by(None)  # noqa: E731
        await shown("sort by NAME (str)", lambda: table.sort_by(0, False), unsorted, 0.3)
        await shown("reverse sort", lambda: table.sort_by(0, True), lambda: table.sort_by(0), 0.3)
        await shown("sort by CREATED (datetime)", lambda: table.sort_by(3), unsorted, 0.3)
        await shown("sort by DURATION (int, 5% None)", lambda: table.sort_by(4), unsorted, 0.3)
        table.sort_by(4)
        await settle()
        filters = ("", "failed", "failed llama", "")
        names = ("filter 'failed'", "narrow filter 'failed llama'", "clear filter")
        for name, old, new in zip(names, filters[:-1], filters[1:], strict=True):
            await shown(
                name,
                lambda new=new: table.set_filter(new),  # type: ignore[misc]
                lambda old=old: table.set_filter(old),  # type: ignore[misc]
                0.3,
            )
        timed("page down x100", table.action_page_down, 0.5, times=100)
        timed("end", table.action_cursor_end, 0.05)
        timed("home", table.action_cursor_home, 0.05)
        timed("cursor down x200", table.action_cursor_down, 0.5, times=200)

        refreshed = [to_row(record) for record in ctx.records]
        for i in range(0, len(refreshed), 100):  # 1% changed
            row = refreshed[i]
            refreshed[i] = type(row)(
                row.key, row.cells[:-1] + ("9h99m",), row.sort_values[:-1] + (-1,), row.search_text
            )
        original = [to_row(record) for record in ctx.records]
        key = table.cursor_key
        # The sorted column changes too, so this includes a full re-sort.
        await shown(
            "refresh, 1% changed (keyed diff)",
            lambda: table.set_rows(refreshed),
            lambda: table.set_rows(original),
            0.3,
        )
        assert table.cursor_key == key
        timed("refresh, nothing changed", lambda: table.set_rows(refreshed), 0.3)
        await pilot.pause()
    return results


BENCHMARKS: list[Benchmark] = [bench_open, bench_operations, bench_memory]


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    if unit in ("%", "/min"):
        return f"{value:,.1f}{unit}"
    return f"{value:,.1f} {unit}"


def report(measurements: list[Measurement], ctx: Context, console: Console) -> bool:
    table = Table(title=f"smtui benchmarks ({ctx.rows:,} rows, {SIZE[0]}x{SIZE[1]})")
    for column in ("benchmark", "smtui", "baseline", "ratio", "target", "result"):
        table.add_column(column, justify="left" if column == "benchmark" else "right")
    ok = True
    for m in measurements:
        ratio = f"{m.baseline / m.value:,.1f}x faster" if m.baseline and m.value else "-"
        verdict = {None: "", True: "pass", False: "FAIL"}[m.passed]
        ok = ok and m.passed is not False
        table.add_row(
            m.name,
            _format(m.value, m.unit),
            f"{_format(m.baseline, m.unit)} ({m.baseline_label})" if m.baseline else "-",
            ratio,
            _format(m.budget, m.unit),
            verdict,
        )
    console.print(table)
    return ok


async def run(ctx: Context, console: Console) -> list[Measurement]:
    measurements: list[Measurement] = []
    for bench in BENCHMARKS:
        console.print(f"[dim]running {bench.__name__}…[/]")
        measurements.extend(await bench(ctx))
    return measurements


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rows", type=int, default=100_000, help="rows to load (default 100k)")
    parser.add_argument("--quick", action="store_true", help="use 20,000 rows")
    parser.add_argument("--no-baseline", action="store_true", help="skip Textual's DataTable")
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc runs")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a budget is missed")
    parser.add_argument(
        "--only",
        choices=("table", "system", "listing", "cold-start"),
        help="one group of benchmarks",
    )
    parser.add_argument(
        "--steady-seconds",
        type=float,
        default=60.0,
        help="how long the steady-state benchmark watches (default 60)",
    )
    parser.add_argument(
        "--soak-seconds", type=float, default=300.0, help="how long the soak runs (default 300)"
    )
    args = parser.parse_args(argv)
    ctx = Context(
        rows=20_000 if args.quick else args.rows,
        baseline=not args.no_baseline,
        memory=not args.no_memory,
        steady_seconds=args.steady_seconds,
        soak_seconds=args.soak_seconds,
    )
    from tests.benchmarks.cold_start import bench_cold_start
    from tests.benchmarks.listing_calls import bench_background_listing_calls
    from tests.benchmarks.soak import bench_soak
    from tests.benchmarks.system import SYSTEM_BENCHMARKS

    SYSTEM_BENCHMARKS.append(bench_soak)
    SYSTEM_BENCHMARKS.append(bench_background_listing_calls)
    SYSTEM_BENCHMARKS.append(bench_cold_start)

    if args.only == "table":
        BENCHMARKS[:] = [b for b in BENCHMARKS if b not in SYSTEM_BENCHMARKS]
    elif args.only == "system":
        BENCHMARKS[:] = list(SYSTEM_BENCHMARKS)
    elif args.only == "listing":  # the background listings' calls per minute alone
        BENCHMARKS[:] = [bench_background_listing_calls]
    elif args.only == "cold-start":  # `smtui --sandbox` to its first job row, in tmux
        BENCHMARKS[:] = [bench_cold_start]
    else:
        BENCHMARKS.extend(SYSTEM_BENCHMARKS)
    console = Console(width=max(Console().width, 110))
    console.print(
        f"Python {platform.python_version()}, Textual {textual.__version__}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}"
    )
    ok = report(asyncio.run(run(ctx, console)), ctx, console)
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())

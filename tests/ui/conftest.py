"""Drive the real app with Pilot against the sandbox over loopback HTTP."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from smtui.aws.session import Clients, Target
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services.backend import build_backend
from smtui.services.settings import Settings
from smtui.ui.app import SmtuiApp
from smtui.ui.widgets.resource_table import ResourceTable

# A fixed virtual start and a frozen clock (speed 0): screens are the same on every run.
FROZEN_START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    sb = Sandbox(seed=7, jobs=200, speed=0, start=FROZEN_START).start()
    yield sb
    sb.stop()


def make_app(
    sb: Sandbox,
    *,
    read_only: bool = False,
    interval: float = 10.0,
    target_options: dict[str, object] | None = None,
    **settings: object,
) -> SmtuiApp:
    options: dict[str, object] = {
        "region": SANDBOX_REGION,
        "endpoint_url": sb.url,
        "access_key": SANDBOX_ACCESS_KEY,
        "secret_key": SANDBOX_SECRET_KEY,
        "api_rate": 100.0,  # as the CLI sets it for the sandbox (commands/context.py)
        "api_burst": 200.0,
        **(target_options or {}),
    }
    clients = Clients(Target(**options))  # type: ignore[arg-type]
    backend = build_backend(
        clients,
        Settings(read_only=read_only, refresh_interval=interval, **settings),  # type: ignore[arg-type]
        sandbox=True,
        clock=sb.simulator.clock.now_datetime,
    )
    return SmtuiApp(backend)


async def wait_for(pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until ``condition`` holds (workers, messages, repaints).

    ``timeout`` is a safety bound, not a synchronisation: a condition that holds returns
    as soon as it does. It is generous so that a loaded 2-core CI machine is not a
    failure (10 s was reached under load by tests that pass on a quiet machine)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.05)


def table_of(app: SmtuiApp) -> ResourceTable:
    return app.screen.query_one(ResourceTable)


async def wait_loaded(pilot, app: SmtuiApp, count: int | None = None) -> ResourceTable:
    await wait_for(pilot, lambda: getattr(app.screen, "last_refresh", None) is not None)
    # The header's first cost sweep runs once a view has loaded (smtui/ui/cost_poller.py):
    # tests measure calls, memory and screens after it.
    poller = getattr(app, "cost_poller", None)
    if poller is not None:
        await wait_for(pilot, lambda: poller.settled, timeout=90)
    table = table_of(app)
    if count is not None:
        await wait_for(pilot, lambda: table.total_count == count)
    return table


async def wait_enriched(pilot, app: SmtuiApp) -> None:
    """Until the rows on screen have their enriched cells (no "…" left) and the view's
    enrichment worker is idle: snapshots then see the same cells and API counters."""
    screen = app.screen
    table = table_of(app)

    def done() -> bool:
        visible = screen._visible_keys()  # type: ignore[attr-defined]
        rows = [table.index.get(k) for k in visible]
        return not screen._enriching and all(  # type: ignore[attr-defined]
            r is None or "…" not in r.cells for r in rows
        )

    await wait_for(pilot, done)


async def wait_logs_loaded(pilot, app: SmtuiApp) -> None:
    """Until every log viewer on screen listed its streams and loaded its lines."""
    from smtui.ui.widgets.log_view import LogView

    def done() -> bool:
        views = list(app.screen.query(LogView))
        return all(
            v.listed and not v.busy and (not v.streams or (v.tail is not None and v.tail.loaded))
            for v in views
        )

    await wait_for(pilot, done)


async def quiesce(pilot, timeout: float = 15.0) -> None:
    """Wait until no worker runs (polls, enrichment, describes), then repaint the header:
    the API counters on screen are then the same on every run."""
    app = pilot.app
    stats = app.backend.clients.stats
    deadline = asyncio.get_running_loop().time() + timeout
    quiet, calls = 0, -1
    while quiet < 8 and asyncio.get_running_loop().time() < deadline:
        now_calls = stats.snapshot().calls
        busy = any(w.is_running for w in app.workers) or now_calls != calls
        quiet, calls = (0 if busy else quiet + 1), now_calls
        await pilot.pause(0.05)
    await pilot.pause()


def pin_counters(app) -> None:  # type: ignore[no-untyped-def]
    """Snapshots pin the look, not how many calls a loaded machine happened to make
    (a background sweep may fire once more on a slow run): fixed counters on screen."""
    from smtui.aws.stats import StatsSnapshot

    fixed = StatsSnapshot(calls=42, errors=0, throttles=0, last_error=None, per_minute=42)
    app.backend.clients.stats.snapshot = lambda: fixed
    for screen in app.screen_stack:
        for header in screen.query("InfoHeader"):
            header.update_info()


@pytest.fixture
def snap_compare(snap_compare):  # type: ignore[no-untyped-def]
    """pytest-textual-snapshot's fixture, settling the app (see ``quiesce``) before the shot."""

    def compare(app, *args, run_before=None, **kwargs):  # type: ignore[no-untyped-def]
        async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await quiesce(pilot)
            pin_counters(pilot.app)
            await pilot.pause()

        return snap_compare(app, *args, run_before=settled, **kwargs)

    return compare

"""Soak: the console on a fast sandbox with every fault on, keys pressed all along.

The sandbox runs in its own process (its fleet grows with virtual time): only the
console's memory is measured, as the Python heap tracemalloc sees it after a garbage
collection (what is retained, not what a collection would free). Caches fill during the
first stretch; the lowest reading of a later stretch is compared with the lowest of an
earlier one (polls in flight make single readings noisy).

``whole_heap``: tracing starts before the app does, so a reading is the console's whole
heap (the benchmark's growth is a share of that). Without it, tracing starts after the
first sweep and a reading is only what was allocated since and is still alive: a
denominator too small for a percentage, but quick and sensitive to a leak in bytes (the
CI soak).
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
import urllib.request
from typing import Any

from tests.benchmarks.system import fresh_process, make_app, rss_mib, served

SOAK_JOBS = 5_000
FAULTS = "throttle=0.1,error5xx=0.05,reset=0.02,latency=20ms"


async def soak(seconds: float, jobs: int = 300, whole_heap: bool = False) -> dict[str, Any]:
    """Drive the jobs view for ``seconds`` (longer on a loaded machine, until both
    stretches hold readings and a throttle and a 5xx were injected): baseline and final
    traced bytes, refreshes seen, faults."""
    if whole_heap:
        tracemalloc.start()
    with served(jobs, latency="20ms", speed=300.0, seed=11) as url:
        app = make_app(url, interval=1.0)
        async with app.run_test(size=(100, 30)) as pilot:
            while getattr(app.screen, "last_refresh", None) is None or not (
                app.cost_poller.settled
            ):
                await pilot.pause(0.1)
            control(url, {"spec": FAULTS})
            tracemalloc.start()
            samples: list[tuple[float, int]] = []
            rss: list[tuple[float, float]] = []
            refreshes: set[object] = set()
            started = time.monotonic()

            def window(low: float, high: float) -> list[int]:
                """Readings in a stretch of the run so far, as fractions of its length (a
                loaded machine takes fewer steps: the stretches follow the real run)."""
                span = (samples[-1][0] if samples else 0.0) or 1.0
                return [m for t, m in samples if low <= t / span < high]

            def short() -> bool:  # both stretches read, and the faults were met
                if min(len(window(0.3, 0.6)), len(window(0.6, 1.01))) < 2:
                    return True
                injected = control(url)["injected"]
                return not (injected.get("throttle") and injected.get("error5xx"))

            step = 0
            while (elapsed := time.monotonic() - started) < seconds or (
                elapsed < 3 * seconds and short()
            ):
                step += 1
                await pilot.press("j" if step % 3 else "G")
                if step % 10 == 0:
                    await pilot.press("enter")
                    await pilot.pause(0.3)
                    await pilot.press("escape")
                await pilot.pause(0.2)
                refreshes.add(getattr(app.screen, "last_refresh", None))
                gc.collect()
                at = time.monotonic() - started
                samples.append((at, tracemalloc.get_traced_memory()[0]))
                rss.append((at, rss_mib()))
            tracemalloc.stop()
            span = samples[-1][0] or 1.0
            while getattr(app.screen, "last_refresh", None) is None:
                await pilot.pause(0.1)
            return {
                "running": app.is_running,
                "refreshes": len(refreshes - {None}),
                "baseline": min(window(0.3, 0.6)),
                "current": min(window(0.6, 1.01)),
                "injected": control(url)["injected"],
                "seconds": time.monotonic() - started,
                "items": len(getattr(app.screen, "items", {})),
                "rss_baseline": min(m for t, m in rss if 0.3 <= t / span < 0.6),
                "rss_current": min(m for t, m in rss if t / span >= 0.6),
            }


def control(url: str, changes: dict[str, object] | None = None) -> dict[str, Any]:
    data = None if changes is None else json.dumps(changes).encode()
    request = urllib.request.Request(
        f"{url}/_sandbox/faults", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def bench_soak(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    # A fleet of thousands: at x300 the sandbox submits a job every second or so, and
    # what is measured is the console holding steady, not the fleet growing.
    # In a process of its own: RSS here would carry the earlier benchmarks' peaks.
    result = fresh_process(f"{__name__}:soak_whole_heap", ctx.soak_seconds, SOAK_JOBS)
    growth = (result["current"] - result["baseline"]) / result["baseline"] * 100
    rss = (result["rss_current"] - result["rss_baseline"]) / result["rss_baseline"] * 100
    mib = f"{result['baseline'] / 2**20:.0f} -> {result['current'] / 2**20:.0f} MiB"
    return [
        Measurement(
            f"memory growth over a {result['seconds']:.0f} s soak, {SOAK_JOBS:,} jobs "
            f"({result['items']:,} at the end), sandbox x300, all faults: heap {mib}",
            growth,
            unit="%",
            budget=10,
        ),
        Measurement(
            f"  the same soak, RSS {result['rss_baseline']:.0f} -> {result['rss_current']:.0f} MiB",
            rss,
            unit="%",
            budget=10,
        ),
    ]


async def soak_whole_heap(seconds: float, jobs: int) -> dict[str, Any]:
    return await soak(seconds, jobs=jobs, whole_heap=True)

"""Soak, CI-sized: a fast sandbox with every fault on; the console keeps refreshing, never
crashes, and its memory stays flat. SMTUI_SOAK_SECONDS lengthens it (make bench runs more)."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
import urllib.request
from typing import Any

from tests.benchmarks.system import make_app, served
from tests.ui.conftest import wait_for, wait_loaded

SECONDS = float(os.environ.get("SMTUI_SOAK_SECONDS", "20"))


async def test_soak_with_all_faults() -> None:
    # The sandbox runs in its own process: its fleet grows with virtual time, and only
    # the console's memory is under test here.
    with served(300, latency="20ms", speed=300.0, seed=11) as url:
        app = make_app(url, interval=1.0)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(pilot, app)
            control(url, {"spec": "throttle=0.1,error5xx=0.05,reset=0.02,latency=20ms"})
            tracemalloc.start()
            # Caches (describes, rendered lines) fill during the first half; after that
            # memory must stay flat. Polls in flight make single readings noisy, so each
            # stretch is judged by its lowest reading.
            samples: list[tuple[float, int]] = []
            refreshes: set[object] = set()
            started = time.monotonic()
            step = 0
            while (elapsed := time.monotonic() - started) < SECONDS:
                step += 1
                await pilot.press("j" if step % 3 else "G")
                if step % 10 == 0:
                    await pilot.press("enter")
                    await pilot.pause(0.3)
                    await pilot.press("escape")
                await pilot.pause(0.2)
                refreshes.add(getattr(app.screen, "last_refresh", None))
                samples.append((elapsed / SECONDS, tracemalloc.get_traced_memory()[0]))
            tracemalloc.stop()
            await wait_for(pilot, lambda: app.screen.last_refresh is not None)
            assert app.is_running
            assert len(refreshes - {None}) >= 3, "views must keep refreshing under faults"
            baseline = min(m for t, m in samples if 0.4 <= t < 0.7)
            current = min(m for t, m in samples if t >= 0.7)
            assert current < baseline * 1.25 + 2_000_000, (baseline, current)
            injected = control(url)["injected"]
            assert injected.get("throttle", 0) and injected.get("error5xx", 0)


def control(url: str, changes: dict[str, object] | None = None) -> dict[str, Any]:
    data = None if changes is None else json.dumps(changes).encode()
    request = urllib.request.Request(
        f"{url}/_sandbox/faults", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())

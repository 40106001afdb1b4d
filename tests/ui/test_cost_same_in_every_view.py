"""The header's burn rate comes from one pricing path, whatever view is on screen: a
training job stuck in Stopping since yesterday (it still bills; its LastModifiedTime is
before today) counts the same with the jobs view open as with the endpoints view."""

from __future__ import annotations

import random

from smtui.sandbox import Sandbox
from smtui.sandbox.simulator.generator import draw_job
from smtui.sandbox.simulator.job import JobRecord
from smtui.ui.app import SmtuiApp
from tests.ui.conftest import FROZEN_START, make_app, wait_loaded
from tests.ui.test_cost_ui import burn_in_header, ledger, swept

STUCK = "stuck-stopping-2026-11-24-12-00-00-000"


def stuck_stopping() -> JobRecord:
    """Created two days ago, Stopping since 30 hours ago, Stopped in ten days."""
    job = draw_job(random.Random(11), "Completed")
    created = FROZEN_START - 2 * 86400
    job.name, job.created = STUCK, created
    job.phases = ("Starting", "Downloading", "Training", "Stopping", "Stopped")
    job.starts = (
        created,
        created + 120,
        created + 600,
        FROZEN_START - 30 * 3600,
        FROZEN_START + 10 * 86400,
    )
    return job


async def _burn(sandbox: Sandbox, start: str) -> tuple[str, bool]:
    app = SmtuiApp(make_app(sandbox, interval=600).backend, start=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        await swept(pilot, app)
        stuck = [c for c in ledger(app).charges() if c.key == STUCK]
        return burn_in_header(app), bool(stuck and stuck[0].running)


async def test_burn_rate_is_the_same_in_the_jobs_view_and_elsewhere(sandbox) -> None:
    sandbox.simulator.add_jobs([stuck_stopping()])
    jobs_rate, jobs_counts_it = await _burn(sandbox, "jobs")
    other_rate, other_counts_it = await _burn(sandbox, "endpoints")
    assert jobs_counts_it and other_counts_it  # Stopping bills, in either view
    assert jobs_rate == other_rate

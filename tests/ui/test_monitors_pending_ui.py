"""Issue 21, point 2 (Pilot, sandbox at 12:00): fraud-detector-prod's 12:00 data-quality
run is Pending, and the list still shows the 11:00 run's result and violations."""

from __future__ import annotations

from smtui.sandbox import Sandbox
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, cell, loaded
from tests.ui.test_monitors_ui import FRAUD_DQ, enriched, executions, violations_of


async def test_a_pending_run_does_not_hide_the_last_violations(sandbox: Sandbox) -> None:
    newest, previous = executions(sandbox, FRAUD_DQ)[:2]
    assert newest["MonitoringExecutionStatus"] == "Pending"
    assert previous["MonitoringExecutionStatus"] == "CompletedWithViolations"
    count = len(violations_of(sandbox, previous))
    app = app_at(sandbox, "monitors")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "monitors", 8)
        await wait_for(pilot, lambda: enriched(screen), timeout=30)
        assert cell(screen, FRAUD_DQ, 5) == "1h00m"  # the 11:00 run
        assert cell(screen, FRAUD_DQ, 6) == ("Violations", "warning")
        assert cell(screen, FRAUD_DQ, 7) == (str(count), "warning") and count > 0

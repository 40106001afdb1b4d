"""After the first full pass, a refresh lists only what changed (LastModifiedTimeAfter)."""

from __future__ import annotations

from tests.ui.conftest import make_app, wait_for, wait_loaded


def list_calls(sb) -> int:
    return sum(1 for _, op in sb.request_log if op == "ListTrainingJobs")


async def test_refreshes_are_incremental_and_follow_status_changes(sandbox) -> None:
    running = sorted(n for n, s in sandbox.simulator.statuses().items() if s == "InProgress")
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        app.run_command_line("jobs running")
        await wait_for(pilot, lambda: getattr(app.screen, "label", "") == " (running)")
        table = await wait_loaded(pilot, app, len(running))
        full_pass = list_calls(sandbox)
        assert full_pass >= 2  # 200 jobs, filtered server-side, 100 per page
        stopped = running[0]
        sandbox.simulator.stop_training_job(stopped)
        sandbox.simulator.clock.advance(300)  # Stopping -> Stopped, others move on
        before = list_calls(sandbox)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: stopped not in app.screen.items)
        assert list_calls(sandbox) - before == 1  # one page of changes, not a full pass
        assert stopped not in {table.index.key_at(i) for i in range(table.row_count)}
        still = {n for n, s in sandbox.simulator.statuses().items() if s == "InProgress"}
        assert set(app.screen.items) == still

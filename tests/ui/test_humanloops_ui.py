"""Human review on the sandbox: flow definitions -> human loops (rest-json); stop a loop."""

from __future__ import annotations

from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.sandbox.conftest import client
from tests.sandbox.examples.humanloops import loop_in
from tests.ui.conftest import wait_for
from tests.ui.surface_helpers import app_at, audit, cursor_to, loaded

A2I = "sagemaker-a2i-runtime"


async def test_flows_loops_and_a_completed_loops_output(sandbox) -> None:
    done = loop_in(sandbox, "Completed")
    app = app_at(sandbox, "humanloops")
    async with app.run_test(size=(120, 40)) as pilot:
        flows = await loaded(pilot, "humanloops", 4)
        failed = flows.table.index.get("claims-photo-review")
        assert failed.cells[1] == ("Failed", "error") and "does not exist" in failed.cells[3][0]
        await cursor_to(pilot, flows, _flow_of(sandbox, done))
        await pilot.press("enter")
        loops = await loaded(pilot, "humanloop-loops")
        assert (A2I, "ListHumanLoops") in sandbox.request_log
        await cursor_to(pilot, loops, done)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(SectionView)))
        rows = dict(app.screen.query(SectionView).first().section.rows)
        assert rows["Output"].endswith(f"/{done}/output.json")


def _flow_of(sandbox, loop: str) -> str:
    from smtui.sandbox.areas.humanloops import humanloop_area

    return humanloop_area(sandbox.world).loops[loop].flow.name


async def test_stop_a_human_loop(sandbox) -> None:
    running = loop_in(sandbox, "InProgress")
    app = app_at(sandbox, "humanloops", interval=2.0)
    async with app.run_test(size=(120, 40)) as pilot:
        flows = await loaded(pilot, "humanloops", 4)
        await cursor_to(pilot, flows, _flow_of(sandbox, running))
        await pilot.press("l")
        loops = await loaded(pilot, "humanloop-loops")
        await cursor_to(pilot, loops, running)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: loops.items[running].status == "Stopping")
    assert (A2I, "StopHumanLoop") in sandbox.request_log
    status = client(sandbox, A2I).describe_human_loop(HumanLoopName=running)["HumanLoopStatus"]
    assert status == "Stopping"
    assert audit()[0]["action"] == "humanloops.stop"


async def test_read_only_refuses_stop_without_a_call(sandbox) -> None:
    running = loop_in(sandbox, "InProgress")
    app = app_at(sandbox, "humanloops", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        flows = await loaded(pilot, "humanloops", 4)
        await cursor_to(pilot, flows, _flow_of(sandbox, running))
        await pilot.press("enter")
        loops = await loaded(pilot, "humanloop-loops")
        await cursor_to(pilot, loops, running)
        await pilot.press("s")
        await wait_for(pilot, lambda: len(audit()) == 1)
        assert not isinstance(app.screen, ConfirmScreen)
    assert (A2I, "StopHumanLoop") not in sandbox.request_log
    assert audit()[0]["outcome"] == "refused: read-only"

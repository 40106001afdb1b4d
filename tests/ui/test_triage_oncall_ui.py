"""Issue 21 in `:triage` (Pilot, sandbox): a scale-out during the 5xx burst keeps the
finding on screen while the endpoint is Updating."""

from __future__ import annotations

from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.ui.test_endpoints_ui import client
from tests.ui.test_triage_ui import BURST, keys, refreshed


async def test_a_scale_out_keeps_the_5xx_finding(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        # The first collection (about 30 calls) is slow on a loaded machine.
        await wait_for(pilot, lambda: app.screen.last_refresh is not None, timeout=90)
        await wait_loaded(pilot, app)
        assert BURST in keys(app)
        # The scale-out as any other client sends it (plain boto3: the console's own
        # mutations run only inside its action guard, smtui/services/guard.py).
        sm = client(sandbox, "sagemaker")
        sm.update_endpoint_weights_and_capacities(
            EndpointName="llm-chat-prod",
            DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 3}],
        )
        found = await refreshed(pilot, app, sandbox, 120)
        assert sm.describe_endpoint(EndpointName="llm-chat-prod")["EndpointStatus"] == "Updating"
        assert BURST in found


async def test_acknowledged_findings_show_with_all_and_a_unacknowledges(sandbox) -> None:
    from tests.ui.conftest import table_of
    from tests.ui.test_triage_ui import FAILED_EP

    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.last_refresh is not None, timeout=90)
        await wait_loaded(pilot, app)
        assert table_of(app).move_cursor_to_key(FAILED_EP)
        await pilot.press("a")
        await wait_for(pilot, lambda: FAILED_EP not in keys(app), timeout=60)
        assert app.run_command_line("triage all") is None
        await wait_for(pilot, lambda: FAILED_EP in keys(app), timeout=60)
        row = table_of(app).index.get(FAILED_EP)
        assert row.cells[0] == ("critical ✓", "muted")
        assert str(row.cells[4]).startswith("acknowledged: Failed")
        assert table_of(app).move_cursor_to_key(FAILED_EP)
        await pilot.press("a")  # un-acknowledge
        await wait_for(
            pilot,
            lambda: (
                (r := table_of(app).index.get(FAILED_EP)) is not None
                and r.cells[0] == ("critical", "error")
            ),
            timeout=60,
        )
        shown_all = app.screen
        assert app.run_command_line("triage") is None
        await wait_for(
            pilot,
            lambda: app.screen is not shown_all and app.screen.last_refresh is not None,
            timeout=60,
        )
        # No longer acknowledged: in the plain view again (after its next collection).
        assert FAILED_EP in await refreshed(pilot, app, sandbox, 1)

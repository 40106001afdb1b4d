"""Issue 21 in `:triage` (Pilot, sandbox): a scale-out during the 5xx burst keeps the
finding on screen while the endpoint is Updating."""

from __future__ import annotations

from smtui.aws import endpoints as api
from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.ui.test_triage_ui import BURST, keys, refreshed


async def test_a_scale_out_keeps_the_5xx_finding(sandbox) -> None:
    app = make_app(sandbox, start_view="triage", interval=3600)
    async with app.run_test(size=(160, 40)) as pilot:
        # The first collection (about 30 calls) is slow on a loaded machine.
        await wait_for(pilot, lambda: app.screen.last_refresh is not None, timeout=90)
        await wait_loaded(pilot, app)
        assert BURST in keys(app)
        clients = app.backend.clients
        api.update_weights_and_capacities(
            clients, "llm-chat-prod", [{"VariantName": "AllTraffic", "DesiredInstanceCount": 3}]
        )
        found = await refreshed(pilot, app, sandbox, 120)
        assert api.describe_endpoint(clients, "llm-chat-prod")["EndpointStatus"] == "Updating"
        assert BURST in found

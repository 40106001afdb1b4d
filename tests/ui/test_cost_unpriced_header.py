"""A one-region console whose region has no price list entry says so in the header
("⚠ N unpriced") rather than summing those resources as $0."""

from __future__ import annotations

from smtui.sandbox import Sandbox
from smtui.services import cost as costs
from smtui.services import cost_places
from smtui.ui.widgets.info_header import InfoHeader
from tests.ui.conftest import FROZEN_START, make_app, wait_for, wait_loaded


async def test_header_counts_unpriced_resources_of_a_region_without_prices() -> None:
    with Sandbox(seed=7, jobs=200, speed=0, start=FROZEN_START, region="eu-west-1").start() as sb:
        app = make_app(sb, target_options={"region": "eu-west-1"})
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_loaded(pilot, app)
            await wait_for(pilot, lambda: app.cost_poller.settled, timeout=60)
            ledger = costs.session_for(app.backend.clients).ledger
            unpriced = len(cost_places.unpriced(ledger.charges()))
            assert unpriced > 0, "eu-west-1 has no bundled prices"
            header = app.screen.query_one(InfoHeader)
            header.update_info()
            await pilot.pause()
            assert f"⚠ {unpriced} unpriced" in str(header.render())


async def test_a_priced_region_shows_no_unpriced_mark(sandbox: Sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(pilot, app)
        await wait_for(pilot, lambda: app.cost_poller.settled, timeout=60)
        ledger = costs.session_for(app.backend.clients).ledger
        assert not cost_places.unpriced(ledger.charges())
        header = app.screen.query_one(InfoHeader)
        header.update_info()
        await pilot.pause()
        assert "unpriced" not in str(header.render())

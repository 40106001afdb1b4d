"""Cost cells and triage state over several sources, each in its own source.

In a two-region sandbox console a training job's COST cell is what its own source
computes (a fresh cost session on that source's clients, over the job described through
them: never written down), whichever source's session was used last; an eu-west-1 job,
whose region has no price, shows as unpriced ("—", the reason in its detail) and the
header and `:cost` count the unpriced resources. Triage: two accounts holding the same
findings (two sandboxes of one seed); acknowledging one in account a hides it there
only, and a restart keeps it so (each source's own state file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from textual.css.query import NoMatches

from smtui.domain import cost as math
from smtui.domain.cost import usd
from smtui.sandbox import Sandbox
from smtui.services import cost as costs
from smtui.services import cost_places, paths
from smtui.services.sources import Source
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.fanout_screen import FanoutResourceScreen
from tests.fanout_env import write_profiles
from tests.ui.conftest import FROZEN_START, table_of, wait_for
from tests.ui.fanout_support import console, header, own_session

TWO_REGIONS = ["--sandbox", "--jobs", "30", "--speed", "1e-6", "--region", "us-east-1,eu-west-1"]
"""The sandbox's Price List (and the bundled table) price us-east-1, not eu-west-1."""
COST = 2 + 7
"""The COST cell of a merged training jobs row: after ACCOUNT and REGION."""
ENDPOINT_COST = 2 + 12
"""... and the $/HR cell of a merged endpoints row."""


def own_cost_cell(source: Source, name: str, tmp_path: Path) -> tuple[str, str]:
    """(cell text, unpriced reason) of a training job as its own source prices it."""
    session, clients = own_session(source, tmp_path)
    d = clients.client("sagemaker").describe_training_job(TrainingJobName=name)
    now = clients.clock()
    session.book.ensure(clients, session.region, [d["ResourceConfig"]["InstanceType"]])
    charge = session.training_charge(d, now)
    if not charge.priced:
        return "—", cost_places.reason(charge)
    total = charge.accrued(now)
    return ("≤" if charge.upper_bound else "") + usd(total, cents=total < 1000), ""


def text_of(cell: Any) -> str:
    return cell[0] if isinstance(cell, tuple) else str(cell)


async def test_each_row_is_priced_by_its_own_source(tmp_path) -> None:
    with ExitStack() as stack:
        app = console(TWO_REGIONS, stack)
        async with app.run_test(size=(170, 44)) as pilot:
            app.run_command_line("jobs")
            await wait_for(pilot, lambda: isinstance(app.screen, FanoutResourceScreen))
            screen = app.screen
            assert isinstance(screen, FanoutResourceScreen)
            us, eu = screen.source_list
            assert (us.region, eu.region) == ("us-east-1", "eu-west-1")

            def done(source: Source) -> str | None:
                """A finished job of the source whose cost cell is filled."""
                for key, job in screen.items.items():
                    row = table_of(app).index.get(key)
                    if (
                        key.startswith(source.key(""))
                        and job.status in ("Completed", "Stopped")
                        and row is not None
                        and text_of(row.cells[COST]) not in ("…", "")
                    ):
                        return key
                return None

            await wait_for(pilot, lambda: bool(done(us) and done(eu)), timeout=60)
            us_key, eu_key = done(us), done(eu)
            assert us_key is not None and eu_key is not None
            us_cell, _ = own_cost_cell(us, screen.items[us_key].name, tmp_path)
            eu_cell, eu_why = own_cost_cell(eu, screen.items[eu_key].name, tmp_path)
            assert us_cell.startswith("$") and eu_cell == "—"
            assert eu_why.startswith("no price for ml.") and eu_why.endswith(" in eu-west-1")
            assert us.backend is not None and eu.backend is not None
            for last in (us, eu, us):  # whichever source's session was used last
                assert last.backend is not None
                costs.session_for(last.backend.clients)
                screen.reapply_rows()
                await pilot.pause()
                index = table_of(app).index
                assert text_of(index.get(us_key).cells[COST]) == us_cell  # type: ignore[union-attr]
                assert index.get(eu_key).cells[COST] == ("—", "warning")  # type: ignore[union-attr]

            # The eu-west-1 job's detail says why it has no figure.
            costs.session_for(us.backend.clients)
            assert table_of(app).move_cursor_to_key(eu_key)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
            detail = app.screen
            assert isinstance(detail, DetailScreen)
            assert detail.backend is eu.backend
            await wait_for(pilot, lambda: detail.data is not None, timeout=60)
            assert detail.kind.detail is not None
            rows = dict(
                r for s in detail.kind.detail(detail.item, detail.data or {}) for r in s.rows
            )
            assert rows["Cost"] == f"— ({eu_why})"
            await pilot.press("escape")

            # :cost lists eu-west-1's resources as unpriced, counted as its own session counts.
            eu_session, eu_clients = own_session(eu, tmp_path / "sweep")
            now = eu_clients.clock()
            eu_session.sweep(eu_clients, costs.sweep_scope(now, 0.0), now)
            expected = len(cost_places.unpriced(eu_session.ledger.charges()))
            assert expected > 20  # nearly everything runs on an instance type without price
            poller = app.cost_poller
            await wait_for(pilot, lambda: poller.sweeps >= 1 and poller.settled, timeout=60)
            assert f"⚠ {expected} unpriced" in header(app)
            app.run_command_line("cost")
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, FanoutResourceScreen)
                    and app.screen.kind.name == "cost"
                    and all(
                        any(k.startswith(s.key("")) for k in app.screen.items) for s in (us, eu)
                    )
                ),
                timeout=60,
            )
            # :cost sweeps the month (the header's sweeps: today): its own count again.
            eu_session.sweep(eu_clients, math.month_start(now), now)
            expected = len(cost_places.unpriced(eu_session.ledger.charges()))
            cost_screen = app.screen
            index = table_of(app).index
            eu_rows = [index.get(k) for k in cost_screen.items if k.startswith(eu.key(""))]
            assert eu_rows and all(r is not None for r in eu_rows)
            notes = {text_of(r.cells[2 + 7]) for r in eu_rows if r is not None}
            assert all("in eu-west-1" in n for n in notes), notes
            assert {r.cells[2 + 4] for r in eu_rows if r is not None} == {("—", "warning")}
            summary = str(cost_screen.query_one("#view-summary").render())
            assert f"⚠ {expected} unpriced, left out of the figures: no price for" in summary

            # The endpoints' $/HR: each at its own source's hosting prices, or unpriced.
            app.run_command_line("endpoints")

            def described(source: Source) -> list[str]:
                try:
                    index = table_of(app).index
                except NoMatches:  # not mounted yet
                    return []
                return [
                    k
                    for k, ep in app.screen.items.items()
                    if k.startswith(source.key(""))
                    and ep.described
                    and ep.status == "InService"
                    and index.get(k) is not None
                    and text_of(index.get(k).cells[ENDPOINT_COST]) not in ("…", "")
                ]

            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, FanoutResourceScreen)
                    and app.screen.kind.name == "endpoints"
                    and bool(described(us) and described(eu))
                ),
                timeout=60,
            )
            us_session, us_clients = own_session(us, tmp_path / "endpoints")
            index = table_of(app).index
            checked = 0
            for key in described(us):
                ep = app.screen.items[key]
                types = [v.instance_type for v in ep.variants if v.instance_type]
                us_session.book.ensure(us_clients, "us-east-1", types)
                charge = us_session.endpoint_charge(ep, None)
                hourly = charge.hourly(us_clients.clock())
                want = ("~" if charge.estimate else "") + math.usd_rate(hourly)
                assert charge.priced and text_of(index.get(key).cells[ENDPOINT_COST]) == want
                checked += 1
            assert checked >= 3
            for key in described(eu):
                assert index.get(key).cells[ENDPOINT_COST] == ("—", "warning")


# --- triage: each source's own store -----------------------------------------------------
@pytest.fixture
def twins() -> Iterator[tuple[Sandbox, Sandbox]]:
    """Accounts a and b on two sandboxes of one seed: the same findings in both."""
    a = Sandbox(seed=7, jobs=15, speed=0, start=FROZEN_START).start()
    b = Sandbox(seed=7, jobs=15, speed=0, start=FROZEN_START).start()
    write_profiles(a, b)
    config = Path(os.environ["SMTUI_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("api_rate = 200\napi_burst = 400\n")
    yield a, b
    a.stop()
    b.stop()


async def open_triage(pilot: Any, app: SmtuiApp) -> FanoutResourceScreen:
    app.run_command_line("triage")
    await wait_for(
        pilot,
        lambda: isinstance(app.screen, FanoutResourceScreen) and app.screen.kind.name == "triage",
    )
    screen = app.screen
    assert isinstance(screen, FanoutResourceScreen)
    await wait_for(
        pilot,
        lambda: all(any(k.startswith(f"{s}/") for k in screen.items) for s in ("a", "b")),
        timeout=60,
    )
    return screen


async def test_an_acknowledgement_stays_in_its_own_source_across_restarts(twins) -> None:
    with ExitStack() as stack:
        app = console(["--profile", "a,b"], stack)
        async with app.run_test(size=(160, 40)) as pilot:
            screen = await open_triage(pilot, app)
            a_ids = {k.partition(":")[2] for k in screen.items if k.startswith("a/us-east-1:")}
            b_ids = {k.partition(":")[2] for k in screen.items if k.startswith("b/us-east-1:")}
            shared = sorted(a_ids & b_ids)
            assert shared, "the twin sandboxes hold the same findings"
            finding = shared[0]
            assert table_of(app).move_cursor_to_key(f"a/us-east-1:{finding}")
            await pilot.press("a")
            await wait_for(
                pilot,
                lambda: any("acknowledged" in str(n.message) for n in app._notifications),
                timeout=60,
            )
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: f"a/us-east-1:{finding}" not in screen.items, timeout=60)
            assert f"b/us-east-1:{finding}" in screen.items  # b's is not a's
            summary = str(screen.query_one("#view-summary").render())
            assert "1 acknowledged (hidden until they change): 1 in a/us-east-1" in summary

    by_source = paths.state_dir() / "triage-by-source"
    assert finding in json.loads((by_source / "a_us-east-1.json").read_text())["acks"]
    b_state = by_source / "b_us-east-1.json"
    assert not b_state.exists() or finding not in json.loads(b_state.read_text())["acks"]
    assert not (paths.state_dir() / "triage.json").exists()  # one source's file untouched

    with ExitStack() as stack:  # a restart: the acknowledgement holds, in a only
        app = console(["--profile", "a,b"], stack)
        async with app.run_test(size=(160, 40)) as pilot:
            screen = await open_triage(pilot, app)
            assert f"b/us-east-1:{finding}" in screen.items
            assert f"a/us-east-1:{finding}" not in screen.items

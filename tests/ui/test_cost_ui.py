"""Live cost accrual in the console, on the frozen sandbox: the header's burn rate, the
cost views, the fallback to the bundled table, the bill next to the estimate."""

from __future__ import annotations

import re
from typing import Any

import boto3
from textual.widgets import Static

from smtui.domain import cost as math
from smtui.domain.cost import usd, usd_rate
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import cost as costs
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from smtui.ui.widgets.info_header import InfoHeader
from tests.ui.conftest import make_app, wait_for, wait_loaded
from tests.ui.surface_helpers import cell, loaded, open_view

TODAY, MONTH, HOURLY = 3, 4, 2  # :cost columns


def sagemaker(sb: Sandbox) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def header_text(app: SmtuiApp) -> str:
    header = app.screen.query_one(InfoHeader)
    header.update_info()
    return str(header.render())


def burn_in_header(app: SmtuiApp) -> str:
    match = re.search(r"(\$[\d,.]+)/h", header_text(app))
    assert match, header_text(app)
    return match.group(1)


async def swept(pilot: Any, app: SmtuiApp) -> None:
    """Until a background sweep ran after everything asked so far (no API call after)."""
    poller = app.cost_poller  # type: ignore[attr-defined]
    done = poller.sweeps
    await wait_for(pilot, lambda: not poller.running)
    poller.tick()
    await wait_for(pilot, lambda: poller.sweeps > done and not poller.running, timeout=60)


def summary(app: SmtuiApp) -> str:
    return str(app.screen.query_one("#view-summary", Static).render())


def ledger(app: SmtuiApp) -> Any:
    return costs.session_for(app.backend.clients).ledger


async def test_header_burn_rate_is_the_sum_of_running_resources(sandbox) -> None:
    app = make_app(sandbox, interval=600)  # no view poll in between: only the clock moves
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await swept(pilot, app)
        now = app.backend.clock()
        running = [c for c in ledger(app).charges() if c.hourly(now) > 0]
        kinds = {c.kind for c in running}
        assert {"training", "endpoint", "notebook"} <= kinds, kinds
        total = sum(c.hourly(now) for c in running)
        assert burn_in_header(app) == usd_rate(total)
        today = sum(c.accrued(now, math.day_start(now)) for c in ledger(app).charges())
        assert f"today {usd(today)}" in header_text(app)
        # The figures tick with the clock alone: an hour later, no API call, burn x 1 h more.
        calls = len(sandbox.request_log)
        sandbox.simulator.clock.advance(3600)
        later = sum(c.accrued(now, math.day_start(now)) for c in ledger(app).charges())
        assert later == today  # as of then
        moved = sum(
            c.accrued(app.backend.clock(), math.day_start(now)) for c in ledger(app).charges()
        )
        assert moved >= today + 0.99 * total
        assert f"today {usd(moved)}" in header_text(app)
        assert len(sandbox.request_log) == calls
        # The :cost view's running rows (swept anew, an hour on) add up to the header's rate.
        screen = await open_view(pilot, "cost running")
        rows = [screen.table.index.row_at(i) for i in range(screen.table.row_count)]
        now = app.backend.clock()
        running = [c for c in ledger(app).charges() if c.hourly(now) > 0]
        total = sum(c.hourly(now) for c in running)
        assert rows and usd_rate(sum(r.sort_values[HOURLY] for r in rows)) == usd_rate(total)
        assert len(rows) == len(running) and burn_in_header(app) == usd_rate(total)
        assert f"Burn {usd_rate(total)}/h ({len(running)} running)" in summary(app)


async def test_burn_rate_moves_when_a_job_finishes_and_an_endpoint_scales(sandbox) -> None:
    app = make_app(sandbox)
    sm = sagemaker(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await swept(pilot, app)
        now = app.backend.clock()
        jobs = [c for c in ledger(app).charges() if c.kind == "training" and c.hourly(now) > 0]
        job = max(jobs, key=lambda c: c.hourly(now))
        d = sm.describe_training_job(TrainingJobName=job.key)
        left = d["TrainingStartTime"] + _remaining(sandbox, job.key)
        churn = ledger(app).get("endpoint", "churn-xgb-prod")  # no autoscaling on it
        assert churn is not None
        before = churn.hourly(now)
        # The biggest running job finishes, and churn-xgb-prod scales out from 2 to 4.
        sm.update_endpoint_weights_and_capacities(
            EndpointName="churn-xgb-prod",
            DesiredWeightsAndCapacities=[{"VariantName": "AllTraffic", "DesiredInstanceCount": 4}],
        )
        sandbox.simulator.clock.advance(max((left - now).total_seconds(), 0) + 60)
        while _count(sm, "churn-xgb-prod") != 4:  # the new instances take minutes to come up
            sandbox.simulator.clock.advance(60)
        # The jobs view on screen brings the new state (the sweep reads its rows).
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.items[job.key].status != "InProgress")  # type: ignore[attr-defined]
        await swept(pilot, app)
        later = app.backend.clock()
        finished = ledger(app).get("training", job.key)
        assert finished is not None and finished.hourly(later) == 0
        scaled = ledger(app).get("endpoint", "churn-xgb-prod")
        assert scaled is not None and scaled.hourly(later) == 2 * before
        running = sum(c.hourly(later) for c in ledger(app).charges())
        assert burn_in_header(app) == usd_rate(running)
        # What it cost before the scale-out stays at the old rate.
        assert scaled.accrued(later, None, now) == churn.accrued(now, None, now)


def _count(sm: Any, endpoint: str) -> int:
    variants = sm.describe_endpoint(EndpointName=endpoint)["ProductionVariants"]
    return int(variants[0]["CurrentInstanceCount"])


def _remaining(sb: Sandbox, name: str) -> Any:
    from datetime import timedelta

    record, now = sb.simulator.record(name)
    assert record is not None
    return timedelta(seconds=record.ends_at - record.training_start(now))  # type: ignore[operator]


async def test_cost_view_totals_are_the_sum_of_its_rows(sandbox) -> None:
    app = SmtuiApp(make_app(sandbox, monthly_budget=20000.0).backend, start="cost")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost")
        now = app.backend.clock()
        rows = [screen.table.index.row_at(i) for i in range(screen.table.row_count)]
        assert len(rows) > 50
        today = sum(r.sort_values[TODAY] for r in rows)
        month = sum(r.sort_values[MONTH] for r in rows)
        text = summary(app)
        assert f"today {usd(today)}" in text and f"month {usd(month)}" in text
        # Top spenders first.
        months = [r.sort_values[MONTH] for r in rows]
        assert months == sorted(months, reverse=True)
        burn = sum(r.sort_values[HOURLY] for r in rows)
        projected = math.projection(month, burn, now)
        assert f"month-end {usd(projected)}" in text
        assert "⚠ Budget $20,000: month-end projection over it by $" in text
        assert "spot saved $" in text and "prices: price list API" in text
        # The header warns too.
        assert "over budget" in header_text(app)
        # Per kind: the same month total, split.
        kinds = await open_view(pilot, "cost-kinds", 5)
        kind_rows = [kinds.table.index.row_at(i) for i in range(kinds.table.row_count)]
        assert usd(sum(r.sort_values[4] for r in kind_rows)) == usd(month)
        assert f"month {usd(month)}" in summary(app)


async def test_cost_detail_and_the_endpoint_and_job_views(sandbox) -> None:
    app = SmtuiApp(make_app(sandbox).backend, start="cost")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost")
        key = "endpoint:fraud-detector-prod"
        assert screen.table.move_cursor_to_key(key)
        rate = cell(screen, key, HOURLY)[0]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: bool(app.screen.query(SectionView)))
        section = app.screen.query(SectionView).first().section
        rows = dict(section.rows)
        assert rows["Rate now"] == f"{rate}/h" and rows["Prices"] == "price list API"
        # `o` opens the endpoint's own detail, which has a Cost section.
        await pilot.press("o")
        await wait_for(pilot, lambda: app.screen.kind.name == "endpoints")  # type: ignore[attr-defined]
        await wait_for(
            pilot, lambda: any(v.section.title == "Cost" for v in app.screen.query(SectionView))
        )
        cost = next(v.section for v in app.screen.query(SectionView) if v.section.title == "Cost")
        assert dict(cost.rows)["Rate now"] == f"{rate}/h"
        # The endpoints view's $/HR column says the same.
        app.run_command_line("endpoints")
        eps = await loaded(pilot, "endpoints", 16)
        await wait_for(pilot, lambda: cell(eps, "fraud-detector-prod", 12) not in ("…", "-"))
        assert cell(eps, "fraud-detector-prod", 12) == rate


async def test_the_bundled_table_is_used_and_labelled_when_pricing_is_refused(sandbox) -> None:
    sandbox.faults.update({"deny": ["pricing:GetProducts"]})
    app = SmtuiApp(make_app(sandbox).backend, start="cost")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost")
        text = summary(app)
        assert "prices: bundled table (2025-01), price list API refused: AccessDenied" in text
        rows = [screen.table.index.row_at(i) for i in range(screen.table.row_count)]
        assert rows and all("bundled prices" in str(r.cells[7]) for r in rows)
        assert sum(r.sort_values[MONTH] for r in rows) > 0  # figures, not blanks
        assert burn_in_header(app) != "$0.00"
    assert sandbox.faults.state()["injected"]["denied"] >= 1


async def test_cost_by_day_next_to_cost_explorer(sandbox) -> None:
    app = SmtuiApp(make_app(sandbox).backend, start="cost-days")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost-days", 26)  # Nov 1..26
        past = cell(screen, "2026-11-25", 2)
        assert past.startswith("$")  # billed by Cost Explorer
        assert cell(screen, "2026-11-26", 2) == "-"  # today: not billed yet
        assert "25 past days: estimate $" in summary(app)
        assert [op for _, op in sandbox.request_log].count("GetCostAndUsage") == 1
    sandbox.faults.update({"deny": ["ce:GetCostAndUsage"]})
    app = SmtuiApp(make_app(sandbox).backend, start="cost-days")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost-days", 26)
        assert cell(screen, "2026-11-25", 2) == "-"
        assert "ce:GetCostAndUsage" in cell(screen, "2026-11-25", 4)[0]
        assert "nothing to compare" in summary(app)


async def test_an_idle_variant_shows_with_what_it_costs_per_day(sandbox) -> None:
    # recsys-ranker-prod's challenger variant gets no traffic for a day (weight 0).
    sagemaker(sandbox).update_endpoint_weights_and_capacities(
        EndpointName="recsys-ranker-prod",
        DesiredWeightsAndCapacities=[{"VariantName": "challenger", "DesiredWeight": 0.0}],
    )
    sandbox.simulator.clock.advance(25 * 3600)
    app = SmtuiApp(make_app(sandbox).backend, start="cost idle")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot, "cost")
        keys = [screen.table.index.key_at(i) for i in range(screen.table.row_count)]
        # With the fleet's old staging endpoint nobody calls (smtui/sandbox/endpoints/idle.py).
        assert sorted(keys) == ["endpoint:churn-xgb-staging", "endpoint:recsys-ranker-prod"]
        charge = ledger(app).get("endpoint", "recsys-ranker-prod")
        assert charge is not None and charge.idle_usd_per_hour > 0  # one g5.2xlarge
        per_day = usd(charge.idle_usd_per_hour * 24)
        assert cell(screen, "endpoint:recsys-ranker-prod", 7) == (
            f"idle 24h, {per_day}/day",
            "warning",
        )
        staging = ledger(app).get("endpoint", "churn-xgb-staging")
        assert staging is not None and staging.idle_usd_per_hour > 0  # one m5.large
        both = usd((charge.idle_usd_per_hour + staging.idle_usd_per_hour) * 24)
        assert f"2 idle endpoints: {both}/day" in summary(app)

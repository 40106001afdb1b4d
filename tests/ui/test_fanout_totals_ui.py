"""The header's cost, triage alerts and compare over several sources.

The expected cost figures are computed again through each source's own backend (a fresh
cost session sweeping that source alone), never written down; a failing source is left
out of the sum and named; triage alerts name their source and a finding opens in its own
source; compare describes each marked row in its own sandbox (checked with plain boto3).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import boto3
import pytest

from smtui.domain.cost import Totals, add_totals, usd, usd_rate
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import cost as costs
from smtui.services.sources import Source
from smtui.ui.app import SmtuiApp
from smtui.ui.fanout_totals import FanoutCost
from smtui.ui.screens.compare_screen import CompareScreen
from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.fanout_screen import FanoutResourceScreen
from tests.fanout_env import write_profiles
from tests.ui.conftest import FROZEN_START, table_of, wait_for
from tests.ui.fanout_support import console, header, own_session

SANDBOXES = ["--sandbox", "--jobs", "30", "--speed", "1e-6"]
"""One sandbox per source (seed 7, 8, ...), their clocks all but frozen (--speed > 0)."""
TWO_ACCOUNTS = [*SANDBOXES, "--profile", "a,b", "--region", "us-east-1"]
"""The sandbox's Price List serves us-east-1 prices: two accounts there have costs."""
TWO_REGIONS = [*SANDBOXES, "--region", "us-east-1,eu-west-1"]


@pytest.fixture
def pair() -> Iterator[tuple[Sandbox, Sandbox]]:
    """Profiles a and b on two sandboxes with different fleets; ``broken`` cannot sign."""
    a = Sandbox(seed=7, jobs=30, speed=0, start=FROZEN_START).start()
    b = Sandbox(seed=8, jobs=30, speed=0, start=FROZEN_START).start()
    write_profiles(a, b)
    config = Path(os.environ["SMTUI_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("api_rate = 200\napi_burst = 400\n")  # nobody's shared account
    yield a, b
    a.stop()
    b.stop()


def own_totals(source: Source, tmp_path: Any) -> Totals:
    """The source's cost as a console of that source alone would sweep it."""
    assert source.backend is not None
    backend = source.backend
    session, clients = own_session(source, Path(tmp_path))
    now = backend.clock()
    session.sweep(clients, costs.sweep_scope(now, 0.0), now)
    return session.ledger.totals(now)


async def swept(pilot: Any, app: SmtuiApp) -> FanoutCost:
    poller = app.cost_poller
    assert isinstance(poller, FanoutCost)
    await wait_for(pilot, lambda: poller.sweeps >= 1 and poller.settled, timeout=60)
    return poller


async def test_header_cost_is_the_sum_of_each_sources_own(tmp_path) -> None:
    with ExitStack() as stack:
        app = console(TWO_ACCOUNTS, stack)
        async with app.run_test(size=(160, 40)) as pilot:
            poller = await swept(pilot, app)
            sources = list(app.backend.sources or ())
            assert [s.label for s in sources] == ["a/us-east-1", "b/us-east-1"]
            own_a, own_b = (own_totals(s, tmp_path) for s in sources)
            assert own_a.burn_per_hour > 0 and own_b.burn_per_hour > 0
            assert own_a.burn_per_hour != own_b.burn_per_hour  # two different fleets
            expected = add_totals(own_a, own_b, app.backend.clock())
            shown = poller.combined()
            assert shown.counted == ("a/us-east-1", "b/us-east-1")
            assert shown.totals is not None
            assert shown.totals.burn_per_hour == pytest.approx(expected.burn_per_hour, abs=0.01)
            assert shown.totals.today == pytest.approx(expected.today, abs=0.01)
            text = header(app)
            rate = f"{usd_rate(expected.burn_per_hour)}/h today {usd(expected.today)} (2 sources)"
            assert rate in text
            # A row's detail (another source's backend) still shows the sum.
            await wait_for(pilot, lambda: len(app.screen.items) > 0)
            b_keys = [k for k in app.screen.items if k.startswith("b/us-east-1:")]
            assert table_of(app).move_cursor_to_key(b_keys[0])
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
            assert app.screen.backend is sources[1].backend
            assert "(2 sources)" in header(app)


async def test_a_failing_source_is_named_and_left_out(pair, tmp_path) -> None:
    a, b = pair
    with ExitStack() as stack:
        app = console(["--profile", "a,b,broken"], stack)
        async with app.run_test(size=(160, 40)) as pilot:
            poller = await swept(pilot, app)
            by_label = {s.label: s for s in app.backend.sources or ()}
            own_a = own_totals(by_label["a/us-east-1"], tmp_path / "1")
            own_b = own_totals(by_label["b/us-east-1"], tmp_path / "2")
            assert own_a.burn_per_hour > 0 and own_b.burn_per_hour > 0
            shown = poller.combined()
            assert shown.counted == ("a/us-east-1", "b/us-east-1")
            assert [label for label, _ in shown.failing] == ["broken/us-east-1"]
            assert "CredentialRetrievalError" in shown.failing[0][1]
            assert shown.totals is not None
            both = own_a.burn_per_hour + own_b.burn_per_hour
            assert shown.totals.burn_per_hour == pytest.approx(both, abs=0.01)
            text = header(app)
            assert f"{usd_rate(both)}/h" in text
            assert "⚠ 2/3 sources, broken/us-east-1 failing" in text

            # b's credentials expire: its sweep fails, it is named and left out; a ticks on.
            b.faults.update({"expire_credentials": True})
            poller.tick()
            await wait_for(pilot, lambda: len(poller.combined().failing) == 2, timeout=60)
            shown = poller.combined()
            assert shown.counted == ("a/us-east-1",)
            assert shown.totals is not None
            assert shown.totals.burn_per_hour == pytest.approx(own_a.burn_per_hour, abs=0.01)
            text = header(app)
            assert f"{usd_rate(own_a.burn_per_hour)}/h" in text
            assert "⚠ 1/3 sources, b/us-east-1, broken/us-east-1 failing" in text
            told = [n for n in app._notifications if n.title == "Cost: b/us-east-1 failing"]
            assert told and "profile b (us-east-1)" in str(told[0].message)
            assert "expired" in str(told[0].message).lower()

            # ... and is back in the sum once it answers again.
            b.faults.update({"expire_credentials": False})
            await wait_for(pilot, lambda: not poller.running, timeout=60)
            poller.tick()
            await wait_for(pilot, lambda: len(poller.combined().failing) == 1, timeout=60)
            total = poller.combined().totals
            assert total is not None and total.burn_per_hour == pytest.approx(both, abs=0.01)


async def test_triage_alerts_name_their_source_and_open_in_it() -> None:
    with ExitStack() as stack:
        app = console(TWO_REGIONS, stack)
        async with app.run_test(size=(160, 40)) as pilot:
            app.run_command_line("triage")
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, FanoutResourceScreen)
                    and app.screen.kind.name == "triage"
                ),
            )
            screen = app.screen
            labels = ("sandbox/us-east-1", "sandbox/eu-west-1")

            def from_both() -> bool:
                return all(any(k.startswith(f"{s}:") for k in screen.items) for s in labels)

            await wait_for(pilot, from_both, timeout=60)
            for label in labels:  # each source's new findings toast under its own name
                await wait_for(
                    pilot,
                    lambda label=label: any(
                        str(n.title).startswith("Triage") and f"· {label}" in str(n.title)
                        for n in app._notifications
                    ),
                )
            # A finding of eu-west-1 opens its resource in eu-west-1.
            key = next(
                k
                for k, f in screen.items.items()
                if k.startswith("sandbox/eu-west-1:") and f.target_kind == "endpoints"
            )
            assert table_of(app).move_cursor_to_key(key)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen), timeout=60)
            detail = app.screen
            assert detail.backend.region == "eu-west-1"
            await wait_for(pilot, lambda: getattr(detail, "data", None) is not None)
            assert detail.kind.name == "endpoints"


def boto(sb: Sandbox) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def training_run(sb: Sandbox) -> str:
    """A run of a training job with a validation:auc metric (each seed has its own)."""
    sm = boto(sb)
    for found in sm.search(Resource="ExperimentTrialComponent", MaxResults=100)["Results"]:
        name = found["TrialComponent"]["TrialComponentName"]
        metrics = sm.describe_trial_component(TrialComponentName=name).get("Metrics", [])
        if name.endswith("-aws-training-job") and any(
            m["MetricName"] == "validation:auc" for m in metrics
        ):
            return str(name)
    raise AssertionError("no training run with validation:auc")


def last(sb: Sandbox, name: str, metric: str) -> float:
    described = boto(sb).describe_trial_component(TrialComponentName=name)
    return float(next(m["Last"] for m in described["Metrics"] if m["MetricName"] == metric))


async def test_compare_fetches_each_row_in_its_own_source(pair) -> None:
    a, b = pair
    run_a, run_b = training_run(a), training_run(b)
    with pytest.raises(Exception, match="ResourceNotFound|does not exist"):
        boto(a).describe_trial_component(TrialComponentName=run_b)  # b's run is b's only
    with ExitStack() as stack:
        app = console(["--profile", "a,b"], stack)
        async with app.run_test(size=(160, 40)) as pilot:
            app.run_command_line("search")
            keys = (f"a/us-east-1:{run_a}", f"b/us-east-1:{run_b}")
            await wait_for(
                pilot,
                lambda: (
                    isinstance(app.screen, FanoutResourceScreen)
                    and all(k in app.screen.items for k in keys)
                ),
                timeout=60,
            )
            table = table_of(app)
            for key in keys:
                assert table.move_cursor_to_key(key)
                await pilot.press("space")
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
            screen = app.screen
            await wait_for(pilot, lambda: screen.comparison is not None, timeout=60)
            comparison = screen.comparison
            order = sorted(keys, key=lambda k: table.index.position_of(k) or 0)
            assert [r.key for r in comparison.table.runs] == order
            assert [r.label for r in comparison.table.runs] == ["A", "B"]
            auc = next(r for r in comparison.table.metrics if r.name == "validation:auc")
            expected = {keys[0]: last(a, run_a, "validation:auc")}
            expected[keys[1]] = last(b, run_b, "validation:auc")
            assert list(auc.values) == [expected[k] for k in order]
            assert auc.best == (auc.values.index(max(expected.values())),)
            legend = str(screen.query_one("#compare-legend").render())
            assert "a/us-east-1:" in legend and "b/us-east-1:" in legend

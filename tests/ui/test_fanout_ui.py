"""The console over several profiles: merged rows with ACCOUNT and REGION, a failing
profile named in the banner while the others' rows stay, and a row's detail and
actions going to the row's own source (checked with plain boto3 on each sandbox).

Profiles a and b point at two sandboxes with the same seed and start: both hold jobs
of the same names, so only the row's source tells them apart."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import boto3
import pytest

from smtui.cli import build_parser
from smtui.commands.context import CommandContext
from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.sandbox.services.sts import account_for
from smtui.services import paths
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen
from smtui.ui.screens.fanout_screen import FanoutResourceScreen
from smtui.ui.widgets.info_header import InfoHeader
from tests.fanout_env import B_ACCESS_KEY, write_profiles
from tests.ui.conftest import FROZEN_START, table_of, wait_for

JOBS = 15


@pytest.fixture
def pair() -> Iterator[tuple[Sandbox, Sandbox]]:
    a = Sandbox(seed=7, jobs=JOBS, speed=0, start=FROZEN_START).start()
    b = Sandbox(seed=7, jobs=JOBS, speed=0, start=FROZEN_START).start()
    write_profiles(a, b)
    yield a, b
    a.stop()
    b.stop()


def console(profiles: str, stack: ExitStack) -> SmtuiApp:
    args: argparse.Namespace = build_parser().parse_args(["--profile", profiles])
    return SmtuiApp(CommandContext(args, stack).backend())


def sagemaker(sb: Sandbox) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=sb.url,
        region_name=SANDBOX_REGION,
        aws_access_key_id=SANDBOX_ACCESS_KEY,
        aws_secret_access_key=SANDBOX_SECRET_KEY,
    )


def banner(app: SmtuiApp) -> str:
    return str(app.screen.query_one("#view-banner").render())


async def loaded(pilot: Any, app: SmtuiApp, rows: int) -> FanoutResourceScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, FanoutResourceScreen), timeout=60)
    await wait_for(pilot, lambda: table_of(app).total_count == rows, timeout=60)
    screen = app.screen
    assert isinstance(screen, FanoutResourceScreen)
    await wait_for(pilot, lambda: all(s.account != "…" for s in screen.fanout_sources.working))
    return screen


async def test_merged_rows_and_a_failing_profile_next_to_the_others(pair) -> None:
    a, b = pair
    with ExitStack() as stack:
        app = console("a,b,broken", stack)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await loaded(pilot, app, 2 * JOBS)
            table = table_of(app)
            assert [c.label for c in table.columns][:3] == ["ACCOUNT", "REGION", "NAME"]
            name = sorted(a.simulator.statuses())[0]
            keys = (f"a/us-east-1:{name}", f"b/us-east-1:{name}")

            def accounts_known() -> bool:  # each source's GetCallerIdentity has answered
                rows = [table.index.get(k) for k in keys]
                return all(r is not None and r.cells[0][0] != "…" for r in rows)

            await wait_for(pilot, accounts_known)
            row_a, row_b = (table.index.get(k) for k in keys)
            assert row_a is not None and row_b is not None
            assert row_a.cells[:2] == (("123456789012", "muted"), "us-east-1")
            assert row_b.cells[:2] == ((account_for(B_ACCESS_KEY), "muted"), "us-east-1")
            await wait_for(pilot, lambda: "profile broken" in banner(app))
            assert "CredentialRetrievalError" in banner(app)
            assert "2 of 3 sources fine" in banner(app)
            header = str(app.screen.query_one(InfoHeader).render())
            assert "3 profiles" in header

            # b's credentials expire mid-session: its rows stay, a goes on refreshing.
            b.faults.update({"expire_credentials": True})
            a_before = screen._source_last[0]
            a.simulator.clock.advance(60)
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: "profile b (us-east-1)" in banner(app))
            assert "expired" in banner(app)
            await wait_for(pilot, lambda: screen._source_last[0] != a_before)
            assert table.total_count == 2 * JOBS
            assert table.index.get(f"b/us-east-1:{name}") is not None
            # ... and comes back on its own once the credentials work again.
            b.faults.update({"expire_credentials": False})
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: "profile b (" not in banner(app), timeout=60)
            assert "profile broken" in banner(app)


async def test_detail_and_stop_use_the_rows_own_source(pair) -> None:
    a, b = pair
    name = sorted(n for n, s in a.simulator.statuses().items() if s == "InProgress")[0]
    with ExitStack() as stack:
        app = console("a,b", stack)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot, app, 2 * JOBS)
            table = table_of(app)
            key = f"b/us-east-1:{name}"
            # The audit log names the account: b's GetCallerIdentity has answered first.
            await wait_for(pilot, lambda: table.index.get(key).cells[0][0] != "…")
            assert table.move_cursor_to_key(key)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await wait_for(
                pilot,
                lambda: (
                    sagemaker(b).describe_training_job(TrainingJobName=name)["TrainingJobStatus"]
                    == "Stopping"
                ),
            )
            assert (
                sagemaker(a).describe_training_job(TrainingJobName=name)["TrainingJobStatus"]
                == "InProgress"
            )
            records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
            assert [(r["action"], r["resource"], r["outcome"]) for r in records] == [
                ("jobs.stop", name, "ok")
            ]
            assert records[0]["profile"] == "b"
            assert records[0]["account"] == account_for(B_ACCESS_KEY)

            # The detail of each row describes it in its own source.
            details = {}
            for profile in ("a", "b"):
                await wait_for(pilot, lambda: isinstance(app.screen, FanoutResourceScreen))
                assert table.move_cursor_to_key(f"{profile}/us-east-1:{name}")
                await pilot.press("enter")
                await wait_for(pilot, lambda: getattr(app.screen, "data", None) is not None)
                detail = app.screen
                assert isinstance(detail, DetailScreen)
                assert detail.backend.clients.target.profile == profile
                details[profile] = detail.data["TrainingJobStatus"]
                await pilot.press("escape")
            assert details == {"a": "InProgress", "b": "Stopping"}

            # A row's child view lists in the row's own source (a plain, single-source view).
            app.run_command_line("experiments")
            await wait_for(pilot, lambda: isinstance(app.screen, FanoutResourceScreen))
            await wait_for(pilot, lambda: app.screen.last_refresh is not None)
            keys = [k for k in app.screen.items if k.startswith("b/")]
            assert keys and table_of(app).move_cursor_to_key(keys[0])
            await pilot.press("t")
            await wait_for(pilot, lambda: not isinstance(app.screen, FanoutResourceScreen))
            child = app.screen
            assert child.backend.clients.target.profile == "b"
            await wait_for(pilot, lambda: child.last_refresh is not None)
            assert table_of(app).columns[0].label != "ACCOUNT"


async def test_a_read_only_profile_stays_read_only_among_the_others(pair, tmp_path) -> None:
    a, b = pair
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[profiles.b]\nread_only = true\n")
    name = sorted(n for n, s in a.simulator.statuses().items() if s == "InProgress")[0]
    with ExitStack() as stack:
        app = console("a,b", stack)
        async with app.run_test(size=(120, 40)) as pilot:
            await loaded(pilot, app, 2 * JOBS)
            header = app.screen.query_one(InfoHeader)
            header.update_info()
            assert "READ-ONLY: b" in str(header.render())
            table = table_of(app)
            for profile in ("b", "a"):
                assert table.move_cursor_to_key(f"{profile}/us-east-1:{name}")
                await pilot.press("s")
                if profile == "a":
                    await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
                    await pilot.press("y")
                await wait_for(pilot, lambda: len(paths.audit_log().read_text().splitlines()) > 0)
                await wait_for(pilot, lambda: isinstance(app.screen, FanoutResourceScreen))
            await wait_for(
                pilot,
                lambda: (
                    sagemaker(a).describe_training_job(TrainingJobName=name)["TrainingJobStatus"]
                    == "Stopping"
                ),
            )
            assert (
                sagemaker(b).describe_training_job(TrainingJobName=name)["TrainingJobStatus"]
                == "InProgress"
            )
            await wait_for(pilot, lambda: len(paths.audit_log().read_text().splitlines()) == 2)
            records = [json.loads(x) for x in paths.audit_log().read_text().splitlines()]
            outcomes = {r["profile"]: r["outcome"] for r in records}
            assert outcomes == {"b": "refused: read-only", "a": "ok"}

"""Every mutating action of the registry, through a proxy that fails it (issue 17 point 3):
sent exactly once (counted at the proxy), reported as unknown with the resource read
back, audited with the account and the request.

Per action, one item and three failures in a row: a 500 without forwarding (the
sandbox never sees it), the request forwarded then the connection closed (no answer),
and forwarded then a 500. The console's call is made as its screens make it
(tests/mutation_targets.py); one Pilot test shows the notification on screen.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smtui.aws.session import Clients, Target
from smtui.sandbox import (
    SANDBOX_ACCESS_KEY,
    SANDBOX_ACCOUNT,
    SANDBOX_REGION,
    SANDBOX_SECRET_KEY,
    Sandbox,
)
from smtui.services import paths
from smtui.services.backend import Backend, build_backend
from smtui.services.guard import OutcomeUnknown, read_audit
from smtui.services.settings import Settings
from smtui.ui.app import SmtuiApp
from smtui.ui.screens.confirm import ConfirmScreen
from tests.mutation_proxy import MODES, MutationProxy
from tests.mutation_targets import console_call, find_target, mutating_actions
from tests.ui.conftest import FROZEN_START, table_of, wait_for, wait_loaded


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Sandbox, MutationProxy]]:
    with Sandbox(seed=7, jobs=200, speed=0, start=FROZEN_START).start() as sb:
        with MutationProxy(sb.url) as proxy:
            yield sb, proxy


def backend_via(proxy: MutationProxy, sb: Sandbox) -> Backend:
    clients = Clients(
        Target(
            region=SANDBOX_REGION,
            endpoint_url=proxy.url,
            access_key=SANDBOX_ACCESS_KEY,
            secret_key=SANDBOX_SECRET_KEY,
            api_rate=100.0,
            api_burst=200.0,
        )
    )
    return build_backend(clients, Settings(), sandbox=True, clock=sb.simulator.clock.now_datetime)


def _action_ids() -> list[str]:
    backend = build_backend(
        Clients(Target(region=SANDBOX_REGION, access_key="x", secret_key="y")), Settings()
    )
    return [action.id for _, action in mutating_actions(backend)]


def test_every_mutating_action_is_covered() -> None:
    """The parametrisation below is the registry's own list: a new mutating action is
    driven through the proxy as soon as it is registered."""
    ids = _action_ids()
    assert len(ids) == len(set(ids)) and len(ids) >= 23


@pytest.mark.parametrize("action_id", _action_ids())
def test_a_failed_mutation_is_sent_once_and_reported_unknown(world, action_id: str) -> None:
    sb, proxy = world
    backend = backend_via(proxy, sb)
    kind, action = next((k, a) for k, a in mutating_actions(backend) if a.id == action_id)
    proxy.reset("forward500")  # reads pass through while the target is found
    target = find_target(backend, kind, action)
    assert target is not None, f"the sandbox has no item {action_id} applies to"
    run = console_call(backend, target)
    forwarded_before = len(sb.request_log)
    for mode in MODES:
        proxy.reset(mode)
        with pytest.raises(OutcomeUnknown) as info:
            run()
        assert sum(proxy.sent.values()) == 1, (mode, proxy.sent)  # sent exactly once
        (operation,) = proxy.sent
        error = info.value
        assert error.message.startswith("outcome unknown, check before retrying")
        assert error.state and not error.state.startswith(("could not", "no read")), error.state
        assert f"Read again: {error.state}" in error.message
        assert error.check.startswith("aws ") and proxy.url in error.check
        record = read_audit(paths.audit_log())[-1]
        assert record["action"] == action_id and record["account"] == SANDBOX_ACCOUNT
        how = "unknown: no answer" if mode == "forward-reset" else "unknown: HTTP 500"
        assert record["outcome"].startswith(how), record["outcome"]
        assert record["read_back"] == error.state
        assert record["requests"][-1]["operation"] == operation
        assert record["requests"][-1]["sent"] is True
    forwarded = [op for _, op in sb.request_log[forwarded_before:] if op == operation]
    assert len(forwarded) == 2  # forward-reset and forward500; refuse500 never reached it


async def test_the_console_shows_the_unknown_outcome_and_the_state_read_back(world) -> None:
    sb, proxy = world
    backend = backend_via(proxy, sb)
    proxy.reset("forward500")
    app = SmtuiApp(backend)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        name = sorted(n for n, s in sb.simulator.statuses().items() if s == "InProgress")[0]
        await pilot.press("slash", *name, "enter")
        await wait_for(pilot, lambda: table_of(app).cursor_key == name)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(
            pilot, lambda: any("OutcomeUnknown" in str(n.title) for n in app._notifications), 30
        )
    (note,) = [n for n in app._notifications if "OutcomeUnknown" in str(n.title)]
    assert "outcome unknown, check before retrying" in str(note.message)
    assert "Read again: TrainingJobStatus Stopping" in str(note.message)
    assert proxy.sent == {"StopTrainingJob": 1}

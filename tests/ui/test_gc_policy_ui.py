"""The console keeps full garbage collections off the keys: a key marks the keyboard busy,
the policy's tick then leaves the collector alone, and closing the app unfreezes."""

from __future__ import annotations

import gc

import pytest

from smtui.sandbox import Sandbox
from smtui.ui import gc_policy
from tests.ui.conftest import make_app, wait_loaded


async def test_keys_hold_collections_back_and_exit_releases(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gc_policy, "FREEZE_AT", 0)  # a 200-job console is below it
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app)
        policy = app.gc_policy
        policy.last_input = 0.0
        await pilot.press("j")
        assert policy.last_input > 0.0, "a key reached the policy"
        freezes = policy.freezes
        policy.tick()  # the key was just now: no collection
        assert policy.freezes == freezes
        policy.last_input -= gc_policy.QUIET + 1
        policy.tick()
        assert policy.freezes == freezes + 1
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0, "what the app froze is collectable after it closes"

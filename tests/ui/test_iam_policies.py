"""The documented IAM policies (docs/iam/) are enough, and no more, for what they promise:
the sandbox enforces them with its action allow-list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen, SectionView
from tests.ui.conftest import make_app, wait_for, wait_loaded

DOCS = Path(__file__).resolve().parents[2] / "docs" / "iam"


def allowed_actions(name: str) -> list[str]:
    policy = json.loads((DOCS / name).read_text())
    actions: list[str] = []
    for statement in policy["Statement"]:
        if statement["Effect"] == "Allow":
            action = statement["Action"]
            actions.extend([action] if isinstance(action, str) else action)
    return actions


@pytest.mark.parametrize(
    ("policy", "can_stop"), [("viewer-policy.json", False), ("operator-policy.json", True)]
)
async def test_console_under_policy(sandbox, policy: str, can_stop: bool) -> None:
    sandbox.faults.update({"allow_only": allowed_actions(policy)})
    name = sorted(n for n, s in sandbox.simulator.statuses().items() if s == "InProgress")[0]
    app = make_app(sandbox)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert app.screen.error is None
        await wait_for(pilot, lambda: app.backend.identity is not None)
        await pilot.press("slash", *name, "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        await wait_for(pilot, lambda: len(app.screen.query(SectionView)) > 2)
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        expected = "Stopping" if can_stop else "InProgress"
        await pilot.pause(0.5)
        await wait_for(pilot, lambda: sandbox.simulator.statuses()[name] == expected)
        if not can_stop:
            messages = [str(n.message) for n in app._notifications]
            await wait_for(
                pilot, lambda: any("not authorized" in str(n.message) for n in app._notifications)
            )
            assert messages is not None
    assert sandbox.faults.state()["injected"].get("denied", 0) == (0 if can_stop else 1)

"""A canary secret key must never appear on screen, in the audit log, the cache, an error
message, a notification or the CLI's output, whatever fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from smtui.services import paths
from smtui.ui.screens.confirm import ConfirmScreen
from smtui.ui.screens.detail_screen import DetailScreen
from tests.ui.conftest import make_app, wait_for, wait_loaded

CANARY = "CANARYsecretKEY0123456789abcdefSECRET"


def files_under(path: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in path.rglob("*") if p.is_file())


async def test_the_secret_never_shows_in_the_console(sandbox, isolated_env) -> None:
    app = make_app(sandbox, target_options={"secret_key": CANARY, "max_attempts": 1})
    seen: list[str] = []
    running = sorted(n for n, s in sandbox.simulator.statuses().items() if s == "InProgress")[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.data)
        seen.append(app.export_screenshot())
        await pilot.press("escape")
        sandbox.faults.update({"expire_credentials": True})
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.error is not None)
        seen.append(app.export_screenshot())
        sandbox.faults.update({"expire_credentials": False, "deny": ["sagemaker:StopTrainingJob"]})
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: app.screen.error is None)
        await pilot.press("slash", *running, "enter", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: paths.audit_log().exists())
        await pilot.pause(0.3)
        seen.append(app.export_screenshot())
        seen.extend(str(n.message) + str(n.title) for n in app._notifications)
    seen.append(files_under(isolated_env))
    assert "AccessDeniedException" in paths.audit_log().read_text()
    assert not [text for text in seen if CANARY in text]


def test_the_secret_never_shows_in_cli_errors(sandbox) -> None:
    sandbox.faults.update({"expire_credentials": True})
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "AKIACANARY", "AWS_SECRET_ACCESS_KEY": CANARY}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smtui",
            "jobs",
            "--endpoint-url",
            sandbox.url,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and "ExpiredTokenException" in result.stderr
    assert CANARY not in result.stdout + result.stderr

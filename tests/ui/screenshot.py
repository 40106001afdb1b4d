"""Regenerate docs/screenshot.svg: the console on the frozen sandbox, as the README and the
docs site show it.

    .venv/bin/python -m tests.ui.screenshot

A fixed virtual start and a stopped clock (speed 0) make the picture the same on every run.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
SIZE = (120, 32)


async def render(path: Path) -> None:
    from smtui.sandbox import Sandbox
    from tests.ui.conftest import FROZEN_START, make_app, wait_for, wait_loaded
    from tests.ui.test_themes_snapshots import wait_idle

    sb = Sandbox(seed=7, jobs=200, speed=0, start=FROZEN_START).start()
    try:
        app = make_app(sb)
        async with app.run_test(size=SIZE) as pilot:
            await wait_loaded(pilot, app, 200)
            await wait_for(pilot, lambda: app.backend.identity is not None)
            await pilot.press("j", "space", "j", "space", "j")
            await wait_idle(pilot)
            for header in app.screen.query("InfoHeader"):
                header.update_info()
            await pilot.pause()
            app.save_screenshot(path.name, str(path.parent))
    finally:
        sb.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        # Keep the user's own config, caches and audit log out of the picture.
        for name in ("SMTUI_CONFIG_DIR", "SMTUI_STATE_DIR", "SMTUI_CACHE_DIR"):
            os.environ[name] = os.path.join(home, name.lower())
        os.environ.pop("NO_COLOR", None)
        DOCS.mkdir(exist_ok=True)
        asyncio.run(render(DOCS / "screenshot.svg"))
    print(DOCS / "screenshot.svg")


if __name__ == "__main__":
    main()

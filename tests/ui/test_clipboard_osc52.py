"""Copy writes OSC 52 to the terminal and always shows the text in a toast (the fallback:
a terminal that refuses OSC 52 says nothing, so the user can select it from the toast)."""

from __future__ import annotations

import base64

from textual.drivers.headless_driver import HeadlessDriver

from smtui.ui.clipboard import copy_text
from tests.ui.conftest import make_app, wait_for, wait_loaded

ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/bert-base-ünïcode-1"


async def test_copy_writes_the_osc52_sequence_and_shows_the_text(sandbox, monkeypatch) -> None:
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot, app, 200)
        written.clear()
        copy_text(app, ARN, "ARN")
        await pilot.pause()
        encoded = base64.b64encode(ARN.encode("utf-8")).decode("ascii")
        assert f"\x1b]52;c;{encoded}\a" in written  # OSC 52, clipboard "c", BEL-terminated
        assert app.clipboard == ARN
        toast = [n for n in app._notifications if n.title == "Copied ARN (OSC 52)"]
        assert toast and toast[-1].message == ARN  # the fallback: the text itself


async def test_every_copy_action_of_every_view_writes_osc52(sandbox, monkeypatch) -> None:
    """Generic over the registry: each listed view's copy actions (name, ARN, console URL),
    pressed on the cursor row, put exactly that text on the terminal's clipboard."""
    written: list[str] = []
    monkeypatch.setattr(HeadlessDriver, "write", lambda self, data: written.append(data))
    app = make_app(sandbox)
    copied = 0
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(pilot, app, 200)
        for kind in app.backend.registry:
            actions = [a for a in kind.actions if a.copy is not None]
            if not kind.listed or not actions:
                continue
            assert app.run_command_line(kind.name) is None
            await wait_for(pilot, lambda k=kind: getattr(app.screen, "kind", None) is k)
            table = await wait_loaded(pilot, app)
            if not table.row_count:
                continue
            item = app.screen.current_item()
            for action in actions:
                if not action.applies(item):
                    continue
                written.clear()
                await pilot.press(action.key)
                await pilot.pause()
                text = action.copy(item, app.backend.region)
                encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
                assert f"\x1b]52;c;{encoded}\a" in written, (kind.name, action.id)
                copied += 1
    assert copied >= 3  # jobs: name, ARN, console URL at least


def test_long_text_toast_shows_its_start_and_what_was_copied() -> None:
    from smtui.ui.clipboard import SHOWN_LINES, toast_text

    assert toast_text(ARN) == ARN
    lines = [f"line {n}" for n in range(40)]
    shown = toast_text("\n".join(lines)).splitlines()
    assert shown[:SHOWN_LINES] == lines[:SHOWN_LINES]
    assert shown[-1].startswith("… (40 lines,") and len(shown) == SHOWN_LINES + 1

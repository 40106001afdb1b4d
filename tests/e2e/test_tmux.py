"""`smtui --sandbox` in a real terminal (tmux), read as a user reads it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def wait_screen(session: str, text: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared:\n{screen}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_sandbox_console_in_a_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    session = f"smtui-{uuid.uuid4().hex[:8]}"
    smtui = Path(sys.executable).with_name("smtui")
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("SMTUI_"))
    cmd = f"env {env} TERM=xterm-256color {smtui} --sandbox --speed 0.5"
    width, height = size
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), cmd],
        check=True,
    )
    try:
        wait_screen(session, "Training jobs  [200]")
        screen = wait_screen(session, "123456789012")
        lines = screen.splitlines()
        assert "123456789012" in lines[0] and "us-east-1" in lines[0]
        assert "NAME" in lines[2] and "STATUS" in lines[2]
        assert all(len(line) <= width for line in lines)
        subprocess.run(["tmux", "send-keys", "-t", session, "?"], check=True)
        assert "jobs.stop" in wait_screen(session, "Binding id")
        subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
        deadline = time.monotonic() + 10  # ESC then q at once would read as alt+q
        while "Binding id" in capture(session) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(0.3)
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("q did not quit")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)

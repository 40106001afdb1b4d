"""In a real terminal (tmux): the default theme follows the colours the terminal reports.
`:theme` alone names the theme in use. (NO_COLOR and explicit choices: test_themes_live.py
and the unit tests of choose_theme.)"""

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


def _theme_in_use(tmp_path: Path, env: str) -> str:
    socket = f"smtui-theme-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    smtui = Path(sys.executable).with_name("smtui")
    keep = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("SMTUI_"))
    cmd = f"env -u COLORTERM -u NO_COLOR {keep} {env} {smtui} --sandbox --jobs 20"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "t", "-x", "120", "-y", "30", cmd], check=True
    )

    def screen() -> str:
        return subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "t"], capture_output=True, text=True
        ).stdout

    try:
        deadline = time.monotonic() + 30
        while "Training jobs  [20]" not in screen():
            assert time.monotonic() < deadline, screen()
            time.sleep(0.2)

        def last_line() -> str:
            return screen().rstrip("\n").splitlines()[-1]

        subprocess.run([*tmux, "send-keys", "-t", "t", ":"], check=True)
        while not last_line().startswith(":"):  # the `:` line is open and has the focus
            assert time.monotonic() < deadline, screen()
            time.sleep(0.1)
        subprocess.run([*tmux, "send-keys", "-t", "t", "theme"], check=True)
        while "theme" not in last_line():
            assert time.monotonic() < deadline, screen()
            time.sleep(0.1)
        subprocess.run([*tmux, "send-keys", "-t", "t", "Enter"], check=True)
        while "(smtui themes:" not in screen():
            assert time.monotonic() < deadline, screen()
            time.sleep(0.2)
        line = next(line for line in screen().splitlines() if "(smtui themes:" in line)
        return line.split("(smtui themes:")[0].split()[-1]
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


@pytest.mark.parametrize(
    ("env", "theme"),
    [
        ("TERM=xterm-256color", "smtui-256"),  # SSH: TERM forwarded, COLORTERM not
        ("TERM=xterm-256color COLORTERM=truecolor", "smtui-dark"),
    ],
)
def test_theme_follows_the_terminal(tmp_path: Path, env: str, theme: str) -> None:
    assert _theme_in_use(tmp_path, env) == theme

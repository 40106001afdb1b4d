"""A terminal left as it was found: SIGTERM ends the console with the normal screen back
(alternate screen off, mouse tracking off, cursor shown) and exit status 143; ctrl+d at a
`[y/N]` prompt is a no, one line and a non-zero status, no traceback.

Each test runs its own tmux server (``-L``, an empty config) and synchronises on what
the pane shows. smtui runs under a shell that prints its exit status and stays, so the
pane's modes after the exit are the terminal's own (tmux hides the cursor of a dead pane).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")

ROOT = Path(__file__).resolve().parents[2]
# tmux format variables of a pane's modes (tmux(1), FORMATS).
MODES = (
    "alternate_on",
    "mouse_any_flag",
    "mouse_button_flag",
    "mouse_standard_flag",
    "mouse_all_flag",
    "mouse_sgr_flag",
    "cursor_flag",
)


class Tmux:
    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"smtui-test-{uuid.uuid4().hex[:8]}"
        self.config = tmp_path / "tmux.conf"
        self.config.write_text("")

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.config), *args],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def start(self, argv: str) -> None:
        env = {k: v for k, v in os.environ.items() if k.startswith(("SMTUI_", "AWS_"))}
        env |= {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
        assignments = " ".join(f"{k}={v}" for k, v in env.items())
        command = f"env {assignments} {sys.executable} -m smtui {argv}; echo EXIT=$?; exec cat"
        self("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", command)

    def smtui_pid(self) -> int:
        """smtui's process: the shell's child (``env`` execs Python)."""
        shell = self.modes()["pane_pid"]
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        return int(children[0])

    def exit_status(self) -> int | None:
        found = re.search(r"EXIT=(\d+)", self.screen())
        return int(found.group(1)) if found else None

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def modes(self) -> dict[str, str]:
        names = ["pane_pid", *MODES]
        values = self("display-message", "-p", "-t", "t", "|".join(f"#{{{n}}}" for n in names))
        return dict(zip(names, values.strip().split("|"), strict=True))

    def until(self, what: str, condition: Callable[[], bool], timeout: float = 60) -> None:
        """Poll the pane until ``condition`` holds (a safety deadline, not a wait)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} never happened:\n{self.screen()}\n{self.modes()}")
            time.sleep(0.1)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    server = Tmux(tmp_path)
    yield server
    server.kill()


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 0)], ids=["TERM", "HUP"]
)
def test_a_signal_restores_the_terminal(tmux: Tmux, signum: int, status: int) -> None:
    tmux.start("--sandbox --jobs 20")
    tmux.until("the first screen", lambda: "Training jobs  [" in tmux.screen())
    before = tmux.modes()
    assert (before["alternate_on"], before["mouse_any_flag"]) == ("1", "1")  # what is undone
    os.kill(tmux.smtui_pid(), signum)
    tmux.until("the exit", lambda: tmux.exit_status() is not None)
    assert tmux.exit_status() == status
    after = tmux.modes()
    assert {m: after[m] for m in MODES} == {
        **{m: "0" for m in MODES},
        "cursor_flag": "1",
    }
    assert "Traceback" not in tmux.screen()


def test_ctrl_d_at_a_confirmation_is_a_no(tmux: Tmux) -> None:
    tmux.start("--sandbox --jobs 5 stop training any-job")
    tmux.until("the prompt", lambda: "[y/N]" in tmux.screen())
    tmux("send-keys", "-t", "t", "C-d")
    tmux.until("the exit", lambda: tmux.exit_status() is not None)
    assert tmux.exit_status() == 1
    lines = [line for line in tmux.screen().splitlines() if line.strip()]
    assert "Traceback" not in tmux.screen()
    assert lines[0].startswith("Stop training job any-job? [y/N]")
    assert lines[1:] == ["cancelled: nothing was sent", "EXIT=1"]

"""The terminal side: SIGHUP (dropped SSH) exits cleanly; SIGTSTP/SIGCONT restore the screen."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.e2e.test_tmux import capture, wait_screen

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")


def start(tmp_path: Path) -> tuple[str, int]:
    session = f"smtui-{uuid.uuid4().hex[:8]}"
    smtui = Path(sys.executable).with_name("smtui")
    pidfile = tmp_path / "pid"
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("SMTUI_"))
    cmd = f"sh -c 'echo $$ > {pidfile}; exec env {env} TERM=xterm-256color {smtui} --sandbox'"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", cmd], check=True
    )
    wait_screen(session, "Training jobs  [")
    return session, int(pidfile.read_text())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def test_sighup_exits_cleanly(tmp_path: Path) -> None:
    session, pid = start(tmp_path)
    try:
        os.kill(pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pid)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_stop_and_continue_restore_the_screen(tmp_path: Path) -> None:
    session, pid = start(tmp_path)
    try:
        os.kill(pid, signal.SIGTSTP)
        time.sleep(0.5)
        os.kill(pid, signal.SIGCONT)
        screen = wait_screen(session, "Training jobs  [")
        assert "NAME" in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "?"], check=True)
        assert "Binding id" in wait_screen(session, "Binding id")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        time.sleep(0.2)
        assert not alive(pid) or capture  # the session is gone; the app followed it

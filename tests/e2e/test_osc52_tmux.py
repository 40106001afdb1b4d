"""OSC 52 through a real terminal: tmux with set-clipboard on turns the console's copy into
a tmux paste buffer, as it does over SSH. A tmux server of its own (-L), killed after."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from smtui.services.kinds import default_registry

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")

ARN = re.compile(r"^arn:aws:sagemaker:us-east-1:123456789012:training-job/[a-z0-9-]+$")


def _copy_arn_key() -> str:
    kind = default_registry().resolve("jobs")
    assert kind is not None
    actions = [a for a in kind.actions if a.copy is not None and "arn" in a.id]
    assert actions, "the jobs view has no copy-ARN action"
    return actions[0].key


def test_copy_in_the_console_lands_in_the_tmux_buffer(tmp_path: Path) -> None:
    socket = f"smtui-osc52-{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\n")
    tmux = ["tmux", "-L", socket, "-f", str(conf)]
    smtui = Path(sys.executable).with_name("smtui")
    env = " ".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("SMTUI_"))
    cmd = f"env {env} TERM=xterm-256color {smtui} --sandbox --speed 0.5"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "c", "-x", "160", "-y", "40", cmd], check=True
    )
    try:
        deadline = time.monotonic() + 30
        screen = ""
        while "Training jobs  [200]" not in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", "c"], capture_output=True, text=True
            ).stdout
        assert "Training jobs  [200]" in screen, screen
        subprocess.run([*tmux, "send-keys", "-t", "c", _copy_arn_key()], check=True)
        buffer = ""
        while not buffer and time.monotonic() < deadline + 10:
            time.sleep(0.2)
            buffer = subprocess.run([*tmux, "show-buffer"], capture_output=True, text=True).stdout
        assert ARN.match(buffer), buffer
        # The name as shown: whole, or cut in the middle (head…tail) to read apart.
        head, _, tail = screen.splitlines()[3].split()[0].partition("…")
        assert len(head) > 8 and "/" + head in buffer and buffer.rstrip().endswith(tail)
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "c"], capture_output=True, text=True
        ).stdout
        assert "OSC 52" in screen  # the toast that shows what was copied
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)

"""Cold start: `smtui --sandbox` from process start to the first job row on screen.

Measured in a real terminal (tmux, 120x40), polling capture-pane, as a user sees it: the
interpreter starting, imports, the embedded sandbox starting, the first listing and the
first paint. Baselines in the same run: the AWS CLI's first page from a sandbox already
serving (`aws sagemaker list-training-jobs --max-items 20`: its own process start, imports
and one request), and the floor of any Textual app, `python -c 'import textual.app'`.
Skipped where tmux is absent.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from typing import Any

from tests.benchmarks.system import BIN, aws, have_aws, served, timed

# A job row: one of the statuses the training-jobs view shows in its STATUS column.
ROW = re.compile(r"\b(InProgress|Completed|Failed|Stopped|Stopping)\b")
POLL = 0.02
TIMEOUT = 120.0


def _capture(session: str) -> str:
    done = subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    )
    return done.stdout


def cold_start_seconds() -> float:
    """Seconds from `tmux new-session` running `smtui --sandbox` to a job row on screen."""
    session = f"smtui-cold-{uuid.uuid4().hex[:8]}"
    # tmux starts the command in its server's environment: hand over ours that matters.
    passed = " ".join(
        shlex.quote(f"{k}={v}")
        for k, v in os.environ.items()
        if k.startswith("SMTUI_") or k == "PYTHONPATH"
    )
    cmd = f"env {passed} TERM=xterm-256color {BIN / 'smtui'} --sandbox"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd], check=True
    )
    try:
        while time.perf_counter() - started < TIMEOUT:
            screen = _capture(session)
            if "Training jobs" in screen and ROW.search(screen):
                return time.perf_counter() - started
            time.sleep(POLL)
        raise RuntimeError(f"no job row within {TIMEOUT:.0f} s:\n{_capture(session)}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def import_textual_seconds() -> float:
    seconds, _ = timed([sys.executable, "-c", "import textual.app"])
    return seconds


async def bench_cold_start(ctx: Any) -> list[Any]:
    from tests.benchmarks.run import Measurement

    if shutil.which("tmux") is None:
        print("cold start skipped: tmux not installed")
        return []
    ours = cold_start_seconds()
    floor = import_textual_seconds()
    rows = [
        Measurement(
            "cold start: `smtui --sandbox` to the first job row (tmux) vs python + textual import",
            ours,
            baseline=floor,
            baseline_label="import textual.app",
        )
    ]
    if have_aws():
        with served(200, latency="0ms") as url:
            cli, _ = timed(aws(url, "list-training-jobs", "--max-items", "20"))
        rows.append(
            Measurement(
                "cold start: `smtui --sandbox` to the first job row (tmux) vs aws CLI first page",
                ours,
                baseline=cli,
                baseline_label="aws CLI",
            )
        )
    return rows

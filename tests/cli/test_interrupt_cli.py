"""Ctrl-C during ``smtui jobs`` (the parallel listing) leaves at once, with one line and
exit 130, even while requests are still in flight (issue 18: it waited ~22 s)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from smtui.sandbox import SANDBOX_REGION, Sandbox
from smtui.sandbox.protocols.base import RequestContext

# A safety bound only: the test synchronises on requests seen by the sandbox.
SAFETY = 60


class Gate:
    """Lets the first ``passes`` ListTrainingJobs requests through; holds the others
    until released, after saying one is held."""

    def __init__(self, passes: int) -> None:
        self.passes = passes
        self.held = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, ctx: RequestContext) -> None:
        if ctx.operation != "ListTrainingJobs":
            return
        with self._lock:
            self.passes -= 1
            hold = self.passes < 0
        if hold:
            self.held.set()
            self.release.wait(SAFETY)


@pytest.fixture
def gated() -> Iterator[tuple[Sandbox, Gate]]:
    # 3,000 jobs over 90 days: the listing is split into windows, many pages each.
    with Sandbox(seed=7, jobs=3000, speed=0, faults="latency@sagemaker=50ms").start() as sb:
        gate = Gate(passes=3)  # both edges and one window page are answered
        sb.hooks.append(gate)
        try:
            yield sb, gate
        finally:
            gate.release.set()


def test_ctrl_c_during_the_parallel_listing_exits_at_once(gated: tuple[Sandbox, Gate]) -> None:
    sb, gate = gated
    proc = subprocess.Popen(
        [sys.executable, "-m", "smtui", "jobs", "--endpoint-url", sb.url]
        + ["--region", SANDBOX_REGION, "--output", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
    )
    try:
        assert gate.held.wait(SAFETY), "the listing never reached its windows"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=SAFETY)
        # It left while its requests were still held by the sandbox: nothing waited for them.
        assert not gate.release.is_set()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert err.strip().splitlines() == ["smtui: interrupted"]
    assert out == ""

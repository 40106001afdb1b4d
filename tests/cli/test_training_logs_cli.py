"""`smtui logs JOB`, run as a user runs it, against a sandbox whose clock the test moves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_SECRET_KEY, Sandbox

START = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
TWO_HOSTS = "xgboost-churn-2026-11-26-11-46-48-786"  # planted: Training on 2 instances
DYING = "bert-base-sentiment-2026-11-26-11-04-29-123"  # planted: fails with OOM in 300 s


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox(seed=7, jobs=200, speed=0.0, start=START).start() as sandbox:
        yield sandbox


def command(sb: Sandbox, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "smtui",
        "logs",
        *args,
        "--endpoint-url",
        sb.url,
        "--region",
        "us-east-1",
    ]


def env() -> dict[str, str]:
    return {
        **os.environ,
        "AWS_ACCESS_KEY_ID": SANDBOX_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SANDBOX_SECRET_KEY,
    }


def logs(sb: Sandbox, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(sb, *args), capture_output=True, text=True, env=env(), timeout=60)


def test_all_hosts_interleaved_by_time_with_their_names(sb: Sandbox) -> None:
    result = logs(sb, TWO_HOSTS, "--lines", "8", "--timestamps")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    stamps = [line.split(" ", 1)[0] for line in lines]
    assert stamps == sorted(stamps) and all(s.endswith("Z") for s in stamps)
    hosts = {line.split(" ")[1] for line in lines}
    assert hosts == {"[algo-1]", "[algo-2]"}
    one = logs(sb, TWO_HOSTS, "--host", "2")
    assert one.returncode == 0 and one.stdout.startswith("Starting the download")
    assert "[algo-" not in one.stdout  # one host: no prefix
    assert len(one.stdout.splitlines()) > len(lines)


def test_a_failed_job_ends_with_its_error(sb: Sandbox) -> None:
    records, now = sb.simulator.records()
    job = next(j for j in records if j.is_terminal(now) and j.failure == "oom")
    reason = sb.simulator.describe_training_job(job.name)["FailureReason"]
    result = logs(sb, job.name)
    assert result.returncode == 0
    assert "Traceback (most recent call last):" in result.stdout
    assert result.stdout.rstrip("\n").endswith(reason.split("\n")[-1])


def test_errors_are_one_line_and_exit_2(sb: Sandbox) -> None:
    missing = logs(sb, "no-such-job")
    assert missing.returncode == 2
    assert missing.stderr.strip() == (
        "smtui: error: ResourceNotFound (DescribeTrainingJob): Requested resource not found."
    )
    host = logs(sb, TWO_HOSTS, "--host", "3")
    assert host.returncode == 2 and "has no host algo-3 (it has algo-1, algo-2)" in host.stderr


def test_follow_prints_new_lines_until_the_job_ends(sb: Sandbox) -> None:
    proc = subprocess.Popen(
        command(sb, DYING, "--follow", "--interval", "0.2", "--lines", "3"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        assert proc.stdout is not None
        first = [proc.stdout.readline() for _ in range(3)]
        assert all(first)
        time.sleep(0.5)
        sb.simulator.clock.advance(400)  # the job writes more, then fails
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback (most recent call last):" in out
    assert err.strip().endswith(f"{DYING}: Failed")

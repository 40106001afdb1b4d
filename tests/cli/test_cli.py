"""The command line, run as a user runs it: `python -m smtui ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smtui import __version__


def smtui(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "smtui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def test_version_and_help() -> None:
    assert smtui("--version").stdout.strip() == f"smtui {__version__}"
    out = smtui("--help").stdout
    for word in (
        "--sandbox",
        "--profile",
        "--region",
        "--endpoint-url",
        "--read-only",
        "jobs",
        "sandbox",
    ):
        assert word in out
    assert "--output" in smtui("jobs", "--help").stdout
    assert "--speed" in smtui("sandbox", "serve", "--help").stdout


@pytest.mark.parametrize(
    ("args", "env", "fragment"),
    [
        (["jobs", "--profile", "nope"], {}, "profile (nope) could not be found"),
        (["jobs"], {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}, "no region"),
        (["jobs", "--region", "us-east-1"], {}, "no AWS credentials"),
        (
            ["jobs", "--region", "us-east-1", "--endpoint-url", "ftp://x"],
            {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"},
            "not an http(s) URL",
        ),
        (["jobs", "--sandbox", "--status", "sleeping"], {}, "--status must be one of"),
        (["--sandbox", "--speed", "0", "jobs"], {}, "--speed must be greater than 0"),
    ],
)
def test_errors_are_one_clear_line(args: list[str], env: dict[str, str], fragment: str) -> None:
    result = smtui(*args, env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("smtui: error:")
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_connection_refused_is_one_line(tmp_path: Path) -> None:
    result = smtui(
        "jobs",
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
        env={"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_MAX_ATTEMPTS": "1"},
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert "ConnectionError" in result.stderr


def test_jobs_json_from_the_sandbox() -> None:
    result = smtui("jobs", "--sandbox", "--output", "json")
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)
    assert len(jobs) == 200
    for job in jobs:
        assert {
            "TrainingJobName",
            "TrainingJobStatus",
            "SecondaryStatus",
            "CreationTime",
        } <= job.keys()
    created = [job["CreationTime"] for job in jobs]
    assert created == sorted(created, reverse=True)
    assert {job["TrainingJobStatus"] for job in jobs} >= {"Completed", "Failed", "InProgress"}


def test_jobs_filters_and_limit() -> None:
    failed = json.loads(smtui("--sandbox", "jobs", "--status", "failed", "--output", "json").stdout)
    assert failed and {j["TrainingJobStatus"] for j in failed} == {"Failed"}
    some = json.loads(smtui("jobs", "--sandbox", "--limit", "7", "--output", "json").stdout)
    assert len(some) == 7
    fragment = some[0]["TrainingJobName"][:6]
    named = json.loads(
        smtui("jobs", "--sandbox", "--name-contains", fragment, "--output", "json").stdout
    )
    assert named and all(fragment in j["TrainingJobName"] for j in named)


def test_jobs_table_output() -> None:
    result = smtui("jobs", "--sandbox", "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["NAME", "STATUS", "SECONDARY"]
    assert len(lines) == 6


def test_sandbox_serve_prints_its_url_first() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "smtui", "sandbox", "serve", "--port", "0", "--jobs", "20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        listed = smtui(
            "jobs",
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
            "--output",
            "json",
            env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
        )
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == 20
    finally:
        proc.terminate()
        proc.wait(timeout=10)

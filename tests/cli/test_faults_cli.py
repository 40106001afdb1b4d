"""Fault options on the command line: in-process (--sandbox-faults) and `sandbox serve --faults`."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

from tests.cli.test_cli import smtui


def test_in_process_faults_reach_the_cli_as_aws_errors() -> None:
    result = smtui("jobs", "--sandbox", "--sandbox-faults", "throttle@ListTrainingJobs=1")
    assert result.returncode == 2
    assert "ThrottlingException (ListTrainingJobs): Rate exceeded" in result.stderr
    bad = smtui("jobs", "--sandbox", "--sandbox-faults", "flood=1")
    assert bad.returncode == 2 and "unknown fault 'flood'" in bad.stderr


def test_serve_with_faults_and_its_control_endpoint() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "smtui",
            "sandbox",
            "serve",
            "--jobs",
            "10",
            "--faults",
            "latency=10ms",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        with urllib.request.urlopen(f"{url}/_sandbox/faults", timeout=5) as resp:
            assert json.loads(resp.read())["spec"] == "latency=10ms"
        req = urllib.request.Request(
            f"{url}/_sandbox/faults", data=b'{"expire_credentials": true}', method="POST"
        )
        urllib.request.urlopen(req, timeout=5).read()
        listed = smtui(
            "jobs",
            "--endpoint-url",
            url,
            "--region",
            "us-east-1",
            env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
        )
        assert listed.returncode == 2 and "ExpiredTokenException" in listed.stderr
    finally:
        proc.terminate()
        proc.wait(timeout=10)

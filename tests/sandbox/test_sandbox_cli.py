"""Contract test: the real AWS CLI (v1, from the venv) talks to the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from smtui.sandbox import Sandbox

AWS = Path(sys.executable).parent / "aws"

pytestmark = pytest.mark.skipif(not AWS.exists(), reason="AWS CLI not installed in this venv")


@pytest.fixture(scope="module")
def aws(sb: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Any:
    home = tmp_path_factory.mktemp("aws-home")
    (home / "config").write_text("")
    (home / "credentials").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="sandbox",
        AWS_SECRET_ACCESS_KEY="sandbox",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(home / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        HOME=str(home),
    )

    def run(*args: str) -> Any:
        cmd = [
            str(AWS),
            *args,
            "--endpoint-url",
            sb.url,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ]
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    return run


def test_cli_lists_every_job(aws: Any, sb: Sandbox, all_jobs: Any) -> None:
    calls_before = sb.request_log.count(("sagemaker", "ListTrainingJobs"))
    listed = aws("sagemaker", "list-training-jobs")
    calls = sb.request_log.count(("sagemaker", "ListTrainingJobs")) - calls_before
    assert calls == 20  # the CLI followed NextToken through 10-job pages
    cli_names = [s["TrainingJobName"] for s in listed["TrainingJobSummaries"]]
    boto_names = [s["TrainingJobName"] for s in all_jobs()]
    assert len(cli_names) == sb.simulator.job_count() == 200  # paginated 10 at a time
    assert cli_names == boto_names
    assert "NextToken" not in listed


def test_cli_describe_stop_describe(aws: Any, sb: Sandbox) -> None:
    name = next(n for n, s in sb.simulator.statuses().items() if s == "InProgress")
    described = aws("sagemaker", "describe-training-job", "--training-job-name", name)
    assert described["TrainingJobName"] == name
    assert described["TrainingJobStatus"] == "InProgress"
    aws("sagemaker", "stop-training-job", "--training-job-name", name)
    described = aws("sagemaker", "describe-training-job", "--training-job-name", name)
    assert (described["TrainingJobStatus"], described["SecondaryStatus"]) == (
        "Stopping",
        "Stopping",
    )


def test_cli_get_caller_identity(aws: Any) -> None:
    identity = aws("sts", "get-caller-identity")
    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == "arn:aws:iam::123456789012:user/sandbox"

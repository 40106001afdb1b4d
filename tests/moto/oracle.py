"""The AWS CLI as the oracle: what `aws SERVICE list-...` lists on the same moto server.

The commands run in one child process, ``python -m tests.moto.oracle``, which runs each
through the AWS CLI's own driver (what the ``aws`` script runs) with its output captured:
one interpreter start instead of one per command.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache

import botocore.session
from botocore import xform_name

from tests.moto.seed import CREDENTIALS


@dataclass(frozen=True)
class Listed:
    """The AWS CLI's answer: a count, or the failure it reported (moto lacks the API)."""

    count: int | None
    error: str = ""


@dataclass(frozen=True)
class Query:
    """``aws SERVICE COMMAND ARGS``, every page, counting ``MEMBER``."""

    command: str
    member: str
    args: tuple[str, ...] = ()
    service: str = "sagemaker"

    def argv(self, url: str) -> list[str]:
        return [
            self.service,
            self.command,
            *self.args,
            "--endpoint-url",
            url,
            "--query",
            f"length({self.member})",
            "--output",
            "json",
        ]

    @property
    def operation(self) -> str:
        return operation_name(self.service, self.command)


def aws_lists(url: str, queries: list[Query]) -> dict[Query, Listed]:
    """Run every query with the AWS CLI against ``url``."""
    # One attempt: a 500 from an operation moto lacks is not worth the CLI's backoff.
    env = {**os.environ, **CREDENTIALS, "AWS_MAX_ATTEMPTS": "1", "AWS_RETRY_MODE": "standard"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.moto.oracle"],
        input=json.dumps([q.argv(url) for q in queries]),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    answers = json.loads(done.stdout)
    return {
        q: Listed(int(json.loads(out))) if rc == 0 else Listed(None, err.strip())
        for q, (rc, out, err) in zip(queries, answers, strict=True)
    }


@cache
def operation_name(service: str, command: str) -> str:
    """The API operation behind an AWS CLI command (``list-auto-ml-jobs`` -> ListAutoMLJobs),
    from botocore's service model."""
    model = botocore.session.get_session().get_service_model(service)
    for name in model.operation_names:
        if xform_name(name, "-") == command:
            return name
    raise KeyError(command)


def _run_all() -> None:
    from awscli.clidriver import create_clidriver

    stdout = sys.stdout  # the real one: each command's output is captured below
    answers = []
    driver = create_clidriver()  # one driver, as an interactive shell would reuse it
    for argv in json.loads(sys.stdin.read()):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = driver.main(argv)
        answers.append((rc, out.getvalue(), err.getvalue()))
    stdout.write(json.dumps(answers))


if __name__ == "__main__":
    _run_all()

"""`smtui pipeline steps|stop|retry EXECUTION_ARN`: an execution's steps; stop or retry it.

stop and retry ask for confirmation unless --yes, are refused in read-only mode and are
audited either way. steps JSON: one array of objects with StepName, StepType, StepStatus,
StartTime, EndTime, DurationSeconds, AttemptCount, JobName, JobArn, FailureReason.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit

NAME = "pipeline"
HELP = "show a pipeline execution's steps, stop it, or retry it (RetryPipelineExecution)"
CONNECTS = True

STEP_COLUMNS = ("StepName", "StepType", "StepStatus", "Duration", "JobName", "FailureReason")
STEP_HEADERS = ("STEP", "TYPE", "STATUS", "DURATION", "JOB", "FAILURE_REASON")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verb", choices=("steps", "stop", "retry"))
    parser.add_argument("execution_arn", help="the pipeline execution ARN")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import pipelines as api

    args = ctx.args
    arn = args.execution_arn
    clients = ctx.clients()
    if args.verb == "steps":
        emit(_steps(ctx, api), STEP_COLUMNS, args.output, sys.stdout, headers=STEP_HEADERS)
        return 0
    if args.verb == "stop":
        code = run_confirmed(
            ctx,
            "executions.stop",
            arn,
            f"Stop pipeline execution {arn}? Its running job is stopped too.",
            lambda: api.stop_execution(clients, arn),
        )
        if code == 0:
            print(f"Stop requested for {arn}: it is Stopping.")
        return code
    code = run_confirmed(
        ctx,
        "executions.retry",
        arn,
        f"Retry pipeline execution {arn}? Its failed steps run again.",
        lambda: api.retry_execution(clients, arn),
    )
    if code == 0:
        print(f"Retry requested for {arn}: it is Executing.")
    return code


def _steps(ctx: CommandContext, api: Any) -> list[dict[str, Any]]:
    from smtui.domain import timefmt
    from smtui.domain.pipelines import Step

    now = ctx.clock()()
    records = []
    for page in api.list_steps(ctx.clients(), ctx.args.execution_arn):
        for item in page:
            step = Step.from_api(ctx.args.execution_arn, item)
            seconds = step.duration_seconds(now)
            job = step.job
            records.append(
                {
                    "StepName": step.name,
                    "StepType": step.type,
                    "StepStatus": step.status,
                    "StartTime": step.start,
                    "EndTime": step.end,
                    "DurationSeconds": None if seconds is None else round(seconds),
                    "Duration": timefmt.duration(seconds),
                    "AttemptCount": step.attempts,
                    "JobName": job.name if job else None,
                    "JobArn": job.arn if job else None,
                    "FailureReason": " ".join(step.failure.split()) or None,
                }
            )
    return records

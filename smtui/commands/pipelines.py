"""`smtui pipelines [PIPELINE]`: pipelines, or one pipeline's executions, without the UI.

JSON: one array of objects. Pipelines: PipelineName, LastExecutionTime, CreationTime,
PipelineDescription, PipelineArn. Executions: PipelineExecutionArn,
PipelineExecutionDisplayName, PipelineExecutionStatus, StartTime, LastModifiedTime,
DurationSeconds, StartedBy, FailureReason.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands import flags
from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import add_output_option, emit

NAME = "pipelines"
HELP = "list pipelines, or a pipeline's executions, without the UI"
CONNECTS = True
LIST_COMMAND = True

PIPELINE_COLUMNS = ("PipelineName", "LastExecutionTime", "CreationTime", "PipelineDescription")
PIPELINE_HEADERS = ("PIPELINE", "LAST_RUN", "CREATED", "DESCRIPTION")
EXECUTION_COLUMNS = (
    "PipelineExecutionDisplayName",
    "PipelineExecutionStatus",
    "StartTime",
    "Duration",
    "StartedBy",
    "PipelineExecutionArn",
)
EXECUTION_HEADERS = ("EXECUTION", "STATUS", "STARTED", "DURATION", "STARTED_BY", "ARN")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pipeline", nargs="?", help="a pipeline: list its executions")
    parser.add_argument("--status", help="only executions in this status (e.g. Failed)")
    parser.add_argument(
        "--limit", type=flags.count("limit", 1), help="at most this many executions (newest first)"
    )
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import pipelines as api
    from smtui.domain.pipelines import Pipeline

    args = ctx.args
    if args.limit is not None and args.limit < 1:
        raise CommandError("--limit must be 1 or more")
    if not args.pipeline:
        if args.status:
            raise CommandError("--status applies to executions: name a pipeline")
        records = []
        for page in api.list_pipelines(ctx.clients()):
            for item in page:
                p = Pipeline.from_api(item)
                records.append(
                    {
                        "PipelineName": p.name,
                        "LastExecutionTime": p.last_execution,
                        "CreationTime": p.created,
                        "PipelineDescription": p.description,
                        "PipelineArn": p.arn,
                    }
                )
        emit(records, PIPELINE_COLUMNS, args.output, sys.stdout, headers=PIPELINE_HEADERS)
        return 0
    emit(
        _executions(ctx, api),
        EXECUTION_COLUMNS,
        args.output,
        sys.stdout,
        headers=EXECUTION_HEADERS,
    )
    return 0


def _executions(ctx: CommandContext, api: Any) -> list[dict[str, Any]]:
    from smtui.domain import timefmt
    from smtui.domain.pipelines import Execution

    args = ctx.args
    clients = ctx.clients()
    now = ctx.clock()()
    records: list[dict[str, Any]] = []
    for page in api.list_executions(clients, args.pipeline):
        for summary in page:
            if args.status and summary.get("PipelineExecutionStatus") != args.status:
                continue
            described = api.describe_execution(clients, summary["PipelineExecutionArn"])
            e = Execution.from_api({**described, **summary})
            seconds = e.duration_seconds(now)
            records.append(
                {
                    "PipelineExecutionArn": e.arn,
                    "PipelineExecutionDisplayName": e.display_name,
                    "PipelineExecutionStatus": e.status,
                    "StartTime": e.start,
                    "LastModifiedTime": e.modified,
                    "DurationSeconds": None if seconds is None else round(seconds),
                    "Duration": timefmt.duration(seconds),
                    "StartedBy": e.started_by,
                    "FailureReason": e.failure or None,
                }
            )
            if args.limit is not None and len(records) >= args.limit:
                return records
    return records

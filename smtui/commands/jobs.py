"""`smtui jobs`: list training jobs without the UI."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit
from smtui.services.settings import SettingsError

NAME = "jobs"
HELP = "list training jobs without the UI"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status",
        help="InProgress, Completed, Failed, Stopping, Stopped (or running, failed, ...)",
    )
    parser.add_argument("--name-contains", help="only jobs whose name contains this text")
    parser.add_argument("--limit", type=int, help="at most this many jobs (newest first)")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws.training import list_training_jobs
    from smtui.domain.training import STATUSES, status_from_word

    args = ctx.args
    status = None
    if args.status:
        status = args.status if args.status in STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(STATUSES)}")
    if args.limit is not None and args.limit < 1:
        raise SettingsError("--limit must be 1 or more")
    pages = list_training_jobs(
        ctx.clients(), status=status, name_contains=args.name_contains, limit=args.limit
    )
    jobs = [job for page in pages for job in page]
    now = ctx.clock()()
    records = [_record(job, now) for job in jobs]
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    return 0


COLUMNS = ("TrainingJobName", "TrainingJobStatus", "SecondaryStatus", "CreationTime", "Duration")
HEADERS = ("NAME", "STATUS", "SECONDARY", "CREATED", "DURATION")


def _record(job: Any, now: Any) -> dict[str, Any]:
    from smtui.domain import timefmt

    return {
        "TrainingJobName": job.name,
        "TrainingJobArn": job.arn,
        "TrainingJobStatus": job.status,
        "SecondaryStatus": job.secondary_status,
        "CreationTime": job.creation_time,
        "TrainingEndTime": job.end_time,
        "LastModifiedTime": job.last_modified,
        "DurationSeconds": round(job.duration_seconds(now)),
        "Duration": timefmt.duration(job.duration_seconds(now)),
    }

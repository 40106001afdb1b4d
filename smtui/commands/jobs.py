"""`smtui jobs`: list training jobs without the UI."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from smtui.commands.context import CommandContext
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
    parser.add_argument("--output", choices=("table", "json"), default="table")


def run(ctx: CommandContext) -> int:
    from smtui.aws.training import list_training_jobs
    from smtui.domain.training import STATUSES, status_from_word
    from smtui.jobs_table import print_jobs_table

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
    if args.output == "json":
        json.dump([_record(job) for job in jobs], sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_jobs_table(jobs, sys.stdout)
    return 0


def _record(job: Any) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "TrainingJobName": job.name,
        "TrainingJobArn": job.arn,
        "TrainingJobStatus": job.status,
        "SecondaryStatus": job.secondary_status,
        "CreationTime": iso(job.creation_time),
        "TrainingEndTime": iso(job.end_time),
        "LastModifiedTime": iso(job.last_modified),
    }

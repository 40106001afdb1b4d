"""`smtui jobs`: list jobs of one kind without the UI (training by default).

``--kind`` picks training, processing, transform, tuning, automl, labeling or
compilation. ``--output json`` prints one array with each job's List summary under
AWS's field names (every member of the summary shape, null when absent) plus
``DurationSeconds`` and ``Duration``; table and csv show the columns below, csv headed
by field names (a dotted name reads a nested field, e.g. ``LabelCounters.TotalLabeled``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from smtui.commands import flags
from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit, encoded
from smtui.domain import timefmt
from smtui.services.settings import SettingsError

NAME = "jobs"
HELP = "list jobs without the UI (training, processing, transform, tuning, automl, ...)"
CONNECTS = True
LIST_COMMAND = True  # --output table|json|csv (see smtui/commands/__init__.py)
KINDS = ("training", "processing", "transform", "tuning", "automl", "labeling", "compilation")

# Table and csv columns per kind: (field, header); fields name summary members.
KIND_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "processing": (("ProcessingEndTime", "ENDED"),),
    "transform": (("TransformEndTime", "ENDED"),),
    "tuning": (
        ("Strategy", "STRATEGY"),
        ("TrainingJobStatusCounters.Completed", "DONE"),
        ("TrainingJobStatusCounters.InProgress", "RUN"),
        ("TrainingJobStatusCounters.NonRetryableError", "FAIL"),
        ("TrainingJobStatusCounters.Stopped", "STOP"),
    ),
    "automl": (("AutoMLJobSecondaryStatus", "SECONDARY"),),
    "labeling": (
        ("LabelCounters.TotalLabeled", "LABELED"),
        ("LabelCounters.HumanLabeled", "HUMAN"),
        ("LabelCounters.MachineLabeled", "MACHINE"),
        ("LabelCounters.FailedNonRetryableError", "FAILED"),
    ),
    "compilation": (("CompilationTargetDevice", "TARGET"),),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind", choices=KINDS, default="training", help="which jobs (default: training)"
    )
    parser.add_argument(
        "--status",
        help="InProgress, Completed, Failed, Stopping, Stopped (or running, failed, ...); "
        "the kind's own statuses too (Initializing for labeling, STARTING for compilation)",
    )
    parser.add_argument("--name-contains", help="only jobs whose name contains this text")
    parser.add_argument(
        "--limit", type=flags.count("limit", 1), help="at most this many jobs (newest first)"
    )
    parser.add_argument(
        "--cost",
        action="store_true",
        help="training: fill CostUSD, HourlyUSD and PriceSource (one describe per job, cached)",
    )
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    args = ctx.args
    if args.limit is not None and args.limit < 1:
        raise SettingsError("--limit must be 1 or more")
    if args.kind == "training":
        return _training(ctx)
    from smtui.aws import jobkinds as api
    from smtui.domain import timefmt
    from smtui.domain.jobkinds import SPECS, duration

    spec = SPECS[args.kind]
    status = None
    if args.status:
        status = spec.status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(spec.statuses)}")
    clients = ctx.clients()
    pages = api.list_jobs(
        clients, spec, status=status, name_contains=args.name_contains, limit=args.limit
    )
    items = [item for page in pages for item in page]
    fields = api.summary_fields(clients, spec)
    now = ctx.clock()()
    records = []
    for item in items:
        record: dict[str, Any] = {f: item.summary.get(f) for f in fields}
        seconds = duration(spec, item, now)
        record["DurationSeconds"] = round(seconds)
        record["Duration"] = timefmt.duration(seconds)
        records.append(record)
    own = [c for c in KIND_COLUMNS.get(spec.kind, ()) if c[0].split(".")[0] in fields]
    columns = [
        (spec.name_field, "NAME"),
        (spec.status_field, "STATUS"),
        *own,
        ("CreationTime", "CREATED"),
        ("Duration", "DURATION"),
    ]
    if args.output == "json":
        emit(records, [c for c, _ in columns], "json", sys.stdout)
        return 0
    flat = [{c: _dig(r, c) for c, _ in columns} for r in records]
    emit(flat, [c for c, _ in columns], args.output, sys.stdout, headers=[h for _, h in columns])
    return 0


def _dig(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _training(ctx: CommandContext) -> int:
    from smtui.aws.training import list_all_training_jobs, list_training_jobs
    from smtui.domain.training import STATUSES, status_from_word

    args = ctx.args
    status = None
    if args.status:
        status = args.status if args.status in STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(STATUSES)}")
    now = ctx.clock()()
    costed = getattr(args, "cost", False)
    empty = {"CostUSD": None, "HourlyUSD": None, "PriceSource": None}

    def record(job: Any) -> Mapping[str, Any]:
        done = {**_record(job, now), **empty}
        # Written as JSON now, in the listing's threads, when nothing is added later.
        return encoded(done) if args.output == "json" and not costed else done

    if args.limit is None:  # everything: parallel CreationTime windows, within the budget
        records = list_all_training_jobs(
            ctx.clients(), status=status, name_contains=args.name_contains, convert=record
        )
    else:
        pages = list_training_jobs(
            ctx.clients(), status=status, name_contains=args.name_contains, limit=args.limit
        )
        records = [record(job) for page in pages for job in page]
    if costed:  # CostUSD, HourlyUSD, PriceSource: a describe per job
        from smtui.services.cost import session_for

        prices = session_for(ctx.clients()).training_costs(ctx.clients(), records, now)
        records = [{**r, **prices.get(r["TrainingJobName"], empty)} for r in records]
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    return 0


COLUMNS = ("TrainingJobName", "TrainingJobStatus", "SecondaryStatus", "CreationTime", "Duration")
HEADERS = ("NAME", "STATUS", "SECONDARY", "CREATED", "DURATION")


def _record(job: Any, now: Any) -> dict[str, Any]:
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

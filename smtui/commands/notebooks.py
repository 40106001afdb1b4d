"""`smtui notebooks`: list notebook instances without the UI; idle ones are flagged.

JSON: one array of objects with NotebookInstanceName, NotebookInstanceStatus,
InstanceType, VolumeSizeInGB, CreationTime, LastModifiedTime, InServiceSeconds, Idle
(InService longer than the notebook_idle_hours setting), NotebookInstanceArn, Url.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit
from smtui.services.settings import SettingsError

NAME = "notebooks"
HELP = "list notebook instances (idle ones flagged) without the UI"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = (
    "NotebookInstanceName",
    "NotebookInstanceStatus",
    "InstanceType",
    "VolumeSizeInGB",
    "CreationTime",
    "InService",
    "Idle",
)
HEADERS = ("NAME", "STATUS", "TYPE", "VOLUME_GB", "CREATED", "IN_SERVICE", "IDLE")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", help="InService, Stopped, Pending, Failed (or running, ...)")
    parser.add_argument("--name-contains", help="only notebooks whose name contains this text")
    parser.add_argument("--idle", action="store_true", help="only the idle ones")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import notebooks as api
    from smtui.domain import timefmt
    from smtui.domain.notebooks import STATUSES, NotebookSummary, status_from_word

    args = ctx.args
    status = None
    if args.status:
        status = args.status if args.status in STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(STATUSES)}")
    clients = ctx.clients()
    threshold = ctx.backend().settings.notebook_idle_hours
    now = ctx.clock()()
    records: list[dict[str, Any]] = []
    for page in api.list_notebooks(clients, status=status, name_contains=args.name_contains):
        for item in page:
            described = api.describe_notebook(clients, item["NotebookInstanceName"])
            nb = NotebookSummary.from_api(described)
            seconds = nb.in_service_seconds(now)
            records.append(
                {
                    "NotebookInstanceName": nb.name,
                    "NotebookInstanceStatus": nb.status,
                    "InstanceType": nb.instance_type,
                    "VolumeSizeInGB": nb.volume_gb,
                    "CreationTime": nb.created,
                    "LastModifiedTime": nb.last_modified,
                    "InServiceSeconds": None if seconds is None else round(seconds),
                    "InService": None if seconds is None else timefmt.duration(seconds),
                    "Idle": nb.is_idle(now, threshold),
                    "NotebookInstanceArn": nb.arn,
                    "Url": nb.url,
                }
            )
    if args.idle:
        records = [r for r in records if r["Idle"]]
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    return 0

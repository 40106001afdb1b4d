"""`smtui humanloops`: human loops (Augmented AI) without the UI, or the flow definitions.

JSON: one array of objects. Loops: HumanLoopName, HumanLoopStatus, CreationTime,
FlowDefinitionName, FailureReason. With --flows: FlowDefinitionName,
FlowDefinitionStatus, CreationTime, FailureReason, FlowDefinitionArn.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import add_output_option, emit

NAME = "humanloops"
HELP = "list human loops (or --flows: flow definitions) of Augmented AI without the UI"
CONNECTS = True
LIST_COMMAND = True

LOOP_COLUMNS = (
    "HumanLoopName",
    "HumanLoopStatus",
    "CreationTime",
    "FlowDefinitionName",
    "FailureReason",
)
LOOP_HEADERS = ("HUMAN_LOOP", "STATUS", "CREATED", "FLOW_DEFINITION", "FAILURE_REASON")
FLOW_COLUMNS = ("FlowDefinitionName", "FlowDefinitionStatus", "CreationTime", "FailureReason")
FLOW_HEADERS = ("FLOW_DEFINITION", "STATUS", "CREATED", "FAILURE_REASON")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--flows", action="store_true", help="list the flow definitions")
    parser.add_argument("--flow", help="only the human loops of this flow definition")
    parser.add_argument("--status", help="InProgress, Completed, Failed, Stopped (or running...)")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import humanloops as api
    from smtui.domain.humanloops import (
        LOOP_STATUSES,
        FlowDefinition,
        HumanLoop,
        loop_status_from_word,
    )

    args = ctx.args
    clients = ctx.clients()
    flows = [
        FlowDefinition.from_api(i) for page in api.list_flow_definitions(clients) for i in page
    ]
    if args.flows:
        records: list[dict[str, Any]] = [
            {
                "FlowDefinitionName": f.name,
                "FlowDefinitionStatus": f.status,
                "CreationTime": f.created,
                "FailureReason": f.failure or None,
                "FlowDefinitionArn": f.arn,
            }
            for f in flows
        ]
        emit(records, FLOW_COLUMNS, args.output, sys.stdout, headers=FLOW_HEADERS)
        return 0
    status = None
    if args.status:
        status = args.status if args.status in LOOP_STATUSES else loop_status_from_word(args.status)
        if status is None:
            raise CommandError(f"--status must be one of {', '.join(LOOP_STATUSES)}")
    if args.flow:
        flows = [f for f in flows if f.name == args.flow]
        if not flows:
            raise CommandError(f"no flow definition named {args.flow}")
    records = []
    for flow in flows:
        if flow.status != "Active" and not args.flow:
            continue
        for page in api.list_human_loops(clients, flow.arn):
            for item in page:
                loop = HumanLoop.from_api(item)
                if status and loop.status != status:
                    continue
                records.append(
                    {
                        "HumanLoopName": loop.name,
                        "HumanLoopStatus": loop.status,
                        "CreationTime": loop.created,
                        "FlowDefinitionName": flow.name,
                        "FailureReason": " ".join(loop.failure.split()) or None,
                    }
                )
    emit(records, LOOP_COLUMNS, args.output, sys.stdout, headers=LOOP_HEADERS)
    return 0

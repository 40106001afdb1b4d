"""`smtui monitor stop|start NAME`: stop or start a monitoring schedule.

Asks for confirmation unless --yes; refused in read-only mode; audited either way. AWS's
refusal (a schedule that is not Scheduled, or not Stopped) is printed as AWS said it.
"""

from __future__ import annotations

import argparse

from smtui.commands import flags
from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext
from smtui.domain import names

NAME = "monitor"
HELP = "stop or start a monitoring schedule"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verb", choices=("stop", "start"))
    parser.add_argument(
        "name", type=flags.name(names.MONITORING_SCHEDULE), help="the monitoring schedule name"
    )


def run(ctx: CommandContext) -> int:
    from smtui.aws import monitoring as api

    args = ctx.args
    clients = ctx.clients()
    if args.verb == "stop":
        code = run_confirmed(
            ctx,
            "monitors.stop",
            args.name,
            f"Stop monitoring schedule {args.name}? No execution runs until it is started.",
            lambda: api.stop_schedule(clients, args.name),
        )
        if code == 0:
            print(f"Stop requested for {args.name}: it is Stopped.")
        return code
    code = run_confirmed(
        ctx,
        "monitors.start",
        args.name,
        f"Start monitoring schedule {args.name}? Each execution is a billed processing job.",
        lambda: api.start_schedule(clients, args.name),
    )
    if code == 0:
        print(f"Start requested for {args.name}: it is Scheduled.")
    return code

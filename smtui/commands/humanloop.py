"""`smtui humanloop stop NAME`: stop a human loop (Augmented AI).

Asks for confirmation unless --yes; refused in read-only mode; audited either way.
"""

from __future__ import annotations

import argparse

from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext

NAME = "humanloop"
HELP = "stop a human loop (Augmented AI)"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verb", choices=("stop",))
    parser.add_argument("name", help="the human loop name")


def run(ctx: CommandContext) -> int:
    from smtui.aws import humanloops as api

    args = ctx.args
    clients = ctx.clients()
    code = run_confirmed(
        ctx,
        "humanloops.stop",
        args.name,
        f"Stop human loop {args.name}? Its task is withdrawn from the work team.",
        lambda: api.stop_human_loop(clients, args.name),
    )
    if code == 0:
        print(f"Stop requested for human loop {args.name}: it is Stopping.")
    return code

"""`smtui notebook start|stop NAME`: start or stop a notebook instance.

Asks for confirmation unless --yes; refused in read-only mode; audited either way.
"""

from __future__ import annotations

import argparse

from smtui.commands import flags
from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext
from smtui.domain import names

NAME = "notebook"
HELP = "start or stop a notebook instance"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verb", choices=("start", "stop"))
    parser.add_argument(
        "name", type=flags.name(names.NOTEBOOK_INSTANCE), help="the notebook instance name"
    )


def run(ctx: CommandContext) -> int:
    from smtui.aws import notebooks as api

    args = ctx.args
    clients = ctx.clients()
    if args.verb == "start":
        code = run_confirmed(
            ctx,
            "notebooks.start",
            args.name,
            f"Start notebook instance {args.name}? It is billed per hour until stopped.",
            lambda: api.start_notebook(clients, args.name),
        )
        if code == 0:
            print(f"Start requested for {args.name}: it is Pending, then InService.")
        return code
    code = run_confirmed(
        ctx,
        "notebooks.stop",
        args.name,
        f"Stop notebook instance {args.name}?",
        lambda: api.stop_notebook(clients, args.name),
    )
    if code == 0:
        print(f"Stop requested for {args.name}: it is Stopping, then Stopped.")
    return code

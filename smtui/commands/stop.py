"""`smtui stop KIND NAME`: stop a job of any kind.

Asks first unless --yes (refuses without a terminal), is refused in read-only mode before
anything is sent, and is audited, through the action guard (smtui/commands/confirmed.py).
The outcome is the job's status right after the stop; an AWS error (the job already
finished, say) is printed as AWS said it, with exit status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError
from smtui.domain import names

NAME = "stop"
HELP = "stop a training, processing, transform, tuning, automl, labeling or compilation job"
CONNECTS = True
KINDS = ("training", "processing", "transform", "tuning", "automl", "labeling", "compilation")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, help="the job's kind")
    parser.add_argument("name", help="the job's name")


def run(ctx: CommandContext) -> int:
    args = ctx.args
    problem = names.JOB_KINDS[args.kind].check(args.name)
    if problem:  # a name AWS cannot match: nothing is asked or sent
        raise CommandError(f"{problem}; nothing was sent")
    clients = ctx.clients()
    stop, status, noun, action = _calls(args.kind, clients, args.name)
    code = run_confirmed(ctx, action, args.name, f"Stop {noun} {args.name}?", stop)
    if code:
        return code
    print(f"Stop requested for {noun} {args.name}: it is {status()}.")
    return 0


def _calls(
    kind: str, clients: Any, name: str
) -> tuple[Callable[[], None], Callable[[], str], str, str]:
    """(stop, current status, noun, audit action id) for one kind."""
    if kind == "training":
        from smtui.aws import training

        return (
            lambda: training.stop_training_job(clients, name),
            lambda: str(training.describe_training_job(clients, name)["TrainingJobStatus"]),
            "training job",
            "jobs.stop",
        )
    from smtui.aws import jobkinds
    from smtui.domain.jobkinds import SPECS

    spec = SPECS[kind]
    return (
        lambda: jobkinds.stop_job(clients, spec, name),
        lambda: str(jobkinds.describe_job(clients, spec, name)[spec.status_field]),
        spec.noun,
        f"{spec.kind}.stop",
    )

"""`smtui clone JOB`: a new training job with a job's settings (no model channel); the
options and flow of `smtui retrain` (commands/retrain.py)."""

from __future__ import annotations

from smtui.commands.context import CommandContext
from smtui.commands.retrain import add_arguments, launch

NAME = "clone"
HELP = "launch a new training job with the settings of an existing one"
CONNECTS = True
__all__ = ["add_arguments"]


def run(ctx: CommandContext) -> int:
    return launch(ctx, "clone")

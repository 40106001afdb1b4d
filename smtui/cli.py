"""Command line: arguments and subcommands; builds settings, then the app or a command.

Subcommands live in :mod:`smtui.commands`, one module each.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import ExitStack

from smtui import __version__
from smtui.aws.errors import AwsError
from smtui.commands import COMMANDS
from smtui.commands.context import CommandContext, CommandError, add_connection_options
from smtui.commands.output import raw_streams, safe_streams
from smtui.services.guard import ReadOnlyRefused
from smtui.services.settings import SettingsError

ENV_HELP = "AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL and SMTUI_* variables apply."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smtui",
        description="A keyboard-driven terminal console for Amazon SageMaker.",
        epilog=ENV_HELP,
    )
    parser.add_argument("--version", action="version", version=f"smtui {__version__}")
    add_connection_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        child = sub.add_parser(
            module.NAME,
            help=module.HELP,
            description=module.HELP,
            epilog=ENV_HELP if module.CONNECTS else None,
        )
        if module.CONNECTS:
            add_connection_options(child, suppress=True)
        module.add_arguments(child)
        child.set_defaults(command_module=module)
    return parser


def _console(ctx: CommandContext) -> int:
    from smtui.ui.app import SmtuiApp

    with raw_streams():
        SmtuiApp(ctx.backend()).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Everything printed goes through SafeWriter: no escape sequence from an AWS answer
    (or an echoed argument) reaches the terminal."""
    with safe_streams():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with ExitStack() as stack:
            ctx = CommandContext(args, stack)
            module = getattr(args, "command_module", None)
            if (
                module is not None
                and getattr(module, "CONNECTS", False)
                and getattr(module, "LIST_COMMAND", False)
                and ctx.sources() is not None
            ):
                from smtui.commands.fanout import run_list

                return run_list(module, ctx)  # --profile a,b / --region x,y: merged
            if module is not None and getattr(module, "CONNECTS", False):
                from smtui.commands.fanout import refuse_many

                refuse_many(module, ctx)
            return module.run(ctx) if module is not None else _console(ctx)
    except (AwsError, SettingsError, CommandError, ReadOnlyRefused) as exc:
        print(f"smtui: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"smtui: error: {exc}", file=sys.stderr)
        return 2

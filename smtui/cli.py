"""Command line: arguments and subcommands; builds settings, then the app or a command.

Subcommands live in :mod:`smtui.commands`, one module each.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
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

# 128 + SIGPIPE(13): what a shell reports for a program killed by a closed pipe
# (`smtui logs JOB | head`), as `yes | head` does; nothing is printed.
EXIT_BROKEN_PIPE = 141
# An error smtui did not expect (a bug): one line on stderr, the traceback with --debug.
EXIT_UNEXPECTED = 2
EXIT_SIGTERM = 143  # 128 + 15, as a shell reports a process ended by SIGTERM


def _add_debug(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print the full traceback of an unexpected error (also SMTUI_DEBUG=1)",
    )


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Every subcommand; ``argv`` given, the registry is loaded (for the options of
    `get`, `describe` and `do`, ``REGISTRY_ARGS``) only when one of them is named, so
    other commands start without it."""
    parser = argparse.ArgumentParser(
        prog="smtui",
        description="A keyboard-driven terminal console for Amazon SageMaker.",
        epilog=ENV_HELP,
    )
    parser.add_argument("--version", action="version", version=f"smtui {__version__}")
    add_connection_options(parser, suppress=False)
    _add_debug(parser, suppress=False)
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
        _add_debug(child, suppress=True)
        module.add_arguments(child)
        if getattr(module, "REGISTRY_ARGS", False) and (argv is None or module.NAME in argv):
            from smtui.commands.grammar import registry

            module.add_registry_arguments(child, registry())
        child.set_defaults(command_module=module)
    return parser


def _console(ctx: CommandContext) -> int:
    from smtui.ui.app import SmtuiApp

    app = SmtuiApp(ctx.backend())
    app.show_tracebacks = _debug(ctx.args)
    with raw_streams():
        app.run()
    code = app.return_code or 0
    # 143 after SIGTERM (smtui/ui/app.py _handle_signals); any other status is a crash,
    # which already printed its one line (smtui/ui/crash.py).
    return code if code in (0, EXIT_SIGTERM) else EXIT_UNEXPECTED


def _quiet_broken_pipe() -> int:
    """stdout's reader went away: point stdout at /dev/null so the interpreter's final
    flush cannot raise again (the recipe of Python's signal module docs, "Note on
    SIGPIPE"), and exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout already closed or not a real file
        pass
    return EXIT_BROKEN_PIPE


def _debug(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "debug", False)) or os.environ.get("SMTUI_DEBUG", "") not in (
        "",
        "0",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Everything printed goes through SafeWriter: no escape sequence from an AWS answer
    (or an echoed argument) reaches the terminal."""
    words = list(sys.argv[1:] if argv is None else argv)
    with safe_streams():
        return _guarded(build_parser(words).parse_args(words))


def _guarded(args: argparse.Namespace) -> int:
    """Run the command; a closed stdout pipe exits quietly, a bug is one line."""
    try:
        code = _main(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except Exception as exc:  # a bug: never a traceback unless asked for
        if _debug(args):
            traceback.print_exc(file=sys.stderr)
        name = type(exc).__name__
        detail = f": {exc}" if str(exc) else ""
        print(
            f"smtui: unexpected error ({name}{detail}); run again with --debug for details",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _main(args: argparse.Namespace) -> int:
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
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's 128 + SIGINT
        print("smtui: interrupted", file=sys.stderr)
        return 130
    except EOFError:  # ctrl+d at any other prompt (a hidden webhook URL, ...): nothing done
        print("\nsmtui: error: no input (end of file): nothing was done", file=sys.stderr)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:
        print(f"smtui: error: {exc}", file=sys.stderr)
        return 2

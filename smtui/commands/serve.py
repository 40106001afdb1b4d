"""`smtui serve`: the console in a web browser, through textual-serve (extra `web`).

Each browser tab runs its own console process (``python -m smtui`` with the same
connection options, e.g. ``--sandbox`` or ``--profile``), drawn by xterm.js in the page.
Anyone who can reach the port drives the console with your AWS credentials: it listens
on 127.0.0.1 unless ``--host`` says otherwise.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from typing import Any

from smtui.commands import flags
from smtui.commands.context import CommandContext, CommandError, add_connection_options

NAME = "serve"
HELP = "serve the console in a web browser (needs the extra: pip install 'smtui[web]')"
CONNECTS = True

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=flags.PORT, default=8000, help="0 picks a free port")
    parser.add_argument(
        "--public-url", help="the URL browsers use, when behind a proxy (default: http://HOST:PORT)"
    )


def console_argv(args: argparse.Namespace) -> list[str]:
    """The connection options the user gave, as arguments for the console processes.

    Read off the parser's own definitions, so options added later pass through too."""
    probe = argparse.ArgumentParser(add_help=False)
    add_connection_options(probe, suppress=False)
    argv: list[str] = []
    for action in probe._actions:
        option = action.option_strings[-1] if action.option_strings else None
        if option is None or option in ("--yes", "-y") or not hasattr(args, action.dest):
            continue
        value: Any = getattr(args, action.dest)
        if isinstance(action, argparse._StoreTrueAction):
            argv += [action.option_strings[0]] if value else []
        elif value is not None and value != action.default:
            argv += [action.option_strings[0], str(value)]
    return argv


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def run(ctx: CommandContext) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CommandError("browser mode needs textual-serve: pip install 'smtui[web]'") from None

    args = ctx.args
    ctx.settings()  # a bad config file is reported here, not in every browser tab
    port = args.port or _free_port(args.host)
    command = shlex.join([sys.executable, "-m", "smtui", *console_argv(args)])
    url = args.public_url or f"http://{args.host}:{port}"

    class _Server(Server):
        async def on_startup(self, app: Any) -> None:  # the URL on line 1, for scripts
            print(url, flush=True)
            print(f"serving the console on {url}; Ctrl+C stops", file=sys.stderr, flush=True)

    if args.host not in _LOOPBACK:
        print(
            f"smtui: warning: listening on {args.host}: anyone who reaches it drives the "
            "console with your AWS credentials",
            file=sys.stderr,
        )
    server = _Server(command, host=args.host, port=port, title="smtui", public_url=url)
    server.serve()
    return 0

"""`smtui sandbox serve`: the sandbox alone, in the foreground; its URL on the first line."""

from __future__ import annotations

import argparse
import sys

from smtui.commands import flags
from smtui.commands.context import CommandContext, start_sandbox

NAME = "sandbox"
HELP = "the embedded SageMaker sandbox (sandbox serve)"
CONNECTS = False  # takes no connection options


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)
    serve = sub.add_parser("serve", help="run the sandbox alone in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=flags.PORT, default=0, help="0 picks a free port")
    serve.add_argument("--seed", type=flags.count("seed"), default=7)
    serve.add_argument("--jobs", type=flags.count("jobs"), default=200, dest="fleet_jobs")
    serve.add_argument("--speed", type=flags.non_negative("speed"), default=1.0)
    serve.add_argument(
        "--running",
        type=flags.count("running"),
        default=None,
        dest="fleet_running",
        metavar="N",
        help="at most N training jobs running at the start (default: what a month of "
        "history leaves running)",
    )
    serve.add_argument(
        "--endpoints",
        type=flags.count("endpoints"),
        default=None,
        dest="fleet_endpoints",
        metavar="N",
        help="at least N endpoints (replicas of the catalog's plain ones)",
    )
    serve.add_argument(
        "--region",
        dest="sandbox_region",
        default="us-east-1",
        help="the sandbox's region: its ARNs, bucket names and hosts name it",
    )
    serve.add_argument(
        "--account",
        dest="sandbox_account",
        default=None,
        metavar="ID|key",
        help="the 12-digit account that owns the sandbox's resources (default "
        "123456789012); 'key': each signing key's own account, as STS names it",
    )
    serve.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="throttle=0.2,latency=200ms,error5xx=0.05,reset=0.01 "
        "(NAME@SERVICE_OR_OPERATION=VALUE scopes one), deny=sagemaker:Stop* (an IAM action "
        "refused); see smtui/sandbox/faults.py",
    )


def run(ctx: CommandContext) -> int:
    args = ctx.args
    sb = start_sandbox(args, faults=args.faults, serve=True)
    print(sb.url, flush=True)
    print(
        f"sandbox: {args.fleet_jobs} training jobs, seed {args.seed}, speed x{args.speed:g}; "
        f"dummy credentials work, region {args.sandbox_region}; faults: {args.faults or 'none'} "
        f"(control: {sb.url}/_sandbox/faults). Ctrl+C stops.",
        file=sys.stderr,
        flush=True,
    )
    sb.serve_forever()
    return 0

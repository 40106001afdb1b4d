"""Command line: arguments and subcommands; builds settings, then the app or a command."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import datetime
from typing import Any

from smtui import __version__
from smtui.aws.errors import AwsError
from smtui.aws.session import Clients, Target
from smtui.domain.timefmt import utcnow
from smtui.services.settings import SettingsError, load_settings

Clock = Callable[[], datetime]

ENV_HELP = "AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL and SMTUI_* variables apply."


def _common(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Connection options, accepted both before and after a subcommand."""
    d = argparse.SUPPRESS if suppress else None
    fd = argparse.SUPPRESS if suppress else False
    parser.add_argument(
        "--sandbox",
        action="store_true",
        default=fd,
        help="use the embedded SageMaker sandbox: no account needed",
    )
    parser.add_argument("--profile", default=d, help="AWS profile (default: AWS_PROFILE)")
    parser.add_argument("--region", default=d, help="AWS region (default: AWS_REGION)")
    parser.add_argument(
        "--endpoint-url", default=d, help="an AWS-compatible endpoint (default: AWS_ENDPOINT_URL)"
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=fd,
        help="refuse every mutating call (also SMTUI_READ_ONLY=1)",
    )
    parser.add_argument(
        "--seed", type=int, default=d if suppress else 7, help="sandbox fleet seed (with --sandbox)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=d if suppress else 200,
        dest="fleet_jobs",
        help="sandbox fleet size in training jobs (with --sandbox)",
    )
    parser.add_argument(
        "--speed",
        type=float,
        default=d if suppress else 1.0,
        help="sandbox clock speed factor (with --sandbox)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smtui",
        description="A keyboard-driven terminal console for Amazon SageMaker.",
        epilog=ENV_HELP,
    )
    parser.add_argument("--version", action="version", version=f"smtui {__version__}")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    jobs = sub.add_parser("jobs", help="list training jobs without the UI", epilog=ENV_HELP)
    _common(jobs, suppress=True)
    jobs.add_argument(
        "--status",
        help="InProgress, Completed, Failed, Stopping, Stopped (or running, failed, ...)",
    )
    jobs.add_argument("--name-contains", help="only jobs whose name contains this text")
    jobs.add_argument("--limit", type=int, help="at most this many jobs (newest first)")
    jobs.add_argument("--output", choices=("table", "json"), default="table")

    sandbox = sub.add_parser("sandbox", help="the embedded SageMaker sandbox")
    sandbox_sub = sandbox.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)
    serve = sandbox_sub.add_parser("serve", help="run the sandbox alone in the foreground")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--seed", type=int, default=7)
    serve.add_argument("--jobs", type=int, default=200, dest="fleet_jobs")
    serve.add_argument("--speed", type=float, default=1.0)
    return parser


def _fail(message: str, code: int = 2) -> int:
    print(f"smtui: error: {message}", file=sys.stderr)
    return code


def _check_sandbox_args(args: argparse.Namespace) -> None:
    if args.fleet_jobs < 0:
        raise SettingsError("--jobs must be 0 or more")
    if not args.speed > 0:
        raise SettingsError("--speed must be greater than 0")


def _clients(args: argparse.Namespace, stack: ExitStack) -> tuple[Clients, Clock]:
    """Clients for the sandbox (started here, stopped on exit) or for AWS, and their clock.

    The sandbox's clock is virtual (``--speed``): durations and ages follow it.
    """
    if args.sandbox:
        from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox

        _check_sandbox_args(args)
        sb = Sandbox(seed=args.seed, jobs=args.fleet_jobs, speed=args.speed).start()
        stack.callback(sb.stop)
        clients = Clients(
            Target(
                profile=None,
                region=SANDBOX_REGION,
                endpoint_url=sb.url,
                access_key=SANDBOX_ACCESS_KEY,
                secret_key=SANDBOX_SECRET_KEY,
            )
        )
        return clients, sb.simulator.clock.now_datetime
    clients = Clients(
        Target(
            profile=args.profile or os.environ.get("AWS_PROFILE") or None,
            region=args.region or os.environ.get("AWS_REGION") or None,
            endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
        )
    )
    clients.check_credentials()
    return clients, utcnow


def _jobs(args: argparse.Namespace, clients: Clients) -> int:
    from smtui.aws.training import list_training_jobs
    from smtui.domain.training import STATUSES, status_from_word

    status = None
    if args.status:
        status = args.status if args.status in STATUSES else status_from_word(args.status)
        if status is None:
            raise SettingsError(f"--status must be one of {', '.join(STATUSES)}")
    if args.limit is not None and args.limit < 1:
        raise SettingsError("--limit must be 1 or more")
    jobs = [
        job
        for page in list_training_jobs(
            clients, status=status, name_contains=args.name_contains, limit=args.limit
        )
        for job in page
    ]
    if args.output == "json":
        records = [_job_record(job) for job in jobs]
        json.dump(records, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        from smtui.jobs_table import print_jobs_table

        print_jobs_table(jobs, sys.stdout)
    return 0


def _job_record(job: Any) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "TrainingJobName": job.name,
        "TrainingJobArn": job.arn,
        "TrainingJobStatus": job.status,
        "SecondaryStatus": job.secondary_status,
        "CreationTime": iso(job.creation_time),
        "TrainingEndTime": iso(job.end_time),
        "LastModifiedTime": iso(job.last_modified),
    }


def _serve(args: argparse.Namespace) -> int:
    from smtui.sandbox import Sandbox

    _check_sandbox_args(args)
    sb = Sandbox(
        host=args.host, port=args.port, seed=args.seed, jobs=args.fleet_jobs, speed=args.speed
    )
    print(sb.url, flush=True)
    print(
        f"sandbox: {args.fleet_jobs} training jobs, seed {args.seed}, speed x{args.speed:g}; "
        "dummy credentials work, region us-east-1. Ctrl+C stops.",
        file=sys.stderr,
        flush=True,
    )
    sb.serve_forever()
    return 0


def _console(args: argparse.Namespace, clients: Clients, clock: Clock) -> int:
    from smtui.services.backend import build_backend
    from smtui.ui.app import SmtuiApp

    profile = None if args.sandbox else clients.profile
    settings = load_settings(profile, read_only_flag=args.read_only)
    backend = build_backend(clients, settings, sandbox=args.sandbox, clock=clock)
    SmtuiApp(backend).run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "sandbox":
            return _serve(args)
        with ExitStack() as stack:
            clients, clock = _clients(args, stack)
            if args.command == "jobs":
                return _jobs(args, clients)
            return _console(args, clients, clock)
    except (AwsError, SettingsError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        return _fail(str(exc))

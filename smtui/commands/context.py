"""What a subcommand gets: its arguments and, built lazily, clients, clock and backend."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING

from smtui.aws.session import Clients, Target
from smtui.domain.timefmt import utcnow
from smtui.services.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from smtui.services.backend import Backend

Clock = Callable[[], datetime]


class CommandError(Exception):
    """A command that cannot go on; the CLI prints it as one line and exits non-zero."""


def add_connection_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Connection options, accepted both before and after a subcommand."""
    d = argparse.SUPPRESS if suppress else None
    fd = argparse.SUPPRESS if suppress else False
    add = parser.add_argument
    add(
        "--sandbox",
        action="store_true",
        default=fd,
        help="use the embedded SageMaker sandbox: no account needed",
    )
    add("--profile", default=d, help="AWS profile (default: AWS_PROFILE)")
    add("--region", default=d, help="AWS region (default: AWS_REGION)")
    add("--endpoint-url", default=d, help="an AWS-compatible endpoint (default: AWS_ENDPOINT_URL)")
    add(
        "--read-only",
        action="store_true",
        default=fd,
        help="refuse every mutating call (also SMTUI_READ_ONLY=1)",
    )
    add(
        "--yes",
        "-y",
        action="store_true",
        default=fd,
        help="do not ask for confirmation before a mutating call",
    )
    add("--seed", type=int, default=d if suppress else 7, help="sandbox fleet seed (--sandbox)")
    add(
        "--jobs",
        type=int,
        default=d if suppress else 200,
        dest="fleet_jobs",
        help="sandbox fleet size in training jobs (--sandbox)",
    )
    add(
        "--speed",
        type=float,
        default=d if suppress else 1.0,
        help="sandbox clock speed factor (--sandbox)",
    )


def check_sandbox_args(args: argparse.Namespace) -> None:
    if args.fleet_jobs < 0:
        raise SettingsError("--jobs must be 0 or more")
    if not args.speed > 0:
        raise SettingsError("--speed must be greater than 0")


class CommandContext:
    def __init__(self, args: argparse.Namespace, stack: ExitStack) -> None:
        self.args = args
        self._stack = stack
        self._clients: Clients | None = None
        self._clock: Clock = utcnow
        self._backend: Backend | None = None

    def clients(self) -> Clients:
        """Clients for the sandbox (started here, stopped on exit) or for AWS."""
        if self._clients is None:
            self._clients = self._make_clients()
        return self._clients

    def clock(self) -> Clock:
        """The sandbox's virtual clock (``--speed``) or the wall clock."""
        self.clients()
        return self._clock

    def _make_clients(self) -> Clients:
        args = self.args
        if args.sandbox:
            from smtui.sandbox import (
                SANDBOX_ACCESS_KEY,
                SANDBOX_REGION,
                SANDBOX_SECRET_KEY,
                Sandbox,
            )

            check_sandbox_args(args)
            sb = Sandbox(seed=args.seed, jobs=args.fleet_jobs, speed=args.speed).start()
            self._stack.callback(sb.stop)
            self._clock = sb.simulator.clock.now_datetime
            return Clients(
                Target(
                    region=SANDBOX_REGION,
                    endpoint_url=sb.url,
                    access_key=SANDBOX_ACCESS_KEY,
                    secret_key=SANDBOX_SECRET_KEY,
                )
            )
        clients = Clients(
            Target(
                profile=args.profile or os.environ.get("AWS_PROFILE") or None,
                region=args.region or os.environ.get("AWS_REGION") or None,
                endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
            )
        )
        clients.check_credentials()
        return clients

    def backend(self) -> Backend:
        """Settings, action guard (read-only, audit) and registry over the clients."""
        if self._backend is None:
            from smtui.services.backend import build_backend

            clients = self.clients()
            profile = None if self.args.sandbox else clients.profile
            settings = load_settings(profile, read_only_flag=self.args.read_only)
            self._backend = build_backend(
                clients, settings, sandbox=self.args.sandbox, clock=self._clock
            )
        return self._backend

    def confirm(self, question: str) -> bool:
        """Ask on the terminal unless --yes; with no terminal, refuse rather than guess."""
        if self.args.yes:
            return True
        if not sys.stdin.isatty():
            raise CommandError(f"{question} needs confirmation: run it in a terminal or pass --yes")
        answer = input(f"{question} [y/N] ").strip().lower()
        return answer in ("y", "yes")

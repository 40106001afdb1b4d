"""What a subcommand gets: its arguments and, built lazily, clients, clock and backend."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smtui.aws.session import Clients, Target
from smtui.commands import flags
from smtui.domain.timefmt import utcnow
from smtui.services.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from smtui.services.backend import Backend
    from smtui.services.sources import Sources

Clock = Callable[[], datetime]


class CommandError(Exception):
    """A command that cannot go on; the CLI prints it as one line and exits non-zero."""


def warn_gaps(missing: list[Any]) -> None:
    """One stderr line per part of a listing that could not be read (its column and the
    AWS error); the listing itself succeeded, so the exit status stays 0."""
    for gap in missing:
        print(f"smtui: warning: not loaded: {gap}", file=sys.stderr)


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
    add(
        "--profile",
        default=d,
        help="AWS profile (default: AWS_PROFILE); a,b,c fans out over several",
    )
    add(
        "--region",
        default=d,
        help="AWS region (default: AWS_REGION); x,y fans out over several",
    )
    add("--endpoint-url", default=d, help="an AWS-compatible endpoint (default: AWS_ENDPOINT_URL)")
    add(
        "--read-only",
        action="store_true",
        default=fd,
        help="refuse every mutating call (also SMTUI_READ_ONLY=1)",
    )
    add("--theme", default=d, help="colour theme (`smtui themes` lists them; also SMTUI_THEME)")
    add(
        "--read-write",
        action="store_true",
        default=fd,
        help="lift the read-only default of profiles matching read_only_profiles (*prod*)",
    )
    add(
        "--yes",
        "-y",
        action="store_true",
        default=fd,
        help="do not ask for confirmation before a mutating call",
    )
    add(
        "--seed",
        type=flags.count("seed"),
        default=d if suppress else 7,
        help="sandbox fleet seed (--sandbox)",
    )
    add(
        "--jobs",
        type=flags.count("jobs"),
        default=d if suppress else 200,
        dest="fleet_jobs",
        help="sandbox fleet size in training jobs (--sandbox)",
    )
    add(
        "--speed",
        type=flags.non_negative("speed"),
        default=d if suppress else 1.0,
        help="sandbox clock speed factor (--sandbox)",
    )
    add(
        "--sandbox-faults",
        default=d if suppress else "",
        metavar="SPEC",
        help="inject faults into the in-process sandbox, e.g. throttle=0.2,latency=200ms",
    )


def check_sandbox_args(args: argparse.Namespace) -> None:
    if args.fleet_jobs < 0:
        raise SettingsError("--jobs must be 0 or more")
    if not args.speed > 0:
        raise SettingsError("--speed must be greater than 0")
    for flag in ("running", "endpoints"):
        if (getattr(args, f"fleet_{flag}", None) or 0) < 0:
            raise SettingsError(f"--{flag} must be 0 or more")


def sandbox_account(value: str | None) -> str | None:
    """``--account``: an account id, ``key`` (each request's signing key's account, as the
    sandbox's STS names it), or nothing (123456789012)."""
    from smtui.sandbox import SANDBOX_ACCOUNT

    if value == "key":
        return None
    return value or SANDBOX_ACCOUNT


def start_sandbox(args: argparse.Namespace, *, faults: str, serve: bool = False) -> Any:
    """A sandbox from the command's options; a bad fault spec is a one-line error."""
    from smtui.sandbox import SANDBOX_REGION, Sandbox
    from smtui.sandbox.faults import FaultSpecError

    check_sandbox_args(args)
    try:
        sb = Sandbox(
            seed=args.seed,
            jobs=args.fleet_jobs,
            speed=args.speed,
            faults=faults,
            # --host/--port are `sandbox serve`'s; `logs --host N` is a host index.
            host=getattr(args, "host", "127.0.0.1") if serve else "127.0.0.1",
            port=getattr(args, "port", 0) if serve else 0,
            # Who the sandbox is (fan-out: each source's region and account; sandbox serve).
            region=getattr(args, "sandbox_region", None) or SANDBOX_REGION,
            account=sandbox_account(getattr(args, "sandbox_account", None)),
            running=getattr(args, "fleet_running", None),
            endpoints=getattr(args, "fleet_endpoints", None),
        )
    except FaultSpecError as exc:
        raise CommandError(f"faults: {exc}") from None
    except ValueError as exc:  # a region or account that cannot be one
        raise CommandError(f"sandbox: {exc}") from None
    return sb if serve else sb.start()


class CommandContext:
    def __init__(self, args: argparse.Namespace, stack: ExitStack) -> None:
        self.args = args
        self._stack = stack
        self._clients: Clients | None = None
        self._clock: Clock = utcnow
        self._backend: Backend | None = None
        self._settings: Settings | None = None
        self._fan: tuple[list[str], list[str]] | None = None
        self._sources: Sources | None = None

    def profile(self) -> str | None:
        """The AWS profile named by --profile or AWS_PROFILE (None: default chain, sandbox);
        the first one when several are named (``--profile a,b``)."""
        if self.args.sandbox:
            return None
        profiles = self.fan_out()[0]
        return profiles[0] if profiles else None

    def fan_out(self) -> tuple[list[str], list[str]]:
        """The profiles and regions named: ``--profile a,b`` / ``--region x,y``, else
        AWS_PROFILE / AWS_REGION, else the config's ``fan_out_profiles`` / ``fan_out_regions``."""
        if self._fan is None:
            from smtui.services.sources import split_names

            args, env = self.args, os.environ
            top: list[Settings] = []

            def config(name: str) -> list[str]:
                if not top:
                    top.append(load_settings(None))
                return split_names(getattr(top[0], name))

            profiles = split_names(getattr(args, "profile", None)) or split_names(
                env.get("AWS_PROFILE")
            )
            regions = split_names(getattr(args, "region", None)) or split_names(
                env.get("AWS_REGION")
            )
            self._fan = (
                profiles or config("fan_out_profiles"),
                regions or config("fan_out_regions"),
            )
        return self._fan

    def sources(self) -> Sources | None:
        """Every (profile, region) source when more than one is named, else None (one
        source: the console and commands behave exactly as without fan-out)."""
        profiles, regions = self.fan_out()
        if len(profiles) < 2 and len(regions) < 2:
            return None
        if self._sources is None:
            from smtui.commands.fanout import build_sources

            self._sources = build_sources(self, profiles, regions)
        return self._sources

    def settings(self) -> Settings:
        """Config file, SMTUI_* variables and flags, for the profile the session resolves
        (AWS_DEFAULT_PROFILE included: production-ness is never decided from the flags)."""
        if self._settings is None:
            self._settings = self.settings_for(self.session_profile())
        return self._settings

    def session_profile(self) -> str | None:
        """The profile boto3 resolves: the built session's own once there is one (None
        for the sandbox, which ignores profiles)."""
        if self.args.sandbox:
            return None
        if self._clients is not None:
            return self._clients.profile
        from smtui.aws.session import resolve_profile

        return resolve_profile(self.profile())

    def settings_for(self, profile: str | None) -> Settings:
        settings = load_settings(
            profile,
            read_only_flag=self.args.read_only,
            read_write_flag=getattr(self.args, "read_write", False),
        )
        if getattr(self.args, "theme", None):  # the flag beats config and SMTUI_THEME
            settings = replace(settings, theme=self.args.theme)
        return settings

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
        sources = self.sources()
        if sources is not None:  # fan-out: the first source that could be built leads
            main = sources.working[0].backend
            assert main is not None
            self._clock = main.clock
            return main.clients
        if args.sandbox:
            from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY

            sb = start_sandbox(args, faults=args.sandbox_faults)
            self._stack.callback(sb.stop)
            self._clock = sb.simulator.clock.now_datetime
            # The sandbox is nobody's shared account: its budget only keeps a sane pace.
            return Clients(
                Target(
                    region=SANDBOX_REGION,
                    endpoint_url=sb.url,
                    access_key=SANDBOX_ACCESS_KEY,
                    secret_key=SANDBOX_SECRET_KEY,
                    api_rate=max(self.settings().api_rate, 100.0),
                    api_burst=max(self.settings().api_burst, 200.0),
                )
            )
        settings = self.settings()
        regions = self.fan_out()[1]
        clients = Clients(
            Target(
                profile=self.profile(),
                region=regions[0] if regions else None,
                endpoint_url=args.endpoint_url or os.environ.get("AWS_ENDPOINT_URL") or None,
                api_rate=settings.api_rate,
                api_burst=settings.api_burst,
            )
        )
        if clients.profile != settings.profile:  # the session resolved another profile
            self._settings = self.settings_for(clients.profile)
        clients.check_credentials()
        return clients

    def backend(self) -> Backend:
        """Settings, action guard (read-only, audit) and registry over the clients."""
        if self._backend is None:
            from smtui.services.backend import build_backend

            sources = self.sources()
            if sources is not None:
                self._backend = sources.working[0].backend
                assert self._backend is not None
                self._backend.sources = sources
                self._clock = self._backend.clock
                return self._backend
            clients = self.clients()
            self._backend = build_backend(
                clients, self.settings(), sandbox=self.args.sandbox, clock=self._clock
            )
        return self._backend

    def confirm(self, question: str) -> bool:
        """Ask on the terminal unless --yes; with no terminal, refuse rather than guess."""
        if self.args.yes:
            return True
        if not sys.stdin.isatty():
            raise CommandError(f"{question} needs confirmation: run it in a terminal or pass --yes")
        try:
            answer = input(f"{question} [y/N] ").strip().lower()
        except EOFError:  # ctrl+d: no answer is no; end the prompt's line
            print()
            return False
        return answer in ("y", "yes")

    def confirm_typed(self, question: str, expected: str) -> bool:
        """The costliest actions: the user types ``expected`` (the console's typed
        confirmation); --yes skips it, no terminal refuses."""
        if self.args.yes:
            return True
        if not sys.stdin.isatty():
            raise CommandError(f"{question} needs confirmation: run it in a terminal or pass --yes")
        try:
            answer = input(f"{question}\nType {expected} to confirm: ").strip()
        except EOFError:
            print()
            return False
        return answer == expected

"""`smtui doctor`: why a pane would be empty, one line per check (OK, WARN, FAIL).

Credentials and where they came from, identity, region, endpoint and clock skew, the
keyring, the terminal, and every API permission the console uses. Exits 1 on any FAIL.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

from smtui.aws.errors import AwsError
from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit
from smtui.services.doctor import FAIL, Check, aws_checks, local_checks

NAME = "doctor"
HELP = "check credentials, identity, region, clock, keyring, terminal and permissions"
CONNECTS = True

COLUMNS = ("status", "name", "detail")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_output_option(parser)


def region_source(ctx: CommandContext) -> str:
    if ctx.args.sandbox:
        return "sandbox"
    if getattr(ctx.args, "region", None):
        return "--region"
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return name
    return f"profile {ctx.session_profile()}"


def checks(ctx: CommandContext) -> Iterator[Check]:
    try:
        clients = ctx.clients()
    except AwsError as exc:
        if exc.code == "NoRegion":
            yield Check("region", FAIL, exc.message)
        else:  # NoCredentials, a profile that does not exist, a broken SSO cache...
            yield Check("credentials", FAIL, str(exc))
    else:
        try:
            yield from aws_checks(
                clients,
                region_from=region_source(ctx),
                read_only=ctx.settings().read_only,
                now=lambda: datetime.now(UTC),  # the Date header is the wall clock
            )
        except AwsError as exc:  # e.g. an SSO token expired while resolving
            yield Check("credentials", FAIL, str(exc))
    yield from local_checks()


def run(ctx: CommandContext) -> int:
    failed = False
    records = []
    for check in checks(ctx):
        failed = failed or check.status == FAIL
        if ctx.args.output == "table":  # one line as each check finishes
            print(f"{check.status:<4}  {check.name:<11}  {check.detail}", flush=True)
        else:
            records.append(check.record())
    if ctx.args.output != "table":
        emit(records, COLUMNS, ctx.args.output, sys.stdout)
    return 1 if failed else 0

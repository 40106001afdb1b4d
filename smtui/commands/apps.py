"""`smtui apps`: list Studio apps without the UI.

JSON: one array of objects with DomainId, Owner, OwnerType (UserProfile or Space),
AppType, AppName, InstanceType, Status, CreationTime, UpForSeconds (running apps).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import add_output_option, emit

NAME = "apps"
HELP = "list SageMaker Studio apps without the UI"
CONNECTS = True
LIST_COMMAND = True

COLUMNS = ("DomainId", "Owner", "AppType", "AppName", "InstanceType", "Status", "UpFor")
HEADERS = ("DOMAIN", "OWNER", "TYPE", "NAME", "INSTANCE", "STATUS", "UP_FOR")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--domain", help="only this domain (d-...)")
    parser.add_argument("--user", help="only this user profile's apps")
    parser.add_argument("--space", help="only this space's apps")
    parser.add_argument("--running", action="store_true", help="only InService or Pending apps")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.aws import studio as api
    from smtui.domain import timefmt
    from smtui.domain.studio import StudioApp

    args = ctx.args
    if (args.user or args.space) and not args.domain:
        raise CommandError("--user and --space need --domain")
    now = ctx.clock()()
    records: list[dict[str, Any]] = []
    for page in api.list_apps(
        ctx.clients(), domain_id=args.domain, user=args.user, space=args.space
    ):
        for item in page:
            app = StudioApp.from_api(item)
            running = app.status in ("InService", "Pending")
            if args.running and not running:
                continue
            up = app.age_seconds(now) if running else None
            records.append(
                {
                    "DomainId": app.domain_id,
                    "Owner": app.owner,
                    "OwnerType": "Space" if app.space else "UserProfile",
                    "AppType": app.app_type,
                    "AppName": app.name,
                    "InstanceType": app.instance_type,
                    "Status": app.status,
                    "CreationTime": app.created,
                    "UpForSeconds": None if up is None else round(up),
                    "UpFor": None if up is None else timefmt.duration(up),
                }
            )
    emit(records, COLUMNS, args.output, sys.stdout, headers=HEADERS)
    return 0

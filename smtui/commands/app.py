"""`smtui app delete DOMAIN USER_OR_SPACE TYPE NAME`: delete a Studio app (its instance stops).

USER_OR_SPACE is the user profile (Studio Classic apps) or the space (JupyterLab, Code
Editor apps) the app belongs to; which one is found from ListApps. Asks for confirmation
unless --yes; refused in read-only mode; audited either way.
"""

from __future__ import annotations

import argparse

from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError

NAME = "app"
HELP = "delete a SageMaker Studio app (DeleteApp)"
CONNECTS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("verb", choices=("delete",))
    parser.add_argument("domain", help="the domain id (d-...)")
    parser.add_argument("owner", metavar="user_or_space", help="user profile or space name")
    parser.add_argument("app_type", metavar="type", help="JupyterLab, KernelGateway, ...")
    parser.add_argument("app_name", metavar="name", help="the app name (often default)")


def run(ctx: CommandContext) -> int:
    from smtui.aws import studio as api
    from smtui.domain.studio import StudioApp

    args = ctx.args
    clients = ctx.clients()
    matches = [
        app
        for page in api.list_apps(clients, domain_id=args.domain)
        for app in (StudioApp.from_api(item) for item in page)
        if args.owner in (app.user, app.space)
        and app.app_type == args.app_type
        and app.name == args.app_name
    ]
    owners = {"space" if a.space else "user" for a in matches}
    if not matches:
        raise CommandError(
            f"no {args.app_type} app {args.app_name} of {args.owner} in domain {args.domain}"
        )
    if len(owners) > 1:
        raise CommandError(f"{args.owner} is both a user profile and a space with that app")
    app = matches[0]
    code = run_confirmed(
        ctx,
        "apps.delete",
        app.key,
        f"Delete {app.app_type} app {app.name} of {app.owner} ({app.instance_type or '-'}, "
        f"{app.status})? Its instance stops.",
        lambda: api.delete_app(clients, app.api_key()),
    )
    if code == 0:
        print(f"Delete requested for {app.app_type} {app.owner}/{app.name}: it is Deleting.")
    return code

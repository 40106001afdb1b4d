"""`smtui auth`: keep AWS keys in the OS keyring and serve them as a credential_process.

~/.aws/config::

    [profile ops]
    credential_process = smtui auth credential-process --profile ops
    region = eu-west-1
"""

from __future__ import annotations

import argparse
import getpass
import sys

from smtui.commands.context import CommandContext, CommandError

NAME = "auth"
HELP = "store AWS keys in the OS keyring; serve them to AWS as credential_process"
CONNECTS = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="auth_command", metavar="COMMAND", required=True)
    for name, text in (
        ("set-keys", "prompt for an access key pair (never echoed) and store it in the keyring"),
        ("credential-process", "print the stored keys as AWS credential_process JSON"),
        ("forget", "remove the profile's keys from the keyring"),
    ):
        child = sub.add_parser(name, help=text, description=text)
        child.add_argument("--profile", required=True, help="the AWS profile the keys are for")


def run(ctx: CommandContext) -> int:
    from smtui.services.secrets import (
        SecretsError,
        StoredKeys,
        forget_keys,
        load_keys,
        store_keys,
        validate_keys,
    )

    args = ctx.args
    try:
        if args.auth_command == "set-keys":
            access = input("AWS access key id: ").strip()
            secret = getpass.getpass("AWS secret access key (not shown): ").strip()
            token = getpass.getpass("Session token (optional, not shown): ").strip() or None
            problem = validate_keys(access, secret)
            if problem:
                raise CommandError(problem)
            store_keys(args.profile, StoredKeys(access, secret, token))
            print(
                f"stored keys for profile {args.profile} in the OS keyring; add to "
                f"~/.aws/config:\n  [profile {args.profile}]\n  credential_process = "
                f"smtui auth credential-process --profile {args.profile}"
            )
            return 0
        if args.auth_command == "credential-process":
            sys.stdout.write(load_keys(args.profile).credential_process_json() + "\n")
            return 0
        if forget_keys(args.profile):
            print(f"removed the keys of profile {args.profile} from the OS keyring")
            return 0
        raise CommandError(f"no keys stored for profile {args.profile}")
    except SecretsError as exc:
        raise CommandError(str(exc)) from None
    except EOFError:
        raise CommandError("no input: run smtui auth set-keys in a terminal") from None

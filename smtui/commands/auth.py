"""`smtui auth`: keep AWS keys in the OS keyring and serve them as a credential_process.

~/.aws/config::

    [profile ops]
    credential_process = smtui auth credential-process --profile ops
    region = eu-west-1

Every subcommand names the keyring backend that holds (or would hold) the keys; one not
known to encrypt is refused unless --allow-insecure-keyring or the setting
``allow_insecure_keyring`` accepts it (smtui/services/secrets.py).
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
        ("backend", "name the keyring backend in use and whether smtui accepts it"),
    ):
        child = sub.add_parser(name, help=text, description=text)
        if name != "backend":
            child.add_argument("--profile", required=True, help="the AWS profile the keys are for")
        child.add_argument(
            "--allow-insecure-keyring",
            action="store_true",
            help="accept a keyring backend not known to encrypt, e.g. a plain-text file "
            "(also allow_insecure_keyring = true in config.toml, SMTUI_ALLOW_INSECURE_KEYRING=1)",
        )


def run(ctx: CommandContext) -> int:
    from smtui.services.secrets import SecretsError

    try:
        return _run(ctx)
    except SecretsError as exc:
        raise CommandError(str(exc)) from None
    except EOFError:
        raise CommandError("no input: run smtui auth set-keys in a terminal") from None


def _run(ctx: CommandContext) -> int:
    from smtui.services.secrets import (
        StoredKeys,
        forget_keys,
        keyring_backend,
        load_keys,
        store_keys,
        validate_keys,
    )

    args = ctx.args
    allow = bool(args.allow_insecure_keyring or ctx.settings().allow_insecure_keyring)
    if args.auth_command == "backend":
        backend = keyring_backend(allow_insecure=True)
        verdict = "encrypted" if backend.secure else "NOT known to encrypt"
        accepted = backend.secure or allow
        print(
            f"keyring backend: {backend.describe()}: {verdict}; "
            + ("smtui uses it" if accepted else "smtui refuses it (--allow-insecure-keyring)")
        )
        return 0 if accepted else 2
    if args.auth_command == "set-keys":
        keyring_backend(allow_insecure=allow, purpose="store")  # refused before any prompt
        access = input("AWS access key id: ").strip()
        secret = getpass.getpass("AWS secret access key (not shown): ").strip()
        token = getpass.getpass("Session token (optional, not shown): ").strip() or None
        problem = validate_keys(access, secret)
        if problem:
            raise CommandError(problem)
        backend = store_keys(args.profile, StoredKeys(access, secret, token), allow_insecure=allow)
        warning = "" if backend.secure else " (NOT encrypted: accepted by your opt-in)"
        print(
            f"stored keys for profile {args.profile} in the keyring backend "
            f"{backend.describe()}{warning}; add to ~/.aws/config:\n"
            f"  [profile {args.profile}]\n  credential_process = "
            f"smtui auth credential-process --profile {args.profile}"
        )
        return 0
    if args.auth_command == "credential-process":  # stdout is AWS's JSON and nothing else
        sys.stdout.write(load_keys(args.profile, allow_insecure=allow).credential_process_json())
        sys.stdout.write("\n")
        return 0
    removed, backend = forget_keys(args.profile)
    if removed:
        print(f"removed the keys of profile {args.profile} from {backend.describe()}")
        return 0
    raise CommandError(f"no keys stored for profile {args.profile} in {backend.name}")

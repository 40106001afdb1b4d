"""`smtui keys`: the effective keymap (binding id, keys, what it does), config [keys] applied."""

from __future__ import annotations

import argparse
import sys

from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit

NAME = "keys"
HELP = "print the effective keymap: binding ids, their keys (config [keys] applied)"
CONNECTS = True  # --profile picks the profile's [keys]; nothing is sent to AWS

COLUMNS = ("id", "keys", "description", "scope")
HEADERS = ("ID", "KEYS", "DOES", "WHERE")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.services.kinds import default_registry
    from smtui.ui.keymap import effective_keymap, key_label, unknown_ids

    keymap = ctx.settings().keys
    registry = default_registry()
    records = [
        {
            "id": entry.id,
            "keys": ",".join(key_label(k) for k in entry.keys),
            "default": ",".join(key_label(k) for k in entry.default),
            "description": entry.description,
            "scope": entry.scope,
        }
        for entry in effective_keymap(registry, keymap)
    ]
    emit(records, COLUMNS, ctx.args.output, sys.stdout, headers=HEADERS)
    for ident in unknown_ids(registry, keymap):
        print(f"smtui: warning: [keys] {ident!r} is not a binding id", file=sys.stderr)
    return 0

"""`smtui themes`: the themes --theme, `:theme` and config `theme =` accept."""

from __future__ import annotations

import argparse
import sys

from smtui.commands.context import CommandContext
from smtui.commands.output import add_output_option, emit

NAME = "themes"
HELP = "list the colour themes (shipped, from the config dir, and with --all Textual's)"
CONNECTS = False

COLUMNS = ("name", "mode", "source", "description")
HEADERS = ("NAME", "MODE", "SOURCE", "DESCRIPTION")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="also list Textual's built-in themes")
    add_output_option(parser)


def run(ctx: CommandContext) -> int:
    from smtui.ui.themes import discover_themes, user_themes_dir

    themes, errors = discover_themes(builtin=ctx.args.all)
    records = [
        {
            "name": info.name,
            "mode": "dark" if info.theme.dark else "light",
            "source": info.source,
            "path": str(info.path) if info.path else None,
            "description": info.description,
        }
        for info in themes
    ]
    emit(records, COLUMNS, ctx.args.output, sys.stdout, headers=HEADERS)
    for error in errors:
        print(f"smtui: theme file skipped: {error}", file=sys.stderr)
    if ctx.args.output == "table":
        print(
            f"\nUser themes: {user_themes_dir()}/*.toml. Use one with --theme NAME, "
            '`:theme NAME` in the console, or theme = "NAME" in config.toml.',
            file=sys.stderr,
        )
    return 1 if errors else 0

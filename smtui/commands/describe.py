"""`smtui describe KIND NAME [-o table|json]`: one item's detail, through the kind's describe.

The item is found as `smtui get KIND NAME` finds it (a child kind needs its parent:
``--pipeline NAME``). json prints what the kind's describe returns (the API answers it
combines, dates ISO 8601 UTC); table prints the console's detail sections as text.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from smtui.commands import grammar
from smtui.commands.context import CommandContext, CommandError
from smtui.commands.output import plain
from smtui.services.registry import DetailOptions, Registry, Section

NAME = "describe"
HELP = "show one item of any kind, as its detail screen does (-o json: the describe)"
CONNECTS = True
REGISTRY_ARGS = True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help="a kind or alias (`smtui get` lists them)")
    parser.add_argument("name", help="the item: its key or first column, as `smtui get` shows")
    parser.add_argument(
        "--output",
        "-o",
        choices=("table", "json"),
        default="table",
        help="table (default: the detail's sections) or json (the describe's data)",
    )


def add_registry_arguments(parser: argparse.ArgumentParser, reg: Registry) -> None:
    grammar.add_parent_options(parser, reg)
    kinds = ", ".join(k.name for k in reg if k.describe is not None)
    parser.epilog = f"Kinds with a describe: {kinds}."


def run(ctx: CommandContext) -> int:
    args = ctx.args
    reg = ctx.backend().registry
    kind = grammar.resolve_kind(reg, args.kind)
    if kind.describe is None:
        raise CommandError(f"{kind.name} has no describe: `smtui get {kind.name}` lists it")
    item = grammar.find_item(ctx, reg, kind, args.name, args)
    clients = ctx.backend().clients
    data = kind.describe(clients, item, DetailOptions(now=ctx.clock()()))
    if args.output == "json":
        json.dump(jsonable(data), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    sections = kind.detail(item, data) if kind.detail is not None else []
    for section in sections:
        write_section(section)
    return 0


def jsonable(value: Any) -> Any:
    """Dates as ISO 8601 UTC; dataclasses and other objects as their fields or text."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return plain(value)


def write_section(section: Section) -> None:
    out = sys.stdout
    out.write(f"== {section.title}\n")
    width = max((len(label) for label, _ in section.rows), default=0)
    for label, value in section.rows:
        out.write(f"{label.ljust(width)}  {value}\n")
    if section.text:
        out.write(section.text.rstrip() + "\n")
    for chart in section.charts:
        points = sum(len(s.points) for s in chart.series)
        out.write(f"chart: {chart.title} ({points} points; -o json has the data)\n")
    if section.logs is not None:
        out.write(f"logs: {section.logs.group} (smtui logs shows them)\n")
    if section.raw is not None:
        out.write(json.dumps(jsonable(section.raw), indent=2, default=str) + "\n")
    out.write("\n")

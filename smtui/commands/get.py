"""`smtui get [KIND [NAME]] [-o table|json|csv]`: any registry kind, listed without the UI.

KIND is a registry name or alias, the `:` view names (``smtui get`` lists them). A kind
with its own list command is listed by that command, so ``smtui get training-jobs``
prints exactly what ``smtui jobs`` prints (``ALIASED``); any other kind is listed
through the registry (its ``list_pages`` and ``row``: the console's columns; json adds
each item's ``Key``). A child kind (pipeline executions) needs its parent item:
``--pipeline NAME``, the option named after the parent kind. NAME keeps the one item
whose key or first column is NAME.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from smtui.commands import grammar, output
from smtui.commands.context import CommandContext, CommandError
from smtui.services.registry import Registry, ResourceKind

NAME = "get"
HELP = "list any kind the console shows (`smtui get` lists the kinds and aliases)"
CONNECTS = True
LIST_COMMAND = True
REGISTRY_ARGS = True  # the parent options come from the registry (cli.build_parser)

JOB_KINDS = ("processing", "transform", "tuning", "automl", "labeling", "compilation")
Argv = Callable[[str | None], list[str]]
ALIASED: dict[str, tuple[str, Argv]] = {
    "jobs": ("jobs", lambda parent: ["--kind", "training"]),
    **{k: ("jobs", lambda parent, k=k: ["--kind", k]) for k in JOB_KINDS},  # type: ignore[misc]
    "experiments": ("experiments", lambda parent: []),
    "trials": ("experiments", lambda parent: [parent or ""]),
    "notebooks": ("notebooks", lambda parent: []),
    "apps": ("apps", lambda parent: []),
    "pipelines": ("pipelines", lambda parent: []),
    "pipeline-executions": ("pipelines", lambda parent: [parent or ""]),
    "pipeline-steps": ("pipeline", lambda parent: ["steps", parent or ""]),
    "humanloops": ("humanloops", lambda parent: ["--flows"]),
    "humanloop-loops": ("humanloops", lambda parent: ["--flow", parent or ""]),
    "endpoints": ("endpoints", lambda parent: []),
    "monitors": ("monitors", lambda parent: []),
    "cost": ("cost", lambda parent: []),
}
"""Registry kind -> (its list command, that command's arguments given the parent named
on the command line): `get` runs the command, so both print the same."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", nargs="?", help="a kind or alias (none: list the kinds)")
    parser.add_argument("name", nargs="?", help="only this item (its key or first column)")
    output.add_output_option(parser)


def add_registry_arguments(parser: argparse.ArgumentParser, reg: Registry) -> None:
    grammar.add_parent_options(parser, reg)
    aliased = ", ".join(f"{k} (smtui {c})" for k, (c, _) in ALIASED.items())
    parser.epilog = (
        f"Kinds with their own list command print what it prints: {aliased}. "
        "A child kind needs its parent: e.g. smtui get pipeline-executions --pipeline NAME."
    )


def run(ctx: CommandContext) -> int:
    args = ctx.args
    if not args.kind:
        records = grammar.kind_records(grammar.registry())
        columns = ["Kind", "Aliases", "Needs", "Actions"]
        headers = ["KIND", "ALIASES", "NEEDS", "ACTIONS"]
        output.emit(records, columns, args.output, sys.stdout, headers=headers)
        return 0
    reg = ctx.backend().registry
    kind = grammar.resolve_kind(reg, args.kind)
    if kind.name in ALIASED:
        return _aliased(ctx, reg, kind)
    return _generic(ctx, reg, kind)


def command(name: str) -> ModuleType:
    from smtui.commands import COMMANDS

    return next(m for m in COMMANDS if m.NAME == name)


def aliased_argv(reg: Registry, kind: ResourceKind, args: argparse.Namespace) -> list[str]:
    """The list command's own arguments for ``kind`` (its parent named or refused)."""
    _name, argv = ALIASED[kind.name]
    named = grammar.parent_value(reg, kind, args)
    if named is None and not kind.listed:
        raise grammar.missing_parent(reg, kind)
    return argv(named[2] if named else None)


def _aliased(ctx: CommandContext, reg: Registry, kind: ResourceKind) -> int:
    args = ctx.args
    module = command(ALIASED[kind.name][0])
    parser = argparse.ArgumentParser(prog=f"smtui {module.NAME}", add_help=False)
    module.add_arguments(parser)
    own = parser.parse_args([*aliased_argv(reg, kind, args), "--output", args.output])
    ctx.args = argparse.Namespace(**{**vars(args), **vars(own)})
    try:
        if not args.name:
            return int(module.run(ctx))
        with output.collecting() as emitted:
            code = int(module.run(ctx))
    finally:
        ctx.args = args
    found = False
    for shape in emitted:
        first = shape.columns[0] if shape.columns else ""
        kept = [r for r in shape.records if args.name in (r.get(first), _key(r))]
        found = found or bool(kept)
        output.emit(kept, shape.columns, shape.fmt, sys.stdout, headers=shape.headers)
    if not found:
        raise CommandError(f"no {kind.name} item named {args.name!r}")
    return code


def _key(record: Any) -> Any:
    """An ARN field of a record (an execution is named by its ARN)."""
    return next((v for k, v in record.items() if k.endswith("Arn")), None)


def _generic(ctx: CommandContext, reg: Registry, kind: ResourceKind) -> int:
    args = ctx.args
    now = ctx.clock()()
    labels = [c.label for c in kind.columns]
    if args.name:
        item = grammar.find_item(ctx, reg, kind, args.name, args)
        if kind.enrichment is not None:  # one item: fill the columns the list lacks
            clients = ctx.backend().clients
            item = kind.enrichment.merge(item, kind.enrichment.fetch(clients, item))
        found = [item]
    else:
        found = list(grammar.items(ctx, reg, kind, args))
    records = [record(kind, item, now) for item in found]
    output.emit(records, labels, args.output, sys.stdout, headers=labels)
    return 0


def record(kind: ResourceKind, item: Any, now: Any) -> dict[str, Any]:
    """One row as the console shows it (column label -> cell text) plus its ``Key``."""
    cells = kind.row(item, now).cells
    texts = [c[0] if isinstance(c, tuple) else str(c) for c in cells]
    return {
        **dict(zip((c.label for c in kind.columns), texts, strict=False)),
        "Key": kind.key(item),
    }

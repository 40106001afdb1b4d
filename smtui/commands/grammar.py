"""What `smtui get`, `describe` and `do` share: the registry's kinds as CLI words.

A kind is named by its registry name or any alias (the `:` view names). A child kind
(``listed`` False: pipeline executions, a tuning job's training jobs) is listed under an
item of its parent kind, named with an option derived from the parent kind's name
(``--pipeline NAME``, ``--pipeline-execution ARN``); an item is found by its key or
the text of its first column, as the console's row shows it.
"""

from __future__ import annotations

import argparse
from typing import Any

from smtui.commands.context import CommandContext, CommandError
from smtui.services.registry import Child, Item, QueryError, Registry, ResourceKind


def registry() -> Registry:
    """The registry without settings (names, aliases, actions and children are the same
    for every profile; the backend's own is used to list and act)."""
    from smtui.services.kinds import default_registry

    return default_registry(None)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def parent_option(parent: ResourceKind) -> str:
    """The option naming an item of ``parent``: its first dashed name (registry name or
    alias), singular: ``pipeline-executions`` -> ``pipeline-execution``, ``tuning`` ->
    ``tuning-job`` (alias ``tuning-jobs``), ``pipelines`` -> ``pipeline``."""
    dashed = next((w for w in (parent.name, *parent.aliases) if "-" in w), parent.name)
    return _singular(dashed)


def _dest(option: str) -> str:
    return "parent_" + option.replace("-", "_")


def parents(reg: Registry, kind: ResourceKind) -> list[tuple[ResourceKind, Child]]:
    """Every (parent kind, child view) that lists ``kind`` under one of its items."""
    return [(p, c) for p in reg for c in p.children if c.kind == kind.name]


def parent_kinds(reg: Registry) -> list[ResourceKind]:
    seen: dict[str, ResourceKind] = {}
    for kind in reg:
        for parent, _child in parents(reg, kind):
            seen.setdefault(parent.name, parent)
    return list(seen.values())


def add_parent_options(parser: argparse.ArgumentParser, reg: Registry) -> None:
    """One option per parent kind of the registry (its child views' metadata)."""
    for parent in parent_kinds(reg):
        children = ", ".join(c.kind for c in parent.children)
        option = parent_option(parent)
        parser.add_argument(
            f"--{option}",
            dest=_dest(option),
            metavar="NAME",
            help=f"the {parent.title.lower()} item to look under ({children})",
        )


def resolve_kind(reg: Registry, word: str) -> ResourceKind:
    kind = reg.resolve(word)
    if kind is None:
        raise CommandError(f"no kind {word!r}: `smtui get` lists the kinds and their aliases")
    return kind


def kind_records(reg: Registry) -> list[dict[str, Any]]:
    """The kinds, their aliases and what a child kind needs: `smtui get` with no KIND."""
    records = []
    for kind in reg:
        needs = " or ".join(f"--{parent_option(p)}" for p, _ in parents(reg, kind))
        records.append(
            {
                "Kind": kind.name,
                "Aliases": ", ".join(kind.aliases),
                "Title": kind.title,
                "Needs": "" if kind.listed else needs,
                "Actions": ", ".join(action_word(a.id) for a in kind.actions),
            }
        )
    return records


def action_word(action_id: str) -> str:
    """The CLI word of an action id: ``jobs.copy_arn`` -> ``copy-arn``."""
    return action_id.rsplit(".", 1)[-1].replace("_", "-")


# --- listing and finding items ----------------------------------------------------------
def _given(args: argparse.Namespace, parent: ResourceKind) -> str | None:
    return getattr(args, _dest(parent_option(parent)), None)


def parent_value(
    reg: Registry, kind: ResourceKind, args: argparse.Namespace
) -> tuple[ResourceKind, Child, str] | None:
    """The parent named on the command line for ``kind`` (None: none given)."""
    for parent, child in parents(reg, kind):
        value = _given(args, parent)
        if value:
            return parent, child, value
    return None


def missing_parent(reg: Registry, kind: ResourceKind) -> CommandError:
    options = " or ".join(f"--{parent_option(p)} NAME" for p, _ in parents(reg, kind))
    under = " or ".join(p.name for p, _ in parents(reg, kind))
    return CommandError(
        f"{kind.name} are listed under an item of {under}: pass {options} "
        f"(e.g. smtui get {kind.name} {options.split(' or ')[0]})"
    )


def params_for(
    ctx: CommandContext, reg: Registry, kind: ResourceKind, args: argparse.Namespace
) -> dict[str, Any]:
    """The list query of ``kind``: its own defaults, or its parent item's child view."""
    named = parent_value(reg, kind, args)
    if named is not None:
        parent, child, value = named
        return dict(child.params(find_item(ctx, reg, parent, value, args)))
    if not kind.listed:
        raise missing_parent(reg, kind)
    try:
        return kind.parse_args([])
    except QueryError as exc:
        raise CommandError(str(exc)) from None


def items(
    ctx: CommandContext, reg: Registry, kind: ResourceKind, args: argparse.Namespace
) -> list[Item]:
    """Every item, by key as the console's table holds them: a later page with an item
    already seen replaces it (endpoints list their summaries, then the same enriched)."""
    params = params_for(ctx, reg, kind, args)
    clients = ctx.backend().clients
    by_key: dict[str, Item] = {}
    for page in kind.list_pages(clients, params, lambda: False):
        for item in page:
            by_key[kind.key(item)] = item
    return list(by_key.values())


def first_cell(kind: ResourceKind, item: Item, now: Any) -> str:
    cells = kind.row(item, now).cells
    if not cells:
        return ""
    cell = cells[0]
    return cell[0] if isinstance(cell, tuple) else str(cell)


def find_item(
    ctx: CommandContext,
    reg: Registry,
    kind: ResourceKind,
    name: str,
    args: argparse.Namespace,
) -> Item:
    """The item of ``kind`` whose key (or first column) is ``name``."""
    now = ctx.clock()()
    for item in items(ctx, reg, kind, args):
        if kind.key(item) == name or first_cell(kind, item, now) == name:
            return item
    raise CommandError(f"no {kind.name} item named {name!r}")

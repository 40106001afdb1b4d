"""`smtui do KIND ACTION NAME [--yes] [--set FIELD=VALUE ...]`: any registry action.

The action is the console's: its confirmation text is the question asked here (a typed
name for the costliest ones), and the call goes through the action guard via
smtui/commands/confirmed.py (read-only refusal before anything is asked, audit, a lost
answer exit 3). Without --yes and without a terminal it refuses and sends nothing.

- A form action (the console asks for fields: weight/capacity, min/max, copies) takes
  its fields as ``--set FIELD=VALUE``; unset fields keep the console's prefilled value;
  the form's own checks run first (nothing sent while one fails), its preview is shown.
- An action with its own input screen (retrain, clone) is its CLI command
  (``EDITOR_COMMANDS``): `do` says which.
- A copy action (an ARN, a console URL) prints the text; no call is made.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smtui.aws.errors import AwsError, to_aws_error
from smtui.commands import grammar
from smtui.commands.confirmed import run_confirmed
from smtui.commands.context import CommandContext, CommandError
from smtui.services.guard import ReadOnlyRefused
from smtui.services.registry import Action, Form, Item, Registry, ResourceKind

NAME = "do"
HELP = "run any action the console has on an item (stop, delete, start, ...), confirmed"
CONNECTS = True
REGISTRY_ARGS = True

EDITOR_COMMANDS = {"retrain": "retrain", "clone": "clone"}
"""Actions with a dedicated input screen -> the CLI command that takes their inputs."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", help="a kind or alias (`smtui get` lists kinds and actions)")
    parser.add_argument("action", nargs="?", help="the action (none: list the kind's actions)")
    parser.add_argument("name", nargs="?", help="the item: its key or first column")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a form action's field (repeatable); unset fields keep the console's value",
    )


def add_registry_arguments(parser: argparse.ArgumentParser, reg: Registry) -> None:
    grammar.add_parent_options(parser, reg)
    lines = []
    for kind in reg:
        for action in kind.actions:
            lines.append(f"{kind.name} {grammar.action_word(action.id)}: {how(action)}")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = "Actions:\n  " + "\n  ".join(lines)


def how(action: Action) -> str:
    """How `do` runs the action, for the help text."""
    if action.editor:
        command = EDITOR_COMMANDS.get(action.editor)
        return f"use smtui {command} ..." if command else "console only (its input screen)"
    if action.copy is not None:
        return "prints the text (no call)"
    if action.form is not None:
        return "--set FIELD=VALUE for " + ", ".join(f.id for f in action.form.fields)
    return action.description if action.mutating else f"{action.description} (no change)"


def find_action(kind: ResourceKind, word: str) -> Action:
    for action in kind.actions:
        if word in (grammar.action_word(action.id), action.id, action.label.lower()):
            return action
    words = ", ".join(grammar.action_word(a.id) for a in kind.actions) or "none"
    raise CommandError(f"{kind.name} has no action {word!r} (its actions: {words})")


def run(ctx: CommandContext) -> int:
    args = ctx.args
    reg = ctx.backend().registry
    kind = grammar.resolve_kind(reg, args.kind)
    if not args.action:
        for action in kind.actions:
            print(f"{grammar.action_word(action.id):<16} {how(action)}")
        return 0
    action = find_action(kind, args.action)
    if action.editor:
        command = EDITOR_COMMANDS.get(action.editor)
        if command is None:
            raise CommandError(f"{action.label} needs the console's input screen")
        raise CommandError(
            f"{action.label} takes its inputs on its own command: use smtui {command} "
            f"{args.name or 'NAME'} ... (smtui {command} --help); nothing was sent"
        )
    if not args.name:
        raise CommandError(f"name the {kind.name} item: smtui do {kind.name} {args.action} NAME")
    item = grammar.find_item(ctx, reg, kind, args.name, args)
    key = kind.key(item)
    if not action.applies(item):
        raise CommandError(f"{action.label} does not apply to {key} now; nothing was sent")
    if action.copy is not None:
        print(action.copy(item, ctx.backend().region))
        return 0
    try:
        if action.form is not None:
            return _form(ctx, action, action.form, key, item)
        if not action.mutating:
            print(ctx.backend().run_action(action, key, item))
            return 0
        return _confirmed(ctx, action, key, item)
    except (AwsError, ReadOnlyRefused, CommandError):
        raise
    except Exception as exc:  # an unexpected answer: said as AWS would, never a traceback
        raise to_aws_error(exc) from None


def _confirmed(ctx: CommandContext, action: Action, key: str, item: Item) -> int:
    question = action.confirm(item) if action.confirm else f"{action.label} {key}?"
    outcome: list[str] = []
    clients = ctx.backend().clients
    typed = action.typed(item) if action.typed else None
    code = run_confirmed(
        ctx,
        action.id,
        key,
        question,
        lambda: outcome.append(action.run(clients, item)),
        ask=(lambda q: ctx.confirm_typed(q, typed)) if typed else None,
    )
    if code == 0 and outcome:
        print(outcome[0])
    return code


def form_values(form: Form, item: Item, given: list[str]) -> dict[str, str]:
    """The form's values: the console's prefilled ones, replaced by ``--set``."""
    sets: dict[str, str] = {}
    for text in given:
        field, sep, value = text.partition("=")
        if not sep:
            raise CommandError(f"--set {text}: write FIELD=VALUE; nothing was sent")
        sets[field.strip()] = value.strip()
    ids = [f.id for f in form.fields]
    unknown = sorted(set(sets) - set(ids))
    if unknown:
        raise CommandError(f"no field {', '.join(unknown)} (fields: {', '.join(ids)})")
    values: dict[str, str] = {}
    for f in form.fields:
        values[f.id] = sets[f.id] if f.id in sets else f.initial(item, dict(values))
        choices = f.choices(item) if f.choices is not None else None
        if choices is not None and values[f.id] not in choices:
            raise CommandError(f"{f.id} must be one of {', '.join(choices)}; nothing was sent")
    return values


def _form(ctx: CommandContext, action: Action, form: Form, key: str, item: Item) -> int:
    values = form_values(form, item, ctx.args.set)
    problems = form.check(item, values)
    for p in problems:
        if p.warning:
            print(f"smtui: warning: {p.field}: {p.message}", file=sys.stderr)
    blocking = [p for p in problems if not p.warning]
    if blocking:
        text = "; ".join(f"{p.field}: {p.message}" for p in blocking)
        raise CommandError(f"{text}; nothing was sent")
    resource = form.resource(item, values) if form.resource else key
    question = f"{action.label} {resource}:\n{form.preview(item, values)}\nApply?"
    outcome: list[Any] = []
    clients = ctx.backend().clients
    code = run_confirmed(
        ctx,
        action.id,
        resource,
        question,
        lambda: outcome.append(form.submit(clients, item, values)),
        details=dict(values),
    )
    if code == 0 and outcome:
        print(outcome[0])
    return code

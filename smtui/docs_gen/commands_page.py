"""The commands reference page, from the argparse parser of ``smtui.cli``.

Rendered from the parser's actions, not from ``format_help``: the page must not depend
on the terminal's width or on the Python version's help layout.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from smtui.cli import build_parser
from smtui.docs_gen.markdown import code, table

CONNECTION = "--sandbox"
"""A subcommand that has this option takes every connection option of the top level."""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(parser: argparse.ArgumentParser, name: str) -> str:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == name:
                    return choice.help or ""
    return ""


def _argument(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    metavar = action.metavar
    if isinstance(metavar, tuple):
        return " ".join(metavar)
    return metavar or (action.dest.upper() if action.option_strings else action.dest)


def _text(action: argparse.Action, prog: str) -> str:
    text = action.help or ""
    if "%" in text:
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        params["prog"] = prog
        if params.get("choices") is not None:
            params["choices"] = ", ".join(str(c) for c in params["choices"])
        text = text % params
    if isinstance(action, argparse._AppendAction):
        text += " (repeatable)"
    return text


def _options(
    parser: argparse.ArgumentParser, prog: str, skip: set[str]
) -> Iterator[tuple[str, str, str]]:
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.help == argparse.SUPPRESS or action.dest in skip:
            continue
        if action.option_strings:
            name = ", ".join(code(o) for o in action.option_strings)
        else:
            name = code(_argument(action))
        argument = _argument(action) if action.option_strings else ""
        yield name, code(argument) if argument else "", _text(action, prog)


def _synopsis(parser: argparse.ArgumentParser, prog: str) -> str:
    words = [prog]
    if any(a.option_strings and a.help != argparse.SUPPRESS for a in parser._actions):
        words.append("[OPTIONS]")
    for action in parser._actions:
        if action.option_strings or action.help == argparse.SUPPRESS:
            continue
        if isinstance(action, argparse._SubParsersAction):
            words.append("{" + "|".join(action.choices) + "} ...")
            continue
        arg = _argument(action)
        words.append(f"[{arg}]" if action.nargs in ("?", "*") else arg)
    return " ".join(words)


def _section(
    parser: argparse.ArgumentParser, prog: str, help_text: str, connection: set[str], depth: int
) -> list[str]:
    out = [f"{'#' * depth} `{prog}`\n"]
    if help_text:
        out.append(help_text[0].upper() + help_text[1:] + ".\n")
    out.append(f"```\n{_synopsis(parser, prog)}\n```\n")
    takes = connection <= {a.dest for a in parser._actions}
    if takes:
        out.append("Takes the [connection options](#connection-options).\n")
    rows = list(_options(parser, prog, (connection if takes else set()) | {"debug"}))
    if rows:
        out.append(table(("option", "argument", "what"), rows))
    for name, child in _subparsers(parser).items():
        out.extend(_section(child, f"{prog} {name}", _help(parser, name), connection, depth + 1))
    return out


def commands_page() -> str:
    parser = build_parser()
    connection = {
        a.dest
        for a in parser._actions
        if a.option_strings and a.dest not in ("help", "version", "debug")
    }
    out = [
        "# Commands\n",
        "Every command of the `smtui` CLI and its options, from its argument parser. "
        "`smtui` alone opens the console; `smtui COMMAND --help` prints the same. The "
        "connection options go before or after the command name. Exit statuses are in "
        "[Exit codes](../exit-codes.md); output formats in [Scripting](../scripting.md).\n",
        "```\n" + _synopsis(parser, "smtui") + "\n```\n",
        table(("option", "argument", "what"), _options(parser, "smtui", connection)),
        "`--debug` is taken by every command too.\n",
        "## Connection options\n",
        "How the console and the commands that talk to AWS reach it (see "
        "[AWS setup](../aws-setup.md)).\n",
        table(
            ("option", "argument", "what"),
            _options(parser, "smtui", {"help", "version", "debug"}),
        ),
        "## Commands\n",
        table(
            ("command", "does"),
            (
                (f"[{code('smtui ' + n)}](#smtui-{n})", _help(parser, n))
                for n in _subparsers(parser)
            ),
        ),
    ]
    for name, child in _subparsers(parser).items():
        out.extend(_section(child, f"smtui {name}", _help(parser, name), connection, 2))
    return "\n".join(out)

"""Subcommands of the `smtui` CLI, one module each.

A module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(ctx: CommandContext) -> int``; add it to ``COMMANDS`` and the CLI exposes it
with the shared connection options (--sandbox, --profile, --region, --endpoint-url,
--read-only, --yes).

A command that lists resources sets ``LIST_COMMAND = True``: it takes
``add_output_option(parser)`` and writes with ``output.emit`` (``--output table|json|csv``,
json one array of objects, dates ISO 8601 UTC). tests/cli/test_output_formats.py finds
every such module in ``COMMANDS`` and runs it against the sandbox in the three formats;
a list command that needs arguments to list anything names them in
``LIST_EXAMPLE_ARGS = ("--flag", "value")``.
"""

from __future__ import annotations

from types import ModuleType

from smtui.commands import (
    app,
    apps,
    auth,
    clone,
    cost,
    describe,
    do,
    doctor,
    endpoints,
    experiments,
    get,
    humanloop,
    humanloops,
    jobs,
    keys,
    logs,
    monitor,
    monitors,
    notebook,
    notebooks,
    pipeline,
    pipelines,
    retrain,
    sandbox_serve,
    scale,
    serve,
    stop,
    themes,
    triage,
)

COMMANDS: tuple[ModuleType, ...] = (
    jobs,
    sandbox_serve,
    auth,
    serve,
    themes,
    keys,
    experiments,
    notebooks,
    notebook,
    apps,
    app,
    pipelines,
    pipeline,
    humanloops,
    humanloop,
    endpoints,
    scale,
    stop,
    retrain,
    clone,
    logs,
    monitors,
    monitor,
    cost,
    triage,
    get,
    describe,
    do,
    doctor,
)

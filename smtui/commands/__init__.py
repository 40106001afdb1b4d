"""Subcommands of the `smtui` CLI, one module each.

A module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(ctx: CommandContext) -> int``; add it to ``COMMANDS`` and the CLI exposes it
with the shared connection options (--sandbox, --profile, --region, --endpoint-url,
--read-only, --yes).
"""

from __future__ import annotations

from types import ModuleType

from smtui.commands import jobs, sandbox_serve

COMMANDS: tuple[ModuleType, ...] = (jobs, sandbox_serve)

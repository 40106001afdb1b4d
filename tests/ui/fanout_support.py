"""What the fan-out console tests share: a console from command-line arguments, the
header's text, and a cost session of one source alone (the expected figures are computed
again through it, never written down)."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

from smtui.aws.session import Clients
from smtui.cli import build_parser
from smtui.commands.context import CommandContext
from smtui.services import cost as costs
from smtui.services.sources import Source
from smtui.ui.app import SmtuiApp
from smtui.ui.widgets.info_header import InfoHeader


def console(argv: list[str], stack: ExitStack) -> SmtuiApp:
    args: argparse.Namespace = build_parser().parse_args(argv)
    return SmtuiApp(CommandContext(args, stack).backend())


def header(app: SmtuiApp) -> str:
    widget = app.screen.query_one(InfoHeader)
    widget.update_info()
    return str(widget.render())


def own_session(source: Source, tmp_path: Path) -> tuple[costs.CostSession, Clients]:
    """A cost session of the source alone, on fresh clients to its endpoint and region."""
    assert source.backend is not None
    backend = source.backend
    clients = Clients(replace(backend.clients.target, api_rate=500.0, api_burst=1000.0))
    clients.clock = backend.clock
    cache = tmp_path / source.label.replace("/", "_")
    return costs.CostSession(clients, cache_dir=cache), clients

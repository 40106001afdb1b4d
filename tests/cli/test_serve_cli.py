"""`smtui serve` passes the console options on to the console each browser tab runs."""

from __future__ import annotations

from smtui.cli import build_parser
from smtui.commands.serve import console_argv


def test_console_options_pass_through_before_or_after_the_command() -> None:
    args = build_parser().parse_args(
        ["--read-only", "serve", "--sandbox", "--theme", "smtui-light", "--speed", "2"]
    )
    assert args.port == 8000 and args.host == "127.0.0.1"
    argv = console_argv(args)
    assert argv == ["--sandbox", "--read-only", "--theme", "smtui-light", "--speed", "2.0"]
    aws = build_parser().parse_args(
        ["serve", "--profile", "prod", "--region", "eu-west-1", "--yes", "--port", "0"]
    )
    assert console_argv(aws) == ["--profile", "prod", "--region", "eu-west-1"]
    assert console_argv(build_parser().parse_args(["serve"])) == []

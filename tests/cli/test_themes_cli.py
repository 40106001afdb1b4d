"""`smtui themes`, `--theme` and the per-profile theme, as the CLI resolves them."""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path

import pytest

from smtui.cli import build_parser, main
from smtui.commands.context import CommandContext


def test_themes_lists_shipped_and_user_themes(tmp_path: Path, capsys) -> None:
    themes = tmp_path / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('primary = "#00aa00"\ndark = false\ndescription = "M"\n')
    assert main(["themes"]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0].split() == ["NAME", "MODE", "SOURCE", "DESCRIPTION"]
    names = {line.split()[0]: line.split() for line in lines[1:]}
    for name in ("smtui-dark", "smtui-light", "smtui-high-contrast", "smtui-256", "smtui-mono"):
        assert names[name][2] == "shipped"
    assert names["mine"][1:3] == ["light", "user"]
    assert "nord" not in names
    assert str(themes) in out.err
    assert main(["themes", "--all", "--output", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"name": "nord", "source": "textual"}.items() <= next(
        r for r in records if r["name"] == "nord"
    ).items()
    mine = next(r for r in records if r["name"] == "mine")
    assert mine["path"] == str(themes / "mine.toml") and mine["mode"] == "light"


def test_themes_reports_a_broken_file_and_exits_non_zero(tmp_path: Path, capsys) -> None:
    themes = tmp_path / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "bad.toml").write_text("primary = [\n")
    assert main(["themes"]) == 1
    out = capsys.readouterr()
    assert f"smtui: theme file skipped: {themes / 'bad.toml'}: not valid TOML" in out.err
    assert "smtui-dark" in out.out


def _settings(argv: list[str]):
    args = build_parser().parse_args(argv)
    with ExitStack() as stack:
        return CommandContext(args, stack).settings()


@pytest.mark.parametrize("before", [True, False])
def test_theme_flag_and_per_profile_theme(tmp_path: Path, monkeypatch, before: bool) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "smtui-light"\n[profiles.prod]\ntheme = "smtui-prod"\n')
    assert _settings(["jobs"]).theme == "smtui-light"
    assert _settings(["jobs", "--profile", "prod"]).theme == "smtui-prod"
    monkeypatch.setenv("AWS_PROFILE", "prod")
    assert _settings(["jobs"]).theme == "smtui-prod"
    monkeypatch.setenv("SMTUI_THEME", "smtui-256")
    assert _settings(["jobs"]).theme == "smtui-256"
    flag = ["--theme", "smtui-high-contrast"]
    argv = [*flag, "jobs"] if before else ["jobs", *flag]
    assert _settings(argv).theme == "smtui-high-contrast"  # the flag beats all the rest

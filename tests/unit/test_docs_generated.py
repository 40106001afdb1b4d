"""The generated reference pages of the docs site (keys, views, commands) are current,
and their generator keeps the layering (textual only through smtui.ui)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smtui.cli import build_parser
from smtui.docs_gen import PAGES, REGENERATE, render, stale_pages
from smtui.docs_gen.__main__ import main
from smtui.services.kinds import default_registry

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def test_the_committed_reference_pages_are_current() -> None:
    stale = stale_pages(DOCS)
    assert not stale, (
        f"{', '.join('docs/' + p for p in stale)} not current: run `{REGENERATE}` to regenerate"
    )


def test_the_check_fails_naming_the_command_then_writing_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", "--docs", str(tmp_path)]) == 1
    assert f"run `{REGENERATE}` to regenerate" in capsys.readouterr().err
    assert main(["--docs", str(tmp_path)]) == 0
    assert main(["--check", "--docs", str(tmp_path)]) == 0
    page = tmp_path / "reference" / "keys.md"
    page.write_text(page.read_text("utf-8").replace("`app.help`", "`app.helps`"), "utf-8")
    assert main(["--check", "--docs", str(tmp_path)]) == 1
    assert "docs/reference/keys.md is not current" in capsys.readouterr().err


def test_every_view_and_command_is_on_its_page() -> None:
    views = render("reference/views.md")
    for kind in default_registry():
        assert f"## {kind.title}" in views, kind.name
        for action in kind.actions:
            assert f"`{action.id}`" in views, action.id
    commands = render("reference/commands.md")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():  # type: ignore[union-attr]
        assert f"## `smtui {name}`" in commands, name
        for action in parser._actions:
            if action.dest == "help":
                continue
            for option in action.option_strings:
                assert f"`{option}`" in commands, f"smtui {name} {option}"


def test_the_generator_reaches_textual_only_through_the_ui_layer() -> None:
    for path in sorted((ROOT / "smtui" / "docs_gen").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in ("textual", "boto3", "botocore"), (
                    f"{path.name} imports {name}"
                )
    assert set(PAGES) == {"reference/keys.md", "reference/views.md", "reference/commands.md"}

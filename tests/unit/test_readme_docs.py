"""The README agrees with the code: keys table, commands, options, settings, themes,
screenshot. (tests/ui/test_readme_help.py checks it against `?` in the running app.)"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from smtui.commands import COMMANDS
from smtui.services import settings as settings_module
from smtui.services.kinds import default_registry
from smtui.services.settings import Settings
from smtui.ui.keymap import effective_keymap, normalize_keys
from smtui.ui.themes import discover_themes

README = Path(__file__).resolve().parents[2] / "README.md"
DOCUMENTED_SCOPES = ("app", "view", "table", "detail")
"""Bindings the README's keys table lists; each view's own actions are in `?` and the footer."""


def section(title: str) -> str:
    """The text of a `##`/`###` section, up to the next heading of any level."""
    text = README.read_text("utf-8")
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def _expand(cell: str) -> list[str]:
    """`a_1`..`a_9` -> a_1, ..., a_9; `x` `y` -> x, y."""
    tokens = re.findall(r"`([^`]+)`", cell)
    if ".." in cell and len(tokens) == 2:
        a, b = tokens
        head_a, n_a = re.match(r"(.*?)(\d+)$", a).groups()  # type: ignore[union-attr]
        head_b, n_b = re.match(r"(.*?)(\d+)$", b).groups()  # type: ignore[union-attr]
        assert head_a == head_b
        return [f"{head_a}{n}" for n in range(int(n_a), int(n_b) + 1)]
    return tokens


def readme_keys() -> dict[str, set[str]]:
    """binding id -> keys, from the README's keys table."""
    rows: dict[str, set[str]] = {}
    for line in section("Keys").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[1].startswith("`"):
            continue
        ids, keys = _expand(cells[1]), _expand(cells[0])
        if len(ids) == len(keys) > 1:  # `1`..`9` with `x_1`..`x_9`: one key each
            for ident, key in zip(ids, keys, strict=True):
                rows[ident] = set(normalize_keys(key))
        else:
            for ident in ids:
                rows[ident] = {k for key in keys for k in normalize_keys(key)}
    return rows


def test_keys_table_matches_the_bindings() -> None:
    documented = readme_keys()
    entries = effective_keymap(default_registry(), {})
    known = {e.id: e for e in entries}
    assert len(documented) > 30
    for ident in documented:
        assert ident in known, f"README keys table: {ident} is not a binding id"
    for entry in entries:
        if entry.scope in DOCUMENTED_SCOPES:
            assert entry.id in documented, f"README keys table lacks {entry.id}"
            assert documented[entry.id] == set(entry.default), (
                f"README: {entry.id} is {sorted(documented[entry.id])}, "
                f"the binding says {list(entry.default)}"
            )


def test_every_command_in_help_is_in_the_readme() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "smtui", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = re.findall(r"^    (\w[\w-]*)\s", out, re.M)
    assert {m.NAME for m in COMMANDS} <= set(listed)
    commands = section("Commands")
    for name in listed:
        assert f"`smtui {name}" in commands or f"/ `smtui {name}`" in commands, name
    readme = README.read_text("utf-8")
    options = out.split("\noptions:", 1)[1]
    for option in re.findall(r"^  (?:-\w, )?(--[a-z][a-z-]+)", options, re.M):
        if option not in ("--help", "--version", "--seed", "--jobs", "--speed"):
            assert f"`{option}" in readme, f"README never mentions {option}"


def test_configuration_reference_lists_every_setting_and_variable() -> None:
    config = section("Configuration")
    for field in fields(Settings):
        if field.metadata.get("derived"):  # decided by load_settings, not a setting
            continue
        assert f"| `{field.name}` |" in config, f"README configuration lacks {field.name}"
    for variable in settings_module._ENV.values():
        assert variable in README.read_text("utf-8"), variable


def test_themes_section_lists_the_shipped_themes() -> None:
    themes = section("Themes")
    for info in discover_themes()[0]:
        assert f"`{info.name}`" in themes


def test_screenshot_is_an_svg_of_the_jobs_view() -> None:
    readme = README.read_text("utf-8")
    match = re.search(r"!\[[^\]]*\]\((docs/[\w.-]+\.svg)\)", readme)
    assert match, "README shows no screenshot"
    svg = (README.parent / match.group(1)).read_text("utf-8")
    assert svg.lstrip().startswith("<svg") and "Training&#160;jobs" in svg


@pytest.mark.parametrize("title", ["Install", "Quick start", "Output for scripts", "Safety"])
def test_sections_exist(title: str) -> None:
    assert section(title).strip()

"""The docs site agrees with the code: keys, commands, options, settings, themes,
screenshot; the README stays a front page. (tests/ui/test_help_docs.py checks the keys
against `?` in the running app; tests/unit/test_docs_generated.py that the generated
reference pages are current.)"""

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

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
KEYS_PAGE = DOCS / "reference" / "keys.md"
COMMANDS_PAGE = DOCS / "reference" / "commands.md"


def hand_pages() -> str:
    """Every page written by hand (the generated reference/ pages left out)."""
    return "\n".join(
        p.read_text("utf-8") for p in sorted(DOCS.rglob("*.md")) if "reference" not in p.parts
    )


def section(page: Path, title: str) -> str:
    """The text of a section of a page, up to the next heading of any level."""
    text = page.read_text("utf-8")
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ |\Z)", text, re.S | re.M)
    assert match, f"{page.relative_to(ROOT)} has no section {title!r}"
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


def table_keys(text: str) -> dict[str, set[str]]:
    """binding id -> keys, from the `| keys | binding id | does |` tables of a page."""
    rows: dict[str, set[str]] = {}
    for line in text.splitlines():
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


def documented_keys() -> dict[str, set[str]]:
    """binding id -> keys, from the keys reference page."""
    return table_keys(KEYS_PAGE.read_text("utf-8"))


def test_keys_reference_lists_every_binding_with_its_keys() -> None:
    documented = documented_keys()
    entries = effective_keymap(default_registry(), {})
    assert len(documented) > 30
    assert set(documented) == {e.id for e in entries}
    for entry in entries:
        assert documented[entry.id] == set(entry.default), (
            f"docs/reference/keys.md: {entry.id} is {sorted(documented[entry.id])}, "
            f"the binding says {list(entry.default)}"
        )


def test_the_console_page_keys_table_matches_the_bindings() -> None:
    documented = table_keys(section(DOCS / "console.md", "Keys"))
    known = {e.id: e for e in effective_keymap(default_registry(), {})}
    assert len(documented) > 30
    for ident, keys in documented.items():
        assert ident in known, f"docs/console.md keys table: {ident} is not a binding id"
        assert keys == set(known[ident].default), (
            f"docs/console.md: {ident} is {sorted(keys)}, "
            f"the binding says {list(known[ident].default)}"
        )


def test_every_command_in_help_is_documented() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "smtui", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = re.findall(r"^    (\w[\w-]*)\s", out, re.M)
    assert {m.NAME for m in COMMANDS} <= set(listed)
    reference = COMMANDS_PAGE.read_text("utf-8")
    commands = section(DOCS / "scripting.md", "Commands")
    for name in listed:
        assert f"## `smtui {name}`" in reference, name
        assert f"`smtui {name}" in commands or f"/ `smtui {name}`" in commands, name
    pages = hand_pages()
    options = out.split("\noptions:", 1)[1]
    for option in re.findall(r"^  (?:-\w, )?(--[a-z][a-z-]+)", options, re.M):
        if option == "--help":
            continue
        assert f"`{option}`" in reference, f"docs/reference/commands.md lacks {option}"
        if option not in ("--version", "--seed", "--jobs", "--speed"):
            assert f"`{option}" in pages, f"no docs page mentions {option}"


def test_configuration_reference_lists_every_setting_and_variable() -> None:
    config = (DOCS / "configuration.md").read_text("utf-8")
    for field in fields(Settings):
        if field.metadata.get("derived"):  # decided by load_settings, not a setting
            continue
        assert f"| `{field.name}` |" in config, f"docs/configuration.md lacks {field.name}"
    pages = hand_pages()
    for variable in settings_module._ENV.values():
        assert variable in pages, variable


def test_themes_page_lists_the_shipped_themes() -> None:
    themes = (DOCS / "themes.md").read_text("utf-8")
    for info in discover_themes()[0]:
        assert f"`{info.name}`" in themes


@pytest.mark.parametrize(("page", "prefix"), [(README, "docs/"), (DOCS / "index.md", "")])
def test_screenshot_is_an_svg_of_the_jobs_view(page: Path, prefix: str) -> None:
    match = re.search(rf"!\[[^\]]*\]\(({prefix}[\w.-]+\.svg)\)", page.read_text("utf-8"))
    assert match, f"{page.name} shows no screenshot"
    svg = (page.parent / match.group(1)).read_text("utf-8")
    assert svg.lstrip().startswith("<svg") and "Training&#160;jobs" in svg


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (README, "Install"),
        (README, "Quick start"),
        (DOCS / "scripting.md", "Output for scripts"),
        (DOCS / "safety.md", "Safety"),
    ],
)
def test_sections_exist(page: Path, title: str) -> None:
    assert section(page, title).strip()


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    """mkdocs build --strict (make docs, in CI) fails on both; this says so in `make test`."""
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    nav = set(re.findall(r"^\s+- (?:[^:\n]+: )?([\w./-]+\.md)$", config, re.M))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert pages - nav == set(), "pages missing from mkdocs.yml's nav"
    assert nav - pages == set(), "mkdocs.yml's nav names pages that do not exist"


def test_links_into_the_views_reference_name_registry_kinds() -> None:
    """The generated views page anchors each view at its kind's name (`#jobs`)."""
    kinds = {kind.name for kind in default_registry()}
    anchors = re.findall(r"reference/views\.md#([\w-]+)\)", hand_pages())
    assert len(anchors) > 20
    assert set(anchors) <= kinds, set(anchors) - kinds


def test_the_readme_is_a_front_page_that_points_at_the_manual() -> None:
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 150, "README.md is the front page: the rest goes in docs/"
    for needed in ("make run", "make test", "pip install .", "pipx install .", "uv tool install ."):
        assert needed in text, needed
    links = re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", text)
    assert "docs/index.md" in links
    for link in links:
        assert (ROOT / link).is_file(), f"README links {link}, which does not exist"

"""Themes in the running console: `:theme`, user themes, a broken file, NO_COLOR, and
a cursor row and selection that are marked by more than colour."""

from __future__ import annotations

import re

import pytest
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME
from textual.color import Color

from smtui.ui.widgets.command_line import CommandLine
from tests.ui.conftest import make_app, wait_for, wait_loaded


@pytest.fixture(autouse=True)
def _colour_allowed(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def _notes(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_theme_command_switches_live_and_rejects_unknown(sandbox) -> None:
    app = make_app(sandbox)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        assert app.theme == "smtui-dark"
        before = table.styles.background
        line = app.screen.query_one(CommandLine)
        assert "theme smtui-light" in line._words  # completion
        await pilot.press("colon")
        bottom = app.screen.get_widget_at(10, app.size.height - 1)[0]
        assert bottom is line.input  # the open line is drawn over the footer, not under it
        await _type(pilot, "theme smtui-l")
        line.input.value = "theme smtui-light"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "smtui-light")
        await pilot.pause()
        assert table.styles.background != before  # the table repainted with the theme
        assert not line.has_class("-open")
        await pilot.press("colon")
        line.input.value = "theme nope"
        await pilot.press("enter")
        error = str(line.query_one("#command-error").render())
        assert "unknown theme 'nope'" in error and "smtui-high-contrast" in error
        assert app.theme == "smtui-light"


async def test_user_theme_and_broken_file_reported_default_used(sandbox, tmp_path) -> None:
    themes = tmp_path / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('primary = "#00aa00"\n')
    broken = themes / "broken.toml"
    broken.write_text('primary = "#00aa00"\nsurface = "not-a-colour"\n')
    app = make_app(sandbox, theme="broken")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert app.theme == "smtui-dark"
        notes = _notes(app)
        assert f"Theme: {broken}: surface = 'not-a-colour' is not a colour" in notes
        assert any("unknown theme 'broken': using smtui-dark" in n for n in notes)
        assert app.run_command_line("theme mine") is None
        assert app.theme == "mine"


async def test_unknown_keymap_ids_are_reported(sandbox) -> None:
    app = make_app(sandbox, keys={"jobs.stopp": "x", "jobs.stop": "x"})
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert any("not binding ids: jobs.stopp" in n for n in _notes(app))


def _fills(svg: str) -> set[str]:
    """Colours the screen was drawn with (Rich's export frame and default colours aside)."""
    frame = {
        Color(*SVG_EXPORT_THEME.foreground_color).hex.lower(),
        Color(*SVG_EXPORT_THEME.background_color).hex.lower(),
    }
    found = set(re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"[^>]*crispEdges', svg))  # cells
    found |= set(re.findall(r"-r\d+ \{ fill: (#[0-9a-fA-F]{6})", svg))  # text
    return {c.lower() for c in found} - frame


async def test_no_color_draws_greys_only_with_the_mono_theme(sandbox, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sandbox, theme="smtui-light")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(pilot, app, 200)
        assert app.theme == "smtui-mono"
        await pilot.press("space", "j")
        await pilot.pause()
        colours = _fills(app.export_screenshot())
        assert len(colours) > 3
        for colour in colours:
            r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
            assert r == g == b, colour


def _row_styles(table, position: int) -> tuple[str, list[Style]]:
    y = position - int(table.scroll_offset.y) + 1  # 1: the header line
    strip = table.render_line(y)
    return strip.text, [segment.style for segment in strip if segment.style]


@pytest.mark.parametrize("theme", ["smtui-dark", "smtui-mono"])
async def test_cursor_and_selection_are_marked_without_colour(sandbox, theme) -> None:
    app = make_app(sandbox, theme=theme)
    async with app.run_test(size=(100, 30)) as pilot:
        table = await wait_loaded(pilot, app, 200)
        await pilot.press("space", "j")  # select row 0, cursor on row 1
        await pilot.pause()
        text, _ = _row_styles(table, 0)
        assert text.startswith("▌")  # the selection: a marker
        plain, styles = _row_styles(table, 2)
        assert not plain.startswith("▌") and not any(s.bold for s in styles)
        for focused in (True, False):
            if not focused:  # the filter box takes the focus: the table is blurred
                await pilot.press("slash")
                await wait_for(pilot, lambda: not table.has_focus)
            text, styles = _row_styles(table, 1)
            assert table.cursor_position == 1
            assert all(s.bold for s in styles[1:]), (focused, text)  # the cursor: weight

"""Theme files: the shipped ones load and read well; broken ones are reported by path."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import EIGHT_BIT_PALETTE
from textual.color import Color

from smtui.ui.themes import (
    COLOURS,
    DEFAULT_THEME,
    EIGHT_BIT_THEME,
    MONO_THEME,
    ThemeFileError,
    choose_theme,
    discover_themes,
    parse_theme,
    themes_dir,
)

SHIPPED = {info.name: info for info in discover_themes()[0] if info.source == "shipped"}


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = Color.parse(colour).rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_shipped_themes_all_load_without_errors() -> None:
    themes, errors = discover_themes()
    assert errors == []
    assert {
        "smtui-dark",
        "smtui-light",
        "smtui-high-contrast",
        "smtui-256",
        "smtui-mono",
        "smtui-prod",
    } <= set(SHIPPED)
    assert len(list(themes_dir().glob("*.toml"))) == len(SHIPPED)
    assert not SHIPPED["smtui-light"].theme.dark
    assert all(info.description for info in SHIPPED.values())


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_text_and_status_colours_are_readable(name: str) -> None:
    theme = SHIPPED[name].theme
    assert theme.background and theme.foreground
    minimum_text = 7.0 if name == "smtui-high-contrast" else 4.5  # WCAG AA / AAA body text
    assert contrast(theme.foreground, theme.background) >= minimum_text
    for role in ("primary", "error", "success", "warning", "accent"):
        colour = getattr(theme, role)
        # status words are coloured text: WCAG AA for large text at least, AA in high contrast
        assert contrast(colour, theme.background) >= (4.5 if "contrast" in name else 3.0), role


def test_mono_theme_is_grey_only() -> None:
    theme = SHIPPED[MONO_THEME].theme
    for key in COLOURS:
        value = getattr(theme, key)
        if value:
            r, g, b = Color.parse(value).rgb
            assert r == g == b, key
    for value in theme.variables.values():
        if value.startswith("#"):
            r, g, b = Color.parse(value).rgb
            assert r == g == b


def test_256_theme_uses_only_xterm_256_palette_colours() -> None:
    palette = {tuple(EIGHT_BIT_PALETTE[i]) for i in range(16, 256)}
    theme = SHIPPED[EIGHT_BIT_THEME].theme
    values = [getattr(theme, k) for k in COLOURS if getattr(theme, k)]
    values += [v for v in theme.variables.values() if v.startswith("#")]
    assert len(values) > 10
    for value in values:
        assert tuple(Color.parse(value).rgb) in palette, value
    # background, surface and panel stay three distinct greys after a 256-colour downgrade
    assert len({theme.background, theme.surface, theme.panel}) == 3


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("primary = ", "not valid TOML"),
        ('name = "x"', "primary is required"),
        ('primary = "#123456"\nprimry = "#fff"', "unknown key 'primry'"),
        ('primary = "bluish"', "primary = 'bluish' is not a colour"),
        ('primary = "#123456"\nerror = 12', "error must be a colour string"),
        ('primary = "#123456"\ndark = "yes"', "dark must be true or false"),
        ('primary = "#123456"\nname = "two words"', "name must be a word"),
        ('primary = "#123456"\n[variables]\nblock-cursor-bg = "#fff"', "unknown theme variable"),
    ],
)
def test_broken_theme_files_name_the_file_and_the_fault(text: str, fragment: str) -> None:
    path = Path("/somewhere/themes/bad.toml")
    with pytest.raises(ThemeFileError) as caught:
        parse_theme(path, text)
    assert str(caught.value).startswith(f"{path}: ")
    assert fragment in str(caught.value)


def test_user_themes_are_discovered_and_broken_ones_reported(tmp_path: Path) -> None:
    themes = tmp_path / "config" / "themes"  # SMTUI_CONFIG_DIR is tmp_path/config (conftest)
    themes.mkdir(parents=True)
    (themes / "mine.toml").write_text('primary = "#00aa00"\ndescription = "mine"\n')
    (themes / "broken.toml").write_text('primary = "nope"\n')
    (themes / "smtui-dark.toml").write_text('name = "smtui-dark"\nprimary = "#ff0000"\n')
    found, errors = discover_themes()
    by_name = {info.name: info for info in found}
    assert by_name["mine"].source == "user" and by_name["mine"].path == themes / "mine.toml"
    assert by_name["smtui-dark"].source == "user"  # a user theme replaces a shipped one
    assert by_name["smtui-dark"].theme.primary == "#ff0000"
    assert errors == [f"{themes / 'broken.toml'}: primary = 'nope' is not a colour"]


def test_choose_theme() -> None:
    names = set(SHIPPED)
    assert choose_theme("smtui-light", names) == ("smtui-light", None)
    name, problem = choose_theme("nope", names)
    assert name == DEFAULT_THEME and problem and "unknown theme 'nope'" in problem
    # NO_COLOR wins over the configured theme
    assert choose_theme("smtui-light", names, no_color=True) == (MONO_THEME, None)
    # the default switches to the xterm-256 theme when the terminal reports 256 colours
    assert choose_theme(DEFAULT_THEME, names, color_system="256") == (EIGHT_BIT_THEME, None)
    assert choose_theme(DEFAULT_THEME, names, color_system="truecolor") == (DEFAULT_THEME, None)
    # a theme the user chose is kept on a 256-colour terminal
    assert choose_theme("smtui-light", names, color_system="256") == ("smtui-light", None)

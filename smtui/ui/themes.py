"""Themes are data: TOML files turned into Textual themes.

Shipped themes live in themes/ (smtui/_themes in the wheel); users add their own as
``<config dir>/themes/*.toml`` (a user theme with a shipped theme's name replaces it).
A file that cannot be used is reported with its path and the reason, and skipped.

A theme file::

    name = "my-theme"                 # defaults to the file name
    description = "one line for `smtui themes`"
    dark = true
    primary = "#4FA3E0"               # required; the others are optional
    secondary = "#8A7CF0"             # accent, warning, error, success, foreground,
                                      # background, surface, panel, boost
    [variables]                       # any Textual theme variable, e.g.
    block-cursor-background = "#005F87"

Which theme is used (:func:`choose_theme`): NO_COLOR set -> ``smtui-mono`` (Textual
itself also turns every colour grey when NO_COLOR is present: textual/app.py,
``self.no_color = environ.pop("NO_COLOR", None) is not None`` then a ``Monochrome`` line
filter); else the configured theme; the default ``smtui-dark`` becomes ``smtui-256``
when the terminal reports 256 colours (Rich's detection that Textual's console uses:
TERM ending in ``-256color`` and no ``COLORTERM=truecolor``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.design import ColorSystem
from textual.theme import BUILTIN_THEMES, Theme

import smtui
from smtui.services import paths

DEFAULT_THEME = "smtui-dark"
MONO_THEME = "smtui-mono"
EIGHT_BIT_THEME = "smtui-256"

COLOURS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
_KEYS = {"name", "description", "dark", "variables", *COLOURS}


class ThemeFileError(ValueError):
    """A theme file that cannot be used; the message starts with its path."""


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    theme: Theme
    description: str
    source: str
    """"shipped", "user" or "textual" (Textual's built-in themes)."""
    path: Path | None = None

    @property
    def name(self) -> str:
        return self.theme.name


def themes_dir() -> Path:
    """themes/ as installed in the wheel (smtui/_themes), else beside the source tree."""
    here = Path(smtui.__file__).parent
    installed = here / "_themes"
    return installed if installed.is_dir() else here.parent / "themes"


def user_themes_dir() -> Path:
    return paths.config_dir() / "themes"


@cache
def _known_variables() -> frozenset[str]:
    return frozenset(ColorSystem(primary="#808080").generate())


def _colour(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f'{path}: {key} must be a colour string like "#4FA3E0"')
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{path}: {key} = {value!r} is not a colour") from None
    return value


def parse_theme(path: Path, text: str) -> ThemeInfo:
    """Validate a theme file's text; raises ThemeFileError naming the file and the fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ThemeFileError(
            f"{path}: unknown key {unknown[0]!r} (expected {', '.join(sorted(_KEYS))})"
        )
    if "primary" not in data:
        raise ThemeFileError(f"{path}: primary is required")
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not name.strip() or any(c.isspace() for c in name):
        raise ThemeFileError(f"{path}: name must be a word without spaces")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{path}: dark must be true or false")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ThemeFileError(f"{path}: [variables] must be a table of name = value")
    for key, value in variables.items():
        if key not in _known_variables():
            raise ThemeFileError(f"{path}: unknown theme variable {key!r}")
        if not isinstance(value, str):
            raise ThemeFileError(f"{path}: variable {key} must be a string")
    colours: dict[str, Any] = {k: _colour(path, k, data[k]) for k in COLOURS if k in data}
    theme = Theme(name=name, dark=dark, variables=dict(variables), **colours)
    try:
        theme.to_color_system().generate()
    except (ColorParseError, ValueError) as exc:
        raise ThemeFileError(f"{path}: {exc}") from None
    return ThemeInfo(theme, str(data.get("description", "")), "shipped", path)


def load_theme(path: Path) -> Theme:
    return read_theme(path, "shipped").theme


def read_theme(path: Path, source: str) -> ThemeInfo:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(f"{path}: {exc}") from None
    info = parse_theme(path, text)
    return ThemeInfo(info.theme, info.description, source, path)


def discover_themes(*, builtin: bool = False) -> tuple[list[ThemeInfo], list[str]]:
    """Shipped then user themes (a user theme replaces a shipped one of the same name),
    and one error line per file that could not be used. ``builtin`` adds Textual's."""
    found: dict[str, ThemeInfo] = {}
    errors: list[str] = []
    for directory, source in ((themes_dir(), "shipped"), (user_themes_dir(), "user")):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.toml")):
            try:
                info = read_theme(path, source)
            except ThemeFileError as exc:
                errors.append(str(exc))
                continue
            found[info.name] = info
    themes = list(found.values())
    if builtin:
        themes += [
            ThemeInfo(theme, "Textual built-in", "textual")
            for name, theme in BUILTIN_THEMES.items()
            if name not in found
        ]
    return themes, errors


def shipped_themes() -> list[Theme]:
    return [info.theme for info in discover_themes()[0] if info.source == "shipped"]


def choose_theme(
    requested: str,
    available: Collection[str],
    *,
    no_color: bool = False,
    color_system: str | None = None,
) -> tuple[str, str | None]:
    """(theme to use, a problem to report or None). See the module docstring."""
    problem = None
    if requested not in available:
        problem = f"unknown theme {requested!r}: using {DEFAULT_THEME} (smtui themes lists them)"
        requested = DEFAULT_THEME
    if no_color and MONO_THEME in available:
        return MONO_THEME, problem
    if requested == DEFAULT_THEME and color_system == "256" and EIGHT_BIT_THEME in available:
        return EIGHT_BIT_THEME, problem
    return requested, problem

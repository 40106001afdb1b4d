"""Themes are data: TOML files in themes/ turned into Textual themes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.theme import Theme

import smtui

_FIELDS = (
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


def themes_dir() -> Path:
    """themes/ as installed in the wheel (smtui/_themes), else beside the source tree."""
    here = Path(smtui.__file__).parent
    installed = here / "_themes"
    return installed if installed.is_dir() else here.parent / "themes"


def load_theme(path: Path) -> Theme:
    data = tomllib.loads(path.read_text("utf-8"))
    colours = {name: data[name] for name in _FIELDS if name in data}
    return Theme(
        name=str(data.get("name", path.stem)),
        dark=bool(data.get("dark", True)),
        variables={str(k): str(v) for k, v in (data.get("variables") or {}).items()},
        **colours,
    )


def shipped_themes() -> list[Theme]:
    directory = themes_dir()
    return [load_theme(p) for p in sorted(directory.glob("*.toml"))] if directory.is_dir() else []

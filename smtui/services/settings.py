"""Settings: TOML in the user config dir, per-profile sections, SMTUI_* overrides.

Example ``config.toml``::

    read_only = false          # top-level values apply to every profile
    refresh_interval = 10      # seconds between polls of the visible view
    theme = "smtui-dark"

    [keys]                     # binding id = keys, as Textual's set_keymap takes them
    "jobs.stop" = "s,x"

    [profiles.prod]            # a section per AWS profile overrides the values above
    read_only = true
    refresh_interval = 30

Precedence, highest first: command-line flags, SMTUI_* environment variables, the
profile's section, the top-level values, the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from smtui.services import paths


class SettingsError(ValueError):
    """A config file or variable that cannot be used; the message names where."""


@dataclass(frozen=True, slots=True)
class Settings:
    read_only: bool = False
    """Refuse every mutating call before any request is sent."""
    refresh_interval: float = 10.0
    """Seconds between polls of the view on screen (a poll re-arms only after it ended)."""
    theme: str = "smtui-dark"
    """Name of a theme in themes/ or a built-in Textual theme."""
    keys: dict[str, str] = field(default_factory=dict)
    """Keymap overrides: binding id -> comma-separated keys."""


_ENV = {
    "read_only": "SMTUI_READ_ONLY",
    "refresh_interval": "SMTUI_REFRESH_INTERVAL",
    "theme": "SMTUI_THEME",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _coerce(name: str, value: Any, where: str) -> Any:
    if name == "read_only":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE | _FALSE:
            return text in _TRUE
        raise SettingsError(f"{where}: read_only must be true or false, not {value!r}")
    if name == "refresh_interval":
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise SettingsError(f"{where}: refresh_interval must be a number of seconds") from None
        if not 1 <= number <= 3600:
            raise SettingsError(f"{where}: refresh_interval must be between 1 and 3600 seconds")
        return number
    if name == "theme":
        return str(value)
    if name == "keys":
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: [keys] must be a table of binding id = keys")
        return {str(k): str(v) for k, v in value.items()}
    raise SettingsError(f"{where}: unknown setting {name!r}")


def _apply(settings: Settings, values: dict[str, Any], where: str) -> Settings:
    known = {f.name for f in fields(Settings)}
    changes = {}
    for name, value in values.items():
        if name == "profiles":
            continue
        if name not in known:
            raise SettingsError(f"{where}: unknown setting {name!r}")
        changes[name] = _coerce(name, value, where)
    return replace(settings, **changes)


def read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise SettingsError(f"{path}: {exc}") from None


def load_settings(
    profile: str | None,
    *,
    path: Path | None = None,
    environ: dict[str, str] | None = None,
    read_only_flag: bool = False,
) -> Settings:
    env = os.environ if environ is None else environ
    path = path or paths.config_file()
    data = read_config_file(path)
    settings = _apply(Settings(), data, str(path))
    section = (data.get("profiles") or {}).get(profile or "default")
    if isinstance(section, dict):
        settings = _apply(settings, section, f"{path} [profiles.{profile or 'default'}]")
    overrides = {name: env[var] for name, var in _ENV.items() if var in env}
    settings = _apply(settings, overrides, "environment")
    if read_only_flag:
        settings = replace(settings, read_only=True)
    return settings

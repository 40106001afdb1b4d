"""Settings: TOML in the user config dir, per-profile sections, SMTUI_* overrides.

Example ``config.toml``::

    read_only_profiles = ["*prod*"]  # production profiles: read-only (case-insensitive)
    refresh_interval = 10      # seconds between polls of the visible view
    theme = "smtui-dark"
    log_lines = 5000           # lines a log viewer keeps (the oldest go first)
    bell = false               # ring the terminal bell when a watched job changes status
    fan_out_regions = ["us-east-1", "eu-west-1"]  # one console over several regions

    [keys]                     # binding id = keys, as Textual's set_keymap takes them
    "jobs.stop" = "s,x"

    [profiles.prod]            # a section per AWS profile overrides the values above
    read_only = true
    refresh_interval = 30

Precedence, highest first: command-line flags, SMTUI_* environment variables, the
profile's section, the top-level values, the defaults below. One exception keeps a
production profile (one matching ``read_only_profiles``, case-insensitively) read-only:
only ``--read-write`` or ``read_only = false`` in that profile's own section lift it; a
top-level ``read_only = false`` or ``SMTUI_READ_ONLY=0`` do not. ``profile`` is the one
the boto3 session resolved (AWS_DEFAULT_PROFILE included), see smtui/aws/session.py.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Callable
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
    read_only_profiles: tuple[str, ...] = ("*prod*",)
    """Production profiles (patterns, matched case-insensitively): read-only unless
    --read-write is given or the profile's own section says ``read_only = false``."""
    refresh_interval: float = 10.0
    """Seconds between polls of the view on screen (a poll re-arms only after it ended)."""
    theme: str = "smtui-dark"
    """Name of a theme in themes/ or a built-in Textual theme."""
    keys: dict[str, str] = field(default_factory=dict)
    """Keymap overrides: binding id -> comma-separated keys."""
    api_rate: float = 8.0
    """API budget: requests per second per AWS service (token bucket; retries count)."""
    api_burst: float = 20.0
    """API budget: requests a service may burst to before the rate applies."""
    notebook_idle_hours: float = 8.0
    """Notebook instances InService longer than this stand out as probably idle."""
    log_lines: int = 5000
    """Lines a log viewer keeps (the oldest go first), so a chatty job cannot eat memory."""
    bell: bool = False
    """Ring the terminal bell when a watched resource changes status."""
    monthly_budget: float = 0.0
    """SageMaker budget for the month in USD (0: none); the header warns when the
    month-end projection at the current burn rate crosses it."""
    start_view: str = "jobs"
    """The view the console opens on (any `:` view, e.g. "triage" for on-call)."""
    triage: dict[str, Any] = field(default_factory=dict)
    """The ``[triage]`` table: thresholds of the on-call findings (smtui/domain/triage.py
    Thresholds; every value has a default)."""
    fan_out_profiles: tuple[str, ...] = ()
    """Profiles the console fans out over when neither --profile nor AWS_PROFILE is given
    (``--profile a,b`` on the command line); top level only."""
    fan_out_regions: tuple[str, ...] = ()
    """Regions to fan out over when neither --region nor AWS_REGION is given."""
    allow_insecure_keyring: bool = False
    """Accept a keyring backend not known to encrypt (a plain-text file, an unknown
    third-party backend) for `smtui auth`; refused by default (smtui/services/secrets.py)."""
    # Derived, never read from config: what load_settings decided (guard and header).
    profile: str | None = field(default=None, metadata={"derived": True})
    """The profile these settings were resolved for (None: no profile, the sandbox)."""
    read_write_reason: str = field(default="", metadata={"derived": True})
    """Why a production profile is writable: "--read-write", or "config" (its own
    section's ``read_only = false``); empty for every other profile. The header shows it:
    READ-WRITE (prod, --read-write)."""


_ENV = {
    "read_only": "SMTUI_READ_ONLY",
    "allow_insecure_keyring": "SMTUI_ALLOW_INSECURE_KEYRING",
    "refresh_interval": "SMTUI_REFRESH_INTERVAL",
    "theme": "SMTUI_THEME",
    "api_rate": "SMTUI_API_RATE",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise SettingsError(f"{where}: {name} must be true or false, not {value!r}")


def _number(low: float, high: float, unit: str = "") -> Callable[[str, Any, str], float]:
    def coerce(name: str, value: Any, where: str) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise SettingsError(f"{where}: {name} must be a number{unit}") from None
        if not low <= number <= high:
            raise SettingsError(f"{where}: {name} must be between {low:g} and {high:g}{unit}")
        return number

    return coerce


def _text(name: str, value: Any, where: str) -> str:
    return str(value)


def _patterns(name: str, value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple):
        raise SettingsError(f"{where}: {name} must be a list of patterns")
    return tuple(str(v).strip() for v in value)


def _table(name: str, value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SettingsError(f"{where}: [{name}] must be a table of binding id = keys")
    return {str(k): str(v) for k, v in value.items()}


def _triage(name: str, value: Any, where: str) -> dict[str, Any]:
    from smtui.domain.triage import SEVERITIES, Thresholds

    if not isinstance(value, dict):
        raise SettingsError(f"{where}: [{name}] must be a table of threshold = value")
    defaults = Thresholds()
    out: dict[str, Any] = {}
    for key, raw in value.items():
        if not hasattr(defaults, str(key)):
            raise SettingsError(f"{where}: [{name}] has no setting {key!r}")
        default = getattr(defaults, str(key))
        label = f"{name}.{key}"
        if isinstance(default, bool):
            out[key] = _bool(label, raw, where)
        elif isinstance(default, str):
            if str(raw) not in SEVERITIES:
                raise SettingsError(f"{where}: {label} must be one of {', '.join(SEVERITIES)}")
            out[key] = str(raw)
        else:
            out[key] = _number(0, 1e9)(label, raw, where)
    return out


# How each setting is read from TOML or the environment; a new setting adds one line.
_COERCE: dict[str, Callable[[str, Any, str], Any]] = {
    "read_only": _bool,
    "read_only_profiles": _patterns,
    "refresh_interval": _number(1, 3600, " seconds"),
    "theme": _text,
    "keys": _table,
    "api_rate": _number(0.1, 1000, " requests per second"),
    "api_burst": _number(1, 10000, " requests"),
    "notebook_idle_hours": _number(0.25, 24 * 365, " hours"),
    "log_lines": lambda name, value, where: int(
        _number(100, 1_000_000, " lines")(name, value, where)
    ),
    "bell": _bool,
    "monthly_budget": _number(0, 1e9, " USD"),
    "start_view": _text,
    "triage": _triage,
    "fan_out_profiles": _patterns,
    "fan_out_regions": _patterns,
    "allow_insecure_keyring": _bool,
}


def _coerce(name: str, value: Any, where: str) -> Any:
    coerce = _COERCE.get(name)
    if coerce is None:
        raise SettingsError(f"{where}: unknown setting {name!r}")
    return coerce(name, value, where)


def _apply(settings: Settings, values: dict[str, Any], where: str) -> Settings:
    known = {f.name for f in fields(Settings) if not f.metadata.get("derived")}
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


def is_production(profile: str | None, patterns: tuple[str, ...]) -> bool:
    """Does ``profile`` match one of ``read_only_profiles``? Case-insensitively: a profile
    named ``Prod-West`` or ``PRODUCTION`` is as much production as ``prod-west``."""
    if not profile:
        return False
    name = profile.casefold()
    return any(fnmatch.fnmatchcase(name, p.casefold()) for p in patterns)


def load_settings(
    profile: str | None,
    *,
    path: Path | None = None,
    environ: dict[str, str] | None = None,
    read_only_flag: bool = False,
    read_write_flag: bool = False,
) -> Settings:
    """Settings for ``profile`` (the one the boto3 session resolved).

    A production profile (matching ``read_only_profiles``) is read-only unless
    ``read_write_flag`` (--read-write) or its own section's ``read_only = false`` lifts it;
    a top-level or SMTUI_READ_ONLY value cannot. An explicit ``read_only = true`` anywhere
    is never lifted by --read-write; ``read_only_flag`` (--read-only) wins over everything.
    """
    env = os.environ if environ is None else environ
    path = path or paths.config_file()
    data = read_config_file(path)
    settings = _apply(Settings(), data, str(path))
    name = profile or "default"
    section = (data.get("profiles") or {}).get(name)
    if not isinstance(section, dict):
        section = {}
    where = f"{path} [profiles.{name}]"
    settings = _apply(settings, section, where)
    overrides = {key: env[var] for key, var in _ENV.items() if var in env}
    settings = replace(_apply(settings, overrides, "environment"), profile=profile)
    if is_production(profile, settings.read_only_profiles):
        settings = _production(settings, data, section, overrides, where, read_write_flag)
    if read_only_flag:
        settings = replace(settings, read_only=True)
    return settings


def _production(
    settings: Settings,
    top: dict[str, Any],
    section: dict[str, Any],
    env: dict[str, str],
    where: str,
    read_write_flag: bool,
) -> Settings:
    """A production profile's read-only: an explicit true (environment, its section, or
    the top level when its section says nothing) keeps it; its section's false or
    --read-write lift it; a top-level or environment false cannot."""
    env_says = _bool("read_only", env["read_only"], "environment") if "read_only" in env else None
    own = _bool("read_only", section["read_only"], where) if "read_only" in section else None
    top_says = own is None and "read_only" in top and _bool("read_only", top["read_only"], "")
    if env_says or own or top_says:
        return replace(settings, read_only=True)
    if read_write_flag:
        return replace(settings, read_only=False, read_write_reason="--read-write")
    if own is False:
        return replace(settings, read_only=False, read_write_reason="config")
    return replace(settings, read_only=True)

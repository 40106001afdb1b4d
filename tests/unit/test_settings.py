from __future__ import annotations

from pathlib import Path

import pytest

from smtui.services.settings import Settings, SettingsError, load_settings

CONFIG = """
read_only = false
refresh_interval = 12
theme = "smtui-dark"

[keys]
"jobs.stop" = "x"

[profiles.prod]
read_only = true
refresh_interval = 30
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(None, path=tmp_path / "none.toml", environ={}) == Settings()


def test_top_level_then_profile_section(tmp_path: Path) -> None:
    path = write(tmp_path, CONFIG)
    dev = load_settings("dev", path=path, environ={})
    assert (dev.read_only, dev.refresh_interval, dev.keys) == (False, 12.0, {"jobs.stop": "x"})
    prod = load_settings("prod", path=path, environ={})
    assert (prod.read_only, prod.refresh_interval) == (True, 30.0)


def test_environment_overrides_file_and_flag_overrides_all(tmp_path: Path) -> None:
    path = write(tmp_path, CONFIG)
    env = {"SMTUI_READ_ONLY": "0", "SMTUI_REFRESH_INTERVAL": "5"}
    prod = load_settings("prod", path=path, environ=env)
    assert (prod.read_only, prod.refresh_interval) == (False, 5.0)
    assert load_settings("prod", path=path, environ=env, read_only_flag=True).read_only is True
    assert load_settings(None, path=path, environ={"SMTUI_READ_ONLY": "yes"}).read_only is True


@pytest.mark.parametrize(
    ("text", "env", "fragment"),
    [
        ("read_only = 'maybe'", {}, "read_only must be true or false"),
        ("refresh_interval = 0", {}, "between 1 and 3600"),
        ("colour = 'red'", {}, "unknown setting 'colour'"),
        ("read_only = [", {}, "config.toml"),
        ("", {"SMTUI_REFRESH_INTERVAL": "soon"}, "environment: refresh_interval"),
    ],
)
def test_bad_settings_say_where(
    tmp_path: Path, text: str, env: dict[str, str], fragment: str
) -> None:
    with pytest.raises(SettingsError, match=fragment.replace("[", r"\[")):
        load_settings(None, path=write(tmp_path, text), environ=env)


def test_production_profiles_start_read_only_unless_lifted(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    assert load_settings("acme-prod-admin", path=path, environ={}).read_only is True
    assert load_settings("dev", path=path, environ={}).read_only is False
    lifted = load_settings("acme-prod-admin", path=path, environ={}, read_write_flag=True)
    assert lifted.read_only is False
    patterns = write(tmp_path, 'read_only_profiles = ["live-*"]')
    assert load_settings("live-eu", path=patterns, environ={}).read_only is True
    assert load_settings("acme-prod", path=patterns, environ={}).read_only is False
    explicit = write(tmp_path, "[profiles.acme-prod]\nread_only = false")
    assert load_settings("acme-prod", path=explicit, environ={}).read_only is False

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
    env = {"SMTUI_READ_ONLY": "1", "SMTUI_REFRESH_INTERVAL": "5"}
    dev = load_settings("dev", path=path, environ=env)
    assert (dev.read_only, dev.refresh_interval) == (True, 5.0)
    lifted = {"SMTUI_READ_ONLY": "0"}  # beats the file's true for a non-production profile
    assert not load_settings(
        "dev", path=write(tmp_path, "read_only = true"), environ=lifted
    ).read_only
    path = write(tmp_path, CONFIG)
    assert load_settings("dev", path=path, environ={}, read_only_flag=True).read_only is True
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


@pytest.mark.parametrize("profile", ["Prod-West", "PRODUCTION", "acme-PROD", "prod"])
def test_production_is_matched_whatever_the_case(tmp_path: Path, profile: str) -> None:
    path = write(tmp_path, 'read_only_profiles = ["*prod*", "Live-*"]')
    assert load_settings(profile, path=path, environ={}).read_only is True
    assert load_settings("LIVE-eu", path=path, environ={}).read_only is True


@pytest.mark.parametrize(
    ("text", "env"),
    [
        ("read_only = false", {}),  # a top-level value applies to every profile
        ("", {"SMTUI_READ_ONLY": "0"}),
        ("read_only = false", {"SMTUI_READ_ONLY": "false"}),
        ("[profiles.dev]\nread_only = false", {}),  # another profile's section
    ],
)
def test_only_the_flag_or_the_profiles_own_section_lift_production(
    tmp_path: Path, text: str, env: dict[str, str]
) -> None:
    path = write(tmp_path, text)
    settings = load_settings("prod-east", path=path, environ=env)
    assert (settings.read_only, settings.read_write_reason) == (True, "")
    flag = load_settings("prod-east", path=path, environ=env, read_write_flag=True)
    assert (flag.read_only, flag.read_write_reason) == (False, "--read-write")


def test_the_profiles_own_section_lifts_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "read_only = true\n[profiles.prod-east]\nread_only = false")
    own = load_settings("prod-east", path=path, environ={})
    assert own.read_only is False
    assert own.read_write_reason == "config"
    # An explicit true above the section (the environment) or --read-only still win.
    assert load_settings("prod-east", path=path, environ={"SMTUI_READ_ONLY": "1"}).read_only
    assert load_settings("prod-east", path=path, environ={}, read_only_flag=True).read_only
    # A non-production profile has nothing to explain.
    assert load_settings("dev", path=path, environ={}).read_write_reason == ""


def test_an_explicit_read_only_is_never_lifted_by_the_flag(tmp_path: Path) -> None:
    for text in ("read_only = true", "[profiles.prod-east]\nread_only = true"):
        path = write(tmp_path, text)
        assert load_settings("prod-east", path=path, environ={}, read_write_flag=True).read_only


def test_the_readme_sample_config_keeps_production_read_only(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    sample = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, sample)
    for profile in ("prod-east", "Prod-West", "acme-production"):
        assert load_settings(profile, path=path, environ={}).read_only is True, profile

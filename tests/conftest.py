"""Keep the user's own config, state, caches and AWS settings out of every test."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Two loaded cores in CI: no per-example deadline, and slow generation is not a failure.
settings.register_profile(
    "smtui",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("smtui")

_AWS_VARS = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    for var in _AWS_VARS:
        monkeypatch.delenv(var, raising=False)
    for var in [v for v in os.environ if v.startswith("SMTUI_")]:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SMTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SMTUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SMTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    yield tmp_path

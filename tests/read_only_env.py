"""AWS profiles for the read-only tests: production-looking names in several letter cases
and one `dev`, all pointing at one sandbox (``endpoint_url`` in the profile, as botocore
reads it from the config file). tests/conftest.py points AWS_CONFIG_FILE and
AWS_SHARED_CREDENTIALS_FILE at the test's temporary directory; this writes those files."""

from __future__ import annotations

import os
from pathlib import Path

from smtui.sandbox import SANDBOX_ACCESS_KEY, SANDBOX_REGION, SANDBOX_SECRET_KEY, Sandbox
from smtui.services import paths

PROFILES = ("prod-east", "Prod-West", "PRODUCTION", "dev")


def write_profiles(sb: Sandbox) -> None:
    config = Path(os.environ["AWS_CONFIG_FILE"])
    credentials = Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"])
    config.write_text(
        "".join(
            f"[profile {p}]\nregion = {SANDBOX_REGION}\nendpoint_url = {sb.url}\n\n"
            for p in PROFILES
        )
    )
    credentials.write_text(
        "".join(
            f"[{p}]\naws_access_key_id = {SANDBOX_ACCESS_KEY}\n"
            f"aws_secret_access_key = {SANDBOX_SECRET_KEY}\n\n"
            for p in PROFILES
        )
    )


def write_config(text: str) -> None:
    """smtui's own config.toml (in the test's SMTUI_CONFIG_DIR)."""
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)

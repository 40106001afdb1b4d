"""Where smtui keeps its files: platformdirs, overridable for tests and odd hosts."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "smtui"


def config_dir() -> Path:
    return Path(os.environ.get("SMTUI_CONFIG_DIR") or platformdirs.user_config_dir(APP))


def state_dir() -> Path:
    return Path(os.environ.get("SMTUI_STATE_DIR") or platformdirs.user_state_dir(APP))


def cache_dir() -> Path:
    return Path(os.environ.get("SMTUI_CACHE_DIR") or platformdirs.user_cache_dir(APP))


def config_file() -> Path:
    return Path(os.environ.get("SMTUI_CONFIG") or config_dir() / "config.toml")


def audit_log() -> Path:
    return state_dir() / "audit.jsonl"

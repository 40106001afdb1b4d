"""AWS keys in the OS keyring, never in a plain-text file.

Stored under service ``smtui``, user ``aws:<profile>``, as JSON. ``credential_process``
output follows AWS's format: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
(``Version`` 1, ``AccessKeyId``, ``SecretAccessKey``, optional ``SessionToken``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import keyring
import keyring.errors

SERVICE = "smtui"
ACCESS_KEY_PATTERN = re.compile(r"^[A-Z0-9]{16,128}$")
NO_BACKEND_HELP = (
    "no OS keyring backend is available on this host. On a desktop, install and unlock one "
    "(GNOME Keyring, KWallet, macOS Keychain); on a headless bastion, `pip install "
    "keyrings.alt` and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring "
    "(asks for its own password)."
)


class SecretsError(Exception):
    """The keyring cannot be used, or holds nothing for the profile."""


@dataclass(frozen=True, slots=True)
class StoredKeys:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None

    def __repr__(self) -> str:  # never print a secret, even by accident
        return f"StoredKeys(access_key_id={self.access_key_id!r}, secret_access_key='***')"

    def credential_process_json(self) -> str:
        body: dict[str, object] = {
            "Version": 1,
            "AccessKeyId": self.access_key_id,
            "SecretAccessKey": self.secret_access_key,
        }
        if self.session_token:
            body["SessionToken"] = self.session_token
        return json.dumps(body)


def validate_keys(access_key_id: str, secret_access_key: str) -> str | None:
    """A message for keys that cannot be right, or None. Never echoes the secret."""
    if not ACCESS_KEY_PATTERN.match(access_key_id):
        return "the access key id should be 16+ capital letters and digits (e.g. AKIA...)"
    if len(secret_access_key) < 16 or any(c.isspace() for c in secret_access_key):
        return "the secret access key looks truncated or has spaces"
    return None


def _user(profile: str) -> str:
    return f"aws:{profile}"


def _backend_call(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except keyring.errors.NoKeyringError:
        raise SecretsError(NO_BACKEND_HELP) from None
    except keyring.errors.PasswordDeleteError:
        raise  # "nothing stored": forget_keys answers False
    except keyring.errors.KeyringError as exc:
        raise SecretsError(f"keyring error: {type(exc).__name__}") from None


def store_keys(profile: str, keys: StoredKeys) -> None:
    value = json.dumps(
        {
            "AccessKeyId": keys.access_key_id,
            "SecretAccessKey": keys.secret_access_key,
            "SessionToken": keys.session_token,
        }
    )
    _backend_call(keyring.set_password, SERVICE, _user(profile), value)


def load_keys(profile: str) -> StoredKeys:
    raw = _backend_call(keyring.get_password, SERVICE, _user(profile))
    if raw is None:
        raise SecretsError(
            f"no keys stored for profile {profile}: run smtui auth set-keys --profile {profile}"
        )
    try:
        data = json.loads(raw)
        return StoredKeys(data["AccessKeyId"], data["SecretAccessKey"], data.get("SessionToken"))
    except (ValueError, KeyError, TypeError):
        raise SecretsError(
            f"the keyring entry for profile {profile} is unreadable: set it again"
        ) from None


def forget_keys(profile: str) -> bool:
    """Remove the profile's keys; False when there were none."""
    try:
        _backend_call(keyring.delete_password, SERVICE, _user(profile))
    except keyring.errors.PasswordDeleteError:
        return False
    return True

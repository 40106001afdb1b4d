"""AWS keys in the OS keyring, never in a plain-text file.

Stored under service ``smtui``, user ``aws:<profile>``, as JSON. ``credential_process``
output follows AWS's format: https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html
(``Version`` 1, ``AccessKeyId``, ``SecretAccessKey``, optional ``SessionToken``).

The backend keyring picks (PYTHON_KEYRING_BACKEND, keyringrc.cfg, or the best one
installed) is checked first: only backends known to encrypt are used (the OS keyrings and
keyrings.alt's EncryptedKeyring); keyrings.alt's PlaintextKeyring ("Simple File Keyring
with no encryption", keyrings/alt/file.py), the null and fail backends, an unknown
third-party backend and a chainer over any of them are refused unless the user opts in
(``allow_insecure_keyring``). A backend that cannot even be loaded (its module is not
installed) is one line naming it and the fix, never an ImportError.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

SERVICE = "smtui"
ACCESS_KEY_PATTERN = re.compile(r"^[A-Z0-9]{16,128}$")
NO_BACKEND_HELP = (
    "no OS keyring backend is available on this host. On a desktop, install and unlock one "
    "(GNOME Keyring, KWallet, macOS Keychain); on a headless bastion, `pip install "
    "keyrings.alt` and set PYTHON_KEYRING_BACKEND=keyrings.alt.file.EncryptedKeyring "
    "(asks for its own password)."
)
OPT_IN = (
    "allow_insecure_keyring = true in config.toml, SMTUI_ALLOW_INSECURE_KEYRING=1 or "
    "--allow-insecure-keyring"
)

# Backends known to keep secrets encrypted at rest, by class path. keyring's own
# (https://github.com/jaraco/keyring#what-is-python-keyring-lib: macOS Keychain, Freedesktop
# Secret Service, KWallet, Windows Credential Locker) and keyrings.alt's EncryptedKeyring
# (PBKDF2 + AES, keyrings/alt/file.py).
SECURE = {
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring, KeePassXC)",
    "keyring.backends.libsecret.Keyring": "libsecret (GNOME Keyring)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Locker",
    "keyrings.alt.file.EncryptedKeyring": "an encrypted file with its own password",
}
NO_STORE = {
    "keyring.backends.fail.Keyring": "no backend at all",
    "keyring.backends.null.Keyring": "a backend that discards everything",
}
CHAINER = "keyring.backends.chainer.ChainerBackend"


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


@dataclass(frozen=True, slots=True)
class KeyringInUse:
    """The keyring backend in use: its class path, what it is, and whether it encrypts."""

    keyring: KeyringBackend
    name: str
    what: str
    secure: bool

    def describe(self) -> str:
        """For `smtui auth`: "keyring.backends.SecretService.Keyring (Secret Service)"."""
        return f"{self.name} ({self.what})"


def _path(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _judge(backend: Any) -> KeyringInUse:
    name = _path(backend)
    if name in SECURE:
        return KeyringInUse(backend, name, SECURE[name], True)
    if name in NO_STORE:
        return KeyringInUse(backend, name, NO_STORE[name], False)
    if name == CHAINER:  # get_password asks each chained backend: all must be secure
        chained = [_judge(b) for b in getattr(backend, "backends", [])]
        parts = ", ".join(b.describe() for b in chained) or "nothing"
        secure = bool(chained) and all(b.secure for b in chained)
        return KeyringInUse(backend, name, f"a chain of {parts}", secure)
    plain = getattr(backend, "scheme", None) == "no encryption" or "plaintext" in name.lower()
    what = "stores secrets in a plain-text file" if plain else "not known to encrypt"
    return KeyringInUse(backend, name, what, False)


def _unloadable(exc: Exception) -> SecretsError:
    """The backend named in PYTHON_KEYRING_BACKEND or keyringrc.cfg cannot be loaded."""
    named = os.environ.get("PYTHON_KEYRING_BACKEND")
    if named:
        where, undo = f"{named} (PYTHON_KEYRING_BACKEND)", "unset PYTHON_KEYRING_BACKEND"
    else:
        from keyring.util import platform_

        config = platform_.config_root() / "keyringrc.cfg"
        where, undo = f"of {config}", f"fix default-keyring in {config}"
    module = getattr(exc, "name", None) or ""
    package = "keyrings.alt" if module.startswith("keyrings") else "the package providing it"
    return SecretsError(
        f"the keyring backend {where} cannot be loaded ({type(exc).__name__}: {exc}): "
        f"`pip install {package}`, or {undo}"
    )


def keyring_backend(*, allow_insecure: bool = False, purpose: str = "use") -> KeyringInUse:
    """The backend keyring chose, judged. SecretsError when it cannot be loaded, stores
    nothing, or is not known to encrypt (unless ``allow_insecure``)."""
    try:
        backend = _judge(keyring.get_keyring())
    except (ImportError, AttributeError, RuntimeError, ValueError) as exc:
        raise _unloadable(exc) from None
    if backend.name == "keyring.backends.fail.Keyring" or (
        backend.name == CHAINER and not getattr(backend.keyring, "backends", None)
    ):
        raise SecretsError(NO_BACKEND_HELP)
    if backend.name == "keyring.backends.null.Keyring":
        raise SecretsError(
            f"the keyring backend is {backend.describe()}: nothing would be stored. "
            + NO_BACKEND_HELP
        )
    if not backend.secure and not allow_insecure:
        raise SecretsError(
            f"refusing to {purpose} secrets in the keyring backend {backend.describe()}: "
            f"use an OS keyring or keyrings.alt.file.EncryptedKeyring, or accept it with "
            f"{OPT_IN}"
        )
    return backend


def _call(backend: KeyringInUse, call: Callable[[], Any], secret: str = "") -> Any:
    """One call into the backend; its errors as one line naming it (never the secret)."""
    try:
        return call()
    except keyring.errors.PasswordDeleteError:
        raise  # "nothing stored": forget_keys answers False
    except keyring.errors.NoKeyringError:
        raise SecretsError(NO_BACKEND_HELP) from None
    except (keyring.errors.KeyringError, ValueError, OSError, RuntimeError) as exc:
        text = str(exc).replace(secret, "***") if secret else str(exc)
        raise SecretsError(
            f"keyring error in {backend.name}: {type(exc).__name__}: {text}"
        ) from None


def _user(profile: str) -> str:
    return f"aws:{profile}"


def _backend_call(fn, *args):  # type: ignore[no-untyped-def]
    """keyring's module functions (the triage webhook's URL), their errors as one line."""
    try:
        return fn(*args)
    except keyring.errors.NoKeyringError:
        raise SecretsError(NO_BACKEND_HELP) from None
    except keyring.errors.PasswordDeleteError:
        raise  # "nothing stored": forget answers False
    except keyring.errors.KeyringError as exc:
        raise SecretsError(f"keyring error: {type(exc).__name__}") from None
    except (ImportError, AttributeError, RuntimeError) as exc:  # the backend cannot load
        raise _unloadable(exc) from None


def store_keys(profile: str, keys: StoredKeys, *, allow_insecure: bool = False) -> KeyringInUse:
    """Store the keys; returns the backend that holds them (refused: SecretsError)."""
    backend = keyring_backend(allow_insecure=allow_insecure, purpose="store")
    value = json.dumps(
        {
            "AccessKeyId": keys.access_key_id,
            "SecretAccessKey": keys.secret_access_key,
            "SessionToken": keys.session_token,
        }
    )
    _call(
        backend,
        lambda: backend.keyring.set_password(SERVICE, _user(profile), value),
        keys.secret_access_key,
    )
    return backend


def load_keys(profile: str, *, allow_insecure: bool = False) -> StoredKeys:
    backend = keyring_backend(allow_insecure=allow_insecure, purpose="read")
    raw = _call(backend, lambda: backend.keyring.get_password(SERVICE, _user(profile)))
    if raw is None:
        raise SecretsError(
            f"no keys stored for profile {profile} in {backend.name}: "
            f"run smtui auth set-keys --profile {profile}"
        )
    try:
        data = json.loads(raw)
        return StoredKeys(data["AccessKeyId"], data["SecretAccessKey"], data.get("SessionToken"))
    except (ValueError, KeyError, TypeError):
        raise SecretsError(
            f"the keyring entry for profile {profile} is unreadable: set it again"
        ) from None


def forget_keys(profile: str) -> tuple[bool, KeyringInUse]:
    """Remove the profile's keys (from any backend that stores: removing a secret from a
    plain-text file is what one wants); (False, backend) when there were none."""
    backend = keyring_backend(allow_insecure=True)
    try:
        _call(backend, lambda: backend.keyring.delete_password(SERVICE, _user(profile)))
    except keyring.errors.PasswordDeleteError:
        return False, backend
    return True, backend

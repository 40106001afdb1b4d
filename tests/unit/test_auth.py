"""`smtui auth` with an in-memory keyring backend: keys stored, served, forgotten; the
backend is named, and one not known to encrypt is refused unless the user opts in."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

from smtui.cli import main
from smtui.services import secrets

ACCESS = "AKIASANDBOXEXAMPLE01"
SECRET = "canary-SECRET-do-not-print-0123456789"


class MemoryKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        """Not viable: keyring registers every subclass and would choose this test
        backend as the default in any later test of the same process."""
        raise RuntimeError("a test backend: set explicitly, never chosen by keyring")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise PasswordDeleteError("none")
        del self.store[(service, username)]


@pytest.fixture
def memory_keyring(monkeypatch):
    """The in-memory backend, trusted as an OS keyring would be (smtui's allow-list)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setitem(secrets.SECURE, f"{__name__}.MemoryKeyring", "test vault")
    yield backend
    keyring.set_keyring(previous)


def test_set_serve_forget(memory_keyring, monkeypatch, capsys) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": ACCESS)
    answers = iter([SECRET, ""])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["auth", "set-keys", "--profile", "ops"]) == 0
    out = capsys.readouterr().out
    assert SECRET not in out and "credential_process = smtui auth credential-process" in out
    assert "in the keyring backend tests.unit.test_auth.MemoryKeyring (test vault)" in out
    stored = memory_keyring.store[("smtui", "aws:ops")]
    assert json.loads(stored)["SecretAccessKey"] == SECRET

    assert main(["auth", "credential-process", "--profile", "ops"]) == 0
    served = json.loads(capsys.readouterr().out)
    assert served == {"Version": 1, "AccessKeyId": ACCESS, "SecretAccessKey": SECRET}

    assert main(["auth", "forget", "--profile", "ops"]) == 0
    capsys.readouterr()
    assert main(["auth", "forget", "--profile", "ops"]) == 2
    assert "no keys stored for profile ops" in capsys.readouterr().err
    assert main(["auth", "credential-process", "--profile", "ops"]) == 2
    err = capsys.readouterr().err
    assert "no keys stored for profile ops" in err


def test_bad_keys_are_refused_without_echoing_the_secret(
    memory_keyring, monkeypatch, capsys
) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": "not-a-key")
    answers = iter([SECRET, ""])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["auth", "set-keys", "--profile", "ops"]) == 2
    captured = capsys.readouterr()
    assert "access key id" in captured.err and SECRET not in captured.err + captured.out
    assert memory_keyring.store == {}


def test_no_backend_says_what_to_install(monkeypatch, capsys) -> None:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert main(["auth", "credential-process", "--profile", "ops"]) == 2
    finally:
        keyring.set_keyring(previous)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "keyrings.alt" in err[0]

"""Which keyring backend may hold AWS keys: one not known to encrypt (a plain-text file, a
backend that discards, a chain over them) is refused before anything is asked or written,
unless the user opts in; every answer names the backend; a backend whose module is not
installed is one line naming it and the fix, in every `smtui auth` command."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, null
from keyring.compat import properties

from smtui.cli import main
from smtui.services import paths

ACCESS = "AKIASANDBOXEXAMPLE01"
SECRET = "canary-SECRET-do-not-print-0123456789"


class PlaintextFileKeyring(KeyringBackend):
    """What the issue found: secrets in a world-readable JSON file. Its ``scheme`` is the
    one keyrings.alt's PlaintextKeyring declares ("no encryption", keyrings/alt/file.py)."""

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        """Not viable: keyring registers every subclass and would choose this test
        backend as the default in any later test of the same process."""
        raise RuntimeError("a test backend: set explicitly, never chosen by keyring")

    scheme = "no encryption"
    path = Path()

    def _read(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self.path.write_text(json.dumps({**self._read(), f"{service}/{username}": password}))
        self.path.chmod(0o644)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        data.pop(f"{service}/{username}")
        self.path.write_text(json.dumps(data))


def use(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def plaintext(tmp_path: Path) -> Iterator[KeyringBackend]:
    backend = PlaintextFileKeyring()
    backend.path = tmp_path / "secrets.json"
    yield from use(backend)


def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(prompt: str = "") -> str:
        raise AssertionError(f"asked {prompt!r} although the backend is refused")

    monkeypatch.setattr("builtins.input", refuse)
    monkeypatch.setattr("getpass.getpass", refuse)


def answer_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builtins.input", lambda prompt="": ACCESS)
    answers = iter([SECRET, ""])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_a_plaintext_backend_is_refused_before_anything_is_asked(
    plaintext: PlaintextFileKeyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    no_prompt(monkeypatch)
    assert main(["auth", "set-keys", "--profile", "ops"]) == 2
    line = one_line(capsys)
    assert "refusing to store secrets" in line and "PlaintextFileKeyring" in line
    assert "plain-text file" in line and "allow_insecure_keyring" in line
    assert not plaintext.path.exists()
    assert main(["auth", "credential-process", "--profile", "ops"]) == 2
    assert "refusing to read secrets" in one_line(capsys)
    assert main(["auth", "backend"]) == 2
    out = capsys.readouterr().out
    assert "PlaintextFileKeyring (stores secrets in a plain-text file)" in out
    assert "NOT known to encrypt; smtui refuses it" in out


def test_the_triage_webhook_url_is_refused_a_plaintext_backend_too(
    plaintext: PlaintextFileKeyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    no_prompt(monkeypatch)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["triage", "webhook", "set"]) == 2
    assert "refusing to store secrets" in one_line(capsys)
    assert not plaintext.path.exists()
    monkeypatch.setenv("SMTUI_ALLOW_INSECURE_KEYRING", "1")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "https://hooks.example/x")
    assert main(["triage", "webhook", "set"]) == 0
    assert "PlaintextFileKeyring" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["flag", "env", "config"])
def test_the_user_can_opt_in_and_is_told_where_the_keys_went(
    plaintext: PlaintextFileKeyring, monkeypatch: pytest.MonkeyPatch, capsys, how: str
) -> None:
    answer_keys(monkeypatch)
    flag = ["--allow-insecure-keyring"] if how == "flag" else []
    if how == "env":
        monkeypatch.setenv("SMTUI_ALLOW_INSECURE_KEYRING", "1")
    if how == "config":
        paths.config_file().parent.mkdir(parents=True, exist_ok=True)
        paths.config_file().write_text("allow_insecure_keyring = true\n")
    assert main(["auth", "set-keys", "--profile", "ops", *flag]) == 0
    out = capsys.readouterr().out
    assert "PlaintextFileKeyring (stores secrets in a plain-text file)" in out
    assert "NOT encrypted" in out and SECRET not in out
    assert main(["auth", "credential-process", "--profile", "ops", *flag]) == 0
    assert json.loads(capsys.readouterr().out)["SecretAccessKey"] == SECRET
    assert main(["auth", "forget", "--profile", "ops"]) == 0  # removing needs no opt-in
    assert "PlaintextFileKeyring" in capsys.readouterr().out


def test_a_backend_that_discards_everything_is_refused(monkeypatch, capsys) -> None:
    no_prompt(monkeypatch)
    for _ in use(null.Keyring()):
        assert main(["auth", "set-keys", "--profile", "ops", "--allow-insecure-keyring"]) == 2
        line = one_line(capsys)
        assert "keyring.backends.null.Keyring" in line and "nothing would be stored" in line


def test_a_chain_is_as_secure_as_its_weakest_backend(
    plaintext: PlaintextFileKeyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    no_prompt(monkeypatch)
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [plaintext])
    for _ in use(chainer.ChainerBackend()):
        assert main(["auth", "set-keys", "--profile", "ops"]) == 2
        line = one_line(capsys)
        assert "a chain of tests.unit.test_auth_backends.PlaintextFileKeyring" in line
    assert not plaintext.path.exists()


def _keyrings_alt_missing() -> bool:
    return importlib.util.find_spec("keyrings") is None


@pytest.mark.skipif(not _keyrings_alt_missing(), reason="keyrings.alt is installed")
@pytest.mark.parametrize(
    "argv",
    [
        ["set-keys", "--profile", "ops"],
        ["credential-process", "--profile", "ops"],
        ["forget", "--profile", "ops"],
        ["backend"],
    ],
)
def test_a_backend_module_not_installed_is_one_line(argv: list[str]) -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.EncryptedKeyring"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-m", "smtui", "auth", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("smtui: error: the keyring backend keyrings.alt.file.Encrypted")
    assert "PYTHON_KEYRING_BACKEND" in lines[0] and "pip install keyrings.alt" in lines[0]

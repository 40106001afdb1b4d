"""Ordinary input that used to end in a traceback: a port out of range (OverflowError in
socket.bind) is an argparse usage error. (Ctrl+d at a prompt: tests/e2e/test_signals_tmux.py;
a keyring backend not installed: tests/unit/test_auth_backends.py.)"""

from __future__ import annotations

import pytest

from smtui.cli import main
from tests.unit.test_auth import memory_keyring  # noqa: F401 (a fixture)


@pytest.mark.parametrize("argv", [["sandbox", "serve"], ["serve", "--sandbox"]])
@pytest.mark.parametrize("port", ["99999", "-1", "65536", "http"])
def test_a_port_out_of_range_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([*argv, "--port", port])
    assert exit_.value.code == 2
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert error.startswith("smtui") and "--port" in error
    assert "port must be 0..65535" in error or "port must be a whole number" in error


@pytest.mark.usefixtures("memory_keyring")  # a trusted backend: the prompt is reached
def test_ctrl_d_at_a_hidden_prompt_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def end_of_file(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", end_of_file)
    assert main(["triage", "webhook", "set"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["smtui: error: no input (end of file): nothing was done"]

"""Ordinary input that used to end in a traceback: a port out of range (OverflowError in
socket.bind) is an argparse usage error. (Ctrl+d at a prompt: tests/e2e/test_signals_tmux.py;
a keyring backend not installed: tests/unit/test_auth_backends.py.)"""

from __future__ import annotations

import pytest

from smtui.cli import main


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
    assert "0 to 65535" in error or "not a port number" in error

"""How the command line fails: a bug is one line (the traceback only with --debug), and a
reader that goes away (`smtui logs JOB | head`) ends the command quietly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from smtui import cli
from smtui.commands import themes


def _boom(ctx: object) -> int:
    raise RuntimeError("state the code did not expect")


def test_an_unexpected_error_is_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SMTUI_DEBUG", raising=False)
    monkeypatch.setattr(themes, "run", _boom)
    assert cli.main(["themes"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "RuntimeError: state the code did not expect" in err
    assert "--debug" in err


@pytest.mark.parametrize("where", [["--debug", "themes"], ["themes", "--debug"]])
def test_debug_prints_the_traceback(
    where: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(themes, "run", _boom)
    assert cli.main(where) == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "_boom" in err


def _closed_pipe_run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run smtui with stdout a pipe whose reader has already gone (as `| head` after it
    read its lines): every write fails with EPIPE."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "smtui", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args", [("themes", "--all"), ("--sandbox", "--jobs", "5", "jobs")], ids=["themes", "jobs"]
)
def test_a_closed_pipe_exits_quietly(args: tuple[str, ...]) -> None:
    done = _closed_pipe_run(*args)
    assert done.stderr == ""  # no "[Errno 32] Broken pipe", no traceback
    assert done.returncode == cli.EXIT_BROKEN_PIPE


def test_logs_with_the_sandbox_reaches_its_job(capsys: pytest.CaptureFixture[str]) -> None:
    """`logs` has its own --host (a host index): the in-process sandbox must not bind to it."""
    assert cli.main(["--sandbox", "--jobs", "3", "logs", "no-such-job"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smtui: error: ")
    assert "no-such-job" in err or "not found" in err

"""The console dying of an unexpected exception: one line after the screen is restored
(no traceback with local variables: describes, role ARNs, tags), the traceback only with
--debug, and a non-zero status."""

from __future__ import annotations

import pytest

from smtui import cli
from tests.ui.conftest import make_app

SECRET = "arn:aws:iam::123456789012:role/canary-role-7f3a"


def _crash_headless(app) -> None:
    async def auto_pilot(pilot) -> None:
        def boom() -> None:
            role = SECRET  # a local a traceback with locals would print
            raise ValueError(f"invalid literal for int() with base 10: '90000.'{role[:0]}")

        await pilot.pause()
        app.call_later(boom)

    app.run(headless=True, size=(100, 30), auto_pilot=auto_pilot)


def test_a_crash_prints_one_line_and_no_locals(sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app(sandbox)
    _crash_headless(app)
    err = capsys.readouterr().err
    assert app.return_code  # cli._console turns it into exit status 2
    assert SECRET not in err and "Traceback" not in err
    assert " ".join(err.split()) == (
        "smtui: unexpected error (ValueError: invalid literal for int() with base 10: "
        "'90000.'); run again with --debug for details"
    )


def test_debug_adds_the_traceback_without_locals(
    sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    app = make_app(sandbox)
    app.show_tracebacks = True
    _crash_headless(app)
    err = capsys.readouterr().err
    assert "Traceback" in err and "boom" in err
    assert SECRET not in err  # the frame's locals are not shown
    assert cli.EXIT_UNEXPECTED == 2

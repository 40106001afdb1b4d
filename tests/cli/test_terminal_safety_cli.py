"""What the CLI prints cannot drive the terminal: AWS's echo of an escape sequence is
stripped (smtui/commands/output.py SafeWriter), names AWS cannot match are refused."""

from __future__ import annotations

import pytest

from smtui.cli import main
from smtui.services import paths

EVIL = "x\x1b]0;pwned\x07\x1b[2Jy"


def test_aws_echo_of_an_escape_sequence_is_stripped(capsys) -> None:
    """The sandbox answers as AWS does: the ValidationException quotes the value."""
    assert main(["endpoints", "--sandbox", "--name-contains", EVIL]) == 2
    err = capsys.readouterr().err
    assert "ValidationException" in err and "Value 'xy' at 'nameContains'" in err
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["stop", "training", "evil\x1b[2Jjob", "--yes", "--sandbox"],
        ["stop", "tuning", "t" * 33, "--yes", "--sandbox"],
        ["stop", "processing", "two\nlines", "--yes", "--sandbox"],
    ],
)
def test_stop_refuses_names_aws_cannot_match(capsys, argv: list[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "nothing was sent" in err and "\x1b" not in err and "\n" not in err.rstrip("\n")
    assert not paths.audit_log().exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["monitor", "stop", "m" * 5000, "--yes", "--sandbox"],
        ["notebook", "stop", "nb\x1b[31m", "--yes", "--sandbox"],
        ["logs", "job\nname", "--sandbox"],
    ],
)
def test_name_arguments_are_checked_by_their_pattern(capsys, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "name" in err and "\x1b" not in err
    assert "m" * 100 not in err  # a 5,000-character name is not echoed back
    assert not paths.audit_log().exists()

"""Escape sequences and control characters never reach the terminal (smtui/domain/text.py,
the CLI's SafeWriter, table cells)."""

from __future__ import annotations

import io

import pytest

from smtui.commands.output import SafeWriter
from smtui.domain.text import strip_controls
from smtui.ui.widgets.resource_table_render import fit


@pytest.mark.parametrize(
    "text, printed, cell",
    [
        ("plain", "plain", "plain"),
        ("a\x1b[31mred\x1b[0m", "ared", "ared"),
        ("x\x1b]0;title\x07y", "xy", "xy"),  # OSC: set the window title
        ("x\x1b]52;c;ZXZpbA==\x1b\\y", "xy", "xy"),  # OSC 52: write the clipboard
        ("\x1bP+q544e\x1b\\z", "z", "z"),  # DCS
        ("\x9b2Jz", "z", "z"),  # 8-bit CSI
        ("e\x1bcq", "eq", "eq"),  # RIS: reset the terminal
        ("a\nb\tc", "a\nb\tc", "a b c"),
        ("over\rwrite\x08\x07", "overwrite", "overwrite"),
        ("ünïcode ✓", "ünïcode ✓", "ünïcode ✓"),
    ],
)
def test_strip_controls(text: str, printed: str, cell: str) -> None:
    assert strip_controls(text) == printed
    assert strip_controls(text, keep_lines=False) == cell


def test_safe_writer_strips_and_passes_the_rest() -> None:
    raw = io.StringIO()
    out = SafeWriter(raw)
    out.write("name: evil\x1b[2J\x1b]0;pwned\x07job\n")
    out.writelines(["[\n", '  {"a": "\\u001b"}\n', "]\n"])  # JSON escapes stay as they are
    out.flush()
    assert raw.getvalue() == 'name: eviljob\n[\n  {"a": "\\u001b"}\n]\n'


def test_a_table_cell_never_carries_an_escape() -> None:
    cell = fit("job\x1b[31m-red\x1b[0m\nnext", 20)
    assert cell == "job-red next".ljust(20)

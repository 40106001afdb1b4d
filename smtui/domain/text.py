"""Text from outside (AWS answers, user input echoed back) made safe for a terminal.

A name or message that carries an escape sequence would otherwise drive the user's
terminal (clear it, set its title, write to the clipboard with OSC 52, hide text). Every
line the CLI prints (smtui/commands/output.py's ``SafeWriter``), every table cell
(smtui/ui/widgets/resource_table_render.py) and every console message (SmtuiApp.notify)
goes through :func:`strip_controls`.

What is removed: ECMA-48 escape sequences (CSI ``ESC [ ... final``, OSC/DCS/SOS/PM/APC
strings up to BEL or ``ESC \\``, two-byte ``ESC x``), their 8-bit C1 forms, and every other
C0 and C1 control character and DEL (ECMA-48 sections 5.3-5.6, 8.3).
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x1b][\]PX^_].*?(?:\x07|\x1b\\|$)"  # OSC, DCS, SOS, PM, APC strings
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x9c|\x1b\\|$)"  # their 8-bit forms
    r"|\x1b[ -/]*[0-~]",  # two-byte (and nF) escapes
    re.DOTALL,
)
_CONTROLS_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""A fast test: text without a match needs no cleaning (newlines and tabs are fine)."""


def strip_controls(text: str, *, keep_lines: bool = True) -> str:
    """``text`` without escape sequences and control characters. ``keep_lines`` keeps
    newlines and tabs (printed output); otherwise they become spaces (one-line cells)."""
    if ANY_CONTROL.search(text) is None and (keep_lines or text.isprintable()):
        return text
    text = _SEQUENCES.sub("", text)
    if keep_lines:
        return _CONTROLS_KEEP_LINES.sub("", text)
    text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROLS.sub("", text)

"""Keys as an SSH user types them, in a real terminal (tmux) at 80x24 (issue 20).

Bursts are sent in ONE write (``send-keys -l`` with the Enter inside), as a paste or
an SSH link batching keystrokes delivers them. Every step waits for text on screen
(polling capture-pane, with a generous bound), never for a fixed time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux not installed")

BOUND = 60.0
"""Seconds any screen may take to show what it should (2 cores shared by many tests)."""


class Terminal:
    def __init__(self, width: int, height: int) -> None:
        self.session = "keys"
        # A server of its own: its environment is this test's (PYTHONPATH: the code
        # under test), not that of a tmux server started elsewhere.
        self.tmux = ["tmux", "-L", f"smtui-keys-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        self.width, self.height = width, height
        smtui = Path(sys.executable).with_name("smtui")
        env = " ".join(
            f"{k}={v}" for k, v in os.environ.items() if k.startswith("SMTUI_") or k == "PYTHONPATH"
        )
        cmd = f"env {env} TERM=xterm-256color {smtui} --sandbox --speed 0.5"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.session, "-x", str(width)]
            + ["-y", str(height), cmd],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def lines(self) -> list[str]:
        return self.screen().rstrip("\n").splitlines()

    def wait(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + BOUND
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"never on screen: {what}\n{screen}")

    def wait_text(self, text: str) -> str:
        return self.wait(lambda s: text in s, repr(text))

    def title(self) -> str:
        return self.lines()[1]

    def burst(self, text: str) -> None:
        """``text`` in one write; ``\\r`` is Enter."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.session, "-l", text], check=True)

    def key(self, name: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.session, name], check=True)

    def view(self, command: str, title: str) -> str:
        """`:command` Enter in one burst, until the view's title and first rows show."""
        self.burst(f":{command}\r")
        return self.wait(
            lambda s: s.splitlines()[1].lstrip().startswith(title) and "[" in s.splitlines()[1],
            f"view {title}",
        )

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def term() -> Iterator[Terminal]:
    terminal = Terminal(80, 24)
    try:
        terminal.wait_text("Training jobs  [200]")
        yield terminal
    finally:
        terminal.close()


def footer_shown(screen: str) -> bool:
    bottom = screen.rstrip("\n").splitlines()[-1]
    return "Filter" in bottom and not bottom.lstrip().startswith(":")


def test_escape_lands_on_a_clean_view(term: Terminal) -> None:
    """20.1: `:ep` Enter, escape, `j`: no stale `: epj` line, the keys go to the table."""
    term.view("ep", "Endpoints")
    term.key("Escape")
    term.key("j")
    term.wait(lambda s: "Filter" in s.splitlines()[-1], "the footer on the bottom line")
    screen = term.screen()
    assert "epj" not in screen and ": ep" not in screen
    assert term.title().lstrip().startswith("Endpoints")
    # `j` reached the table: `/` now opens the filter box (a focused table), typed into it
    term.burst("/churn")
    term.wait(lambda s: "filter: churn" in s.splitlines()[1], "filter: churn")
    term.key("Escape")
    term.wait(lambda s: "filter:" not in s.splitlines()[1] and footer_shown(s), "clean view")


def test_a_burst_after_colon_or_slash_goes_to_its_input(term: Terminal) -> None:
    """20.2: `:processing` Enter in one write opens the view; no letter fires a verb
    (p pauses, o copies, c clones); the same for `/` and keys after its Enter."""
    screen = term.view("processing", "Processing jobs")
    assert "PAUSED" not in screen and "Clone" not in screen and "Copied" not in screen
    term.wait_text("InProgress")
    assert "PAUSED" not in term.screen()
    # A view, a filter, its Enter and a key for the table, all in one write.
    term.burst(":jobs\r/bert\rj")
    screen = term.wait(
        lambda s: "Training jobs" in s.splitlines()[1] and "filter: bert" in s.splitlines()[1],
        "jobs filtered by bert",
    )
    assert footer_shown(screen), screen  # the box closed on Enter; `j` did not type into it
    assert "bertj" not in screen
    term.key("Escape")
    term.wait(lambda s: "filter" not in s.splitlines()[1], "filter cleared by one escape")


def test_views_replace_children_stack_filters_show(term: Terminal) -> None:
    """20.7: `:view` replaces the top-level view (escape stays there); a child view
    stacks on its parent; back on the parent its filter shows and one escape clears it."""
    term.view("ep", "Endpoints")
    term.view("pipelines", "Pipelines")
    term.key("Escape")
    term.wait(footer_shown, "footer")
    assert term.title().lstrip().startswith("Pipelines")  # not back to Endpoints
    term.wait_text("churn")  # loaded
    term.burst("/churn\r")
    term.wait(lambda s: "filter: churn" in s.splitlines()[1], "pipelines filtered")
    term.key("Enter")  # the pipeline's executions, a child view
    term.wait(lambda s: s.splitlines()[1].lstrip().startswith("Executions of"), "child view")
    term.key("Escape")
    screen = term.wait(
        lambda s: s.splitlines()[1].lstrip().startswith("Pipelines"), "back on the parent"
    )
    assert "filter: churn (esc clears)" in screen.splitlines()[1]
    assert footer_shown(screen)
    term.key("Escape")
    term.wait(lambda s: "filter" not in s.splitlines()[1], "one escape clears the filter")


@pytest.mark.parametrize(
    ("view", "route"),
    [
        ("pipeline-executions", ":pipelines, then e on a row"),
        ("monitor-executions", ":monitors, then x on a row"),
        ("humanloop-loops", ":humanloops, then l on a row"),
        ("studio-users", ":studio, then u on a row"),
    ],
)
def test_child_views_typed_at_colon_say_how_to_get_there(
    term: Terminal, view: str, route: str
) -> None:
    """17.7: a view of one parent's children, typed at `:`, says where it opens from
    (the whole message, wrapped at 80 columns) and opens nothing that would poll."""
    term.burst(f":{view}\r")
    screen = term.wait(lambda s: route in " ".join(s.split()), route)
    assert "Training jobs" in term.title()
    assert "KeyError" not in screen
    term.key("Escape")
    term.wait(footer_shown, "the line closed")


def _name_cells(screen: str, label: str, labels: list[str]) -> list[str]:
    """Each row as far as its name (the cell under ``label``) ends: what tells rows
    apart on screen (an app is its owner, type and name; names hold no spaces)."""
    lines = screen.rstrip("\n").splitlines()
    header = next(
        n
        for n, line in enumerate(lines)
        if f" {label}" in line and sum(f" {other}" in line for other in labels) >= 2
    )
    start = f" {lines[header]}".index(f" {label}")
    cells = []
    for line in lines[header + 1 : -1]:
        cell = line[start:].split(" ", 1)[0] if len(line) > start else ""
        if cell:
            cells.append(" ".join(line[:start].split() + [cell]))
    return cells


def _listed_views() -> list[tuple[str, str, str, list[str]]]:
    """(view, title, name column label, labels) of every listed view of the registry."""
    from smtui.services.kinds import default_registry

    views = []
    for kind in default_registry():
        if kind.listed:
            named = next((c for c in kind.columns if c.name), kind.columns[0])
            labels = [c.label for c in kind.columns]
            views.append((kind.name, kind.title, named.label, labels))
    return views


def test_every_list_view_shows_distinct_names_at_80x24(term: Terminal) -> None:
    """20.3: in every list view at 80x24 on the sandbox, the names on screen differ."""
    alike: dict[str, list[str]] = {}
    for view, title, label, labels in _listed_views():
        term.burst(f":{view}\r")
        screen = term.wait(
            lambda s, t=title: (
                s.splitlines()[1].lstrip().startswith(t)
                and "[" in s.splitlines()[1]
                and "Loading…" not in s
            ),
            f"{view} loaded",
        )
        names = _name_cells(screen, label, labels)
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            alike[view] = repeated
    assert not alike, alike

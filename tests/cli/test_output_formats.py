"""Every list command supports `--output table|json|csv` the same way, against the sandbox.

The commands are found at test time: every module in ``smtui.commands.COMMANDS`` with
``LIST_COMMAND = True`` (the convention in smtui/commands/__init__.py), so a list command
added later is covered without touching this file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from types import ModuleType
from typing import Any

import pytest

from smtui.cli import main
from smtui.commands import COMMANDS, context, jobs
from smtui.sandbox import Sandbox
from tests.ui.conftest import FROZEN_START

LIST_COMMANDS = [m for m in COMMANDS if getattr(m, "LIST_COMMAND", False)]
DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}[^\s,\"]*")
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


@pytest.fixture(autouse=True)
def _frozen_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three runs of a command compare counts: each must see the same sandbox world,
    so its clock is frozen at one instant (a wall-clock sandbox may cross a 5xx burst or
    a job's end between two runs)."""

    def frozen(args: Any, *, faults: str, serve: bool = False) -> Any:
        sb = Sandbox(seed=args.seed, jobs=args.fleet_jobs, speed=0, start=FROZEN_START)
        return sb if serve else sb.start()

    monkeypatch.setattr(context, "start_sandbox", frozen)


def _run(module: ModuleType, fmt: str, capsys) -> str:
    argv = [module.NAME, "--sandbox", *getattr(module, "LIST_EXAMPLE_ARGS", ()), "-o", fmt]
    code = main(argv)
    out = capsys.readouterr()
    assert code == 0, f"smtui {' '.join(argv)} exited {code}: {out.err}"
    return out.out


def _dates_are_iso_utc(text: str, where: str) -> None:
    for found in DATE_LIKE.findall(text):
        assert ISO_UTC.fullmatch(found), f"{where}: {found!r} is not ISO 8601 UTC"


def test_list_commands_are_found() -> None:
    assert jobs in LIST_COMMANDS
    for module in LIST_COMMANDS:
        assert module.CONNECTS, f"{module.NAME}: a list command takes the connection options"


@pytest.mark.parametrize("module", LIST_COMMANDS, ids=lambda m: m.NAME)
def test_table_json_csv(module: ModuleType, capsys) -> None:
    records: list[dict[str, Any]] = json.loads(_run(module, "json", capsys))
    assert isinstance(records, list) and records, f"{module.NAME}: nothing listed on the sandbox"
    assert all(isinstance(r, dict) for r in records)
    keys = set(records[0])
    assert all(set(r) == keys for r in records), "json: every object has the same keys"
    for record in records:
        for key, value in record.items():
            if isinstance(value, str):
                _dates_are_iso_utc(value, f"json {key}")

    text = _run(module, "csv", capsys)
    _dates_are_iso_utc(text, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert set(header) <= keys, f"csv columns {header} are json keys"
    assert len(body) == len(records)
    assert all(len(row) == len(header) for row in body)
    # (each run starts its own sandbox, whose clock names the fleet: compare shapes, not names)

    text = _run(module, "table", capsys)
    _dates_are_iso_utc(text, "table")
    lines = text.rstrip("\n").splitlines()
    assert len(lines) == len(records) + 1, "table: a header line and one line per record"
    assert lines[0] == lines[0].upper(), "table: the header line comes first"

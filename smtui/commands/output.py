"""One output format for every list command: `--output table|json|csv`.

json is one array of objects (stable keys, documented per command); dates are ISO 8601
UTC; table is aligned plain text, never truncated; csv has a header row.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TextIO

from smtui.domain.text import ANY_CONTROL, strip_controls

FORMATS = ("table", "json", "csv")


def add_output_option(parser: argparse.ArgumentParser, *, default: str = "table") -> None:
    parser.add_argument(
        "--output",
        "-o",
        choices=FORMATS,
        default=default,
        help="table (default), json (one array of objects) or csv",
    )


def plain(value: Any) -> Any:
    """JSON-ready value: datetimes as ISO 8601 UTC, everything else unchanged."""
    if isinstance(value, datetime):
        if value.tzinfo is not UTC:  # answers are parsed to UTC (smtui/aws/timestamps.py)
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat()[:-6] + "Z"  # isoformat of a UTC time ends "+00:00"
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return plain(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# Without indent the json module encodes in C (indent selects its pure-Python encoder,
# about 10x slower: 1.9 s of a 20,000-job listing's 4.6 s were spent there).
_ENCODER = json.JSONEncoder(default=_iso)


class Encoded(dict[str, Any]):
    """A record with its JSON already written: a listing's threads encode while they wait
    for the API (`encoded`); a copy of it (``{**record}``) is a plain dict again."""

    __slots__ = ("json",)
    json: str


def encoded(record: Mapping[str, Any]) -> Encoded:
    done = Encoded(record)
    done.json = _ENCODER.encode(done)
    return done


def _write_json(records: Sequence[Mapping[str, Any]], out: TextIO) -> None:
    """One array, one object per line: ``jq``, ``grep`` and ``json.load`` all read it."""
    out.write("[")
    for i, record in enumerate(records):
        out.write("\n  " if i == 0 else ",\n  ")
        if isinstance(record, Encoded):
            out.write(record.json)
            continue
        out.write(_ENCODER.encode(record if isinstance(record, dict) else plain(record)))
    out.write("\n]\n" if records else "]\n")


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.0f}"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


@dataclass(frozen=True, slots=True)
class Emitted:
    records: Sequence[Mapping[str, Any]]
    columns: Sequence[str]
    fmt: str
    headers: Sequence[str] | None


_COLLECT: ContextVar[list[Emitted] | None] = ContextVar("smtui_output_collect", default=None)


@contextmanager
def collecting() -> Iterator[list[Emitted]]:
    """Within it, :func:`emit` keeps what it would write (a fan-out over several
    sources merges them, see smtui/commands/fanout.py)."""
    sink: list[Emitted] = []
    token = _COLLECT.set(sink)
    try:
        yield sink
    finally:
        _COLLECT.reset(token)


def emit(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    out: TextIO,
    *,
    headers: Sequence[str] | None = None,
) -> None:
    """Write ``records`` in ``fmt``. ``columns`` are the keys shown in table and csv;
    json carries every key of each record."""
    sink = _COLLECT.get()
    if sink is not None:
        sink.append(Emitted(list(records), list(columns), fmt, headers))
        return
    if fmt == "json":
        _write_json(records, out)
        return
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        for r in records:
            writer.writerow(["" if r.get(c) is None else _cell(r.get(c)) for c in columns])
        return
    labels = list(headers or columns)
    rows = [labels] + [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for row in rows:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


class SafeWriter:
    """A text stream that writes through ``raw`` without escape sequences or control
    characters (smtui/domain/text.py): whatever a command prints, AWS's echo of a name
    or message cannot drive the terminal. JSON output is unchanged (the encoder already
    escapes control characters); a write without any costs one regex scan."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        if ANY_CONTROL.search(text) is not None:
            text = strip_controls(text)
        return self.raw.write(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, fileno...
        return getattr(self.raw, name)


@contextmanager
def safe_streams() -> Iterator[None]:
    """sys.stdout and sys.stderr through :class:`SafeWriter` for the duration."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = SafeWriter(out) if not isinstance(out, SafeWriter) else out  # type: ignore[assignment]
    sys.stderr = SafeWriter(err) if not isinstance(err, SafeWriter) else err  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


@contextmanager
def raw_streams() -> Iterator[None]:
    """The streams as they were outside :func:`safe_streams` (the full-screen console
    writes its own escape sequences)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = getattr(out, "raw", out)
    sys.stderr = getattr(err, "raw", err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err

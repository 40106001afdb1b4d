"""CloudWatch Logs lines as the console shows them, and what it looks for in them.

Pure data and functions: no I/O.  Timestamps are CloudWatch's milliseconds since the
epoch (OutputLogEvent.timestamp, CloudWatch Logs API reference).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class LogLine:
    timestamp: int
    """Milliseconds since the epoch."""
    message: str
    stream: str = ""

    @property
    def when(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp / 1000, tz=UTC)


@dataclass(frozen=True, slots=True)
class LogStreamInfo:
    name: str
    created: int | None = None
    first_event: int | None = None
    last_event: int | None = None


@dataclass(frozen=True, slots=True)
class EventsPage:
    """One GetLogEvents answer: its lines (oldest first) and the tokens to go on with."""

    lines: tuple[LogLine, ...]
    forward_token: str | None
    backward_token: str | None


_EPOCH_SUFFIX = re.compile(r"^(algo-\d+)-\d+$")


def host_label(stream: str, prefix: str = "") -> str:
    """``job/algo-2-1764158400`` -> ``algo-2``: the part worth showing of a stream name."""
    rest = stream[len(prefix) :] if prefix and stream.startswith(prefix) else stream
    rest = rest.rsplit("/", 1)[-1] if "/" in rest else rest
    match = _EPOCH_SUFFIX.match(rest)
    return match.group(1) if match else rest


ERROR_LINE = re.compile(
    r"Traceback \(most recent call last\)"  # a Python traceback starts
    r"|\bERROR\b"  # logging's ERROR level (the training toolkit, most frameworks)
    r"|\b\w*(?:Error|Exception)\b:"  # ValueError: ..., torch.cuda.OutOfMemoryError: ...
    r"|\bException\b"
)


def is_error(message: str) -> bool:
    return ERROR_LINE.search(message) is not None


def first_error(lines: Sequence[LogLine]) -> int | None:
    """Index of the first line that reads as an error (a traceback, ERROR, an exception)."""
    for i, line in enumerate(lines):
        if is_error(line.message):
            return i
    return None


def find(
    lines: Sequence[LogLine], needle: str, start: int = 0, backward: bool = False
) -> int | None:
    """Index of the next line containing ``needle`` (case-insensitive) from ``start``
    (inclusive), wrapping around; None when no line has it."""
    if not needle or not lines:
        return None
    needle = needle.lower()
    count = len(lines)
    start = min(max(start, 0), count - 1)
    for step in range(count):
        i = (start - step) % count if backward else (start + step) % count
        if needle in lines[i].message.lower():
            return i
    return None


def clock(timestamp_ms: int) -> str:
    """``HH:MM:SS`` (UTC) of a log timestamp."""
    return datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC).strftime("%H:%M:%S")


def merge(*streams: Sequence[LogLine]) -> list[LogLine]:
    """Lines of several streams interleaved by time (stable within a stream)."""
    tagged = [
        (line.timestamp, n, i, line) for n, s in enumerate(streams) for i, line in enumerate(s)
    ]
    tagged.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in tagged]

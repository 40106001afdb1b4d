"""Tail one CloudWatch Logs stream into a bounded buffer, and follow it.

Pure logic over a ``fetch(token, start_from_head, limit) -> EventsPage`` callable (one
GetLogEvents call), so it is tested without any network.  The buffer keeps the last
``max_lines`` lines (the ``log_lines`` setting): a chatty job cannot eat the console's
memory.  Following polls GetLogEvents with the last ``nextForwardToken``; CloudWatch
returns the same token when nothing new was written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from smtui.aws import logs as logs_api
from smtui.domain import logs as domain
from smtui.domain.logs import EventsPage, LogLine, LogStreamInfo

Fetch = Callable[[str | None, bool, int], EventsPage]

MAX_PAGE = 10_000
"""GetLogEvents returns at most 10,000 events per call."""


class LogBuffer(Sequence[LogLine]):
    """The last ``max_lines`` lines, oldest first."""

    def __init__(self, max_lines: int) -> None:
        if max_lines < 1:
            raise ValueError("max_lines must be at least 1")
        self.max_lines = max_lines
        self._lines: deque[LogLine] = deque(maxlen=max_lines)
        self.dropped = 0
        """Lines pushed out of the front since the start (for the "N earlier lines" note)."""

    def extend(self, lines: Iterable[LogLine]) -> int:
        """Append lines; returns how many old lines were dropped to make room."""
        before = self.dropped
        for line in lines:
            if len(self._lines) == self.max_lines:
                self.dropped += 1
            self._lines.append(line)
        return self.dropped - before

    def clear(self) -> None:
        self._lines.clear()
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> LogLine: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[LogLine]: ...
    def __getitem__(self, index: int | slice) -> LogLine | Sequence[LogLine]:
        if isinstance(index, slice):
            return list(self._lines)[index]
        return self._lines[index]

    def __iter__(self) -> Iterator[LogLine]:
        return iter(self._lines)

    def first_error(self) -> int | None:
        return domain.first_error(self)

    def find(self, needle: str, start: int = 0, backward: bool = False) -> int | None:
        return domain.find(self, needle, start, backward)


@dataclass(frozen=True, slots=True)
class Fetched:
    lines: tuple[LogLine, ...]
    reset: bool
    """True for the first load (or a reload): the buffer starts over with these lines."""


class LogTail:
    """One stream: its last lines first, then whatever it writes next.

    :meth:`fetch` talks to CloudWatch and touches only the token (run it in a worker,
    one at a time); :meth:`apply` puts the lines in the buffer (run it on the thread
    that reads the buffer). :meth:`poll` does both, for single-threaded callers.
    """

    def __init__(self, fetch: Fetch, max_lines: int, *, max_pages: int = 5) -> None:
        self._fetch = fetch
        self.buffer = LogBuffer(max_lines)
        self.token: str | None = None
        self.loaded = False
        self.max_pages = max_pages
        """Pages read per poll at most, so one poll of a very chatty stream stays short."""

    def fetch(self) -> Fetched:
        limit = min(self.buffer.max_lines, MAX_PAGE)
        if not self.loaded:  # the newest lines (GetLogEvents from the tail)
            page = self._fetch(None, False, limit)
            self.token = page.forward_token
            self.loaded = True
            return Fetched(page.lines, reset=True)
        new: list[LogLine] = []
        for _ in range(self.max_pages):
            page = self._fetch(self.token, True, limit)
            same = page.forward_token == self.token
            if page.forward_token:
                self.token = page.forward_token
            new.extend(page.lines)
            if same or not page.lines:
                break
        return Fetched(tuple(new[-self.buffer.max_lines :]), reset=False)

    def apply(self, fetched: Fetched) -> int:
        """Put fetched lines in the buffer; returns how many old lines were dropped."""
        if fetched.reset:
            self.buffer.clear()
        return self.buffer.extend(fetched.lines)

    def poll(self) -> list[LogLine]:
        """Lines written since the last call (the tail first), already in the buffer."""
        fetched = self.fetch()
        self.apply(fetched)
        return list(fetched.lines)


# --- the CloudWatch side, for callers that must not import the aws layer (the UI) ----------
def stream_fetch(clients: Any, group: str, stream: str) -> Fetch:
    """A ``fetch`` for :class:`LogTail` reading one stream with GetLogEvents."""

    def fetch(token: str | None, start_from_head: bool, limit: int) -> EventsPage:
        return logs_api.get_events(
            clients, group, stream, token=token, start_from_head=start_from_head, limit=limit
        )

    return fetch


def list_streams(clients: Any, group: str, prefix: str) -> list[LogStreamInfo]:
    """The group's streams under ``prefix`` (a training job's: one per host), by name."""
    return logs_api.list_streams(clients, group, prefix)

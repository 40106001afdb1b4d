"""Extra calls per row, remembered: what ListExperiments / ListTrials / ListTrialComponents
lack (descriptions, counts, parameters and metrics) fetched once per LastModifiedTime."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

MEMO_SECONDS = 300.0
"""How long a row's extra data (description, counts) is reused while its
LastModifiedTime stays the same (new trials do not always bump it)."""
PER_POLL = 50
"""At most this many rows get their extra calls per poll; the others on the next."""


def _endpoint(clients: Any) -> Any:
    """Where the data came from (profile, region, endpoint URL): two sessions on the same
    account share rows, two sandboxes never do."""
    return getattr(clients, "target", None) or id(clients)


class Memo:
    """Per-item data fetched with extra calls, by (endpoint, key, version), for a while."""

    def __init__(self, seconds: float = MEMO_SECONDS) -> None:
        self.seconds = seconds
        self._data: dict[tuple[Any, str, str], tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, clients: Any, key: str, version: str) -> Any | None:
        with self._lock:
            hit = self._data.get((_endpoint(clients), key, version))
        if hit is None or time.monotonic() - hit[0] > self.seconds:
            return None
        return hit[1]

    def put(self, clients: Any, key: str, version: str, value: Any) -> None:
        with self._lock:
            if len(self._data) > 20000:
                self._data.clear()
            self._data[(_endpoint(clients), key, version)] = (time.monotonic(), value)


def enriched_pages(
    pages: Iterator[list[T]],
    memo: Memo,
    clients: Any,
    key: Callable[[T], str],
    version: Callable[[T], str],
    fetch: Callable[[T], T],
    cancelled: Callable[[], bool],
    per_poll: int = PER_POLL,
) -> Iterator[list[T]]:
    """Yield each page at once with what the memo knows, then the rows it had to fetch."""
    pending: list[T] = []
    for page in pages:
        out = []
        for item in page:
            known = memo.get(clients, key(item), version(item))
            out.append(known if known is not None else item)
            if known is None:
                pending.append(item)
        yield out
    fetched = []
    for item in pending[:per_poll]:
        if cancelled():
            break
        full = fetch(item)
        memo.put(clients, key(item), version(item), full)
        fetched.append(full)
        if len(fetched) >= 10:
            yield fetched
            fetched = []
    if fetched:
        yield fetched

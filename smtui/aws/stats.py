"""Thread-safe counters of API calls, errors and throttles, fed by botocore events."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from smtui.aws.errors import THROTTLE_CODES


@dataclass(frozen=True, slots=True)
class StatsSnapshot:
    calls: int
    errors: int
    throttles: int
    last_error: str | None
    per_minute: int = 0
    """HTTP attempts in the last 60 seconds."""


class ApiStats:
    """Counts every HTTP attempt botocore makes, including its retries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls = 0
        self._errors = 0
        self._throttles = 0
        self._last_error: str | None = None
        self._recent: deque[float] = deque()

    def attach(self, client: Any) -> None:
        # register_first: botocore's retry handler answers needs-retry and stops the chain.
        client.meta.events.register_first("needs-retry.*", self._on_attempt)

    def _on_attempt(self, response: Any = None, caught_exception: Any = None, **_: Any) -> None:
        code = None
        if response is not None:
            http, parsed = response
            if http is not None and http.status_code >= 400:
                code = (parsed or {}).get("Error", {}).get("Code") or str(http.status_code)
        elif caught_exception is not None:
            code = type(caught_exception).__name__
        now = time.monotonic()
        with self._lock:
            self._calls += 1
            self._recent.append(now)
            while self._recent[0] < now - 60:
                self._recent.popleft()
            if code is not None:
                self._errors += 1
                self._last_error = code
                if code in THROTTLE_CODES:
                    self._throttles += 1
        return None

    def snapshot(self) -> StatsSnapshot:
        cutoff = time.monotonic() - 60
        with self._lock:
            while self._recent and self._recent[0] < cutoff:
                self._recent.popleft()
            return StatsSnapshot(
                self._calls, self._errors, self._throttles, self._last_error, len(self._recent)
            )

"""Virtual clock: wall time scaled by a speed factor, advanceable by tests."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class VirtualClock:
    """``now = start + (monotonic elapsed) * speed + manual offset``.

    ``speed=0`` freezes the clock so that only :meth:`advance` moves it, which
    is what deterministic tests want.  Times are epoch seconds (floats).
    """

    def __init__(self, start: float | None = None, speed: float = 1.0) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self.start = float(time.time() if start is None else start)
        self.speed = float(speed)
        self._origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            elapsed = (time.monotonic() - self._origin) * self.speed
            return self.start + elapsed + self._offset

    def now_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    def advance(self, seconds: float) -> float:
        """Jump the clock forward (never backward) and return the new now."""
        if seconds < 0:
            raise ValueError("the virtual clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()

"""Python's full garbage collections, kept off the keystroke path.

A console holding thousands of resources holds hundreds of thousands of tracked objects;
CPython's automatic full collection (generation 2) scans them all and stops the event
loop for 100-400 ms with 10,000 jobs (the keystroke benchmark's whole tail). What the
console holds is mostly acyclic data (parsed API answers, rows), freed by
reference counting, not by the collector.

So, every ``FREEZE_EVERY`` seconds when no key came for ``QUIET`` seconds, and only when
the oldest generation holds ``FREEZE_AT`` objects or more, the young objects are
collected and what survived is moved to the permanent generation (``gc.freeze``,
https://docs.python.org/3/library/gc.html#gc.freeze): automatic collections then scan
only what arrived since. Garbage cycles among frozen objects (a closed screen's widgets)
wait for the full collection this does every ``FULL_EVERY`` seconds, again only when the
keyboard is quiet (``gc.unfreeze`` then ``gc.collect``): the memory they hold meanwhile
is bounded by two minutes of churn.

Measured with the sandbox (tests/benchmarks): a full collection costs about 0.5 µs per
tracked object, 117 ms for the 217,000 of a 10,000-job console; dicts of plain values
are not tracked, so the objects grow slower than the rows.
"""

from __future__ import annotations

import gc
import time
from typing import Any

FREEZE_EVERY = 30.0
FULL_EVERY = 120.0
QUIET = 1.0
FREEZE_AT = 100_000
"""Objects in the oldest generation worth freezing: a full pass over them is ~50 ms."""


class GcPolicy:
    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self.last_input = clock()
        self.last_full = clock()
        self.freezes = 0
        self.fulls = 0

    def touch(self) -> None:
        """A key or a click: the user is typing, no collection now."""
        self.last_input = self._clock()

    def tick(self) -> None:
        now = self._clock()
        if now - self.last_input < QUIET:
            return
        if gc.get_freeze_count() and now - self.last_full >= FULL_EVERY:
            gc.unfreeze()
            gc.collect()
            self.last_full = now
            self.fulls += 1
        if len(gc.get_objects(generation=2)) >= FREEZE_AT:
            gc.collect()  # frozen objects are skipped: this scans what came since
            gc.freeze()
            self.freezes += 1

    @staticmethod
    def release() -> None:
        """Back to CPython's defaults (the app closing; tests)."""
        gc.unfreeze()

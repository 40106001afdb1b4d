"""What the user set by hand in this console, for the triage rules that compare it with
what AWS did afterwards (smtui/domain/triage_scaling.py).

Kept per source (keyed weakly by the source's clients, as the collector's memo is):
recorded when a desired-instance-count update succeeds, read by each collection.
"""

from __future__ import annotations

import threading
import weakref
from datetime import datetime
from typing import Any

from smtui.domain.triage_scaling import ManualDesired

_INTENTS: weakref.WeakKeyDictionary[Any, list[ManualDesired]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
KEEP = 50
"""Newest manual counts remembered per source."""


def record_desired(clients: Any, endpoint: str, variant: str, count: int, at: datetime) -> None:
    with _LOCK:
        kept = _INTENTS.setdefault(clients, [])
        kept.append(ManualDesired(endpoint, variant, count, at))
        del kept[:-KEEP]


def manual_desired(clients: Any) -> list[ManualDesired]:
    with _LOCK:
        return list(_INTENTS.get(clients, ()))

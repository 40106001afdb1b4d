"""Human-readable durations, ages and timestamps for narrow terminals."""

from __future__ import annotations

from datetime import UTC, datetime


def duration(seconds: float | None) -> str:
    """Compact duration: ``45s``, ``12m05s``, ``3h07m``, ``2d04h``."""
    if seconds is None:
        return "-"
    s = int(max(0, seconds))
    if s < 60:
        return f"{s}s"
    m, s = divmod(s, 60)
    if m < 60:
        return f"{m}m{s:02d}s"
    h, m = divmod(m, 60)
    if h < 24:
        return f"{h}h{m:02d}m"
    d, h = divmod(h, 24)
    return f"{d}d{h:02d}h"


def age(then: datetime | None, now: datetime) -> str:
    """How long ago ``then`` was, as a compact duration."""
    if then is None:
        return "-"
    return duration((now - then).total_seconds())


def timestamp(when: datetime | None) -> str:
    """UTC timestamp without microseconds: ``2026-11-26 12:03:44``."""
    if when is None:
        return "-"
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S")


def utcnow() -> datetime:
    return datetime.now(UTC)

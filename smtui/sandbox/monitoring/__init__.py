"""The monitoring area of the sandbox: Model Monitor schedules, their executions (processing
jobs) and the reports those write to S3. ``monitoring_area(world)`` builds it once per world."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .area import MonitoringArea, ScheduleNotFoundError, ScheduleStateError
from .catalog import BUCKET

if TYPE_CHECKING:
    from ..world import World

__all__ = [
    "BUCKET",
    "MonitoringArea",
    "ScheduleNotFoundError",
    "ScheduleStateError",
    "monitoring_area",
]


def monitoring_area(world: World) -> MonitoringArea:
    return world.area("monitoring", MonitoringArea)

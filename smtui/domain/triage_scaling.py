"""Triage rule: autoscaling undoing a desired instance count the user set by hand.

A manual UpdateEndpointWeightsAndCapacities (say 2 -> 3 during an incident) is not a
scaling activity; a target-tracking scale-in afterwards sets the desired count back down
("Setting desired instance count to 2.", the Description Application Auto Scaling gives
a SageMaker variant's activity: DescribeScalingActivities,
https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ScalingActivity.html).
The console remembers what the user set (smtui/services/triage/intents.py); this rule
compares the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from smtui.domain.triage import Finding, Thresholds

_SET_TO = re.compile(r"desired instance count to (\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ManualDesired:
    """A desired instance count set by hand, with the endpoint's LastModifiedTime after it."""

    endpoint: str
    variant: str
    count: int
    at: datetime


def activity_count(activity: Mapping[str, Any]) -> int | None:
    """The desired count a successful (or still running) activity set, else None."""
    if activity.get("StatusCode") not in ("Successful", "InProgress", "Pending"):
        return None
    found = _SET_TO.search(str(activity.get("Description") or ""))
    return int(found.group(1)) if found else None


def scaled_back(
    manual: Iterable[ManualDesired],
    activities: Iterable[Mapping[str, Any]],
    now: datetime,
    th: Thresholds,
) -> list[Finding]:
    """One high finding per variant whose newest manual count autoscaling has since set
    lower (the newest such activity), for ``scaled_back_hours`` after it."""
    newest: dict[tuple[str, str], ManualDesired] = {}
    for m in manual:
        key = (m.endpoint, m.variant)
        if key not in newest or m.at >= newest[key].at:
            newest[key] = m
    horizon = now - timedelta(hours=th.scaled_back_hours)
    acts = list(activities)
    out = []
    for (endpoint, variant), m in newest.items():
        rid = f"endpoint/{endpoint}/variant/{variant}"
        lower = [
            (a["StartTime"], count)
            for a in acts
            if a.get("ResourceId") == rid
            and isinstance(a.get("StartTime"), datetime)
            and a["StartTime"] >= m.at
            and a["StartTime"] >= horizon
            and (count := activity_count(a)) is not None
            and count < m.count
        ]
        if not lower:
            continue
        when, count = max(lower)
        out.append(
            Finding(
                "endpoint-scaled-back",
                "high",
                f"endpoint/{endpoint}",
                f"autoscaling set {variant} back to {count} at {when:%H:%M}, below the "
                f"{m.count} set by hand at {m.at:%H:%M} (raise the minimum capacity to keep it)",
                when,
                "endpoints",
                endpoint,
                state=f"{variant}|{m.count}|{when.isoformat()}",
            )
        )
    return out

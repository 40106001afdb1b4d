"""Example calls for Cost Explorer (ce GetCostAndUsage)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from smtui.sandbox import Sandbox

SAGEMAKER = {"Dimensions": {"Key": "SERVICE", "Values": ["Amazon SageMaker"]}}


def _days(sb: Sandbox, back: int) -> dict[str, str]:
    today = datetime.fromtimestamp(sb.world.now(), tz=UTC).date()
    return {"Start": (today - timedelta(days=back)).isoformat(), "End": today.isoformat()}


EXAMPLES: dict[tuple[str, str], list[Callable[[Sandbox], dict[str, Any]]]] = {
    ("ce", "GetCostAndUsage"): [
        lambda sb: {
            "TimePeriod": _days(sb, 7),
            "Granularity": "DAILY",
            "Metrics": ["UnblendedCost"],
            "Filter": SAGEMAKER,
        },
        lambda sb: {
            "TimePeriod": _days(sb, 40),
            "Granularity": "MONTHLY",
            "Metrics": ["UnblendedCost", "AmortizedCost"],
            "GroupBy": [{"Type": "DIMENSION", "Key": "SERVICE"}],
        },
    ],
}

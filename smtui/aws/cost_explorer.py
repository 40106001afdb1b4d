"""Cost Explorer: what AWS billed for Amazon SageMaker, per day (GetCostAndUsage).

Cost Explorer answers from us-east-1 ("The Cost Explorer API ... endpoint
https://ce.us-east-1.amazonaws.com", Billing and Cost Management API reference) for the
commercial partition, from its partition's region elsewhere (smtui/aws/partitions.py) and
charges for each request ($0.01 per paginated API request, Cost Explorer pricing): the
console asks only when the user opens the bill view, and caches the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from smtui.aws.calls import call
from smtui.aws.errors import AwsError
from smtui.aws.partitions import cost_explorer_region
from smtui.aws.session import Clients

CE_REGION = "us-east-1"
"""The commercial partition's (smtui/aws/partitions.py resolves the others)."""
SAGEMAKER = "Amazon SageMaker"
"""The SERVICE dimension value of SageMaker in Cost Explorer."""
METRIC = "UnblendedCost"


@dataclass(frozen=True, slots=True)
class BilledDay:
    day: date
    usd: float
    estimated: bool
    """Cost Explorer marks figures of a month not yet closed as estimated."""


def daily_sagemaker_cost(clients: Clients, start: date, end: date) -> list[BilledDay]:
    """SageMaker's UnblendedCost per day in [start, end) (end exclusive, as the API)."""
    client = clients.client("ce", region=cost_explorer_region(clients.region))
    params: dict[str, Any] = {
        "TimePeriod": {"Start": start.isoformat(), "End": end.isoformat()},
        "Granularity": "DAILY",
        "Metrics": [METRIC],
        "Filter": {"Dimensions": {"Key": "SERVICE", "Values": [SAGEMAKER]}},
    }
    out: list[BilledDay] = []
    while True:
        response = call(client, "get_cost_and_usage", **params)
        for r in response.get("ResultsByTime", []):
            total = (r.get("Total") or {}).get(METRIC) or {}
            amount = total.get("Amount", "0")
            unit = total.get("Unit") or "USD"  # MetricValue.Unit (Cost Explorer API)
            if unit != "USD":
                raise AwsError(
                    "UnsupportedCurrency",
                    f"Cost Explorer answered in {unit}; smtui shows USD only: not shown",
                    "GetCostAndUsage",
                )
            out.append(
                BilledDay(
                    date.fromisoformat(r["TimePeriod"]["Start"]),
                    float(amount),
                    bool(r.get("Estimated")),
                )
            )
        token = response.get("NextPageToken")
        if not token:
            return out
        params["NextPageToken"] = token

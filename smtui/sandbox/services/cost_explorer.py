"""Cost Explorer (``ce``, AWS JSON 1.1): GetCostAndUsage over the sandbox's bill.

The amounts are what the simulated fleet ran (``billing/usage.py``), so Cost Explorer's
daily SageMaker cost is consistent with the jobs' and endpoints' history. Shapes as the
API reference gives them: ``ResultsByTime`` of ``TimePeriod`` (Start inclusive, End
exclusive), ``Total`` (metric -> Amount as a decimal string and Unit) or ``Groups`` when
grouped, ``Estimated`` for a month not closed yet. Supported: DAILY, MONTHLY and HOURLY
granularity; cost metrics (UnblendedCost, BlendedCost, AmortizedCost, NetUnblendedCost,
NetAmortizedCost); a ``Dimensions`` filter on SERVICE or REGION, also inside And; GroupBy
the SERVICE dimension.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import Any

from ..billing import Biller, billing_area
from ..constants import SANDBOX_REGION
from ..errors import validation_error
from ..registry import Registry
from ..world import World

SERVICE = "Amazon SageMaker"
COST_METRICS = (
    "UnblendedCost",
    "BlendedCost",
    "AmortizedCost",
    "NetUnblendedCost",
    "NetAmortizedCost",
)


def _parse(value: str, hourly: bool) -> datetime:
    try:
        if len(value) == 10:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        if hourly:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        pass
    raise validation_error(f"Invalid date: {value}. Dates must be in YYYY-MM-DD format.")


def _matches(expr: dict[str, Any] | None) -> bool:
    """Whether SageMaker in the sandbox region passes the filter."""
    if not expr:
        return True
    if "And" in expr:
        return all(_matches(e) for e in expr["And"])
    if "Or" in expr:
        return any(_matches(e) for e in expr["Or"])
    if "Not" in expr:
        return not _matches(expr["Not"])
    dims = expr.get("Dimensions")
    if dims:
        values = set(dims.get("Values") or [])
        if dims.get("Key") == "SERVICE":
            return SERVICE in values
        if dims.get("Key") == "REGION":
            return SANDBOX_REGION in values
    return True


def _periods(start: datetime, end: datetime, granularity: str) -> list[tuple[datetime, datetime]]:
    out = []
    t = start
    while t < end:
        if granularity == "HOURLY":
            nxt = t + timedelta(hours=1)
        elif granularity == "MONTHLY":
            days = calendar.monthrange(t.year, t.month)[1]
            nxt = datetime(t.year, t.month, 1, tzinfo=UTC) + timedelta(days=days)
        else:
            nxt = t + timedelta(days=1)
        out.append((t, min(nxt, end)))
        t = nxt
    return out


def _stamp(t: datetime, granularity: str) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if granularity == "HOURLY" else t.date().isoformat()


def get_cost_and_usage(biller: Biller, params: dict[str, Any]) -> dict[str, Any]:
    granularity = params["Granularity"]
    hourly = granularity == "HOURLY"
    start = _parse(params["TimePeriod"]["Start"], hourly)
    end = _parse(params["TimePeriod"]["End"], hourly)
    now = datetime.fromtimestamp(biller.world.clock.now(), tz=UTC)
    if start >= end:
        raise validation_error("Start date must be before end date.")
    if start.date() > now.date():
        raise validation_error(f"Start date {start.date()} must be on or before the current date.")
    metrics = list(params["Metrics"])
    unknown = [m for m in metrics if m not in COST_METRICS]
    if unknown:
        raise validation_error(f"Metrics {unknown} are not supported by the sandbox.")
    groups = list(params.get("GroupBy") or [])
    if any(g.get("Key") != "SERVICE" or g.get("Type") != "DIMENSION" for g in groups):
        raise validation_error("The sandbox groups by the SERVICE dimension only.")
    billed = _matches(params.get("Filter"))
    segments = biller.segments(since=start.timestamp()) if billed else []
    month = datetime(now.year, now.month, 1, tzinfo=UTC)
    results = []
    for lo, hi in _periods(start, end, granularity):
        usd = biller.cost(lo.timestamp(), hi.timestamp(), segments) if billed else 0.0
        values = {m: {"Amount": f"{usd:.10f}", "Unit": "USD"} for m in metrics}
        item: dict[str, Any] = {
            "TimePeriod": {"Start": _stamp(lo, granularity), "End": _stamp(hi, granularity)},
            "Total": {} if groups else values,
            "Groups": [{"Keys": [SERVICE], "Metrics": values}] if groups and billed else [],
            "Estimated": hi > month,
        }
        results.append(item)
    out: dict[str, Any] = {"ResultsByTime": results, "DimensionValueAttributes": []}
    if groups:
        out["GroupDefinitions"] = [{"Type": "DIMENSION", "Key": "SERVICE"}]
    return out


def register(registry: Registry, world: World) -> None:
    registry.register("ce", "GetCostAndUsage", lambda p: get_cost_and_usage(billing_area(world), p))

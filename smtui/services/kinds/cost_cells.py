"""Cost cells of other views: the endpoints view's $/HR, the training jobs view's COST.

Rows render without clients at hand, so prices come from the console's cost session
(``smtui.services.cost.latest``): API prices once a sweep fetched them, the bundled
table until then (a lookup never blocks).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from smtui.domain import cost as math
from smtui.domain.cost import Charge, usd, usd_rate
from smtui.domain.endpoints import Endpoint
from smtui.domain.timefmt import utcnow
from smtui.services import cost as costs
from smtui.services.registry import Section
from smtui.services.table_index import Cell

PENDING = "…"


def endpoint_charge(ep: Endpoint) -> Charge | None:
    session = costs.latest()
    if session is None or not ep.described:
        return None
    return session.endpoint_charge(ep, None)


def endpoint_hourly(ep: Endpoint, now: datetime) -> tuple[Cell, float]:
    """(cell, sort value) of an endpoint's hourly cost now: instances x hosting price,
    serverless estimated ("~") from recent invocations."""
    charge = endpoint_charge(ep)
    if charge is None:
        return (PENDING if not ep.described else "-"), -1.0
    hourly = charge.hourly(now)
    if not charge.priced:
        return ("?", "warning"), -1.0
    if hourly <= 0:
        return ("-", "muted"), 0.0
    text = ("~" if charge.estimate else "") + usd_rate(hourly)
    return (text, "warning") if charge.idle_usd_per_hour else text, hourly


def endpoint_rate_text(ep: Endpoint) -> str:
    """ "$8.16/h (price list API)", for a confirmation message."""
    charge = endpoint_charge(ep)
    if charge is None or not charge.priced:
        return "price not known"
    hourly = charge.hourly(datetime.now(ep.created.tzinfo))
    estimate = "about " if charge.estimate else ""
    return f"{estimate}{usd_rate(hourly)}/h ({charge.source or 'no price'})"


def training_charge(job: Any, now: datetime) -> Charge | None:
    """A training job's charge from its enrichment (the row's describe fields)."""
    session = costs.latest()
    details = getattr(job, "details", None)
    describe = getattr(details, "cost_fields", None)
    if session is None or describe is None:
        return None
    return math.training_charge(
        {**describe, "TrainingJobStatus": job.status},
        session.price_of("training"),
        now,
        storage_usd_per_gb_month=session.storage_rate(),
    )


def training_cost(job: Any, now: datetime) -> tuple[Cell, float | None]:
    """(cell, sort value) of a training job's cost so far: "≤" marks a running spot
    job's on-demand upper bound, "?" an instance type without a known price."""
    charge = training_charge(job, now)
    if charge is None:
        return PENDING, None
    if not charge.priced:
        return ("?", "warning"), None
    total = charge.accrued(now)
    text = ("≤" if charge.upper_bound else "") + usd(total, cents=total < 1000)
    if charge.running:
        return (text, "running"), total
    return ((text, "muted") if total == 0 else text), total


# --- detail sections -----------------------------------------------------------------------
def endpoint_cost_section(
    ep: Endpoint, config: Mapping[str, Any] | None, now: datetime | None
) -> Section | None:
    """The endpoint detail's Cost section: its rate now, what it accrued (as the ledger
    watched it, else at today's capacity since it came into service) and the prices."""
    session = costs.latest()
    if session is None or not ep.described:
        return None
    when = now if isinstance(now, datetime) else utcnow()
    fresh = session.endpoint_charge(ep, config)
    seen = session.ledger.get("endpoint", ep.name)
    charge = math.integrate(seen, fresh, when) if seen is not None else fresh
    from smtui.services.kinds.cost import charge_section

    return charge_section(charge, when)


def training_cost_rows(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Rows of the training detail's overview: cost so far, its rate and its prices."""
    session = costs.latest()
    now = d.get("_now")
    if session is None or not isinstance(now, datetime):
        return []
    charge = math.training_charge(
        d, session.price_of("training"), now, storage_usd_per_gb_month=session.storage_rate()
    )
    if not charge.priced and not charge.segments:
        return [("Cost", "no price known for " + charge.instances)]
    total = charge.accrued(now)
    hourly = charge.hourly(now)
    text = usd(total)
    if charge.upper_bound:
        text = f"≤ {text} (running spot: the on-demand figure is an upper bound)"
    elif charge.running:
        text += f" so far, {usd_rate(hourly)}/h"
    rows = [("Cost", text), ("Prices", f"{charge.instances}: {charge.source or '-'}")]
    if charge.spot_saved_usd:
        rows.append(("Spot saving", f"{usd(charge.spot_saved_usd)} at on-demand prices"))
    rows += [("", note) for note in charge.notes if "upper bound" not in note]
    return rows

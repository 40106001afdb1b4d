"""Cost cells of other views: the endpoints view's $/HR, the training jobs view's COST.

Rows render without clients at hand, so prices come from the cost session of the
resource's own source, told by its ARN (``smtui.services.cost_places.session_of``: the
console's session with one source): API prices once a sweep fetched them, the bundled
table until then (a lookup never blocks). A resource without a price in its region
shows "—" and the reason, never $0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from smtui.domain import cost as math
from smtui.domain.cost import Charge, usd, usd_rate
from smtui.domain.endpoints import Endpoint
from smtui.domain.timefmt import utcnow
from smtui.services import cost_places as places
from smtui.services.registry import Section
from smtui.services.table_index import Cell

PENDING = "…"
PRICING = "pricing…"
"""A training job's COST before its describe came: sorted last (None) whatever the
direction, so a sort by COST never puts a known figure under an unknown one unmarked."""
UNPRICED = "—"
"""A resource without a price in its region (its reason in the detail and :cost)."""


def endpoint_charge(ep: Endpoint) -> Charge | None:
    session = places.session_of(ep.arn)
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
        return (UNPRICED, "warning"), -1.0
    if hourly <= 0:
        return ("-", "muted"), 0.0
    text = ("~" if charge.estimate else "") + usd_rate(hourly)
    return (text, "warning") if charge.idle_usd_per_hour else text, hourly


def endpoint_rate_text(ep: Endpoint) -> str:
    """ "$8.16/h (price list API)", for a confirmation message."""
    charge = endpoint_charge(ep)
    if charge is None:
        return "price not known"
    if not charge.priced:
        return places.reason(charge)
    hourly = charge.hourly(datetime.now(ep.created.tzinfo))
    estimate = "about " if charge.estimate else ""
    return f"{estimate}{usd_rate(hourly)}/h ({charge.source or 'no price'})"


def training_charge(job: Any, now: datetime) -> Charge | None:
    """A training job's charge from its enrichment (the row's describe fields)."""
    session = places.session_of(getattr(job, "arn", None))
    details = getattr(job, "details", None)
    describe = getattr(details, "cost_fields", None)
    if session is None or describe is None:
        return None
    return session.training_charge({**describe, "TrainingJobStatus": job.status}, now)


def training_cost(job: Any, now: datetime) -> tuple[Cell, float | None]:
    """(cell, sort value) of a training job's cost so far: "≤" marks a running spot
    job's on-demand upper bound, "—" an instance type without a price in its region."""
    charge = training_charge(job, now)
    if charge is None:
        return (PRICING, "muted"), None
    if not charge.priced:
        return (UNPRICED, "warning"), None
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
    session = places.session_of(ep.arn)
    if session is None or not ep.described:
        return None
    when = now if isinstance(now, datetime) else utcnow()
    fresh = session.endpoint_charge(ep, config)
    seen = session.ledger.get("endpoint", ep.name)
    charge = math.integrate(seen, fresh, when) if seen is not None else fresh
    from smtui.services.kinds.cost import charge_section

    return charge_section(charge, when, refused=session.book.refused)


def training_cost_rows(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Rows of the training detail's overview: cost so far, its rate and its prices."""
    session = places.session_of(str(d.get("TrainingJobArn") or ""))
    now = d.get("_now")
    if session is None or not isinstance(now, datetime):
        return []
    charge = session.training_charge(d, now)
    if not charge.priced:
        return [("Cost", f"{UNPRICED} ({places.reason(charge)})")]
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

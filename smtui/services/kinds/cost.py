"""The cost views: `:cost` (per resource, top spenders first), `:cost-kinds` (per kind)
and `:cost-days` (the estimate per day next to what Cost Explorer billed).

Each poll sweeps the month (smtui/services/cost.py): jobs running or modified since the
1st (describes come from the cache once a job is finished), endpoints, InService
notebooks, and every endpoint's invocations over the last 24 hours (idle endpoints).
Rows hold :class:`~smtui.domain.cost.Charge` objects and compute their figures at "now",
so running resources tick every second; the summary above the table is the sum of the
rows shown, with the month-end projection at the current burn rate against the
profile's ``monthly_budget``.

A resource that ran without a price in its region is listed as unpriced ("—", the
reason in its note and detail) and counted in the summary, never shown as $0; over
several sources the summary names each source's price source and errors.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from smtui.aws import cost_sources
from smtui.aws.session import Clients
from smtui.domain import cost as math
from smtui.domain.cost import Charge, usd, usd_rate
from smtui.domain.timefmt import utcnow
from smtui.services import cost as costs
from smtui.services import cost_places as places
from smtui.services.kinds import cost_cells
from smtui.services.registry import (
    Column,
    DetailOptions,
    Link,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow

KIND_WORDS = {
    "training": "training",
    "jobs": "training",
    "processing": "processing",
    "transform": "transform",
    "endpoints": "endpoint",
    "endpoint": "endpoint",
    "notebooks": "notebook",
    "notebook": "notebook",
}
FILTER_WORDS = ("running", "idle")
KIND_LABEL = {
    "training": "training",
    "processing": "processing",
    "transform": "transform",
    "endpoint": "endpoint",
    "notebook": "notebook",
}


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:cost training`, `:cost endpoints idle`, `:cost running`."""
    params: dict[str, Any] = {}
    for word in args:
        w = word.lower()
        if w in KIND_WORDS and "kind" not in params:
            params["kind"] = KIND_WORDS[w]
        elif w in FILTER_WORDS and "only" not in params:
            params["only"] = w
        else:
            words = ", ".join([*dict.fromkeys(KIND_WORDS), *FILTER_WORDS])
            raise QueryError(f"unexpected {word!r}: use :cost [{words}]")
    return params


def _sweep(clients: Clients, cancelled: Any) -> tuple[costs.CostSession, datetime]:
    session = costs.session_for(clients)
    now = clients.clock()
    session.sweep(clients, math.month_start(now), now, idle=True, cancelled=cancelled)
    return session, now


def is_idle(c: Charge) -> bool:
    """An endpoint (or some of its variants) without an invocation in 24 hours."""
    return c.kind == "endpoint" and c.idle_usd_per_hour > 0


def _wanted(c: Charge, params: dict[str, Any], now: datetime) -> bool:
    if params.get("kind") and c.kind != params["kind"]:
        return False
    unpriced = places.is_unpriced(c)
    if params.get("only") == "running" and c.hourly(now) <= 0 and not (unpriced and c.running):
        return False
    if params.get("only") == "idle" and not is_idle(c):
        return False
    return c.accrued(now, math.month_start(now)) > 0 or c.hourly(now) > 0 or unpriced


def list_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Charge]]:
    session, now = _sweep(clients, cancelled)
    yield [c for c in session.ledger.charges() if _wanted(c, params, now)]


# --- rows ---------------------------------------------------------------------------------
COLUMNS = (
    Column("NAME", 24),
    Column("KIND", 10),
    Column("$/H", 8, justify="right"),
    Column("TODAY", 9, justify="right"),
    Column("MONTH", 10, justify="right"),
    Column("STATUS", 10, priority=3),
    Column("INSTANCES", 18, priority=4),
    Column("NOTE", 16, flex=True, priority=2),
)
MONTH_COLUMN = 4


def short_notes(c: Charge, now: datetime) -> str:
    notes = []
    if c.upper_bound:
        notes.append("spot: ≤ on-demand")
    if is_idle(c):
        notes.append(f"idle 24h, {usd(c.idle_usd_per_hour * 24)}/day")
    if c.estimate:
        notes.append("estimate")
    if not c.priced:
        notes.append(places.short_reason(c))
    if c.spot_saved_usd > 0:
        notes.append(f"spot saved {usd(c.spot_saved_usd)}")
    if "bundled" in c.source:
        notes.append("bundled prices")
    return ", ".join(notes)


def _unpriced(value: float, text: str) -> tuple[str, str]:
    """A figure of an unpriced resource: "—", or "≥ $x" what its priced part cost."""
    return (f"≥{text}" if value > 0 else cost_cells.UNPRICED), "warning"


def row(c: Charge, now: datetime) -> TableRow:
    day, month = math.day_start(now), math.month_start(now)
    hourly, today, mtd = c.hourly(now), c.accrued(now, day), c.accrued(now, month)
    idle = is_idle(c)
    note = short_notes(c, now)
    rate = (usd_rate(hourly), "running") if hourly > 0 else ("-", "muted")
    figures: tuple[Any, Any, Any] = (rate, usd(today), usd(mtd))
    if not c.priced:
        figures = (
            _unpriced(hourly, usd_rate(hourly)) if c.running else ("-", "muted"),
            _unpriced(today, usd(today)),
            _unpriced(mtd, usd(mtd)),
        )
    return TableRow(
        key=f"{c.kind}:{c.key}",
        cells=(
            (c.key, "warning") if idle else c.key,
            KIND_LABEL.get(c.kind, c.kind),
            *figures,
            c.status or "-",
            c.instances,
            (note, "warning") if idle or c.upper_bound or not c.priced else note,
        ),
        sort_values=(c.key, c.kind, hourly, today, mtd, c.status, c.instances, note),
        search_text=f"{c.key} {c.kind} {c.status} {c.instances} {note}".lower(),
    )


# --- the summary above the tables ------------------------------------------------------------
def summary_lines(charges: Sequence[Charge], now: datetime, budget: float) -> list[str]:
    t = math.totals(charges, now)
    lines = [
        f"Burn {usd_rate(t.burn_per_hour)}/h ({t.running} running)  today {usd(t.today)}  "
        f"month {usd(t.month)}  month-end {usd(t.projected)}"
    ]
    if budget > 0 and math.budget_state(t.projected, budget) == "over":
        lines.append(
            f"⚠ Budget {usd(budget)}: month-end projection over it by {usd(t.projected - budget)}"
        )
    elif budget > 0:
        lines.append(
            f"Budget {usd(budget)}: month-end projection within it, {usd(budget - t.projected)} "
            "to spare"
        )
    else:
        lines.append("Month-end: this month so far plus the burn rate now until the month ends.")
    idle = [c for c in charges if is_idle(c)]
    extra = [f"spot saved {usd(t.spot_saved_month)} this month"]
    if idle:
        per_day = sum(c.idle_usd_per_hour for c in idle) * 24
        extra.append(f"{len(idle)} idle endpoint{'s' * (len(idle) > 1)}: {usd(per_day)}/day")
    sources = _sources()
    prices = [f"{label}{s.book.source_label}" for label, s in sources]
    if prices:
        extra.append(f"prices: {'; '.join(prices)}")
    lines.append("   ".join(extra))
    unpriced = places.unpriced(charges)
    if unpriced:
        lines.append(
            f"⚠ {len(unpriced)} unpriced, left out of the figures: {places.summary(unpriced)}"
        )
    errors = [f"{label}{k} ({v})" for label, s in sources for k, v in sorted(s.errors.items())]
    if errors:
        lines.append("not listed: " + "; ".join(errors))
    return lines


def _sources() -> list[tuple[str, costs.CostSession]]:
    """("label: ", session) of each source of the console ("" with one source)."""
    found = places.places()
    if found:
        return [(f"{p.label}: ", p.session) for p in found]
    session = costs.latest()
    return [("", session)] if session is not None else []


def make_summary(budget: float) -> Any:
    def summary(charges: Sequence[Charge], now: datetime) -> str:
        return "\n".join(summary_lines([c for c in charges if isinstance(c, Charge)], now, budget))

    return summary


# --- detail ----------------------------------------------------------------------------------
def describe(clients: Clients, c: Charge, options: DetailOptions) -> dict[str, Any]:
    session = costs.session_for(clients)  # the row's own source's (its clients)
    current = session.ledger.get(c.kind, c.key) or c
    return {
        "charge": current,
        "now": options.now or clients.clock(),
        "refused": session.book.refused,
    }


def _when(t: datetime | None) -> str:
    return "now" if t is None else t.strftime("%Y-%m-%d %H:%M:%S")


def charge_section(
    c: Charge, now: datetime, title: str = "Cost", *, refused: str | None = None
) -> Section:
    """The cost of one resource, as the detail screens show it; ``refused``: why its
    source's price list API is not used (its cost session's)."""
    day, month = math.day_start(now), math.month_start(now)
    hourly = c.hourly(now)

    def figure(value: float, text: str) -> str:
        if c.priced:
            return text
        return f"≥ {text} (priced part only)" if value > 0 else cost_cells.UNPRICED

    rows = [
        (
            "Rate now",
            figure(hourly, f"{usd_rate(hourly)}/h")
            + (" (upper bound: spot)" if c.upper_bound else ""),
        ),
        ("Today", figure(c.accrued(now, day), usd(c.accrued(now, day)))),
        ("This month", figure(c.accrued(now, month), usd(c.accrued(now, month)))),
        ("Total seen", figure(c.accrued(now), usd(c.accrued(now)))),
        ("Instances", c.instances),
        ("Prices", c.source or "-"),
    ]
    if not c.priced:
        rows.append(("Unpriced", places.reason(c)))
    if c.spot_saved_usd:
        rows.append(("Spot saving", f"{usd(c.spot_saved_usd)} at on-demand prices"))
    if c.invocations_24h is not None:
        rows.append(("Invocations 24h", f"{c.invocations_24h:,.0f}"))
    for s in c.segments:
        spent = f"{usd_rate(s.usd_per_hour)}/h  {usd(s.amount(None, None, now))}"
        if not c.priced and s.usd_per_hour == 0:
            spent = f"{cost_cells.UNPRICED} (no price)"
        rows.append(("  billed", f"{_when(s.start)} → {_when(s.end)}  {spent}"))
    why = places.reason(c)
    notes = [n for n in c.notes if n != why]
    if refused:
        notes.append(f"Price List API not used: {refused}")
    warn = c.upper_bound or is_idle(c) or not c.priced
    role = "warning" if warn else ("running" if hourly > 0 else "")
    return Section(title, tuple(rows), text="\n".join(notes), role=role)


def detail(c: Charge, d: dict[str, Any]) -> list[Section]:
    charge = d.get("charge") if isinstance(d.get("charge"), Charge) else c
    now = d.get("now") if isinstance(d.get("now"), datetime) else utcnow()
    assert isinstance(charge, Charge) and isinstance(now, datetime)
    refused = d.get("refused")
    return [charge_section(charge, now, refused=refused if isinstance(refused, str) else None)]


def _target(clients: Clients, c: Charge) -> tuple[str, dict[str, Any]] | None:
    kind, method, field = {
        "training": ("jobs", "describe_training_job", "TrainingJobName"),
        "processing": ("processing", "describe_processing_job", "ProcessingJobName"),
        "transform": ("transform", "describe_transform_job", "TransformJobName"),
        "endpoint": ("endpoints", "describe_endpoint", "EndpointName"),
        "notebook": ("notebooks", "describe_notebook_instance", "NotebookInstanceName"),
    }[c.kind]
    return kind, cost_sources.describe(clients, method, **{field: c.key})


OPEN = Link(id="cost.open", key="o", label="Open resource", target=_target)


def cost_kind(budget: float) -> ResourceKind:
    return ResourceKind(
        name="cost",
        title="Cost",
        aliases=("costs", "spend"),
        columns=COLUMNS,
        list_pages=list_pages,
        key=lambda c: f"{c.kind}:{c.key}",
        row=row,
        parse_args=parse_args,
        arg_words=("training", "endpoints", "notebooks", "processing", "transform", "idle"),
        describe=describe,
        detail=detail,
        ticking=lambda c: c.running,
        version=lambda c: f"{c.segments}|{c.status}",
        empty_message="Nothing cost anything this month.",
        default_sort=(MONTH_COLUMN, True),
        links=(OPEN,),
        summary=make_summary(budget),
    )


# --- per kind --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KindTotal:
    kind: str
    charges: tuple[Charge, ...]


def kinds_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
    session, now = _sweep(clients, cancelled)
    by_kind: dict[str, list[Charge]] = {k: [] for k in costs.KINDS}
    for c in session.ledger.charges():
        if _wanted(c, {}, now):
            by_kind.setdefault(c.kind, []).append(c)
    yield [KindTotal(k, tuple(v)) for k, v in by_kind.items()]


KIND_COLUMNS = (
    Column("KIND", 12, flex=True),
    Column("RUNNING", 7, justify="right"),
    Column("$/H", 9, justify="right"),
    Column("TODAY", 10, justify="right"),
    Column("MONTH", 11, justify="right"),
    Column("SPOT SAVED", 10, justify="right"),
)


def kind_row(k: KindTotal, now: datetime) -> TableRow:
    t = math.totals(k.charges, now)
    return TableRow(
        key=k.kind,
        cells=(
            KIND_LABEL.get(k.kind, k.kind),
            str(t.running),
            (usd_rate(t.burn_per_hour), "running") if t.burn_per_hour > 0 else ("-", "muted"),
            usd(t.today),
            usd(t.month),
            usd(t.spot_saved_month) if k.kind == "training" else "-",
        ),
        sort_values=(k.kind, t.running, t.burn_per_hour, t.today, t.month, t.spot_saved_month),
        search_text=k.kind,
    )


def kinds_kind(budget: float) -> ResourceKind:
    base = make_summary(budget)
    return ResourceKind(
        name="cost-kinds",
        title="Cost by kind",
        aliases=("costkinds",),
        columns=KIND_COLUMNS,
        list_pages=kinds_pages,
        key=lambda k: k.kind,
        row=kind_row,
        ticking=lambda k: any(c.running for c in k.charges),
        empty_message="Nothing cost anything this month.",
        default_sort=(4, True),
        summary=lambda items, now: base([c for k in items for c in k.charges], now),
    )


# --- per day: the estimate next to the bill ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Day:
    day: date
    charges: tuple[Charge, ...]
    billed: float | None
    estimated: bool = False
    note: str = ""

    def estimate(self, now: datetime) -> float:
        start = datetime(self.day.year, self.day.month, self.day.day, tzinfo=now.tzinfo)
        end = start + timedelta(days=1)
        return sum(c.accrued(now, start, end) for c in self.charges)


def days_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Day]]:
    session, now = _sweep(clients, cancelled)
    charges = tuple(session.ledger.charges())
    first, today = math.month_start(now).date(), math.day_start(now).date()
    billed = session.billed_days(clients, first, today + timedelta(days=1), time.time())
    by_day = {b.day: b for b in billed or []}
    out = []
    d = first
    while d <= today:
        b = by_day.get(d)
        if d == today:
            note = "today: Cost Explorer lags a day"
        elif billed is None:
            note = f"Cost Explorer: {session.bill_error}"
        else:
            note = "AWS estimate (month not closed)" if b and b.estimated else ""
        out.append(
            Day(d, charges, b.usd if b and d < today else None, bool(b and b.estimated), note)
        )
        d += timedelta(days=1)
    yield out


DAY_COLUMNS = (
    Column("DAY", 10),
    Column("ESTIMATE", 11, justify="right"),
    Column("BILLED", 11, justify="right"),
    Column("DIFF", 15, justify="right"),
    Column("NOTE", 20, flex=True),
)


def day_row(d: Day, now: datetime) -> TableRow:
    estimate = d.estimate(now)
    diff = None if d.billed is None else estimate - d.billed
    pct = "" if not d.billed or diff is None else f" {diff / d.billed:+.0%}"
    diff_text = "-" if diff is None else f"{'+' if diff >= 0 else '-'}{usd(abs(diff))}{pct}"
    return TableRow(
        key=d.day.isoformat(),
        cells=(
            d.day.isoformat(),
            usd(estimate),
            usd(d.billed),
            (diff_text, "warning")
            if diff is not None and d.billed and abs(diff) > 0.2 * d.billed
            else diff_text,
            (d.note, "muted"),
        ),
        sort_values=(d.day.isoformat(), estimate, d.billed or -1.0, diff or 0.0, d.note),
        search_text=f"{d.day.isoformat()} {d.note}".lower(),
    )


def days_summary(items: Sequence[Any], now: datetime) -> str:
    days = [d for d in items if isinstance(d, Day)]
    past = [d for d in days if d.billed is not None]
    if not past:
        errors = [f"{label}{s.bill_error}" for label, s in _sources() if s.bill_error]
        why = "; ".join(errors) or "no past day"
        return f"Cost Explorer: nothing to compare ({why})."
    est = sum(d.estimate(now) for d in past)
    billed = sum(d.billed or 0.0 for d in past)
    share = f" ({(est - billed) / billed:+.1%})" if billed else ""
    return (
        f"{len(past)} past days: estimate {usd(est)}, billed {usd(billed)}{share}.\n"
        "Billed: Cost Explorer, Amazon SageMaker, UnblendedCost (each request costs $0.01; "
        "kept for 6 h). Estimates of endpoints assume today's capacity for days not watched."
    )


def days_kind() -> ResourceKind:
    return ResourceKind(
        name="cost-days",
        title="Cost by day",
        aliases=("costdays", "bill"),
        columns=DAY_COLUMNS,
        list_pages=days_pages,
        key=lambda d: d.day.isoformat(),
        row=day_row,
        ticking=lambda d: d.billed is None,
        empty_message="No day this month yet.",
        default_sort=(0, True),
        summary=days_summary,
    )


def cost_kinds(budget: float) -> tuple[ResourceKind, ...]:
    """The three cost views, for a profile with ``budget`` (0: none)."""
    return (cost_kind(budget), kinds_kind(budget), days_kind())

"""The header's cost part: the burn rate of everything running now and today's accrual,
from the cost ledger (no API call: the figures tick with the clock between sweeps), and
a warning when the month-end projection crosses the profile's ``monthly_budget``."""

from __future__ import annotations

from typing import Any

from smtui.domain import cost as math
from smtui.domain.cost import usd, usd_rate
from smtui.services import cost as costs
from smtui.services.fanout_totals import unpriced_marks

Bits = list[tuple[str, str]]


def variants(backend: Any) -> list[Bits]:
    """The cost part from the most to the least detailed ([] when nothing is known yet)."""
    from smtui.ui.fanout_totals import fanout_cost

    multi = fanout_cost(backend)  # several sources: their sum (smtui/ui/fanout_totals.py)
    if multi is not None:
        return multi.variants(backend)
    try:
        ledger = costs.session_for(backend.clients).ledger
    except TypeError:  # clients that cannot be weakly referenced (a test double)
        return []
    if ledger.updated_at is None:
        return []
    now = backend.clock()
    t = ledger.totals(now)
    n = ledger.unpriced_count()  # no price in this region: said, never summed as $0
    return options(t, over_budget(backend, ledger, t, now), unpriced_marks(n) if n else None)


def over_budget(backend: Any, ledger: Any, t: math.Totals, now: Any) -> bool:
    budget = float(getattr(backend.settings, "monthly_budget", 0.0) or 0.0)
    # Over budget: only once the ledger covers the whole month (the projection needs it).
    covered = ledger.since is not None and ledger.since <= math.month_start(now)
    return bool(covered and math.budget_state(t.projected, budget) == "over")


def options(t: math.Totals, over: bool, marks: list[Bits] | None = None) -> list[Bits]:
    """The figures from the most to the least detailed; ``marks`` (how many sources they
    sum, most detailed first) follow them, shortened before the figures are."""
    warn: Bits = [("  ", ""), ("⚠ over budget", "bold reverse")] if over else []
    short: Bits = [(" ", ""), ("⚠budget", "bold reverse")] if over else []
    rate: tuple[str, str] = (f"{usd_rate(t.burn_per_hour)}/h", "bold")
    choices = [
        [("  ", ""), rate, (f" today {usd(t.today)}", ""), *warn],
        [("  ", ""), rate, (f" today {usd(t.today, cents=False)}", ""), *short],
        [("  ", ""), rate, *short],  # the warning before today's figure
        [("  ", ""), rate, *([(" ", ""), ("⚠", "bold reverse")] if over else [])],
        [("  ", ""), rate, (f" {usd(t.today, cents=False)}", "")],
        [("  ", ""), rate],
    ]
    if marks is not None:
        choices = [bits + mark for bits in choices for mark in marks]
    unique: list[Bits] = []
    for bits in choices:
        if bits not in unique:
            unique.append(bits)
    return unique


def fit(backend: Any, used: int, health: str, compact_health: str, width: int) -> tuple[Bits, str]:
    """The most detailed cost part that fits beside ``used`` cells and the API health
    text (shortened to ``compact_health`` before the cost part is)."""
    options = variants(backend)
    if not options:
        return [], health
    for text in (health, compact_health):
        for bits in options:
            if used + sum(len(t) for t, _ in bits) + len(text) + 1 <= width:
                return bits, text
    return [], health

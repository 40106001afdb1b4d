"""The header's cost part: the burn rate of everything running now and today's accrual,
from the cost ledger (no API call: the figures tick with the clock between sweeps), and
a warning when the month-end projection crosses the profile's ``monthly_budget``."""

from __future__ import annotations

from typing import Any

from smtui.domain import cost as math
from smtui.domain.cost import usd, usd_rate
from smtui.services import cost as costs

Bits = list[tuple[str, str]]


def variants(backend: Any) -> list[Bits]:
    """The cost part from the most to the least detailed ([] when nothing is known yet)."""
    try:
        ledger = costs.session_for(backend.clients).ledger
    except TypeError:  # clients that cannot be weakly referenced (a test double)
        return []
    if ledger.updated_at is None:
        return []
    now = backend.clock()
    t = ledger.totals(now)
    budget = float(getattr(backend.settings, "monthly_budget", 0.0) or 0.0)
    # Over budget: only once the ledger covers the whole month (the projection needs it).
    covered = ledger.since is not None and ledger.since <= math.month_start(now)
    over = covered and math.budget_state(t.projected, budget) == "over"
    warn: Bits = [("  ", ""), ("⚠ over budget", "bold reverse")] if over else []
    short: Bits = [(" ", ""), ("⚠budget", "bold reverse")] if over else []
    rate: tuple[str, str] = (f"{usd_rate(t.burn_per_hour)}/h", "bold")
    options = [
        [("  ", ""), rate, (f" today {usd(t.today)}", ""), *warn],
        [("  ", ""), rate, (f" today {usd(t.today, cents=False)}", ""), *short],
        [("  ", ""), rate, *short],  # the warning before today's figure
        [("  ", ""), rate, *([(" ", ""), ("⚠", "bold reverse")] if over else [])],
        [("  ", ""), rate, (f" {usd(t.today, cents=False)}", "")],
        [("  ", ""), rate],
    ]
    unique: list[Bits] = []
    for bits in options:
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

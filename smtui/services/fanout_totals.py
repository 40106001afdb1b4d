"""Figures over several sources (``--profile a,b`` / ``--region x,y``), pure.

The header's cost: each source's ledger gives its own totals; :func:`combine_costs` sums
the sources that answered and names those that fail (left out until they answer again)
or have not swept yet, and counts the resources none of them could price (no price in
their region: left out of the sum, never $0). :func:`cost_marks` words that for the
header, from the most to the least detailed.

Compare across sources: each source compares its own marked rows (through its own
clients); :func:`merge_comparisons` puts the runs back in the order they were marked,
relabels them A, B, C..., prefixes each run's key with its source (two accounts may hold
runs of the same name) and computes the differences and the best values over all of
them again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from smtui.domain.compare import compare as compare_runs
from smtui.domain.compare import labels
from smtui.domain.cost import Totals, add_totals
from smtui.services.registry import Chart, Comparison, Series

Marks = list[tuple[str, str]]


# --- cost ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SourceCost:
    """One source's part of the header: its totals, or why it is left out."""

    label: str
    totals: Totals | None = None
    """None: no sweep has finished yet."""
    failure: str | None = None
    """Why its last sweep (or its set-up) failed: then it is left out of the sum."""
    over_budget: bool = False
    unpriced: int = 0
    """Resources that ran without a price in its region (left out of its totals)."""


@dataclass(frozen=True, slots=True)
class CombinedCost:
    totals: Totals | None
    """The sum over the sources counted (None: none has swept yet)."""
    counted: tuple[str, ...]
    failing: tuple[tuple[str, str], ...]
    """(label, why) of each source left out because it fails."""
    pending: tuple[str, ...]
    over_budget: tuple[str, ...]
    unpriced: int = 0
    """Resources of the sources counted that have no price (not in the totals)."""

    @property
    def total(self) -> int:
        return len(self.counted) + len(self.failing) + len(self.pending)

    @property
    def partial(self) -> bool:
        return bool(self.failing or self.pending)


def combine_costs(parts: Sequence[SourceCost], now: datetime) -> CombinedCost:
    """The sum of the sources that answered (the projection from the sums)."""
    total: Totals | None = None
    counted: list[str] = []
    failing: list[tuple[str, str]] = []
    pending: list[str] = []
    for part in parts:
        if part.failure is not None:
            failing.append((part.label, part.failure))
        elif part.totals is None:
            pending.append(part.label)
        else:
            total = part.totals if total is None else add_totals(total, part.totals, now)
            counted.append(part.label)
    over = tuple(p.label for p in parts if p.over_budget and p.failure is None)
    unpriced = sum(p.unpriced for p in parts if p.failure is None)
    return CombinedCost(total, tuple(counted), tuple(failing), tuple(pending), over, unpriced)


def cost_marks(combined: CombinedCost) -> list[Marks]:
    """What follows the figures, most detailed first: how many sources they sum, which
    are left out ("⚠ 1/2 sources, b/us-east-1 failing") and how many resources have no
    price ("⚠ 31 unpriced")."""
    marks = _source_marks(combined)
    if not combined.unpriced:
        return marks
    long, short = unpriced_marks(combined.unpriced)
    return [*(m + long for m in marks), *(m + short for m in marks[-1:])]


def unpriced_marks(n: int) -> list[Marks]:
    """How many resources have no price, long and short ("⚠ 31 unpriced", "⚠31?")."""
    return [[(" ", ""), (f"⚠ {n} unpriced", "bold")], [(" ", ""), (f"⚠{n}?", "bold")]]


def _source_marks(combined: CombinedCost) -> list[Marks]:
    n, ok = combined.total, len(combined.counted)
    if not combined.partial:
        return [[(f" ({n} sources)", "")], [(f" ({n} src)", "")], [(f" Σ{n}", "")]]
    if combined.failing:
        names = ", ".join(label for label, _ in combined.failing)
        return [
            [(" ", ""), (f"⚠ {ok}/{n} sources, {names} failing", "bold")],
            [(" ", ""), (f"⚠ {ok}/{n} sources", "bold")],
            [(" ", ""), (f"⚠{ok}/{n}", "bold")],
        ]
    return [[(f" ({ok}/{n} sources…)", "")], [(f" ({ok}/{n} src…)", "")], [(f" {ok}/{n}…", "")]]


# --- compare -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ComparedPart:
    """One source's comparison of its own marked rows."""

    source: str
    """The source's label (profile/region)."""
    positions: tuple[int, ...]
    """Where each of its runs was among all the marked rows (in its runs' order)."""
    comparison: Comparison


def merge_comparisons(parts: Sequence[ComparedPart]) -> Comparison:
    """One comparison over every part's runs, in the order the rows were marked."""
    placed = sorted(
        (position, part, run)
        for part in parts
        for position, run in zip(part.positions, part.comparison.table.runs, strict=True)
    )
    new_labels = labels(len(placed))
    relabel: dict[tuple[str, str], str] = {}
    runs = []
    for (_, part, run), label in zip(placed, new_labels, strict=True):
        relabel[(part.source, run.label)] = label
        runs.append(replace(run, key=f"{part.source}:{run.key}", label=label))
    table = compare_runs(runs)
    charts: dict[str, tuple[str, list[Series]]] = {}
    for part in parts:
        for chart in part.comparison.charts:
            unit, series = charts.setdefault(chart.title, (chart.unit, []))
            series.extend(
                replace(s, label=relabel.get((part.source, s.label), s.label)) for s in chart.series
            )
    order = {label: n for n, label in enumerate(new_labels)}
    merged = tuple(
        Chart(title, tuple(sorted(series, key=lambda s: order.get(s.label, len(order)))), unit)
        for title, (unit, series) in charts.items()
    )
    # Each part names its runs without a series by its own labels: name them again.
    notes = [MISSING.sub("", p.comparison.note).strip() for p in parts]
    note = " ".join(dict.fromkeys(n for n in notes if n))
    charted = {s.label for chart in merged for s in chart.series}
    missing = [r.label for r in runs if r.label not in charted]
    if merged and missing:
        note += f" No series for {', '.join(missing)} (no training job, or no data)."
    return Comparison(table, merged, note.strip())


MISSING = re.compile(r"\s*No series for [^()]*\([^)]*\)\.")
"""The sentence of a compare note naming the runs without a chart series
(smtui/services/kinds/trial_components.py compare_charts)."""

"""The header's cost and the triage alerts over several sources (``--profile a,b`` /
``--region x,y``).

:class:`FanoutCost` runs one :class:`~smtui.ui.cost_poller.CostPoller` per working source
(each its own sweep in its own worker, with its own clients, ledger and interval); the
header shows their sum and how many sources it covers. A source whose sweep fails (or
that could not be set up) is left out of the sum and named: in the header ("⚠ 1/2
sources, b/us-east-1 failing") and in a notification when it starts failing; the others
keep ticking. A source's sweep takes from the view on screen only that source's rows.
Resources a source has no price for (its region) are counted: "⚠ 31 unpriced".

Triage: one :class:`~smtui.ui.triage_poller.TriagePoller` per working source, its alerts
titled with the source's label; the ``:triage`` view merges the findings of every source
(with ACCOUNT and REGION) and opens each in its own source (FanoutResourceScreen).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from smtui.services.fanout_totals import CombinedCost, SourceCost, combine_costs, cost_marks
from smtui.ui.cost_poller import CostPoller
from smtui.ui.triage_poller import TriagePoller
from smtui.ui.widgets import cost_header

if TYPE_CHECKING:
    from textual.app import App

    from smtui.services.backend import Backend
    from smtui.services.sources import Source, Sources

_BY_CLIENTS: weakref.WeakKeyDictionary[Any, weakref.ref[FanoutCost]] = weakref.WeakKeyDictionary()
"""Every source's clients -> the console's FanoutCost (the header asks with the backend of
the screen on show, which may be any source's)."""


def fanout_cost(backend: Any) -> FanoutCost | None:
    """The multi-source cost of the console ``backend`` belongs to (None: one source)."""
    try:
        found = _BY_CLIENTS.get(backend.clients)
    except TypeError:  # clients that cannot be weakly referenced (a test double)
        return None
    return found() if found is not None else None


def start(app: App[Any], backend: Backend) -> FanoutCost:
    """Start the per-source cost and triage pollers of a console over several sources."""
    assert backend.sources is not None
    for source in backend.sources.working:
        assert source.backend is not None
        TriagePoller(app, source.backend, source.label).start()
    cost = FanoutCost(app, backend, backend.sources)
    cost.start()
    return cost


class SourceCostPoller(CostPoller):
    """One source's sweeps: of the view on screen, only that source's rows are taken."""

    def __init__(self, app: App[Any], source: Source, owner: FanoutCost) -> None:
        assert source.backend is not None
        super().__init__(app, source.backend)
        self.source = source
        self.owner = owner

    def _screen_items(self, screen: Any) -> list[Any] | None:
        items: dict[str, Any] = getattr(screen, "items", {})
        sources = getattr(screen, "source_list", None)
        if sources is None:  # a view of one source (a row's child view): its own rows only
            return (
                list(items.values()) if getattr(screen, "backend", None) is self.backend else None
            )
        # A merged view: this source's rows, once its own poll of the view has answered.
        index = next((i for i, s in enumerate(sources) if s is self.source), None)
        loaded = getattr(screen, "_source_last", [])
        errors = getattr(screen, "source_errors", {})
        if index is None or index >= len(loaded) or loaded[index] is None or index in errors:
            return None
        prefix = self.source.key("")
        return [item for key, item in items.items() if key.startswith(prefix)]

    def _done(self) -> None:
        self.owner.swept(self)
        super()._done()


class FanoutCost:
    """The header's cost over every source (``app.cost_poller`` in such a console)."""

    def __init__(self, app: App[Any], lead: Backend, sources: Sources) -> None:
        self.app = app
        self.lead = lead
        self.sources = sources
        self.pollers = {
            s.label: SourceCostPoller(app, s, self) for s in sources if s.backend is not None
        }
        self._told: dict[str, str | None] = {}
        """Per source: the failure last notified (None: it answers)."""

    def start(self) -> None:
        for poller in self.pollers.values():
            _BY_CLIENTS[poller.backend.clients] = weakref.ref(self)
            poller.start()

    @property
    def settled(self) -> bool:
        return all(p.settled for p in self.pollers.values())

    @property
    def sweeps(self) -> int:
        """Sweeps every source has finished (the least of them)."""
        return min((p.sweeps for p in self.pollers.values()), default=0)

    @property
    def running(self) -> bool:
        return any(p.running for p in self.pollers.values())

    def tick(self) -> None:
        for poller in self.pollers.values():
            poller.tick()

    # --- figures ---------------------------------------------------------------------
    def parts(self) -> list[SourceCost]:
        out = []
        for source in self.sources:
            poller = self.pollers.get(source.label)
            if poller is None:  # could not be set up
                why = str(source.failure) if source.failure else "could not be set up"
                out.append(SourceCost(source.label, failure=why))
                continue
            if poller.failure is not None:
                out.append(SourceCost(source.label, failure=poller.failure))
                continue
            ledger = poller.session.ledger
            if ledger.updated_at is None:
                out.append(SourceCost(source.label))
                continue
            now = poller.backend.clock()
            totals = ledger.totals(now)
            over = cost_header.over_budget(poller.backend, ledger, totals, now)
            unpriced = ledger.unpriced_count()  # no price in its region
            out.append(SourceCost(source.label, totals, over_budget=over, unpriced=unpriced))
        return out

    def combined(self) -> CombinedCost:
        return combine_costs(self.parts(), self.lead.clock())

    def variants(self, shown: Backend) -> list[cost_header.Bits]:
        """The header's cost part (the sum of every source's, whichever source the screen
        on show belongs to: rows and details price with their own source's session,
        smtui/services/cost_places.py)."""
        combined = self.combined()
        marks = cost_marks(combined)
        if combined.totals is None:  # nothing summed yet: only say which sources fail
            return [[(" ", ""), *mark] for mark in marks] if combined.failing else []
        return cost_header.options(combined.totals, bool(combined.over_budget), marks)

    # --- a source starts (or stops) failing -------------------------------------------
    def swept(self, poller: SourceCostPoller) -> None:
        label, failure = poller.source.label, poller.failure
        if self._told.get(label) == failure:
            return
        before = self._told.get(label)
        self._told[label] = failure
        if failure is not None:
            self.app.notify(
                f"profile {poller.source.profile} ({poller.source.region}): {failure}. "
                "Its cost is left out of the header until it answers again.",
                title=f"Cost: {label} failing",
                severity="warning",
                timeout=20,
                markup=False,
            )
        elif before is not None:
            self.app.notify(
                f"{label} answers again: its cost is back in the header.",
                title="Cost",
                timeout=8,
                markup=False,
            )

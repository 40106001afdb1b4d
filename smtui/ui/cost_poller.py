"""Keep the cost ledger current in the background, for the header's burn rate.

A sweep (smtui/services/cost.py) runs in a thread worker once the first view has
loaded (its rows come first), then every :func:`interval` seconds, never two at once.
It covers today, or the month when a ``monthly_budget`` needs the month-end projection.
It stands aside while the view on screen is paused (`p`: no background calls either) or
is a cost view (whose own polls sweep the month). What a visible view polls anyway
(the endpoints list) is taken from it instead of being listed twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from smtui.services import cost as costs

if TYPE_CHECKING:
    from textual.app import App

    from smtui.services.backend import Backend

MIN_INTERVAL = 60.0
"""Seconds between background sweeps at the least: prices and capacity move slowly, and
the API budget belongs to the views first."""


def interval(backend: Backend) -> float:
    return max(MIN_INTERVAL, backend.settings.refresh_interval)


class CostPoller:
    def __init__(self, app: App[Any], backend: Backend) -> None:
        self.app = app
        self.backend = backend
        self.session = costs.session_for(backend.clients)
        self.running = False
        self.sweeps = 0
        """Sweeps finished (the header shows cost figures once this is > 0)."""
        self.failure: str | None = None
        """Why the last sweep listed nothing at all (None: it listed something)."""

    def start(self) -> None:
        self.app.set_interval(interval(self.backend), self.tick)
        # The first sweep as soon as the first view has loaded (then every interval).
        self._first_timer = self.app.set_interval(0.05, self._first)

    @property
    def settled(self) -> bool:
        """A sweep finished and none runs now, or none can run on this screen (a cost
        view, a paused view): tests start measuring calls and memory after it."""
        if self.running:
            return False
        return self.sweeps > 0 or not self._screen_ready()

    def _first(self) -> None:
        if self.running or self.sweeps:
            self._first_timer.stop()
            return
        self.tick()

    def _screen_ready(self) -> bool:
        screen = self.app.screen
        if getattr(screen, "paused", False):
            return False
        kind = getattr(screen, "kind", None)
        if kind is not None and kind.name.startswith("cost"):
            return False  # its own polls sweep the month
        # Rows first: the first sweep waits until a view on screen has loaded once; later
        # ones run on any screen (a detail, a dialog) but not under a view still loading.
        loading = hasattr(screen, "items") and getattr(screen, "last_refresh", None) is None
        if self.sweeps == 0:
            return hasattr(screen, "items") and not loading
        return not loading

    def tick(self) -> None:
        """Start a sweep now, unless one runs or the screen asks for quiet."""
        if self.running or not self._screen_ready():
            return
        self.running = True
        provided = self._provided()
        self.app.run_worker(
            lambda: self._sweep(provided), thread=True, group="cost", exit_on_error=False
        )

    def _provided(self) -> dict[str, list[Any]]:
        """Items the view on screen polls anyway, instead of listing them twice: an
        unfiltered endpoints list (the same list the sweep would read). Jobs are always
        listed by the sweep (one pricing path, whatever is on screen: a jobs view's rows
        may be filtered or lag behind, and the header's rate must not depend on it)."""
        screen = self.app.screen
        kind = getattr(screen, "kind", None)
        if kind is None or getattr(screen, "last_refresh", None) is None:
            return {}
        items = self._screen_items(screen)
        if items is None:
            return {}
        if kind.name == "endpoints" and not getattr(screen, "params", None):
            return {"endpoints": items}
        return {}

    def _screen_items(self, screen: Any) -> list[Any] | None:
        """The view's items this poller's backend lists (None: none it can take)."""
        return list(getattr(screen, "items", {}).values())

    def _paused(self) -> bool:
        return bool(getattr(self.app.screen, "paused", False))

    def _sweep(self, provided: dict[str, list[Any]]) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:  # paused, or the app closed (its workers are cancelled)
            return worker.is_cancelled or self._paused()

        try:
            now = self.backend.clock()
            since = costs.sweep_scope(now, self.backend.settings.monthly_budget)
            result = self.session.sweep(
                self.backend.clients, since, now, provided=provided, cancelled=cancelled
            )
            failed = result.errors and not result.covered
            self.failure = "; ".join(sorted(set(result.errors.values()))) if failed else None
        except Exception as exc:  # never crash the console over a cost figure; next tick retries
            self.failure = str(exc) or type(exc).__name__
        finally:
            self.sweeps += 1
            self.running = False
            try:
                self.app.call_from_thread(self._done)
            except RuntimeError:  # the app is closing
                pass

    def _done(self) -> None:
        refresh = getattr(self.app, "refresh_header", None)
        if refresh is not None:
            refresh()

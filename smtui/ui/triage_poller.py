"""Triage in the background: new high-severity findings raise a toast (and the bell if
enabled) whatever view is on screen.

Collections run in a thread worker every ``[triage] interval`` seconds, never two at once,
once the user opened `:triage` (or from startup with ``[triage] background = true``, or
when triage is the ``start_view``); the triage view's own polls collect too. Alerts are
handed over by the monitor (smtui/services/triage/monitor.py) as soon as a
collection finds them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from smtui.domain.triage import Finding, thresholds_from
from smtui.services.triage.monitor import monitor_for

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from smtui.services.backend import Backend


def announce(app: App[Any], backend: Backend, findings: list[Finding], where: str = "") -> None:
    """One toast per new finding, or one for them all when there are more than two;
    ``where`` names the source (profile/region) when the console has several."""
    if not findings:
        return
    at = f" · {where}" if where else ""
    severity: SeverityLevel = (
        "error" if any(f.severity in ("critical", "high") for f in findings) else "warning"
    )
    if len(findings) <= 2:
        for f in findings:
            app.notify(
                f"{f.resource}: {f.reason}",
                title=f"Triage: {f.severity}{at}",
                severity=severity,
                timeout=20,
                markup=False,
            )
    else:
        lines = [f"{f.severity} {f.resource}" for f in findings[:4]]
        if len(findings) > 4:
            lines.append(f"… and {len(findings) - 4} more")
        app.notify(
            "\n".join(lines),
            title=f"Triage: {len(findings)} new findings{at} (:triage)",
            severity=severity,
            timeout=20,
            markup=False,
        )
    if backend.settings.bell:
        app.bell()


class TriagePoller:
    def __init__(self, app: App[Any], backend: Backend, where: str = "") -> None:
        self.app = app
        self.backend = backend
        self.where = where
        """The source's label in a console over several (smtui/ui/fanout_totals.py)."""
        self.thresholds = thresholds_from(backend.settings.triage)
        self.running = False

    @property
    def monitor(self) -> Any:
        return monitor_for(self.backend.clients, self.backend.settings)

    def start(self) -> None:
        # Alerts come as soon as a collection (the view's or ours) finds them; no timer
        # runs faster than the collection interval.
        self.monitor.listener = lambda: self.app.call_from_thread(self._drain)
        self.app.set_interval(max(self.thresholds.interval, 1.0), self.tick)

    def _drain(self) -> None:
        announce(self.app, self.backend, self.monitor.take_alerts(), self.where)

    def _armed(self) -> bool:
        return (
            self.thresholds.background
            or self.backend.settings.start_view.split()[:1] == ["triage"]
            or self.monitor.collections > 0
        )

    def tick(self) -> None:
        if self.running or not self._armed():
            return
        screen = self.app.screen
        if getattr(screen, "paused", False):
            return
        kind = getattr(screen, "kind", None)
        if kind is not None and kind.name == "triage":
            return  # the view's own polls collect
        last = self.monitor.collected_at
        if last is not None and time.monotonic() - last < self.thresholds.interval - 1:
            return
        self.running = True
        self.app.run_worker(self._collect, thread=True, group="triage", exit_on_error=False)

    def _collect(self) -> None:
        try:
            self.monitor.collect(self.backend.clients, self.backend.clock())
        except Exception:  # never crash the console over a background check; retried
            self.monitor.collected_at = time.monotonic()
        finally:
            self.running = False

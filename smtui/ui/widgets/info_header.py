"""The header: who and where (profile, account, region), READ-ONLY, refresh age, API health."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from smtui.domain import timefmt
from smtui.ui.widgets import cost_header


class InfoHeader(Static):
    DEFAULT_CSS = """
    InfoHeader {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.update_info()
        self.set_interval(1.0, self.update_info)

    def update_info(self) -> None:
        console: Any = getattr(self.app, "backend", None)
        if console is None:
            return
        width = self.size.width or 80
        bits: list[tuple[str, str]] = [(" smtui ", "bold reverse"), (" ", "")]
        merged = getattr(self.screen, "fanout_sources", None)  # a view over several sources
        console = merged_or_own(console, self.screen)
        if merged is not None:
            bits += [(merged.summary(), "bold")]
        else:
            account = console.identity.account if console.identity else "…"
            bits += [(console.profile, "bold"), (f" {account} ", ""), (console.region, "bold")]
        if merged is not None:  # READ-ONLY when every source is, else which ones are
            bits += sources_read_only(merged)
        else:
            bits += access_badge(console.settings)
        last = getattr(self.screen, "last_refresh", None)
        stale = getattr(self.screen, "is_stale", False)
        paused = getattr(self.screen, "paused", False)
        if last is not None:
            label = f"⟳ {timefmt.age(last, console.clock())}"
            bits += [("  ", ""), (label + (" STALE" if stale else ""), "bold" if stale else "")]
        if paused:
            bits += [("  ", ""), ("PAUSED", "bold")]
        stats = merged.stats() if merged is not None else console.clients.stats.snapshot()
        health = (
            f"api {stats.calls} ({stats.per_minute}/min) err {stats.errors} thr {stats.throttles} "
        )
        left = Text.assemble(*bits)
        compact = f"api {stats.calls} err {stats.errors} thr {stats.throttles} "
        cost, health = cost_header.fit(console, left.cell_len, health, compact, width)
        for text, style in cost:  # burn rate and today's accrual (smtui/ui/widgets/cost_header.py)
            left.append(text, style=style)
        pad = max(1, width - left.cell_len - len(health))
        left.append(" " * pad)
        left.append(health, style="bold" if stats.errors else "")
        left.truncate(width)
        self.update(left)


def merged_or_own(console: Any, screen: Any) -> Any:
    """The screen's own backend: a row's source when opened from a merged view of several
    profiles or regions (the same backend as the app's otherwise)."""
    own = getattr(screen, "backend", None)
    return own if own is not None and getattr(console, "sources", None) is not None else console


def access_badge(settings: Any) -> list[tuple[str, str]]:
    """READ-ONLY, or for a production profile whose default was lifted, READ-WRITE and by
    what (--read-write, or its section's read_only = false); nothing for other profiles."""
    if settings.read_only:
        return [("  ", ""), (" READ-ONLY ", "bold reverse")]
    if settings.read_write_reason:
        label = f" READ-WRITE (prod, {settings.read_write_reason}) "
        return [("  ", ""), (label, "bold reverse")]
    return []


def sources_read_only(merged: Any) -> list[tuple[str, str]]:
    working = [s for s in merged if s.backend is not None]
    guarded = list(dict.fromkeys(s.profile for s in working if s.backend.settings.read_only))
    lifted = [s.profile for s in working if s.backend.settings.read_write_reason]
    bits: list[tuple[str, str]] = []
    if guarded:
        every = all(s.backend.settings.read_only for s in working)
        label = " READ-ONLY " if every else f" READ-ONLY: {','.join(guarded)} "
        bits += [("  ", ""), (label, "bold reverse")]
    if lifted:  # production profiles made writable: say so, as a one-source header does
        label = f" READ-WRITE (prod): {','.join(dict.fromkeys(lifted))} "
        bits += [("  ", ""), (label, "bold reverse")]
    return bits

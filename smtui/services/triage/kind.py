"""The ``:triage`` view: every finding, ranked (severity, age, kind, resource, reason);
`enter` opens the resource's detail, `a` acknowledges (hidden until it changes);
`:triage all` shows the acknowledged ones too, marked, and `a` on one un-acknowledges it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.domain import triage as rules
from smtui.domain.jobkinds import SPECS
from smtui.domain.triage import Finding
from smtui.services.registry import (
    Action,
    Column,
    Link,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.settings import Settings
from smtui.services.table_index import Cell, TableRow
from smtui.services.triage.monitor import TriageMonitor, latest, monitor_for, sources

COLUMNS = (
    Column("SEVERITY", 10),
    Column("AGE", 6, justify="right"),
    Column("KIND", 18, priority=1),  # hidden first on a narrow terminal
    Column("RESOURCE", 34, name=True),
    Column("REASON", 40, flex=True),
)


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:triage high`: only findings at or above a severity; `:triage all`: the
    acknowledged ones too (marked; `a` on one un-acknowledges it)."""
    params: dict[str, Any] = {}
    for word in args:
        if word.lower() in rules.SEVERITIES and "severity" not in params:
            params["severity"] = word.lower()
        elif word.lower() == "all" and "all" not in params:
            params["all"] = True
        else:
            raise QueryError(
                f"unexpected {word!r}: use :triage [all] [{'|'.join(rules.SEVERITIES)}]"
            )
    return params


def reason_text(f: Finding, now: datetime) -> str:
    """The reason; a finding kept from an earlier collection (its source could not be
    read this time) says so and how old it is."""
    if f.read_at is None:
        return f.reason
    return f"STALE (read {rules.age_text((now - f.read_at).total_seconds())} ago) {f.reason}"


def _reason_cell(f: Finding, now: datetime) -> Cell:
    """The reason, prefixed ``acknowledged:`` when shown by ``:triage all``; muted when
    stale."""
    text = reason_text(f, now)
    if f.acknowledged:
        text = f"acknowledged: {text}"
    return (text, "muted") if f.read_at is not None else text


def row(f: Finding, now: datetime) -> TableRow:
    age = (now - f.since).total_seconds()
    return TableRow(
        key=f.id,
        cells=(
            (f"{f.severity} ✓", "muted")
            if f.acknowledged
            else (f.severity, rules.ROLE.get(f.severity, "")),
            rules.age_text(age),
            f.kind,
            f.resource,
            _reason_cell(f, now),
        ),
        sort_values=(
            (rules.severity_rank(f.severity), age),  # the ranking: severity, newest first
            age,
            f.kind,
            f.resource,
            f.reason,
        ),
        search_text=f"{f.severity} {f.kind} {f.resource} {f.reason}".lower(),
    )


def target(clients: Any, f: Finding) -> tuple[str, dict[str, Any]] | None:
    """The finding's resource as its kind's describe (the detail screen rebuilds it)."""
    from smtui.aws import endpoints as ep_api
    from smtui.aws import jobkinds as jobs_api
    from smtui.aws import monitoring as monitoring_api
    from smtui.aws import training as training_api

    if f.target_kind == "jobs":
        return "jobs", training_api.describe_training_job(clients, f.target_key)
    if f.target_kind in SPECS:
        spec = SPECS[f.target_kind]
        return f.target_kind, jobs_api.describe_job(clients, spec, f.target_key)
    if f.target_kind == "endpoints":
        return "endpoints", ep_api.describe_endpoint(clients, f.target_key)
    if f.target_kind == "monitors":
        return "monitors", monitoring_api.describe_schedule(clients, f.target_key)
    return None


def detail(f: Finding, data: dict[str, Any]) -> list[Section]:
    return [
        Section(
            "Finding",
            rows=(
                ("Severity", f.severity),
                ("Kind", f.kind),
                ("Resource", f.resource),
                ("Since", f.since.isoformat()),
                ("Reason", f.reason),
                *(
                    [("Stale", f"its source could not be read; last read {f.read_at.isoformat()}")]
                    if f.read_at is not None
                    else []
                ),
            ),
            role=rules.ROLE.get(f.severity, ""),
        )
    ]


def summary(items: Sequence[Finding], now: datetime) -> str:
    """Counts of the findings shown, then what each source's monitor hid, could not read
    and whether its webhook fails (over several sources: each named by its label)."""
    counts = [f"{n} {s}" for s in rules.SEVERITIES if (n := sum(f.severity == s for f in items))]
    found = sources()
    if not found:
        monitor = latest()
        found = [("", monitor)] if monitor is not None else []
    incomplete = any(m.last is not None and m.last.problems for _, m in found)
    empty = "nothing found in what was read" if incomplete else "nothing wrong"
    line = ", ".join(counts) if counts else empty
    stale = sum(f.read_at is not None for f in items)
    if stale:
        line += f" ({stale} stale: kept from an earlier read)"
    return line + _notes(found)


def _notes(found: list[tuple[str, TriageMonitor]]) -> str:
    many = len(found) > 1
    hidden = [(label, m.hidden) for label, m in found if m.hidden]
    line = ""
    if hidden:
        total = sum(n for _, n in hidden)
        where = f": {', '.join(f'{n} in {label}' for label, n in hidden)}" if many else ""
        line += f" · {total} acknowledged (hidden until they change){where}; :triage all shows them"
    unread = [
        f"{label}: {p}" if many else p
        for label, m in found
        if m.last is not None
        for p in m.last.problems
    ]
    if unread:
        line += " · not read: " + "; ".join(unread)
    webhook = [
        f"{label}: {m.sender.error}" if many else m.sender.error
        for label, m in found
        if m.sender.error
    ]
    if webhook:
        line += " · webhook: " + "; ".join(webhook)
    restored = [
        f"{label}: {m.store.warning}" if many else m.store.warning
        for label, m in found
        if m.store.warning  # a state file that could not be read (services/triage/store.py)
    ]
    if restored:
        line += " · " + "; ".join(restored)
    return line


def triage_kind(settings: Settings | None = None) -> ResourceKind:
    settings = settings or Settings()

    def list_pages(clients: Any, params: dict[str, Any], cancelled: Any) -> Iterator[list[Any]]:
        monitor = monitor_for(clients, settings)
        collection = monitor.collect(clients, clients.clock())
        if collection.nothing_read and collection.errors:
            # Nothing could be read (expired credentials, no network): an error where the
            # rows would be, the last rows kept and marked stale, never "nothing wrong".
            raise collection.errors[0]
        floor = params.get("severity")
        found = collection.findings
        if params.get("all"):
            found = rules.ranked([*found, *monitor.acknowledged])
        yield [f for f in found if not floor or rules.at_or_above(f.severity, floor)]

    def acknowledge(clients: Any, f: Finding) -> str:
        if f.acknowledged:
            monitor_for(clients, settings).unacknowledge([f])
            return f"un-acknowledged {f.resource}: shown again"
        monitor_for(clients, settings).acknowledge([f])
        return f"acknowledged {f.resource} (hidden until it changes; :triage all shows it)"

    return ResourceKind(
        name="triage",
        title="Triage",
        aliases=("findings", "oncall"),
        columns=COLUMNS,
        list_pages=list_pages,
        key=lambda f: f.id,
        row=row,
        parse_args=parse_args,
        arg_words=(*rules.SEVERITIES, "all"),
        describe=lambda clients, f, options: {"finding": f},
        detail=detail,
        actions=(
            Action(
                id="triage.ack",
                key="a",
                label="Acknowledge",
                description="hide the finding until it changes (kept across restarts); "
                "on an acknowledged one (:triage all), show it again",
                mutating=False,
                applies=lambda f: True,
                run=acknowledge,
            ),
        ),
        links=(
            Link(
                id="triage.open",
                key="o",
                label="Open",
                target=target,
                applies=lambda f: bool(f.target_kind),
            ),
        ),
        enter="triage.open",
        ticking=lambda f: True,
        version=lambda f: f"{f.fingerprint}|{f.acknowledged}",
        empty_message="Nothing wrong right now (acknowledged findings are hidden).",
        loading_message="Collecting… (jobs, endpoints, metrics, monitors)",
        summary=summary,
        default_sort=(0, False),
    )

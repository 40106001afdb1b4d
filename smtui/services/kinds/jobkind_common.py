"""What the views of the other job kinds share: rows, enrichment, stop, detail scaffold.

Each kind module (processing_jobs.py, transform_jobs.py, ...) gives its spec, the
columns that are its own, how its cells read a job, and the sections of its detail;
:func:`job_kind` builds the registry entry around them.

Columns such as a processing job's instance type or a tuning job's best training job are
only in the Describe response: the refresh engine's enrichment (registry.Enrichment)
describes the rows on screen and the live ones whose version changed, at most
``ENRICH_PER_POLL`` per poll, through the describe cache; a row shows its List summary
at once ("…" in those columns) and fills in when its describe arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from smtui.aws import jobkinds as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.jobkinds import (
    JobItem,
    JobKindSpec,
    display_status,
    duration,
    status_role,
)
from smtui.services.registry import (
    Action,
    Child,
    Column,
    DetailOptions,
    Enrichment,
    Link,
    LogSource,
    QueryError,
    ResourceKind,
    Section,
)
from smtui.services.table_index import TableRow

ENRICH_PER_POLL = 40

Cell = str | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Extra:
    """One kind-specific column: its header and how a job fills it."""

    column: Column
    cell: Callable[[JobItem], Cell]
    sort: Callable[[JobItem], Any] | None = None
    """Sort value (default: the cell's text)."""


# -- rows ------------------------------------------------------------------------------------
def make_row(spec: JobKindSpec, extras: Sequence[Extra]) -> Callable[[JobItem, datetime], TableRow]:
    def row(item: JobItem, now: datetime) -> TableRow:
        status = display_status(item.status)
        seconds = duration(spec, item, now)
        own = [e.cell(item) for e in extras]
        cells: tuple[Cell, ...] = (
            item.name,
            (status, status_role(item.status)),
            *own,
            timefmt.timestamp(item.creation_time)[:16],
            timefmt.duration(seconds),
        )
        texts = [c if isinstance(c, str) else c[0] for c in own]
        sorts = [
            e.sort(item) if e.sort is not None else text
            for e, text in zip(extras, texts, strict=True)
        ]
        return TableRow(
            key=item.name,
            cells=cells,
            sort_values=(item.name, status, *sorts, item.creation_time.timestamp(), seconds),
            search_text=" ".join([item.name, status, *texts]).lower(),
        )

    return row


LOADING = ("…", "muted")
"""A cell whose value only the describe carries, before it arrived."""


def from_detail(item: JobItem, read: Callable[[Mapping[str, Any]], str | None]) -> Cell:
    """A cell read from the describe: "…" until it arrived, "-" when it has no value."""
    if item.detail is None:
        return LOADING
    value = read(item.detail)
    return value if value else "-"


# -- `:kind args` ----------------------------------------------------------------------------
def make_parse_args(spec: JobKindSpec) -> Callable[[Sequence[str]], dict[str, Any]]:
    def parse_args(args: Sequence[str]) -> dict[str, Any]:
        """`:tuning running`, `:processing failed churn`: a status and/or a name fragment."""
        params: dict[str, Any] = {}
        for word in args:
            status = spec.status_from_word(word)
            if status and "status" not in params:
                params["status"] = status
            elif "name_contains" not in params:
                params["name_contains"] = word
            else:
                raise QueryError(f"unexpected {word!r}: use :{spec.kind} [status] [name-fragment]")
        return params

    return parse_args


def arg_words(spec: JobKindSpec) -> tuple[str, ...]:
    words = ["running", *(s.lower() for s in spec.statuses if s.upper() != "INPROGRESS")]
    return tuple(dict.fromkeys(w for w in words if w in spec.words))


# -- stop -----------------------------------------------------------------------------------
def stop_action(spec: JobKindSpec, consequence: str) -> Action:
    allowed = " or ".join(display_status(s) for s in sorted(spec.stoppable))

    def run(clients: Clients, item: JobItem) -> str:
        api.stop_job(clients, spec, item.name)
        return f"Stop requested for {spec.noun} {item.name}: it is Stopping."

    return Action(
        id=f"{spec.kind}.stop",
        key="s",
        label="Stop",
        description=f"Stop the {spec.noun} ({allowed} only)",
        mutating=True,
        applies=lambda item: spec.can_stop(item.status),
        run=run,
        confirm=lambda item: f"Stop {spec.noun} {item.name}?\n{consequence}",
    )


# -- detail ----------------------------------------------------------------------------------
def overview(spec: JobKindSpec, d: Mapping[str, Any], started: str | None) -> Section:
    status = str(d.get(spec.status_field, "-"))
    shown = display_status(status)
    if spec.secondary_field and d.get(spec.secondary_field):
        shown = f"{shown} / {d[spec.secondary_field]}"
    rows = [
        ("Name", str(d.get(spec.name_field, "-"))),
        ("ARN", str(d.get(spec.arn_field, "-"))),
        ("Status", shown),
        ("Created", timefmt.timestamp(d.get("CreationTime"))),
    ]
    if started:
        rows.append(("Started", timefmt.timestamp(d.get(started))))
    if spec.end_field:
        rows.append(("Ended", timefmt.timestamp(d.get(spec.end_field))))
    if "LastModifiedTime" in d:
        rows.append(("Last modified", timefmt.timestamp(d.get("LastModifiedTime"))))
    end = d.get(spec.end_field) if spec.end_field else None
    created = d.get("CreationTime")
    if end is not None and created is not None:
        rows.append(("Duration", timefmt.duration((end - created).total_seconds())))
    return Section("Overview", tuple(rows), role=status_role(status))


def failure_section(d: Mapping[str, Any], extra: str = "") -> Section | None:
    reason = str(d.get("FailureReason") or "")
    if not reason:
        return None
    text = f"{reason}\n{extra}".rstrip() if extra else reason
    return Section("Failure reason", text=text, role="error")


def logs_section(spec: JobKindSpec, name: str) -> Section | None:
    if not spec.log_group:
        return None
    prefix = spec.log_prefix.format(name=name)
    return Section("Logs", logs=LogSource(spec.log_group, prefix))


def mapping_section(title: str, mapping: Mapping[str, Any] | None) -> Section | None:
    if not mapping:
        return None
    return Section(title, tuple((str(k), str(v)) for k, v in sorted(mapping.items())))


Sections = Callable[[JobItem, Mapping[str, Any]], list[Section | None]]


def make_detail(
    spec: JobKindSpec, sections: Sections, started: str | None
) -> Callable[[JobItem, dict[str, Any]], list[Section]]:
    """Failure reason first (when failed), overview, the kind's sections, logs, raw JSON."""

    def detail(item: JobItem, data: dict[str, Any]) -> list[Section]:
        failure = failure_section(data, str(data.get("ExitMessage") or ""))
        out: list[Section | None] = [failure, overview(spec, data, started)]
        out += sections(item, data)
        out.append(logs_section(spec, item.name))
        out.append(Section("Raw", raw=data))
        return [s for s in out if s is not None]

    return detail


def job_kind(
    spec: JobKindSpec,
    *,
    extras: Sequence[Extra],
    sections: Sections,
    started: str | None,
    consequence: str,
    aliases: tuple[str, ...] = (),
    enrich: bool = True,
    created_priority: int = 4,
    children: tuple[Child, ...] = (),
    links: tuple[Link, ...] = (),
) -> ResourceKind:
    def list_pages(
        clients: Clients, params: dict[str, Any], cancelled: Any
    ) -> Iterator[list[JobItem]]:
        return api.list_jobs(
            clients,
            spec,
            status=params.get("status"),
            name_contains=params.get("name_contains"),
            cancelled=cancelled,
        )

    def list_changed(
        clients: Clients, params: dict[str, Any], since: datetime, cancelled: Any
    ) -> Iterator[list[JobItem]]:
        """Jobs modified after ``since`` whatever their status (a job that finished leaves
        a `:kind running` view): ``matches`` applies the status filter."""
        return api.list_jobs(
            clients,
            spec,
            name_contains=params.get("name_contains"),
            modified_after=since,
            cancelled=cancelled,
        )

    def describe(clients: Clients, item: JobItem, _options: DetailOptions) -> dict[str, Any]:
        return api.describe_job(clients, spec, item.name)

    enrichment = Enrichment(
        fetch=lambda clients, item: describe(clients, item, DetailOptions()),
        merge=lambda item, data: item.with_detail(data),
        per_poll=ENRICH_PER_POLL,
    )

    columns = (
        Column("NAME", 24, flex=True),
        Column("STATUS", 12 if "Initializing" in spec.statuses else 10),
        *(e.column for e in extras),
        Column("CREATED", 16, priority=created_priority),
        Column("DURATION", 8, justify="right"),
    )
    return ResourceKind(
        name=spec.kind,
        title=spec.title,
        aliases=aliases,
        columns=columns,
        list_pages=list_pages,
        key=lambda item: item.name,
        row=make_row(spec, extras),
        parse_args=make_parse_args(spec),
        arg_words=arg_words(spec),
        describe=describe,
        detail=make_detail(spec, sections, started),
        actions=(stop_action(spec, consequence),),
        ticking=lambda item: item.status not in spec.terminal,
        version=lambda item: item.version,
        cacheable=lambda item: item.status in spec.terminal,
        empty_message=f"No {spec.title.lower()}.",
        default_sort=(len(columns) - 2, True),
        from_describe=lambda data: JobItem.from_api(spec, data, detail=True),
        children=children,
        links=links,
        enrichment=enrichment if enrich else None,
        list_changed=list_changed,
        matches=lambda item, params: params.get("status") in (None, item.status),
    )


# -- small formatting helpers ------------------------------------------------------------------
def short_image(uri: str | None) -> str:
    """``<account>.dkr.ecr.<region>.amazonaws.com/name:tag`` -> ``name:tag``."""
    if not uri:
        return ""
    return uri.split("/", 1)[1] if "/" in uri and ".amazonaws.com" in uri.split("/", 1)[0] else uri


def short_uri(uri: str | None, keep: int = 2) -> str:
    """``s3://bucket/a/b/c/d`` -> ``c/d`` (the last ``keep`` parts tell jobs apart)."""
    if not uri:
        return ""
    parts = uri.rstrip("/").split("/")
    return uri if len(parts) <= keep + 3 else "/".join(parts[-keep:])


def relative(name: str | None, parent: str) -> str | None:
    """A child's name without its parent's: ``<tuning-job>-004-e0daba08`` -> ``004-e0daba08``."""
    if name and name.startswith(parent + "-"):
        return name[len(parent) + 1 :]
    return name


def count(value: Any) -> str:
    return "-" if value is None else f"{int(value):,}"


def number(value: Any) -> str:
    return "-" if value is None else f"{float(value):.4g}"

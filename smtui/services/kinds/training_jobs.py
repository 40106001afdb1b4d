"""The training jobs view: columns, rows, detail, and the stop / copy / console actions.

ListTrainingJobs lacks instance type, count and spot: the list's enrichment fills them
from DescribeTrainingJob, for the rows on screen and the running ones only (see
:class:`smtui.services.registry.Enrichment`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import training as api
from smtui.aws.session import Clients
from smtui.domain import console_urls, timefmt
from smtui.domain.job_family import job_family
from smtui.domain.training import (
    STATUS_ALIASES,
    TrainingJobSummary,
    can_stop,
    status_from_word,
    status_role,
)
from smtui.services.kinds import cost_cells, training_metrics
from smtui.services.kinds.training_detail import training_sections
from smtui.services.kinds.training_retrain import CLONE, RETRAIN
from smtui.services.kinds.trial_components import EXPERIMENT_LINK
from smtui.services.refresh import PARTIAL
from smtui.services.registry import (
    Action,
    Column,
    DetailOptions,
    Enrichment,
    QueryError,
    ResourceKind,
)
from smtui.services.table_index import TableRow

UNKNOWN = "…"
"""A cell the enrichment has not filled yet."""

COLUMNS = (
    Column("NAME", 24, flex=True),
    Column("STATUS", 10),
    Column("SECONDARY", 11),
    Column("INSTANCES", 16),
    Column("SPOT", 8, priority=3),
    Column("CREATED", 11, priority=2),
    Column("DURATION", 8, justify="right"),
    Column("COST", 9, justify="right", priority=1),
)
CREATED_COLUMN = 5


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:jobs failed`, `:jobs running bert`: a status word and/or a name fragment."""
    params: dict[str, Any] = {}
    for word in args:
        status = status_from_word(word)
        if status and "status" not in params:
            params["status"] = status
        elif "name_contains" not in params:
            params["name_contains"] = word
        else:
            raise QueryError(f"unexpected {word!r}: use :jobs [status] [name-fragment]")
    return params


def list_pages(
    clients: Clients, params: dict[str, Any], cancelled: Any
) -> Iterator[list[TrainingJobSummary]]:
    return api.list_training_jobs(
        clients,
        status=params.get("status"),
        name_contains=params.get("name_contains"),
        cancelled=cancelled,
    )


def list_changed(
    clients: Clients, params: dict[str, Any], since: datetime, cancelled: Any
) -> Iterator[list[TrainingJobSummary]]:
    """Jobs modified after ``since``, whatever their status (a job that finished leaves
    a `:jobs running` view): the status filter is applied by ``matches``."""
    return api.list_training_jobs(
        clients,
        name_contains=params.get("name_contains"),
        modified_after=since,
        cancelled=cancelled,
    )


def matches(job: TrainingJobSummary, params: dict[str, Any]) -> bool:
    return params.get("status") in (None, job.status)


def _spot_cell(job: TrainingJobSummary) -> tuple[str, float | None]:
    details = job.details
    if details is None:
        return UNKNOWN, None
    if not details.spot:
        return "-", -1.0
    saving = details.spot_saving
    if saving is None:
        return "spot", 0.0
    return f"spot {saving:.0%}", saving


def row(job: TrainingJobSummary, now: datetime) -> TableRow:
    seconds = job.duration_seconds(now)
    secondary = job.secondary_status or "-"
    created = timefmt.timestamp(job.creation_time)[5:16]
    role = status_role(job.status)
    instances = job.details.instances if job.details is not None else UNKNOWN
    spot, saving = _spot_cell(job)
    cost, cost_sort = cost_cells.training_cost(job, now)  # "≤": a running spot job's bound
    family = job_family(job.name)  # RL jobs: SDK names follow the RL image's repository
    return TableRow(
        key=job.name,
        cells=(
            job.name if family is None else (f"{family.label}: {job.name}", "accent"),
            (job.status, role),
            (secondary, role),
            instances,
            (spot, "accent") if saving is not None and saving > 0 else spot,
            created,
            timefmt.duration(seconds),
            cost,
        ),
        sort_values=(
            job.name,
            job.status,
            secondary,
            instances if job.details is not None else None,
            saving,
            job.creation_time.timestamp(),
            seconds,
            cost_sort,
        ),
        search_text=f"{job.name} {job.status} {secondary} {instances}".lower()
        + (f" {family.label.lower()}" if family else ""),
    )


def describe(clients: Clients, job: TrainingJobSummary, options: DetailOptions) -> dict[str, Any]:
    data = api.describe_training_job(clients, job.name)
    data["Tags"] = api.list_tags(clients, data["TrainingJobArn"])
    data["_metrics"] = training_metrics.fetch_safely(clients, data, options.now)
    if data["_metrics"].get("error"):
        data[PARTIAL] = True  # not cached: the metrics are fetched again next time
    if options.now is not None:
        data["_now"] = options.now
    return data


ENRICHED_FIELDS = (
    "TrainingJobName",
    "ResourceConfig",
    "EnableManagedSpotTraining",
    "TrainingTimeInSeconds",
    "BillableTimeInSeconds",
    "TrainingStartTime",
    "TrainingEndTime",
    "StoppingCondition",
    "WarmPoolStatus",  # with the rest: what the COST column needs (smtui.domain.cost)
)


def enrich_fetch(clients: Clients, job: TrainingJobSummary) -> dict[str, Any]:
    d = api.describe_training_job(clients, job.name)
    return {k: d[k] for k in (*ENRICHED_FIELDS, "TrainingJobStatus") if k in d}


def enrichment_still_valid(data: dict[str, Any], job: TrainingJobSummary) -> bool:
    """A job still InProgress that had started when last described runs on the same
    instances since the same start: its next secondary status costs no describe. (Its
    end, a stop or a warm pool changes the status: described then.)"""
    return (
        job.status == "InProgress"
        and data.get("TrainingJobStatus") == "InProgress"
        and bool(data.get("TrainingStartTime"))
    )


def _stop(clients: Clients, job: TrainingJobSummary) -> str:
    api.stop_training_job(clients, job.name)
    return f"Stop requested for {job.name}: it is Stopping."


STOP = Action(
    id="jobs.stop",
    key="s",
    label="Stop",
    description="Stop the training job (InProgress jobs only)",
    mutating=True,
    applies=lambda job: can_stop(job.status),
    run=_stop,
    confirm=lambda job: (
        f"Stop training job {job.name}?\n"
        "It moves to Stopping, then Stopped; the model artifacts so far are uploaded."
    ),
)
COPY_ARN = Action(
    id="jobs.copy_arn",
    key="y",
    label="Copy ARN",
    description="Copy the training job's ARN (OSC 52, works over SSH)",
    mutating=False,
    applies=lambda job: True,
    copy=lambda job, region: job.arn,
)
COPY_NAME = Action(
    id="jobs.copy_name",
    key="Y",
    label="Copy name",
    description="Copy the training job's name (OSC 52)",
    mutating=False,
    applies=lambda job: True,
    copy=lambda job, region: job.name,
)
CONSOLE = Action(
    id="jobs.console",
    key="o",
    label="Console URL",
    description="Show and copy the job's AWS console URL",
    mutating=False,
    applies=lambda job: True,
    copy=lambda job, region: console_urls.training_job(region, job.name),
)


def from_describe(d: dict[str, Any]) -> TrainingJobSummary:
    return TrainingJobSummary.from_api(d).with_details(d)


def refetch(clients: Clients, job: TrainingJobSummary) -> TrainingJobSummary:
    return from_describe(api.describe_training_job(clients, job.name))


TRAINING_JOBS = ResourceKind(
    list_changed=list_changed,
    matches=matches,
    name="jobs",
    title="Training jobs",
    aliases=("training", "trainingjobs", "training-jobs", "tj"),
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda job: job.name,
    row=row,
    parse_args=parse_args,
    arg_words=tuple(dict.fromkeys(STATUS_ALIASES)),
    describe=describe,
    detail=training_sections,
    actions=(STOP, COPY_ARN, COPY_NAME, CONSOLE, RETRAIN, CLONE),
    ticking=lambda job: not job.is_terminal,
    version=lambda job: timefmt.timestamp(job.last_modified) + job.status,
    cacheable=lambda job: job.is_terminal,
    empty_message="No training jobs.",
    default_sort=(CREATED_COLUMN, True),
    from_describe=from_describe,
    enrichment=Enrichment(
        fetch=enrich_fetch,
        merge=lambda job, data: job.with_details(data),
        per_poll=40,
        still_valid=enrichment_still_valid,
    ),
    status=lambda job: job.status,
    refetch=refetch,
    links=(EXPERIMENT_LINK,),
)

"""The training jobs view: columns, rows, detail and the stop action."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import training as api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.training import (
    STATUS_ALIASES,
    TrainingJobSummary,
    can_stop,
    status_from_word,
    status_role,
)
from smtui.services.kinds.training_detail import training_sections
from smtui.services.registry import Action, Column, DetailOptions, QueryError, ResourceKind
from smtui.services.table_index import TableRow

COLUMNS = (
    Column("NAME", 24, flex=True),
    Column("STATUS", 10),
    Column("SECONDARY", 12),
    Column("CREATED", 16),
    Column("DURATION", 8, justify="right"),
)


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


def row(job: TrainingJobSummary, now: datetime) -> TableRow:
    seconds = job.duration_seconds(now)
    secondary = job.secondary_status or "-"
    created = timefmt.timestamp(job.creation_time)[:16]
    return TableRow(
        key=job.name,
        cells=(
            job.name,
            (job.status, status_role(job.status)),
            (secondary, status_role(job.status)),
            created,
            timefmt.duration(seconds),
        ),
        sort_values=(job.name, job.status, secondary, job.creation_time.timestamp(), seconds),
        search_text=f"{job.name} {job.status} {secondary}".lower(),
    )


def describe(clients: Clients, job: TrainingJobSummary, _options: DetailOptions) -> dict[str, Any]:
    data = api.describe_training_job(clients, job.name)
    data["Tags"] = api.list_tags(clients, data["TrainingJobArn"])
    return data


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

TRAINING_JOBS = ResourceKind(
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
    actions=(STOP,),
    ticking=lambda job: not job.is_terminal,
    version=lambda job: timefmt.timestamp(job.last_modified) + job.status,
    cacheable=lambda job: job.is_terminal,
    empty_message="No training jobs.",
    default_sort=(3, True),
    from_describe=TrainingJobSummary.from_api,
)

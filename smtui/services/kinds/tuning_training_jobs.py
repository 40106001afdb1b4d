"""The training jobs of one tuning job (ListTrainingJobsForHyperParameterTuningJob):
status, objective value and tuned hyperparameters; `enter` opens the training job's own
detail (the `jobs` view's).

Field names: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTrainingJobSummary.html
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from smtui.aws import jobkinds as api
from smtui.aws import training as training_api
from smtui.aws.session import Clients
from smtui.domain import timefmt
from smtui.domain.jobkinds import status_role
from smtui.domain.training import TERMINAL_STATUSES
from smtui.services.registry import Column, Link, QueryError, ResourceKind
from smtui.services.table_index import TableRow

Summary = dict[str, Any]

COLUMNS = (
    Column("NAME", 24, flex=True),
    Column("STATUS", 10),
    Column("OBJECTIVE", 10, justify="right"),
    Column("HYPERPARAMETERS", 24, flex=True),
    Column("CREATED", 16),
    Column("DURATION", 8, justify="right"),
)


def parse_args(args: Sequence[str]) -> dict[str, Any]:
    """`:tuning-training-jobs NAME`: reached with `t` from a tuning job, or typed."""
    if len(args) != 1:
        raise QueryError("use :tuning-training-jobs TUNING-JOB-NAME (or t on a tuning job)")
    return {"tuning_job": args[0]}


def list_pages(clients: Clients, params: dict[str, Any], cancelled: Any) -> Iterator[list[Summary]]:
    if not params.get("tuning_job"):
        raise QueryError("which tuning job? open this view with t on a tuning job")
    return api.list_tuning_training_jobs(clients, params["tuning_job"], cancelled=cancelled)


def objective_value(s: Summary) -> float | None:
    metric = s.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    return metric.get("Value")


def tuned(s: Summary) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted((s.get("TunedHyperParameters") or {}).items()))


def row(s: Summary, now: datetime) -> TableRow:
    status = str(s["TrainingJobStatus"])
    created: datetime = s["CreationTime"]
    end = s.get("TrainingEndTime") or (None if status not in TERMINAL_STATUSES else created)
    seconds = max(0.0, ((end or now) - created).total_seconds())
    value = objective_value(s)
    shown = f"{value:.4g}" if value is not None else "-"
    hps = tuned(s)
    return TableRow(
        key=str(s["TrainingJobName"]),
        cells=(
            str(s["TrainingJobName"]),
            (status, status_role(status)),
            shown,
            hps,
            timefmt.timestamp(created)[:16],
            timefmt.duration(seconds),
        ),
        sort_values=(
            s["TrainingJobName"],
            status,
            value if value is not None else float("-inf"),
            hps,
            created.timestamp(),
            seconds,
        ),
        search_text=f"{s['TrainingJobName']} {status} {hps}".lower(),
    )


def _open(clients: Clients, s: Summary) -> tuple[str, dict[str, Any]]:
    return "jobs", training_api.describe_training_job(clients, str(s["TrainingJobName"]))


TUNING_TRAINING_JOBS = ResourceKind(
    name="tuning-training-jobs",
    title="Training jobs",
    columns=COLUMNS,
    list_pages=list_pages,
    key=lambda s: str(s["TrainingJobName"]),
    row=row,
    parse_args=parse_args,
    ticking=lambda s: s["TrainingJobStatus"] not in TERMINAL_STATUSES,
    empty_message="This tuning job launched no training jobs yet.",
    default_sort=(4, True),
    links=(Link(id="tuning_training.open", key="t", label="Training job", target=_open),),
    enter="tuning_training.open",
    listed=False,
)

"""Plain-text table of training jobs for `smtui jobs` (no UI)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from smtui.domain import timefmt
from smtui.domain.training import TrainingJobSummary


def print_jobs_table(jobs: Sequence[TrainingJobSummary]) -> None:
    now = timefmt.utcnow()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for label in ("NAME", "STATUS", "SECONDARY", "CREATED", "DURATION"):
        table.add_column(label, no_wrap=True, justify="right" if label == "DURATION" else "left")
    for job in jobs:
        table.add_row(
            job.name,
            job.status,
            job.secondary_status or "-",
            timefmt.timestamp(job.creation_time),
            timefmt.duration(job.duration_seconds(now)),
        )
    Console(soft_wrap=True).print(table)

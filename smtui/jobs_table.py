"""Plain-text table of training jobs for `smtui jobs` (no UI): never truncated, pipe-friendly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from smtui.domain import timefmt
from smtui.domain.training import TrainingJobSummary

HEADERS = ("NAME", "STATUS", "SECONDARY", "CREATED", "DURATION")


def print_jobs_table(jobs: Sequence[TrainingJobSummary], out: TextIO) -> None:
    now = timefmt.utcnow()
    rows = [HEADERS] + [
        (
            job.name,
            job.status,
            job.secondary_status or "-",
            timefmt.timestamp(job.creation_time),
            timefmt.duration(job.duration_seconds(now)),
        )
        for job in jobs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    for row in rows:
        cells = [cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)]
        out.write("  ".join([*cells, row[-1].rjust(widths[-1])]) + "\n")

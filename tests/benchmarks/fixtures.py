"""Synthetic SageMaker-like data and probe widgets shared by the benchmarks.

Timing "open" means: from raw API-shaped records to the first paint that shows rows,
including the record -> row conversion each widget needs.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable

from smtui.services.table_index import ColumnSpec, TableRow
from smtui.ui.widgets.resource_table import ResourceTable

SIZE = (120, 40)
COLUMNS: Sequence[ColumnSpec] = (
    ColumnSpec("NAME", 32, flex=True),
    ColumnSpec("STATUS", 11),
    ColumnSpec("INSTANCE", 15),
    ColumnSpec("CREATED", 19),
    ColumnSpec("DURATION", 9, justify="right"),
)
_STATUS_ROLE = {
    "Completed": "ok",
    "Failed": "error",
    "InProgress": "running",
    "Stopping": "warning",
    "Stopped": "muted",
}
_FAMILIES = ["llama", "bert", "xgb", "resnet"]
_INSTANCES = ["ml.m5.xlarge", "ml.g5.2xlarge", "ml.p4d.24xlarge", "ml.c5.4xlarge"]
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

Record = dict[str, Any]


def make_records(n: int, seed: int = 1) -> list[Record]:
    """ListTrainingJobs-like summaries."""
    rng = random.Random(seed)
    statuses = list(_STATUS_ROLE)
    records = []
    for i in range(n):
        created = _EPOCH + timedelta(seconds=rng.randrange(0, 365 * 86400))
        records.append(
            {
                "TrainingJobName": f"train-{rng.choice(_FAMILIES)}-{i:07d}",
                "TrainingJobStatus": rng.choice(statuses),
                "InstanceType": rng.choice(_INSTANCES),
                "CreationTime": created,
                "DurationSeconds": rng.randrange(30, 86400) if rng.random() > 0.05 else None,
            }
        )
    return records


def to_row(record: Record) -> TableRow:
    name = record["TrainingJobName"]
    status = record["TrainingJobStatus"]
    created = record["CreationTime"]
    duration = record["DurationSeconds"]
    created_text = created.isoformat(" ", "seconds")[:19]  # much cheaper than strftime
    duration_text = "-" if duration is None else f"{duration // 3600}h{duration % 3600 // 60:02d}m"
    return TableRow(
        key=name,
        cells=(
            name,
            (status, _STATUS_ROLE[status]),
            record["InstanceType"],
            created_text,
            duration_text,
        ),
        sort_values=(name, status, record["InstanceType"], created, duration),
        search_text=f"{name} {status} {record['InstanceType']}".lower(),
    )


def to_tuple(record: Record) -> tuple[str, ...]:
    """The DataTable baseline gets plain strings (no styled cells: favourable to it)."""
    row = to_row(record)
    return tuple(cell if isinstance(cell, str) else cell[0] for cell in row.cells)


class _PaintProbe:
    """Records when the widget first paints with all `expected_rows` laid out."""

    expected_rows = 0
    painted_at: float | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        strips: list[Strip] = super().render_lines(crop)  # type: ignore[misc]
        widget: Widget = self  # type: ignore[assignment]
        if (
            self.painted_at is None
            and self.expected_rows
            and widget.virtual_size.height >= self.expected_rows
        ):
            self.painted_at = perf_counter()
        return strips


class ProbeResourceTable(_PaintProbe, ResourceTable):
    pass


class ProbeDataTable(_PaintProbe, DataTable):  # type: ignore[type-arg]
    pass


class HostApp(App[None]):
    def __init__(self, factory: Callable[[], Widget]) -> None:
        super().__init__()
        self._factory = factory

    def compose(self) -> ComposeResult:
        yield self._factory()


def load_resource_table(table: ResourceTable, records: list[Record]) -> None:
    table.set_rows(to_row(record) for record in records)


def load_prebuilt_rows(table: ResourceTable, rows: list[TableRow]) -> None:
    table.set_rows(rows)


def load_data_table(table: DataTable[str], records: list[Record]) -> None:
    table.add_rows(to_tuple(record) for record in records)


def new_resource_table() -> ProbeResourceTable:
    return ProbeResourceTable(COLUMNS)


def new_data_table() -> ProbeDataTable:
    table = ProbeDataTable(cursor_type="row")
    table.add_columns(*(column.label for column in COLUMNS))
    return table


async def wait_for_paint(pilot: Pilot[None], probe: _PaintProbe, timeout: float = 600.0) -> float:
    """Pump the app until the probe has painted; returns the paint timestamp."""
    deadline = perf_counter() + timeout
    while probe.painted_at is None:
        if perf_counter() > deadline:
            raise TimeoutError("widget never painted its rows")
        await pilot.pause()
        await asyncio.sleep(0)
    return probe.painted_at

"""Side-by-side comparison of runs (trial components or trials): which parameters differ,
which run has the best value of each metric.

"Best" needs to know whether a metric should go up or down. SageMaker does not record
that for trial components (only tuning jobs declare an objective type), so it is decided
from the metric's name, as people name them: a name containing "loss" or "error", or
with a word rmse, mse, mae, mape, perplexity, wer or cer, is minimised; one containing
"accuracy", or with a word acc, auc, f1, precision, recall, top1, top5, map, bleu,
rouge, r2, iou, dice, ndcg or score, is maximised; anything else has no best. Loss-like
wins when both appear ("accuracy_loss"). Words are the name's runs of letters and digits.
Compared is the final (Last) value of each metric.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from smtui.domain.experiments import ParamValue, TrialComponent, format_value

Goal = Literal["max", "min"]

_MINIMISED = frozenset({"loss", "error", "rmse", "mse", "mae", "mape", "perplexity", "wer", "cer"})
_MAXIMISED = frozenset(
    {"accuracy", "acc", "auc", "f1", "precision", "recall", "top1", "top5", "map", "bleu"}
    | {"rouge", "r2", "iou", "dice", "ndcg", "score"}
)
_WORDS = re.compile(r"[a-z0-9]+")


def metric_goal(name: str) -> Goal | None:
    """ "max" for accuracy-like metrics, "min" for loss-like ones, None when unknown."""
    lower = name.lower()
    words = set(_WORDS.findall(lower))
    if words & _MINIMISED or "loss" in lower or "error" in lower:
        return "min"
    if words & _MAXIMISED or "accuracy" in lower:
        return "max"
    return None


@dataclass(frozen=True, slots=True)
class Run:
    """One column of the comparison."""

    key: str
    """Trial component (or trial) name."""
    label: str
    """Short column label: A, B, C..."""
    title: str
    status: str = ""
    source: str = ""
    start: datetime | None = None
    end: datetime | None = None
    parameters: Mapping[str, ParamValue] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    """Final (Last) value of each metric."""


@dataclass(frozen=True, slots=True)
class CompareRow:
    section: Literal["parameter", "metric"]
    name: str
    values: tuple[ParamValue | None, ...]
    differs: bool
    best: tuple[int, ...] = ()
    """Indexes of the runs holding the best value (metrics with a known goal only)."""
    goal: Goal | None = None

    def cells(self) -> list[str]:
        return [format_value(v) for v in self.values]


@dataclass(frozen=True, slots=True)
class Comparison:
    runs: tuple[Run, ...]
    parameters: tuple[CompareRow, ...]
    metrics: tuple[CompareRow, ...]

    @property
    def rows(self) -> tuple[CompareRow, ...]:
        return self.parameters + self.metrics

    def records(self) -> list[dict[str, Any]]:
        """One dict per row for export: section, name, one key per run (its name), differs,
        goal and best (the names of the best runs, comma-separated)."""
        out = []
        for row in self.rows:
            record: dict[str, Any] = {"section": row.section, "name": row.name}
            for run, value in zip(self.runs, row.values, strict=True):
                record[run.key] = value
            record["differs"] = row.differs
            record["goal"] = row.goal or ""
            record["best"] = ",".join(self.runs[i].key for i in row.best)
            out.append(record)
        return out

    def columns(self) -> list[str]:
        return ["section", "name", *(r.key for r in self.runs), "differs", "goal", "best"]


def labels(count: int) -> list[str]:
    """A..Z, then AA, AB..."""
    out = []
    for n in range(count):
        label = ""
        n += 1
        while n:
            n, rem = divmod(n - 1, 26)
            label = chr(65 + rem) + label
        out.append(label)
    return out


def run_of(component: TrialComponent, label: str) -> Run:
    source = component.source
    return Run(
        key=component.name,
        label=label,
        title=component.display_name,
        status=component.status,
        source=f"{source.kind}: {source.name}" if source else "-",
        start=component.start,
        end=component.end,
        parameters=dict(component.parameters),
        metrics={m.name: m.last for m in component.metrics if m.last is not None},
    )


def merged_run(key: str, label: str, components: Sequence[TrialComponent]) -> Run:
    """A trial as one run: its components' parameters and metrics together (a training
    job's component wins over the others on the same name)."""
    ordered = sorted(components, key=lambda c: c.source_type == "SageMakerTrainingJob")
    params: dict[str, ParamValue] = {}
    metrics: dict[str, float] = {}
    sources = []
    for c in ordered:
        params.update(c.parameters)
        metrics.update({m.name: m.last for m in c.metrics if m.last is not None})
        if c.source is not None:
            sources.append(f"{c.source.kind}: {c.source.name}")
    main = ordered[-1] if ordered else None
    return Run(
        key=key,
        label=label,
        title=key,
        status=main.status if main else "-",
        source=", ".join(sources) or "-",
        start=min((c.start for c in components if c.start), default=None),
        end=max((c.end for c in components if c.end), default=None),
        parameters=params,
        metrics=metrics,
    )


def _best(values: Sequence[ParamValue | None], goal: Goal | None) -> tuple[int, ...]:
    numbers = [(i, v) for i, v in enumerate(values) if isinstance(v, float | int)]
    if goal is None or len(numbers) < 2:
        return ()
    target = (max if goal == "max" else min)(v for _, v in numbers)
    return tuple(i for i, v in numbers if v == target)


def compare(runs: Sequence[Run], *, only_differences: bool = False) -> Comparison:
    """Every parameter and metric any run has, one row each, in name order."""
    param_names = sorted({k for r in runs for k in r.parameters})
    metric_names = sorted({k for r in runs for k in r.metrics})
    params = []
    for name in param_names:
        values = tuple(r.parameters.get(name) for r in runs)
        differs = len(set(values)) > 1
        if differs or not only_differences:
            params.append(CompareRow("parameter", name, values, differs))
    metrics = []
    for name in metric_names:
        values = tuple(r.metrics.get(name) for r in runs)
        goal = metric_goal(name)
        metrics.append(
            CompareRow("metric", name, values, len(set(values)) > 1, _best(values, goal), goal)
        )
    return Comparison(tuple(runs), tuple(params), tuple(metrics))
